"""Connections to SQLite files, plain or encrypted with SQLCipher 4 (the self-contained
`sqlcipher3-wheels` build, with its defaults: AES-256 in CBC mode, a per-page HMAC-SHA512).

The database key is 32 random bytes, given to SQLCipher as a raw hex key (`x'…'`): no
passphrase is ever put inside the `PRAGMA key` statement, so no character a user types can
break it, and SQLCipher's own PBKDF2 step is skipped because the key is already random.
Where SQLCipher cannot be loaded, `available()` says so and encryption is not offered.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from ncdesk.core.errors import NcdeskError

SQLITE_HEADER = b"SQLite format 3\x00"


class EncryptionUnavailable(NcdeskError):
    """SQLCipher could not be loaded on this PC."""


def _sqlcipher() -> ModuleType | None:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    return dbapi2


def available() -> bool:
    return _sqlcipher() is not None


def driver(encrypted: bool) -> ModuleType:
    """The DB-API module for a plain or an encrypted file."""
    if not encrypted:
        return sqlite3
    module = _sqlcipher()
    if module is None:
        raise EncryptionUnavailable(
            "This database is encrypted, but SQLCipher cannot be loaded on this PC; "
            "reinstall ncdesk to open it."
        )
    return module


def errors() -> tuple[type[Exception], ...]:
    """The error classes of both drivers (SQLCipher's do not derive from sqlite3's)."""
    module = _sqlcipher()
    return (sqlite3.Error,) if module is None else (sqlite3.Error, module.Error)


def key_pragma(key: bytes) -> str:
    """`PRAGMA key` with the raw key in hex: only 0-9 and a-f ever go into the statement."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(
    path: Path, key: bytes | None = None, *, read_only: bool = False, timeout: float = 5.0
) -> Any:
    """A DB-API connection to the file, keyed first when `key` is given."""
    module = driver(key is not None)
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = module.connect(target, uri=read_only, timeout=timeout)
    if key is not None:
        connection.execute(key_pragma(key))
    return connection


def looks_encrypted(path: Path) -> bool:
    """True for a non-empty file that does not start with SQLite's plain header."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return bool(head) and head != SQLITE_HEADER
