"""NCDESK_SMOKE_TEST=1: the window closes itself a second after it is shown, and the program
exits 0 as after File > Quit.

For checking a built program with nobody at the screen (`make dist-test`, the release
workflow) and for timing start-up (`tests/bench/test_start_bench.py`): once the main window
is up, one line, `ncdesk: window shown`, goes to standard output. Without the variable,
nothing here runs.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer, SignalInstance
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
    QTimer.singleShot(0, lambda: print(MARKER, flush=True))
    QTimer.singleShot(CLOSE_AFTER_MS, window.close)
