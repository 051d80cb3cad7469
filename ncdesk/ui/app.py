"""Starting the desktop app: the one QApplication, start-up, and a clean close.

The CLI calls `run_gui(db_value, demo)`; it returns the exit status (0 normally, 1 when the
database could not be opened). The main window is shown first, built from Qt alone; the
core (SQLAlchemy, the models) is imported on the background runner while it paints, and
`Startup` then opens the database and fills the window (docs/architecture.md, "Start-up").
On a first run there is no window until the first-run wizard has made a database.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ncdesk import APP_ID, __version__
from ncdesk.core.db_location import is_new_file
from ncdesk.ui import smoke_test
from ncdesk.ui.common.app_icon import app_icon
from ncdesk.ui.common.gui_gc import GuiThreadCollector
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from ncdesk.ui.startup import Startup

__all__ = ["MainWindow", "run_gui"]

log = logging.getLogger(__name__)


def run_gui(db_value: str | None, demo: bool = False) -> int:
    """Open the GUI on `db_value` (a path or URL; None for the default), or on the demo
    database when `demo` is set, making it first if needed. Returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ncdesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)  # Linux matches the window to ncdesk's .desktop entry
    # Start-up shows dialogs before the main window; closing one must not end the app.
    app.setQuitOnLastWindowClosed(False)
    collector = GuiThreadCollector(app)
    tasks = TaskRunner()
    window = MainWindow()  # Qt alone: up before the core is loaded
    window.closed_unopened.connect(lambda: app.exit(0))
    if demo or not is_new_file(db_value):
        window.show()
        smoke_test.shown(window)  # NCDESK_SMOKE_TEST=1 only
    started: list[Startup] = []

    def start(_loaded: object) -> None:
        from ncdesk.ui.startup import Startup  # the core is loaded by now: quick

        startup = Startup(db_value, demo, tasks, frame=window)
        startup.ready.connect(lambda _window: app.setQuitOnLastWindowClosed(True))
        startup.stopped.connect(app.exit)
        smoke_test.arm(startup.ready)  # NCDESK_SMOKE_TEST=1 only
        started.append(startup)
        startup.start()

    def not_loaded(error: BaseException) -> None:
        if smoke_test.nobody_to_read(error):
            app.exit(1)
        else:
            show_error(None, error, then=lambda: app.exit(1))

    # Inside the event loop (so app.exit() takes effect), once the window is painted.
    QTimer.singleShot(0, lambda: tasks.run_query(_load_core, start, not_loaded))

    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        tasks.shutdown()
        collector.stop()
        for startup in started:
            startup.close()


def _load_core() -> None:
    """On the runner, while the window paints: the libraries opening a database needs."""
    import ncdesk.core.db
    import ncdesk.core.security.access  # noqa: F401


def _show_unexpected(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """A bug in a slot: apologise in a box instead of printing a traceback nobody sees."""
    log.error("unexpected error", exc_info=(kind, error, tb))
    show_error(None, error)
