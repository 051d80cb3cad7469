"""The Users tab's dialogs: add a user, give someone a new password, change a role.

Every rule is the core's (a login's spelling, a password's length, the first account being
an admin, the last admin keeping their role): its reasons come back next to the field.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.security.accounts import UserInfo, add_user, change_role, reset_password
from ncdesk.core.security.passwords import MIN_LENGTH
from ncdesk.core.security.roles import ADMIN, Role
from ncdesk.ui.access.account_dialog import AccountDialog, password_field
from ncdesk.ui.access.role_words import role_name
from ncdesk.ui.common.desk_context import DeskContext


def role_choice(parent: QWidget, roles: list[Role], current: Role | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for role in roles:
        combo.addItem(role_name(role), role)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def _role_help(parent: QWidget) -> str:
    return parent.tr(
        "<b>Volunteer</b>: check people in, add first-timers, record hours and slips, lend and "
        "return; sees names, contact details and age bands only. <b>Coordinator</b>: all "
        "records, exports, imports and reports. <b>Admin</b>: that, plus users, settings, "
        "encryption, restore and erasure."
    )


class AddUserDialog(AccountDialog):
    """A new account. On a database with no accounts yet the first must be an admin, and
    whoever adds it is signed in as them from then on."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Add a user"), self.tr("&Add user"), parent)
        first = not ctx.db.accounts
        if first:
            self.say_first(
                self.tr(
                    "The first account must be an <b>admin</b>, so that someone can manage "
                    "the others. From then on ncdesk asks everyone to sign in, and you are "
                    "signed in as this admin now."
                )
            )
        else:
            self.say_first(_role_help(self))
        self.login = QLineEdit(self)
        self.login.setPlaceholderText(self.tr("for example sam.jones"))
        self.name = QLineEdit(self)
        self.role = role_choice(self, [ADMIN] if first else list(Role), None)
        if not first:
            self.role.setCurrentIndex(self.role.findData(Role.VOLUNTEER))
        self.password = password_field(self)
        self.password.setPlaceholderText(self.tr("at least {n} characters").format(n=MIN_LENGTH))
        self.again = password_field(self)
        self.add_field(self.tr("&Login:"), "login", self.login)
        self.add_field(self.tr("&Name:"), "name", self.name)
        self.add_field(self.tr("&Role:"), "role", self.role)
        self.add_field(self.tr("&Password:"), "password", self.password)
        self.add_field(self.tr("Password a&gain:"), "password_again", self.again)
        self.login.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        login, name = self.login.text(), self.name.text()
        role = Role(self.role.currentData())
        password = self.same_twice(problems, self.password, self.again, "password_again")
        db = self._ctx.db
        return lambda: add_user(db, login, role, password, name)


class ResetPasswordDialog(AccountDialog):
    """A new password for someone who forgot theirs (it also lets a disabled account in
    again, and on an encrypted database gives it a fresh copy of the key)."""

    def __init__(self, ctx: DeskContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(
            ctx, self.tr("New password for {login}").format(login=user.login),
            self.tr("&Set password"), parent,
        )  # fmt: skip
        self.user = user
        words = [
            self.tr("Give <b>{who}</b> a new password, and tell it to them in person.").format(
                who=html.escape(user.name or user.login)
            )
        ]
        if user.disabled:
            words.append(self.tr("Their account is disabled: this lets them in again."))
        self.say_first(" ".join(words))
        self.password = password_field(self)
        self.password.setPlaceholderText(self.tr("at least {n} characters").format(n=MIN_LENGTH))
        self.again = password_field(self)
        self.add_field(self.tr("&New password:"), "password", self.password)
        self.add_field(self.tr("New password &again:"), "password_again", self.again)
        self.password.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        password = self.same_twice(problems, self.password, self.again, "password_again")
        db, login = self._ctx.db, self.user.login
        return lambda: reset_password(db, login, password)


class ChangeRoleDialog(AccountDialog):
    def __init__(self, ctx: DeskContext, user: UserInfo, parent: QWidget | None = None):
        super().__init__(
            ctx, self.tr("Role of {login}").format(login=user.login),
            self.tr("&Change role"), parent,
        )  # fmt: skip
        self.user = user
        self.say_first(_role_help(self))
        self.role = role_choice(self, list(Role), user.role)
        self.add_field(self.tr("&Role:"), "role", self.role)
        self.role.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        role = Role(self.role.currentData())
        db, login = self._ctx.db, self.user.login
        return lambda: change_role(db, login, role)
