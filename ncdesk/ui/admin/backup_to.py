"""'Back up to…': a backup in a file the user chooses (a memory stick, a shared folder). An
existing file is replaced only when it is an older ncdesk backup and the user says so; the
core refuses anything else with its own reason."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from ncdesk.core.io.backup import BackupExists, backup_database
from ncdesk.ui.admin.where_to_save import ask_where_to_save, documents
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.qt_fixes import emit


class BackUpTo(QObject):
    """Asks where, writes in the background, and says how it went through `said(text)`."""

    said = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QWidget):
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent

    def ask(self) -> QFileDialog:
        path = self._ctx.db.path
        stem = path.stem if path is not None else "ncdesk"
        return ask_where_to_save(
            self._parent,
            self.tr("Back up to"),
            documents() / f"{stem}-backup-{datetime.now():%Y-%m-%d}.db",
            self.tr("ncdesk databases (*.db)"),
            self.back_up_to,
            ask_to_replace=False,  # asked below, and only for an older backup
        )

    def back_up_to(self, target: Path, *, replace: bool = False) -> None:
        db_path, key = self._ctx.db.path, self._ctx.db.key
        if db_path is None:
            return
        emit(self.said, self.tr("Backing up to {path}…").format(path=target))
        self._ctx.tasks.run_query(
            lambda: backup_database(db_path, target, replace=replace, key=key),
            self._made,
            partial(self._refused, target),
        )

    def _made(self, made: Path) -> None:
        emit(self.said, self.tr("Backed up to {path}.").format(path=made))

    def _refused(self, target: Path, error: BaseException) -> None:
        emit(self.said, "")
        if not isinstance(error, BackupExists):
            show_error(self._parent, error)
            return
        confirm(
            self._parent,
            self.tr("Replace the older backup {name}?").format(name=target.name),
            self.tr("Replace"),
            lambda: self.back_up_to(target, replace=True),
            details=self.tr(
                "{path} is an earlier ncdesk backup. It will be replaced by a backup of the "
                "database as it is now."
            ).format(path=target),
        )
