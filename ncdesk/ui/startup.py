"""From 'the program started' to a usable main window.

Decides whether to welcome a first-time user (the first-run wizard, which makes the
database), refuses plainly a database another ncdesk window on this PC has open, opens (and
if needed upgrades) the database in the background, asks who is there when the database has
user accounts or is encrypted, makes demo data (`--demo`) with a progress dialog that can be
cancelled, and ends with either `ready(window)` or `stopped(exit_code)`. When the window's
database is opened again (someone else signed in at the lock, it was just encrypted, or a
backup was restored into it) a new window replaces it.
Kept apart from `run_gui` so tests can drive it inside the test's own QApplication.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog

from ncdesk.core.db import (
    Database,
    database_exists,
    describe,
    open_database,
    resolve_url,
    sqlite_path,
)
from ncdesk.core.db_location import demo_db_path
from ncdesk.core.errors import NcdeskError, SignInNeeded
from ncdesk.core.locks import WindowHold, sole_window
from ncdesk.core.security.access import key_file_of, open_as
from ncdesk.ui import smoke_test
from ncdesk.ui.access.sign_in_dialog import SignInDialog
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import Cancelled, Progress, TaskHandle, TaskRunner
from ncdesk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from ncdesk.ui.first_run import FirstRunWizard

DEMO_SCALE = "small"


def create_demo_database(path: Path, progress: Progress, cancelled: Cancelled) -> Database:
    """A new database at `path` filled with demo people. If it fails or is cancelled, the
    file made here is removed again, so the next start is a first run once more."""
    from ncdesk.core.demo import fill_demo  # the demo maker's imports are not start-up's

    db = open_database(path)
    try:
        fill_demo(db, DEMO_SCALE, progress=progress, cancelled=cancelled)
    except BaseException:
        db.close()
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return db


class Startup(QObject):
    """Runs the start-up steps; owns the open database until the app closes."""

    ready = Signal(object)  # the MainWindow, shown
    stopped = Signal(int)  # no window: 0 when the user chose to quit, 1 after an error

    def __init__(
        self,
        db_value: str | None,
        demo: bool,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        frame: MainWindow | None = None,
    ):
        super().__init__(parent)
        self._db_value = db_value
        self._demo = demo
        self._tasks = tasks
        self.db: Database | None = None
        # The window already shown while the database opens (`run_gui` shows it before
        # SQLAlchemy is loaded); filled by the first database opened, then None.
        self._frame = frame
        self.window: MainWindow | None = None
        self.first_run: FirstRunWizard | None = None
        self.sign_in: SignInDialog | None = None
        self.progress: QProgressDialog | None = None
        self._hold: WindowHold | None = None  # this window's claim on the database file
        self._note_when_open = ""
        self._retiring: MainWindow | None = None  # replaced, closed once the next is up

    def start(self) -> None:
        if self._demo:
            self._open_demo()
        elif database_exists(self._db_value):
            self._open(self._db_value)
        else:
            self._welcome()

    # --- steps ------------------------------------------------------------------------------

    def _welcome(self) -> None:
        from ncdesk.ui.first_run import FirstRunWizard  # only ever needed once per PC

        url = resolve_url(self._db_value)
        path = sqlite_path(url)
        assert path is not None  # a database on a server always exists: it is never new
        if smoke_test.nobody_to_read(
            f"there is no database at {path} (a first run needs a person)"
        ):
            QTimer.singleShot(0, lambda: emit(self.stopped, 1))
            return
        if self._frame is not None:
            self._frame.hide()  # the wizard comes first; the window once it has made a database
        wizard = FirstRunWizard(path, describe(url), self._tasks)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.made.connect(self._set_up)
        wizard.rejected.connect(lambda: emit(self.stopped, 0))
        self.first_run = wizard
        wizard.open()

    def _set_up(self, db: Database) -> None:
        """The wizard made the database, signed in as its first admin: open the window (and
        in it the import wizard, when the group starts from its own spreadsheets)."""
        from ncdesk.core.services.first_setup import StartWith

        wizard, self.first_run = self.first_run, None
        importing = wizard is not None and wizard.answers().start_with is StartWith.IMPORT
        if not self._hold_window(db.path):
            db.close()
            return
        self._opened(db)
        if importing and self.window is not None:
            QTimer.singleShot(0, self.window, self.window.open_import)

    def close(self) -> None:
        """The app is ending: close the database and let another window have it."""
        if self.db is not None:
            self.db.close()
        if self._hold is not None:
            self._hold.release()
            self._hold = None

    def _hold_window(self, value: str | os.PathLike[str] | None) -> bool:
        """Claim the database file for this window; False (having said so) when another
        window on this PC has it."""
        path = sqlite_path(resolve_url(value))
        if path is None or self._hold is not None or path.is_dir():
            return True  # a folder is refused by the opening itself, leaving nothing beside it
        try:
            self._hold = sole_window(path)
        except NcdeskError as error:
            self._failed(error)
            return False
        return True

    def _open(self, value: str | os.PathLike[str] | None) -> None:
        if not self._hold_window(value):
            return
        self._tasks.run_operation(
            lambda: open_as(value, None), self._opened, partial(self._not_opened, value)
        )

    def _not_opened(self, value: str | os.PathLike[str] | None, error: BaseException) -> None:
        if isinstance(error, SignInNeeded):
            self._ask_who(value)
        else:
            self._failed(error)

    def _ask_who(self, value: str | os.PathLike[str] | None) -> None:
        """The database has accounts or is encrypted: sign in, or Cancel to quit."""
        encrypted = key_file_of(value) is not None
        dialog = SignInDialog(
            value,
            describe(resolve_url(value)),
            self._tasks,
            encrypted=encrypted,
            parent=self._frame if self._frame is not None and self._frame.isVisible() else None,
        )
        dialog.signed_in.connect(self._opened)
        dialog.rejected.connect(lambda: emit(self.stopped, 0))
        self.sign_in = dialog
        dialog.open()
        self._retire_old_window()

    def _open_demo(self) -> None:
        path = demo_db_path()
        if database_exists(path):
            self._open(path)
            return
        if not self._hold_window(path):
            return
        progress = QProgressDialog(
            _tr("Making demo data: made-up people for trying ncdesk…"), _tr("Cancel"), 0, 0
        )
        progress.setWindowTitle("ncdesk")
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(300)  # quick on most PCs; no flash of a dialog
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        handle = self._tasks.run_long_task(
            partial(create_demo_database, path),
            self._demo_made,
            self._demo_failed,
            on_progress=self._demo_progress,
        )
        progress.canceled.connect(partial(self._cancel_demo, handle))

    def _cancel_demo(self, handle: TaskHandle) -> None:
        handle.cancel()
        if self.progress is not None:
            self.progress.setLabelText(_tr("Stopping…"))

    def _demo_progress(self, step: str, done: int, total: int) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setLabelText(_tr("Making demo data: {step}…").format(step=step))
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _demo_made(self, db: Database) -> None:
        self._close_progress()
        self._opened(db)

    def _demo_failed(self, error: BaseException) -> None:
        from ncdesk.core.demo import DemoCancelled

        self._close_progress()
        if isinstance(error, DemoCancelled):
            emit(self.stopped, 0)
            return
        self._failed(error)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _opened(self, db: Database) -> None:
        self.db = db
        self.window = self._new_window(db)
        self._retire_old_window()
        if self._note_when_open:
            self.window.show_note(self._note_when_open)
            self._note_when_open = ""
        emit(self.ready, self.window)

    def _new_window(self, db: Database) -> MainWindow:
        window, self._frame = self._frame, None
        if window is None:
            window = MainWindow()
        window.attach(DeskContext(db, self._tasks))
        window.reopened.connect(self._reopened)
        window.show()
        window.activateWindow()
        # Nothing the first screen needs: the backup timer starts once the window is up.
        QTimer.singleShot(0, window.backups, window.backups.start)
        return window

    def _reopened(self, db: Database | None, note: str) -> None:
        """A new window for the database opened again; the old one, with anything not saved
        in it, goes, and so does its connection. No database (after a restore, whose accounts
        are the backup's) means: open it again as at start-up, signing in if it asks."""
        old_window, old_db = self.window, self.db
        self._retiring = old_window
        if db is None:
            # The old window stays up (disabled: its database is closed) until a sign-in or
            # the new window is there, or the app would end with its last window.
            if old_window is not None:
                old_window.setEnabled(False)
            self.window = self.db = None
            if old_db is not None:
                old_db.close()
                self._note_when_open = note
                self._open(old_db.path or old_db.url)
            return
        self.db = db
        self.window = self._new_window(db)
        self._retire_old_window()
        if old_db is not None and old_db is not db:
            old_db.close()
        if note:
            self.window.show_note(note)

    def _retire_old_window(self) -> None:
        window, self._retiring = self._retiring, None
        if window is not None:
            window.close_without_backup()  # waits for its writes in flight
            window.deleteLater()

    def _failed(self, error: BaseException) -> None:
        """The database could not be opened: say why, then end with exit status 1."""
        if smoke_test.nobody_to_read(error):
            QTimer.singleShot(0, lambda: emit(self.stopped, 1))
        else:
            show_error(None, error, then=lambda: emit(self.stopped, 1))
        self._retire_old_window()


def _tr(text: str) -> str:
    return QCoreApplication.translate("Startup", text)
