"""NCDESK_SMOKE_TEST=1: once the window is shown it opens every area it lists, closes itself
a second later, and the program exits 0 as after File > Quit; 1, with the traceback on
standard error, when an area cannot be built.

For checking a built program with nobody at the screen (`make dist-test`, the release
workflow) and for timing start-up (`tests/bench/test_start_bench.py`): once the main window
is first painted, one line, `ncdesk: window shown`, goes to standard output, and once it is
filled for the open database and its first area painted, `ncdesk: window ready`. Opening
every area catches a screen the bundle left out: areas are imported by name on their first
visit, which a bundler cannot see. A database that cannot be opened, or none at all (a first
run), ends it at once with exit status 1 and the reason on standard error, as nobody is there
to answer a box. Without the variable, nothing here runs.
"""

from __future__ import annotations

import os
import sys
import traceback

from PySide6.QtCore import QCoreApplication, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

ENV_VAR = "NCDESK_SMOKE_TEST"
MARKER = "ncdesk: window shown"
READY_MARKER = "ncdesk: window ready"
CLOSE_AFTER_MS = 1000


def armed() -> bool:
    return os.environ.get(ENV_VAR) == "1"


def nobody_to_read(problem: BaseException | str) -> bool:
    """With NCDESK_SMOKE_TEST=1 nobody is at the screen to close a message box or fill in the
    first-run wizard: the problem goes to standard error instead and the caller stops with
    exit status 1 (True). Without the variable, False: show it as usual."""
    if not armed():
        return False
    print(f"ncdesk: {problem}", file=sys.stderr, flush=True)
    return True


def shown(window: QWidget) -> None:
    """The window was just shown, before its database is open: say so once it is painted."""
    if armed():
        window.setProperty("smoke_shown", True)
        # A zero timer runs once the events queued by show() (the first paint) are handled.
        QTimer.singleShot(0, lambda: print(MARKER, flush=True))


def arm(ready: SignalInstance) -> None:
    """Watch for the filled window when NCDESK_SMOKE_TEST=1; `ready` carries it."""
    if armed():
        ready.connect(_ready)


def _ready(window: QWidget) -> None:
    QTimer.singleShot(0, lambda: _open_every_area(window))
    QTimer.singleShot(CLOSE_AFTER_MS, window.close)


def _open_every_area(window: QWidget) -> None:
    if not window.property("smoke_shown"):  # shown only now (after a first run or sign-in)
        print(MARKER, flush=True)
    print(READY_MARKER, flush=True)
    for area in getattr(window, "areas", []):
        try:
            window.area(area.key)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - any failure is the smoke test's finding
            traceback.print_exc()
            window.hide()
            QCoreApplication.exit(1)
            return
