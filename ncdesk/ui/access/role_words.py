"""Roles and signed-in users in the words the window shows them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ncdesk.core.security.roles import CurrentUser, Role


def _tr(text: str) -> str:
    return QCoreApplication.translate("RoleWords", text)


def role_name(role: Role) -> str:
    """'Volunteer', 'Coordinator', 'Admin'."""
    return {
        Role.VOLUNTEER: _tr("Volunteer"),
        Role.COORDINATOR: _tr("Coordinator"),
        Role.ADMIN: _tr("Admin"),
    }[role]


def who(user: CurrentUser) -> str:
    """'Ada Admin (ada)', or just the login when the account has no name."""
    return f"{user.name} ({user.login})" if user.name.strip() else user.login


def signed_in_as(user: CurrentUser) -> str:
    """For the status bar: 'Signed in: Ada Admin (ada), admin'."""
    return _tr("Signed in: {who}, {role}").format(who=who(user), role=role_name(user.role).lower())
