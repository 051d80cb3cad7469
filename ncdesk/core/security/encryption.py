"""Turning a plain database into an encrypted one, making a new encrypted one, and getting
back in with the recovery key.

`encrypt_database` writes an encrypted copy beside the file (SQLCipher's `sqlcipher_export`),
checks it row by row against the original, prints the recovery key, and only then swaps it
in; the plain file is overwritten with zeros before it is removed. Every step that can be
interrupted leaves either the plain database or the encrypted one whole, and the next open
finishes what was left (`finish_interrupted`).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ncdesk.core import cipher
from ncdesk.core.db import Database, open_database
from ncdesk.core.errors import DatabaseError, NcdeskError
from ncdesk.core.files import check_output_path
from ncdesk.core.locks import sole_use
from ncdesk.core.models import UserAccount
from ncdesk.core.security import audit
from ncdesk.core.security.access import check_password
from ncdesk.core.security.keys import (
    KeyFile,
    WrongPassword,
    keys_path,
    new_database_key,
    pending_keys_path,
    recovery_key_from_text,
    recovery_text,
    wipe,
    wiping_path,
)
from ncdesk.core.security.passwords import check_strength, hash_password
from ncdesk.core.security.roles import ADMIN, needs


@dataclass(frozen=True)
class Encrypted:
    """What encryption did: where the recovery key went, and who needs a new password."""

    recovery_key_file: Path
    recovery_key: str
    need_new_password: tuple[str, ...]
    plain_copies_left: tuple[Path, ...]


@needs(ADMIN, "encrypt the database")
def encrypt_database(
    db: Database, password: str, recovery_key_out: Path, organisation: str
) -> Encrypted:
    """Encrypt the open (plain) database in place. `password` is the signed-in admin's own,
    to wrap their copy of the key; the database is closed on return, reopen it signed in."""
    path = db.path
    if path is None:
        raise NcdeskError(
            "Only a database file can be encrypted. A database on a server is protected by "
            "TLS on the way (sslmode=verify-full) and the server's own disk encryption "
            "(docs/multi-pc.md)."
        )
    if db.key is not None:
        raise NcdeskError(f"{path} is already encrypted.")
    if not cipher.available():
        raise cipher.EncryptionUnavailable(
            "SQLCipher cannot be loaded on this PC, so ncdesk cannot encrypt the database."
        )
    check_output_path(recovery_key_out)
    user = db.user
    if user is not None and not check_password(db, user.login, password):
        raise WrongPassword("That is not your password.")
    with db.session() as s:
        others = tuple(
            login
            for (login,) in s.query(UserAccount.login).filter(UserAccount.disabled.is_(False))
            if user is None or login != user.login
        )
    db.close()

    key = new_database_key()
    with sole_use(path, "encrypt"):
        copy = path.with_name(path.name + ".encrypting")
        copy.unlink(missing_ok=True)
        try:
            _export(path, copy, key)
            _same_rows(path, copy, key)
            keys = KeyFile.create(path)
            if user is not None:
                keys.add_slot(user.login, password, key)
            from ncdesk.core.reports.recovery_key import write_recovery_key_pdf

            text = recovery_text(key)
            write_recovery_key_pdf(recovery_key_out, text, organisation, path, datetime.now())
            keys.path = pending_keys_path(path)
            keys.save()
        except BaseException:
            copy.unlink(missing_ok=True)
            pending_keys_path(path).unlink(missing_ok=True)
            raise
        for leftover in (path.with_name(path.name + s) for s in ("-wal", "-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(path, wiping_path(path))
        os.replace(copy, path)
        os.replace(pending_keys_path(path), keys_path(path))
        wipe(wiping_path(path))
    done = open_database(path, key=key)
    try:
        with done.transaction() as s:
            audit.record(s, user.login if user else done.actor, "encrypt", "database", None,
                         path.name)  # fmt: skip
    finally:
        done.close()
    plain = tuple(sorted(path.parent.glob(f"{path.stem}.before-*{path.suffix}")))
    return Encrypted(recovery_key_out, text, others, plain)


def opens(path: Path, key: bytes | None) -> bool:
    """Whether `key` opens the encrypted file at `path`."""
    if key is None:
        return False
    try:
        connection = cipher.connect(path, key, read_only=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except cipher.errors():
        return False
    return True


def _export(plain: Path, target: Path, key: bytes) -> None:
    """An encrypted copy of a plain database, made by SQLCipher from the plain file."""
    module = cipher.driver(True)
    connection = module.connect(str(plain), timeout=5)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", (str(target),))
        connection.execute("SELECT sqlcipher_export('enc')")
        connection.execute("DETACH DATABASE enc")
    finally:
        connection.close()


def _same_rows(plain: Path, encrypted: Path, key: bytes) -> None:
    """Every table holds exactly the same rows in both files, and the copy is sound."""
    before = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
    after = cipher.connect(encrypted, key)
    try:
        problem = after.execute("PRAGMA integrity_check").fetchone()[0]
        if problem != "ok":
            raise DatabaseError(f"The encrypted copy failed its check: {problem}")
        tables = [
            name
            for (name,) in before.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            query = f'SELECT * FROM "{table}" ORDER BY rowid'
            if _rows(before, query) != _rows(after, query):
                raise DatabaseError(
                    f"The encrypted copy differs from the database in table {table}; "
                    "nothing was changed."
                )
    finally:
        before.close()
        after.close()


def _rows(connection: Any, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(query)]


def create_encrypted(path: Path, key: bytes | None = None) -> bytes:
    """A new, empty encrypted database at `path` with its key file (no slots yet); returns
    its key (which, written for people, is also its recovery key). `key` is one made
    earlier, when the recovery key had to be shown before the file could be made (the
    first-run wizard)."""
    if path.exists():
        raise NcdeskError(f"{path} already exists.")
    if not cipher.available():
        raise cipher.EncryptionUnavailable("SQLCipher cannot be loaded on this PC.")
    key = key or new_database_key()
    KeyFile.create(path).save()
    open_database(path, key=key).close()
    return key


def recover_access(db_path: Path, recovery: str, login: str, new_password: str) -> None:
    """Set a new password for `login` with the recovery key (enabling the account again)."""
    if not cipher.looks_encrypted(db_path):
        raise NcdeskError(
            f"{db_path} is not encrypted, so it has no recovery key: another admin can reset "
            "the password (ncdesk user password LOGIN)."
        )
    check_strength(new_password)
    key = recovery_key_from_text(recovery)
    if not opens(db_path, key):
        raise WrongPassword("That recovery key does not open this database.")
    keys = KeyFile.beside(db_path) or KeyFile.create(db_path)  # a lost key file is made anew
    if not keys.path.exists():
        keys.save()
    db = open_database(db_path, create=False, key=key)
    try:
        with db.transaction() as s:
            account = s.query(UserAccount).filter(UserAccount.login == login).one_or_none()
            if account is None:
                raise NcdeskError(f"There is no user {login} in this database.")
            account.password_hash = hash_password(new_password)
            account.disabled = False
            audit.record(s, login, "recover", "user", account.id, "new password set")
        keys.add_slot(login, new_password, key)
        keys.save()
    finally:
        db.close()
