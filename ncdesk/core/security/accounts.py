"""User accounts: add, list, disable, reset a password, change a role, change your own
password. Admin-only, but for changing your own password and for the very first account of
a database without any, which anyone at the PC may add and which must be an admin.

On an encrypted database every account change that involves a password also writes that
user's wrapped copy of the database key (`keys.KeyFile`), and disabling an account removes
its copy, so a disabled user can no longer open the file at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError, NotFound, ValidationError
from ncdesk.core.models import UserAccount
from ncdesk.core.security import audit
from ncdesk.core.security.keys import KeyFile
from ncdesk.core.security.passwords import check_strength, hash_password, verify_password
from ncdesk.core.security.roles import ADMIN, VOLUNTEER, CurrentUser, Role, needs

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,49}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    name: str
    role: Role
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None
    # On an encrypted database: False when the user has no key slot yet (they need a new
    # password from an admin before they can sign in).
    can_open: bool = True


def _key_file(db: Database) -> KeyFile | None:
    if db.key is None or db.path is None:
        return None
    keys = KeyFile.beside(db.path)
    if keys is None:
        raise NcdeskError(f"The key file beside {db.path} is missing.")
    return keys


def _check_login(login: str) -> str:
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            [
                FieldProblem(
                    "login",
                    "use lower-case letters, digits, dots, dashes or underscores "
                    "(at most 50), starting with a letter or digit",
                    login,
                )
            ]
        )
    return login


def _get(s: Session, login: str) -> UserAccount:
    account = s.scalar(select(UserAccount).where(UserAccount.login == login))
    if account is None:
        raise NotFound(f"There is no user {login}.")
    return account


@needs(ADMIN, "add users")
def add_user(db: Database, login: str, role: Role, password: str, name: str = "") -> UserInfo:
    """A new account. The first account of a database is added by whoever is at the PC (a
    database without accounts is open to them) and must be an admin, else nobody could
    manage the others; after that only an admin may add one."""
    if not db.accounts and role != ADMIN:
        raise NcdeskError(
            "The first account must be an admin, so that someone can manage the others: "
            "add it with --role admin."
        )
    login = _check_login(login)
    check_strength(password)
    keys = _key_file(db)
    with db.transaction() as s:
        if s.scalar(select(UserAccount.id).where(UserAccount.login == login)) is not None:
            raise ValidationError([FieldProblem("login", f"{login} is already a user", login)])
        account = UserAccount(
            login=login,
            display_name=name.strip(),
            role=role.word,
            password_hash=hash_password(password),
            disabled=False,
        )
        s.add(account)
        s.flush()
        audit.record(s, db.actor, "create", "user", account.id, f"{login} as {role.word}")
        if keys is not None and db.key is not None:
            keys.add_slot(login, password, db.key)
            keys.save()
        info = _info(account, keys)
    if not db.accounts:  # the first account: from now on this database asks who you are
        db.accounts = True
        db.user = CurrentUser(info.id, info.login, info.name, info.role)
    return info


def _info(account: UserAccount, keys: KeyFile | None) -> UserInfo:
    return UserInfo(
        account.id,
        account.login,
        account.display_name,
        Role.named(account.role),
        account.disabled,
        account.created_at,
        account.last_login_at,
        keys is None or account.login in keys.slots,
    )


@needs(ADMIN, "see the list of users")
def list_users(db: Database) -> list[UserInfo]:
    keys = _key_file(db)
    with db.session() as s:
        rows = s.scalars(select(UserAccount).order_by(UserAccount.login)).all()
        return [_info(a, keys) for a in rows]


def _admins_left(s: Session, without: str) -> int:
    return int(
        s.scalar(
            select(func.count(UserAccount.id)).where(
                UserAccount.role == "admin",
                UserAccount.disabled.is_(False),
                UserAccount.login != without,
            )
        )
        or 0
    )


@needs(ADMIN, "disable users")
def disable_user(db: Database, login: str) -> None:
    """The account can no longer sign in (its history stays); on an encrypted database its
    copy of the key is removed."""
    keys = _key_file(db)
    with db.transaction() as s:
        account = _get(s, login)
        if account.role == "admin" and not _admins_left(s, login):
            raise NcdeskError(f"{login} is the last admin; make someone else an admin first.")
        account.disabled = True
        audit.record(s, db.actor, "disable", "user", account.id, login)
        if keys is not None:
            keys.remove_slot(login)
            keys.save()


@needs(ADMIN, "reset passwords")
def reset_password(db: Database, login: str, password: str) -> None:
    """A new password set by an admin (a forgotten one); it also enables a disabled account."""
    _set_password(db, login, password, enable=True)


@needs(VOLUNTEER, "change your password")
def change_own_password(db: Database, old: str, new: str) -> None:
    """The signed-in user's own password: the old one first. The database key itself is
    never changed: only this user's wrapped copy of it is rewritten."""
    if db.user is None:
        raise NcdeskError("Nobody is signed in: this database has no accounts yet.")
    with db.session() as s:
        stored = _get(s, db.user.login).password_hash
    if not verify_password(stored, old):
        raise ValidationError([FieldProblem("old_password", "that is not your current password")])
    _set_password(db, db.user.login, new, enable=False)


def _set_password(db: Database, login: str, password: str, *, enable: bool) -> None:
    check_strength(password)
    keys = _key_file(db)
    with db.transaction() as s:
        account = _get(s, login)
        account.password_hash = hash_password(password)
        if enable:
            account.disabled = False
        audit.record(s, db.actor, "password", "user", account.id, login)
        if keys is not None and db.key is not None:
            keys.add_slot(login, password, db.key)
            keys.save()


@needs(ADMIN, "change roles")
def change_role(db: Database, login: str, role: Role) -> None:
    with db.transaction() as s:
        account = _get(s, login)
        if account.role == "admin" and role != ADMIN and not _admins_left(s, login):
            raise NcdeskError(f"{login} is the last admin; make someone else an admin first.")
        account.role = role.word
        audit.record(s, db.actor, "change role", "user", account.id, f"{login} to {role.word}")
