"""Long work with a progress box: the shared helper (kept here so timebank imports read well)."""

from ncdesk.ui.common.progress import SHOW_AFTER_MS, Stopped, run_with_progress, stop_if

__all__ = ["SHOW_AFTER_MS", "Stopped", "run_with_progress", "stop_if"]
