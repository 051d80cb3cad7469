"""Changing your own password: the current one first, then the new one twice. On an
encrypted database only this user's wrapped copy of the key changes (the core sees to it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.security.accounts import change_own_password
from ncdesk.core.security.passwords import MIN_LENGTH
from ncdesk.ui.access.account_dialog import AccountDialog, password_field
from ncdesk.ui.common.desk_context import DeskContext


class ChangePasswordDialog(AccountDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(ctx, self.tr("Change your password"), self.tr("&Change password"), parent)
        self.say_first(
            self.tr(
                "A password of at least {n} characters: a short phrase is easier to remember "
                "and harder to guess than a word with symbols."
            ).format(n=MIN_LENGTH)
        )
        self.current = password_field(self)
        self.new = password_field(self)
        self.again = password_field(self)
        self.add_field(self.tr("&Current password:"), "old_password", self.current)
        self.add_field(self.tr("&New password:"), "password", self.new)
        self.add_field(self.tr("New password &again:"), "password_again", self.again)
        self.current.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        old = self.current.text()
        new = self.same_twice(problems, self.new, self.again, "password_again")
        if not old:
            problems.append(FieldProblem("old_password", self.tr("type your current password")))
        db = self._ctx.db
        return lambda: change_own_password(db, old, new)
