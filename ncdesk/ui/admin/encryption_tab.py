"""Whether the database is encrypted, said plainly, and the way to encrypt a plain one.

Encrypting closes and reopens the database, so the window cannot carry on with the one it
has: the tab hands the reopened database up (`reopened`) and the window's owner builds a new
window on it, which then says what was done and who needs a new password.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.core import cipher
from ncdesk.core.security.keys import keys_path
from ncdesk.ui.admin.encrypt_dialog import EncryptDialog, Reopened
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import ACCOUNTS


class EncryptionTab(QWidget):
    reopened = Signal(object, str)  # the Database opened again, and what to tell the user

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._can_load: bool | None = None  # SQLCipher on this PC: asked when first shown
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state.setAccessibleName(self.tr("Encryption"))
        self.encrypt_button = QPushButton(self.tr("&Encrypt the database…"), self)
        self.encrypt_button.clicked.connect(lambda: self.encrypt())
        self.encrypt_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.encrypt_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addStretch(1)
        ctx.changes.changed.connect(lambda area: self._describe() if area == ACCOUNTS else None)

    def activate(self) -> None:
        if self._can_load is None:
            # Loading SQLCipher's library can take a moment the first time.
            self._ctx.tasks.run_query(cipher.available, self._learned)
        else:
            self._describe()
        if self.encrypt_button.isVisible():
            self.encrypt_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def can_encrypt(self) -> bool:
        return self.encrypt_button.isVisible()

    def encrypt(self) -> EncryptDialog | None:
        if not self.can_encrypt():
            return None
        dialog = EncryptDialog(self._ctx, self)
        dialog.succeeded.connect(self._encrypted)
        dialog.open()
        return dialog

    # --- inside -----------------------------------------------------------------------------

    def _learned(self, available: bool) -> None:
        self._can_load = available
        self._describe()
        if self.encrypt_button.isVisible():
            self.encrypt_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _describe(self) -> None:
        db = self._ctx.db
        path = db.path
        can = False
        if path is None:
            text = self.tr(
                "<b>This database is on a server</b>, so ncdesk does not encrypt it: the "
                "server's own encryption and access rules protect it."
            )
        elif db.encrypted:
            text = self.tr(
                "<b>This database is encrypted</b> (SQLCipher: AES-256, every page checked). "
                "Nobody can read the file without the password of one of its users or the "
                "recovery key printed when it was encrypted.<br><br>"
                "Its users' copies of the key are kept in <b>{keys}</b> beside it: keep that "
                "file with the database (backups take it with them)."
            ).format(keys=html.escape(keys_path(path).name))
        elif self._can_load is False:
            text = self.tr(
                "<b>This database is not encrypted</b>: anyone who copies the file can read "
                "everything in it.<br><br>SQLCipher cannot be loaded on this PC, so ncdesk "
                "cannot encrypt the database here."
            )
        elif not db.accounts or db.user is None:
            text = self.tr(
                "<b>This database is not encrypted</b>: anyone who copies the file can read "
                "everything in it.<br><br>Add an admin first (the Users tab): an encrypted "
                "database opens only for someone who signs in."
            )
        else:
            text = self.tr(
                "<b>This database is not encrypted</b>: anyone who copies the file can read "
                "everything in it.<br><br>Encrypting it locks the file with a key that is "
                "kept under each user's password, and once more under a recovery key "
                "printed as a PDF. Changing a password later never re-encrypts the file."
            )
            can = self._can_load is True
        self.state.setText(text)
        self.encrypt_button.setVisible(can)
        self.encrypt_button.setEnabled(can)

    def _encrypted(self, reopened: Reopened) -> None:
        emit(self.reopened, reopened.db, self._what_happened(reopened))

    def _what_happened(self, reopened: Reopened) -> str:
        done = reopened.result
        if done is None:
            return self.tr(
                "Encryption stopped, and the database was left as it was: {reason}"
            ).format(reason=reopened.stopped)
        lines = [
            self.tr("The database is now encrypted."),
            self.tr(
                "The recovery key is saved in {file}. Print it, keep it somewhere safe away "
                "from this PC, then delete the file."
            ).format(file=done.recovery_key_file),
        ]
        if done.need_new_password:
            lines.append(
                self.tr(
                    "These users need a new password from an admin before they can sign in "
                    "(Admin ▸ Users ▸ New password): {logins}."
                ).format(logins=", ".join(done.need_new_password))
            )
        if done.plain_copies_left:
            lines.append(
                self.tr(
                    "These older copies of the database are not encrypted; delete them or keep "
                    "them safe: {files}."
                ).format(files=", ".join(str(p) for p in done.plain_copies_left))
            )
        return "\n\n".join(lines)
