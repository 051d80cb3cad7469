"""Accounts for window tests, made through the core's own services: an admin, a coordinator
and a volunteer on a copy of the small demo (synthetic people)."""

from __future__ import annotations

from ncdesk.core.db import Database
from ncdesk.core.security.accounts import add_user
from ncdesk.core.security.roles import ADMIN, COORDINATOR, VOLUNTEER

PASSWORD = "a long enough phrase"
USERS = {
    "ada": (ADMIN, "Ada Admin"),
    "cody": (COORDINATOR, "Cody Coordinator"),
    "vic": (VOLUNTEER, "Vic Volunteer"),
}


def add_accounts(db: Database) -> None:
    """The three users, the admin first (the first account must be one)."""
    for login, (role, name) in USERS.items():
        add_user(db, login, role, PASSWORD, name)
