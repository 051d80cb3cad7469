"""Encrypting a plain database from the window: the admin's own password (which will open it
from now on) and where the recovery key's PDF goes; the work runs in the background, and the
database comes back opened again, encrypted, signed in as the same admin.

`encrypt_database` closes the database it encrypts, so whatever happens the work hands back a
freshly opened one (encrypted, or still plain if encryption stopped part way, which the core
leaves whole) and the window is rebuilt on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError
from ncdesk.core.files import check_output_path
from ncdesk.core.security.access import Credentials, check_password, open_as
from ncdesk.core.security.encryption import Encrypted, encrypt_database
from ncdesk.core.security.keys import WrongPassword
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.access.account_dialog import AccountDialog, password_field
from ncdesk.ui.admin.where_to_save import ask_where_to_save, documents
from ncdesk.ui.common.desk_context import DeskContext


@dataclass(frozen=True)
class Reopened:
    """The database opened again after encrypting, what encryption did, or why it stopped."""

    db: Database
    result: Encrypted | None
    stopped: str = ""


def encrypt_and_reopen(db: Database, login: str, password: str, key_pdf: Path) -> Reopened:
    """Check what can be checked while the database is still open, encrypt, reopen."""
    if not check_password(db, login, password):
        raise WrongPassword("That is not your password.")
    check_output_path(key_pdf)
    organisation = get_settings(db).organisation_name
    path = db.path
    try:
        done: Encrypted | None = encrypt_database(db, password, key_pdf, organisation)
        stopped = ""
    except Exception as error:  # the database was closed on the way: open it again anyway
        done = None
        stopped = str(error) if isinstance(error, NcdeskError) else repr(error)
    return Reopened(open_as(path, Credentials(login, password), create=False), done, stopped)


class EncryptDialog(AccountDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Encrypt the database"), self.tr("&Encrypt"), parent)
        path = ctx.db.path
        self.say_first(
            self.tr(
                "ncdesk makes an encrypted copy of the database, checks it against the "
                "original row by row, and only then puts it in place; the plain file is "
                "overwritten before it is removed. From then on the file opens only with a "
                "user's password or the recovery key.<br><br>"
                "<b>Print the recovery key and keep it somewhere safe, away from this PC.</b> "
                "Without it, a forgotten password of the last admin loses everything.<br><br>"
                "Other users will need a new password from an admin before they can sign in "
                "again. Close ncdesk on any other PC that has this database open first."
            )
        )
        self.password = password_field(self)
        self.key_pdf = QLineEdit(self)
        stem = path.stem if path is not None else "ncdesk"
        self.key_pdf.setText(str(documents() / f"{stem} recovery key.pdf"))
        choose = QPushButton(self.tr("C&hoose…"), self)
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose)
        self.add_field(self.tr("&Your password:"), "password", self.password)
        self.add_field(self.tr("&Recovery key PDF:"), "recovery_key", self.key_pdf, beside=choose)
        self.password.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        password = self.password.text()
        if not password:
            problems.append(FieldProblem("password", self.tr("type your own password")))
        text = self.key_pdf.text().strip()
        if not text:
            problems.append(FieldProblem("recovery_key", self.tr("say where the PDF goes")))
        key_pdf = Path(text).expanduser()
        if key_pdf.suffix.lower() != ".pdf":
            key_pdf = key_pdf.with_name(key_pdf.name + ".pdf")
        db, user = self._ctx.db, self._ctx.db.user
        if user is None:
            problems.append(FieldProblem("", self.tr("Sign in as an admin first.")))
            return None
        login = user.login
        return lambda: encrypt_and_reopen(db, login, password, key_pdf)

    @override
    def run(self, work: Callable[[], Any]) -> None:
        # No change notice afterwards: this window's screens must not read the database
        # again (it is closed); the window is rebuilt on the reopened one instead.
        self.action_button.setText(self.tr("Encrypting…"))
        self._ctx.tasks.run_operation(work, self.finished_work, self.failed)

    @override
    def failed(self, error: BaseException) -> None:
        self.action_button.setText(self.tr("&Encrypt"))
        if isinstance(error, WrongPassword):
            self.errors.show([FieldProblem("password", str(error))])
            self._busy = False
            self.action_button.setEnabled(True)
            return
        super().failed(error)

    def _choose(self) -> None:
        suggested = Path(self.key_pdf.text().strip() or documents() / "recovery key.pdf")
        ask_where_to_save(
            self,
            self.tr("Save the recovery key as"),
            suggested,
            self.tr("PDF documents (*.pdf)"),
            lambda path: self.key_pdf.setText(str(path)),
        )
