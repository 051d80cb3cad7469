"""New and reopened test databases, plain or, with `pytest --encrypted`, encrypted with
SQLCipher under a random key (the way a charity's own database would be). Tests make and
reopen databases through these, so the same tests run on both kinds."""

from __future__ import annotations

import shutil
from pathlib import Path

from ncdesk.core.db import Database, open_database
from ncdesk.core.security.keys import keys_path

# Set by tests/conftest.py from the --encrypted option.
ENCRYPTED = False
_keys: dict[Path, bytes] = {}


def new_database(path: Path) -> Database:
    """A new, empty ncdesk database at `path` (encrypted in an --encrypted run)."""
    if not ENCRYPTED:
        return open_database(path)
    from ncdesk.core.security.encryption import create_encrypted

    key = create_encrypted(path)
    _keys[path.resolve()] = key
    return open_database(path, key=key)


def reopen(path: Path, *, create: bool = True) -> Database:
    """The database at `path` opened again (with its key in an --encrypted run)."""
    return open_database(path, create=create, key=_keys.get(path.resolve()))


def copy_database(source: Path, target: Path) -> Path:
    """A closed database copied to `target`, its key file and key with it."""
    shutil.copyfile(source, target)
    if keys_path(source).exists():
        shutil.copyfile(keys_path(source), keys_path(target))
    if source.resolve() in _keys:
        _keys[target.resolve()] = _keys[source.resolve()]
    return target
