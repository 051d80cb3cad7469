"""Signing in: opening a database as someone, the one way the CLI and the window open one.

A plain database with accounts checks the password against the user's Argon2id hash; an
encrypted one unwraps the database key from the user's slot in `NAME.keys`, which is the
check. A wrong password or unknown login gets the same answer, after a delay that grows with
each failure in a row; failures and successes go into the audit trail (for an encrypted
database, a failure is noted in the key file and moved into the trail at the next sign-in).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database, open_database, resolve_url, sqlite_path
from ncdesk.core.errors import NcdeskError, SignInNeeded
from ncdesk.core.models import AuditEvent, UserAccount
from ncdesk.core.models.base import utcnow
from ncdesk.core.security import audit
from ncdesk.core.security.keys import KeyFile, WrongPassword, finish_interrupted
from ncdesk.core.security.passwords import verify_password, wait_after
from ncdesk.core.security.roles import CurrentUser, Role


@dataclass(frozen=True)
class Credentials:
    login: str
    password: str


class AccountDisabled(NcdeskError):
    """The account exists but an admin has disabled it."""


def key_file_of(value: str | os.PathLike[str] | None) -> KeyFile | None:
    path = sqlite_path(resolve_url(value))
    return KeyFile.beside(path) if path is not None else None


def open_as(
    value: str | os.PathLike[str] | None,
    credentials: Credentials | None,
    *,
    create: bool = True,
) -> Database:
    """Open the database signed in as `credentials` (None: as nobody, which a database with
    accounts refuses with SignInNeeded)."""
    path = sqlite_path(resolve_url(value))
    if path is not None:
        finish_interrupted(path)
    keys = KeyFile.beside(path) if path is not None else None
    if keys is not None:
        if credentials is None:
            raise SignInNeeded("This database is encrypted: sign in to open it.")
        try:
            key = keys.unlock(credentials.login, credentials.password)
        except WrongPassword:
            wait_after(keys.note_failure(credentials.login))
            raise
        db = open_database(value, create=False, key=key)
        try:
            _sign_in(db, credentials.login, checked=True, keys=keys)
        except BaseException:
            db.close()
            raise
        return db
    db = open_database(value, create=create)
    try:
        if db.accounts:
            if credentials is None:
                raise SignInNeeded(
                    "This database has user accounts: sign in with your login and password."
                )
            _sign_in(db, credentials.login, password=credentials.password)
    except BaseException:
        db.close()
        raise
    return db


def unlock(db: Database, login: str, password: str) -> bool:
    """The idle lock's check: is this `login`'s password? Audited like a sign-in, and a wrong
    one is answered after the same growing delay."""
    good = check_password(db, login, password)
    with db.transaction() as s:
        if good:
            audit.record(s, login, "unlock", "user", db.user.id if db.user else None)
            failures = 0
        else:
            audit.record(s, login, "log-in failed", "user", None, "at the lock")
            failures = _failures_in_a_row(s, login)
    wait_after(failures)
    return good


def check_password(db: Database, login: str, password: str) -> bool:
    """Is this the password of `login`? (Asked again before encrypting, for example.)"""
    if db.key is not None and db.path is not None:
        keys = KeyFile.beside(db.path)
        if keys is None:
            return False
        try:
            keys.unlock(login, password)
        except WrongPassword:
            return False
        return True
    with db.session() as s:
        stored = s.scalar(
            select(UserAccount.password_hash).where(
                UserAccount.login == login, UserAccount.disabled.is_(False)
            )
        )
    return stored is not None and verify_password(stored, password)


def _sign_in(
    db: Database,
    login: str,
    *,
    password: str = "",
    checked: bool = False,
    keys: KeyFile | None = None,
) -> None:
    """Check the user (unless the key file already did), then set them as the signed-in
    user and audit it; a failure is audited and answered after the growing delay."""
    with db.session() as s:
        account = s.scalar(select(UserAccount).where(UserAccount.login == login))
    good = account is not None and (checked or verify_password(account.password_hash, password))
    if not good:
        with db.transaction() as s:
            audit.record(s, login, "log-in failed", "user", None, "wrong login or password")
            failures = _failures_in_a_row(s, login)
        wait_after(failures)
        raise WrongPassword("The login or password is not right.")
    assert account is not None
    if account.disabled:
        with db.transaction() as s:
            audit.record(s, login, "log-in failed", "user", account.id, "account disabled")
        raise AccountDisabled(f"The account {login} has been disabled; ask an admin.")
    with db.transaction() as s:
        for failure in keys.take_failures() if keys is not None else []:
            audit.record(
                s,
                failure["login"],
                "log-in failed",
                "user",
                None,
                f"wrong password at {failure['at']} (noted in the key file)",
            )
        row = s.get(UserAccount, account.id)
        assert row is not None
        row.last_login_at = utcnow()
        audit.record(s, login, "log-in", "user", account.id)
    db.user = CurrentUser(account.id, account.login, account.display_name, Role.named(account.role))


def _failures_in_a_row(s: Session, login: str) -> int:
    """Failed sign-ins of `login` since their last good one (from the audit trail)."""
    actions = s.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.actor == login, AuditEvent.action.in_(("log-in", "log-in failed")))
        .order_by(AuditEvent.id.desc())
        .limit(50)
    )
    count = 0
    for action in actions:
        if action != "log-in failed":
            break
        count += 1
    return count
