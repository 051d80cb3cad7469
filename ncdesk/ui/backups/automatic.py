"""Automatic backups while a window is open (DESIGN §3): every `backup_every_hours` (a timer
asks the core whether one is `due`) and once more as the window closes, always in the
background. Whoever is signed in, in any role, makes them.

A backup folder that is not there (a USB stick left at home) is a line across the window,
never a box: the desk carries on, ncdesk tries again a little later, and the line goes when a
backup next succeeds (automatic, or made from Admin ▸ Backups). Nothing starts until the
window's owner calls `start()`: the app does, and tests that are about backups.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ncdesk.core.errors import NcdeskError
from ncdesk.core.io.auto_backup import due
from ncdesk.core.services.settings import OrgSettings
from ncdesk.ui.backups.closing_note import ClosingNote
from ncdesk.ui.backups.making import Backed, back_up, folder_missing
from ncdesk.ui.backups.warning_line import BackupWarning
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import BACKUPS

CHECK_EVERY_MS = 60_000
# After a failure (no folder, a full disk) the next try waits this long, not a whole period.
RETRY_AFTER = timedelta(minutes=10)


class AutomaticBackups(QObject):
    def __init__(self, ctx: DeskContext, window: QWidget, warning: BackupWarning):
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.warning = warning
        self.settings = OrgSettings()
        self._started = False
        self._closing = False
        self._running = False
        self._last: datetime | None = None  # the last backup made, or when the window opened
        self._tried: datetime | None = None  # the last attempt that failed
        self._attempt = datetime.now()  # when the backup under way was started
        self.note: ClosingNote | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(lambda: self.check())
        ctx.changes.changed.connect(self._data_changed)

    def start(self) -> None:
        """Back up from now on (a server database is backed up by its server instead)."""
        if self._ctx.db.path is None:
            return
        self._started = True
        self._last = datetime.now()  # the last close made one; the next is a period away
        self._timer.start()

    def stop(self) -> None:
        """No more backups from this window (it closes, or is replaced)."""
        self._started = False
        self._timer.stop()

    def check(self, now: datetime | None = None) -> bool:
        """Start a backup if one is due; True when one was started."""
        now = now or datetime.now()
        if not self._started or self._closing or self._running:
            return False
        if self._tried is not None and now - self._tried < RETRY_AFTER:
            return False
        if not due(self._last, self.settings, now):
            return False
        self._running = True
        self._attempt = now
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: back_up(db), self._made, self._failed)
        return True

    def wants_closing_backup(self) -> bool:
        return self._started and not self._closing

    def back_up_before_closing(self, then: Callable[[], object]) -> ClosingNote:
        """The closing backup, after any save in flight (it queues behind the writes); `then`
        runs once it is made, or once the user has read why not."""
        self._closing = True
        self._timer.stop()
        note = ClosingNote(self._window)
        note.finished.connect(lambda _result: self._note_closed(then))
        self.note = note
        note.open()
        db = self._ctx.db
        self._ctx.tasks.run_operation(lambda: back_up(db), self._closing_made, self._closing_failed)
        return note

    # --- inside -----------------------------------------------------------------------------

    def _made(self, backed: Backed) -> None:
        self._running = False
        if backed.made is not None:
            self._succeeded(self._attempt)
            self._ctx.changes.notify(BACKUPS)
        elif backed.missing is not None:
            self._tried = self._attempt
            self.warning.say(folder_missing(backed.missing))

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self._tried = self._attempt
        reason = str(error) if isinstance(error, NcdeskError) else repr(error)
        self.warning.say(
            self.tr("The automatic backup failed: {reason}. ncdesk will try again.").format(
                reason=reason.rstrip(".")
            )
        )

    def _succeeded(self, when: datetime | None = None) -> None:
        self._last = max(self._last or datetime.min, when or datetime.now())
        self._tried = None
        self.warning.say("")

    def _closing_made(self, backed: Backed) -> None:
        if self.note is None:
            return
        if backed.made is not None:
            self.note.made()
        elif backed.missing is not None:
            self.note.failed(
                self.tr(
                    "Backup folder {folder} is not there — is the USB stick plugged in? No "
                    "backup was made as ncdesk closed."
                ).format(folder=backed.missing)
            )

    def _note_closed(self, then: Callable[[], object]) -> None:
        self.note = None
        then()

    def _closing_failed(self, error: BaseException) -> None:
        if self.note is None:
            return
        reason = str(error) if isinstance(error, NcdeskError) else repr(error)
        self.note.failed(
            self.tr("No backup was made as ncdesk closed: {reason}").format(reason=reason)
        )

    def _data_changed(self, area: str) -> None:
        if area == BACKUPS:  # one made from Admin ▸ Backups counts too
            self._succeeded()
