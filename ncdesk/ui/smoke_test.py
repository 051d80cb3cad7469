"""NCDESK_SMOKE_TEST=1: once the window is shown it opens every area it lists, closes itself
a second later, and the program exits 0 as after File > Quit; 1, with the traceback on
standard error, when an area cannot be built.

For checking a built program with nobody at the screen (`make dist-test`, the release
workflow) and for timing start-up (`tests/bench/test_start_bench.py`): once the main window
is up, one line, `ncdesk: window shown`, goes to standard output. Opening every area catches
a screen the bundle left out: areas are imported by name on their first visit, which a
bundler cannot see. Without the variable, nothing here runs.
"""

from __future__ import annotations

import os
import traceback

from PySide6.QtCore import QCoreApplication, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

ENV_VAR = "NCDESK_SMOKE_TEST"
MARKER = "ncdesk: window shown"
CLOSE_AFTER_MS = 1000


def arm(ready: SignalInstance) -> None:
    """Watch for the main window when NCDESK_SMOKE_TEST=1; `ready` carries the shown window."""
    if os.environ.get(ENV_VAR) == "1":
        ready.connect(_shown)


def _shown(window: QWidget) -> None:
    # A zero timer runs once the events queued by show() (the first paint) have been handled.
    QTimer.singleShot(0, lambda: _open_every_area(window))
    QTimer.singleShot(CLOSE_AFTER_MS, window.close)


def _open_every_area(window: QWidget) -> None:
    print(MARKER, flush=True)
    for area in getattr(window, "areas", []):
        try:
            window.area(area.key)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - any failure is the smoke test's finding
            traceback.print_exc()
            window.hide()
            QCoreApplication.exit(1)
            return
