"""The log-in asked for at start-up when the database has user accounts or is encrypted.

The password is checked by `open_as` on the background runner: after a wrong one the core
waits a little longer each time, and the dialog says "Checking…" meanwhile instead of
freezing. Esc or Cancel quits.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.errors import NcdeskError
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.ui.access.sign_in_form import SignInForm
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import TaskRunner


class SignInDialog(QDialog):
    """Emits `signed_in(Database)` with the database open as whoever signed in."""

    signed_in = Signal(object)

    def __init__(
        self,
        db_value: str | os.PathLike[str] | None,
        where: str,
        tasks: TaskRunner,
        *,
        encrypted: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._db_value = db_value
        self._tasks = tasks
        self._gave_up = False
        self.setWindowTitle(self.tr("Sign in to ncdesk"))
        heading = QLabel("<h2>{}</h2>".format(self.tr("Sign in to ncdesk")), self)
        why = (
            self.tr("This database is encrypted: your login and password open it.")
            if encrypted
            else self.tr("This database has user accounts: say who you are.")
        )
        intro = QLabel(why, self)
        intro.setWordWrap(True)
        self.where = QLabel(self.tr("Database: {where}").format(where=where), self)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = SignInForm(parent=self)
        self.form.sign_in_button.setDefault(True)
        self.form.submitted.connect(self._check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.where)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.form.focus()

    @override
    def reject(self) -> None:
        # A check still running is left to finish; what it opens is closed again.
        self._gave_up = True
        super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        self._gave_up = True
        super().closeEvent(event)

    def _check(self, login: str, password: str) -> None:
        value, credentials = self._db_value, Credentials(login, password)
        self._tasks.run_query(
            lambda: open_as(value, credentials, create=False), self._opened, self._refused
        )

    def _opened(self, db: Database) -> None:
        if self._gave_up:
            db.close()
            return
        self.accept()
        emit(self.signed_in, db)

    def _refused(self, error: BaseException) -> None:
        if self._gave_up:
            return
        if isinstance(error, NcdeskError):
            self.form.refused(str(error))
        else:
            self.form.refused(self.tr("ncdesk could not check the password."))
            show_error(self, error)
