"""What a locked window shows instead of its content: who was signed in, a password field
to carry on, and the warning that anyone else signing in here starts a fresh window."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.security.roles import CurrentUser
from ncdesk.ui.access.role_words import who
from ncdesk.ui.access.sign_in_form import SignInForm
from ncdesk.ui.common.qt_fixes import emit


class LockPanel(QWidget):
    """Centred in the window; its form's `submitted` is handled by the window's lock."""

    quit_asked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("ncdesk is locked"))
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel("<h2>{}</h2>".format(self.tr("ncdesk is locked")), box)
        self.reason = QLabel(box)
        self.reason.setWordWrap(True)
        self.same_user = QLabel(box)
        self.same_user.setWordWrap(True)
        self.same_user.setTextFormat(Qt.TextFormat.RichText)
        self.form = SignInForm(self.tr("&Unlock"), box)
        self.form.sign_in_button.setDefault(True)
        self.someone_else = QLabel(box)
        self.someone_else.setWordWrap(True)
        self.quit_button = QPushButton(self.tr("&Quit ncdesk"), box)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(lambda: emit(self.quit_asked))

        quit_row = QHBoxLayout()
        quit_row.addStretch(1)
        quit_row.addWidget(self.quit_button)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 16, 24, 16)
        inner.setSpacing(10)
        inner.addWidget(heading)
        inner.addWidget(self.reason)
        inner.addWidget(self.same_user)
        inner.addWidget(self.form)
        inner.addWidget(self.someone_else)
        inner.addLayout(quit_row)
        box.setMaximumWidth(box.fontMetrics().averageCharWidth() * 70)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def show_locked(self, user: CurrentUser, minutes: float) -> None:
        """Words for this lock; the login filled in, the cursor in the password field."""
        if not minutes:
            self.reason.setText(self.tr("Locked."))
        elif minutes == 1:
            self.reason.setText(self.tr("Locked after a minute without use."))
        else:
            self.reason.setText(
                self.tr("Locked after {n} minutes without use.").format(n=_minutes(minutes))
            )
        self.same_user.setText(
            self.tr(
                "<b>{who}</b> was signed in. Type the password to carry on: anything not yet "
                "saved is still there."
            ).format(who=html.escape(who(user)))
        )
        self.someone_else.setText(
            self.tr(
                "Someone else? Type your own login and password instead. The window then "
                "opens afresh for you, and anything {name} had not saved is lost."
            ).format(name=user.name.strip() or user.login)
        )
        self.form.ready(user.login)


def _minutes(minutes: float) -> str:
    return str(int(minutes)) if minutes == int(minutes) else f"{minutes:g}"
