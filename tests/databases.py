"""New and reopened test databases: plain SQLite files; with `pytest --encrypted`, files
encrypted with SQLCipher under a random key (the way a charity's own database would be);
with `pytest --postgres`, databases on a throwaway PostgreSQL server, one for each test
database path. Tests make and reopen databases through these, so the same tests run on all
three kinds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ncdesk.core.db import Database, open_database
from ncdesk.core.security.keys import keys_path
from tests.pg_server import PgServer

# Set by tests/conftest.py from the --encrypted and --postgres options.
ENCRYPTED = False
POSTGRES: PgServer | None = None
_keys: dict[Path, bytes] = {}


def url_of(path: os.PathLike[str] | str, *, fresh: bool = False) -> str:
    """What a test's database path stands for: the path itself, or in a --postgres run the
    server database made for it (empty at the current schema the first time, or if `fresh`)."""
    if POSTGRES is None:
        return os.fspath(path)
    name = PgServer.name_for(path)
    if fresh:
        POSTGRES.drop(name)
    if name not in POSTGRES.made:
        POSTGRES.create(name)
    return POSTGRES.url(name)


def new_database(path: Path) -> Database:
    """A new, empty ncdesk database at `path` (encrypted in an --encrypted run)."""
    if POSTGRES is not None:
        return open_database(url_of(path, fresh=True))
    if not ENCRYPTED:
        return open_database(path)
    from ncdesk.core.security.encryption import create_encrypted

    key = create_encrypted(path)
    _keys[path.resolve()] = key
    return open_database(path, key=key)


def reopen(path: Path, *, create: bool = True) -> Database:
    """The database at `path` opened again (with its key in an --encrypted run)."""
    if POSTGRES is not None:
        return open_database(url_of(path), create=create)
    return open_database(path, create=create, key=_keys.get(path.resolve()))


def copy_database(source: Path, target: Path) -> Path:
    """A closed database copied to `target`, its key file and key with it."""
    if POSTGRES is not None:
        POSTGRES.drop(PgServer.name_for(target))
        POSTGRES.create(PgServer.name_for(target), template=PgServer.name_for(source))
        return target
    shutil.copyfile(source, target)
    if keys_path(source).exists():
        shutil.copyfile(keys_path(source), keys_path(target))
    if source.resolve() in _keys:
        _keys[target.resolve()] = _keys[source.resolve()]
    return target
