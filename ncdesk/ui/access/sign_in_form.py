"""Login and password fields with a Sign in button, shared by the start-up dialog and the
lock page, so both behave alike: Enter signs in, the answer is written under the fields, and
nothing can be typed while the password is being checked (the core waits longer after each
wrong password, and the window must stay responsive meanwhile)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.ui.common.qt_fixes import emit

_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


class SignInForm(QWidget):
    """Emits `submitted(login, password)`; the owner checks them and calls `refused` or
    `ready` with the answer."""

    submitted = Signal(str, str)

    def __init__(self, button_text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.login = QLineEdit(self)
        self.login.setAccessibleName(self.tr("Login"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.sign_in_button = QPushButton(button_text or self.tr("&Sign in"), self)
        self.sign_in_button.clicked.connect(self.submit)
        # Read by screen readers and by anyone: a wrong password, or "Checking…".
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.message.setAccessibleName(self.tr("Sign-in message"))
        for field in (self.login, self.password):
            field.installEventFilter(self)
            field.textEdited.connect(lambda _text: self._clear_message())

        login_label = QLabel(self.tr("&Login:"), self)
        login_label.setBuddy(self.login)
        password_label = QLabel(self.tr("&Password:"), self)
        password_label.setBuddy(self.password)
        form = QFormLayout()
        form.addRow(login_label, self.login)
        form.addRow(password_label, self.password)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(button_row)
        QWidget.setTabOrder(self.login, self.password)
        QWidget.setTabOrder(self.password, self.sign_in_button)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)

    def focus(self) -> None:
        """The cursor to the first field still empty (the password when the login is known)."""
        field = self.password if self.login.text().strip() else self.login
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def submit(self) -> None:
        # Logins are kept in lower case (accounts.add_user), so 'Ada' signs in as 'ada'.
        login, password = self.login.text().strip().lower(), self.password.text()
        if not login:
            self.refused(self.tr("Type your login first."), focus=self.login)
            return
        if not password:
            self.refused(self.tr("Type your password."), focus=self.password)
            return
        self.checking()
        emit(self.submitted, login, password)

    def checking(self) -> None:
        self._say(self.tr("Checking…"))
        self._set_busy(True)

    def refused(self, text: str, *, focus: QLineEdit | None = None) -> None:
        """Say why, clear the password and put the cursor back, ready for another try."""
        self._set_busy(False)
        self._say("\N{WARNING SIGN} " + text)
        if focus is None:
            self.password.clear()
            focus = self.password
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def ready(self, login: str = "") -> None:
        """Empty fields (the login filled in when known), nothing said, cursor placed."""
        self._set_busy(False)
        self.login.setText(login)
        self.password.clear()
        self._clear_message()
        self.focus()

    def is_checking(self) -> bool:
        return not self.sign_in_button.isEnabled()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched in (self.login, self.password):
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER_KEYS:
                if watched is self.login and not self.password.text():
                    self.password.setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self.submit()
                return True
        return super().eventFilter(watched, event)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.login, self.password, self.sign_in_button):
            widget.setEnabled(not busy)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _clear_message(self) -> None:
        if not self.is_checking():
            self._say("")
