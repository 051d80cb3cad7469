"""Step 2: the first admin, who manages the other users and signs in when the window opens.
The password is typed twice; how strong it is shows while it is typed, and the core's own
rules (login spelling, length) are checked before Next, not discovered at Finish."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget
from typing_extensions import override

from ncdesk.core.security.passwords import MIN_LENGTH
from ncdesk.core.services.first_setup import check_admin, password_strength
from ncdesk.ui.access.account_dialog import password_field
from ncdesk.ui.first_run.step import WizardStep


class AdminPage(WizardStep):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            self.tr("The first admin"),
            self.tr(
                "The person who looks after ncdesk for the group: they add the other users "
                "and change the settings."
            ),
            parent,
        )
        self.login = QLineEdit(self)
        self.login.setPlaceholderText(self.tr("for example maria"))
        self.full_name = QLineEdit(self)
        self.password = password_field(self)
        self.again = password_field(self)
        self.add_field(
            self.tr("&Login:"),
            "login",
            self.login,
            hint=self.tr("Typed when signing in: lower-case letters and digits, no spaces."),
        )
        self.add_field(self.tr("Full na&me:"), "name", self.full_name)
        self.strength = self.add_field(
            self.tr("&Password:"),
            "password",
            self.password,
            hint=self._strength_text(""),
        )
        self.strength.setAccessibleName(self.tr("Password strength"))
        self.add_field(self.tr("Password &again:"), "again", self.again)
        self.body.addLayout(self.form)
        self.say(
            self.tr(
                "Choose a short phrase of several words, at least {n} characters: long is "
                "what makes a password hard to guess. Nobody can look it up later, and on "
                "an encrypted database it is what opens the file."
            ).format(n=MIN_LENGTH)
        )
        self.body.addStretch(1)
        self.password.textChanged.connect(
            lambda text: self.strength.setText(self._strength_text(text))
        )

    @override
    def initializePage(self) -> None:
        self.login.setFocus()

    @override
    def validatePage(self) -> bool:
        return self.refuse(
            check_admin(
                self.login.text(), self.full_name.text(), self.password.text(), self.again.text()
            )
        )

    def _strength_text(self, password: str) -> str:
        words = {
            "too short": self.tr("Too short: {count} of at least {n} characters"),
            "fair": self.tr("Fair: a few more characters would make it strong"),
            "strong": self.tr("Strong"),
        }
        return self.tr("Strength: ") + words[password_strength(password)].format(
            count=len(password), n=MIN_LENGTH
        )
