"""Restoring a backup from Admin ▸ Backups: said once, plainly, what happens, then done in the
background, and the window opened again on the restored data.

`restore_backup` closes the database (restore needs the file to itself), so whatever happens
the work hands back the database opened again: signed in with the password typed here when
the restored accounts still know it, or nothing, and start-up then asks who is there (the
restored database's accounts are the backup's). A refusal (another ncdesk has the file open)
changes nothing, and is said in the window opened again.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QWidget
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError
from ncdesk.core.io.auto_backup import BackupFile, restore_backup
from ncdesk.core.security.access import Credentials, check_password, open_as
from ncdesk.core.security.keys import WrongPassword
from ncdesk.ui.access.account_dialog import AccountDialog, password_field
from ncdesk.ui.admin.backup_list import when_made
from ncdesk.ui.common.desk_context import DeskContext


@dataclass(frozen=True)
class Restored:
    """The database opened again (None: sign in again), where the file in use was set aside,
    or why nothing was restored."""

    db: Database | None
    kept: Path | None
    refused: str = ""


def restore_and_reopen(db: Database, backup: Path, credentials: Credentials | None) -> Restored:
    if credentials is not None and not check_password(db, credentials.login, credentials.password):
        raise WrongPassword("That is not your password.")
    path = db.path
    assert path is not None  # the Backups tab lists only a file's backups
    try:
        kept = restore_backup(db, backup)
    except NcdeskError as error:
        return Restored(_reopen(path, credentials), None, str(error))
    return Restored(_reopen(path, credentials), kept)


def _reopen(path: Path, credentials: Credentials | None) -> Database | None:
    try:
        return open_as(path, credentials, create=False)
    except NcdeskError:
        return None  # the backup's accounts do not know this password: start-up asks


class RestoreDialog(AccountDialog):
    def __init__(self, ctx: DeskContext, backup: BackupFile, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Restore a backup"), self.tr("&Restore"), parent)
        self._backup = backup
        path = ctx.db.path
        name = path.name if path is not None else ""
        stem = path.stem if path is not None else ""
        when = when_made(backup)
        self.say_first(
            self.tr(
                "<b>Restore the backup made on {when}?</b><br><br>"
                "The database in use now, <b>{name}</b>, is set aside beside it as "
                "<b>{stem}.before-restore-…</b>, so nothing in it is lost. The backup then "
                "replaces it: anything recorded since {when} is no longer in the database.<br><br>"
                "<b>Everyone else must close ncdesk first</b>, on this PC and on any other that "
                "opens this file: while another ncdesk has it open, nothing is restored.<br><br>"
                "The window then opens again on the restored data. Its user accounts are the "
                "backup's, so you may be asked to sign in again."
            ).format(when=when, name=html.escape(name), stem=html.escape(stem))
        )
        self.password = password_field(self)
        if ctx.db.user is not None:
            self.add_field(self.tr("&Your password:"), "password", self.password)
            self.password.setFocus()
        else:  # nothing to type: Enter pressed by habit must not restore
            self.password.hide()
            self.action_button.setDefault(False)
            self.action_button.setAutoDefault(False)
            cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            cancel.setDefault(True)
            cancel.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        db, user, backup = self._ctx.db, self._ctx.db.user, self._backup.path
        credentials = None
        if user is not None:
            if not self.password.text():
                problems.append(FieldProblem("password", self.tr("type your own password")))
                return None
            credentials = Credentials(user.login, self.password.text())
        return lambda: restore_and_reopen(db, backup, credentials)

    @override
    def run(self, work: Callable[[], Any]) -> None:
        # No change notice afterwards: this window's screens must not read the database
        # again (it is closed); the window is rebuilt on the restored one instead.
        self.action_button.setText(self.tr("Restoring…"))
        self._ctx.tasks.run_operation(work, self.finished_work, self.failed)

    @override
    def failed(self, error: BaseException) -> None:
        self.action_button.setText(self.tr("&Restore"))
        if isinstance(error, WrongPassword):
            self.errors.show([FieldProblem("password", str(error))])
            self._busy = False
            self.action_button.setEnabled(True)
            return
        super().failed(error)
