"""`ncdesk backup` and `ncdesk restore`: verified copies made with SQLite's online backup API.

A backup never lands on something that is not an older ncdesk backup (and replaces one only
when told to); a restore takes only a complete ncdesk database that passes `check`, refuses
while any other ncdesk has the database open, keeps the current file aside, and writes the
backup into the database through SQLite's own locking, so no file is ever swapped from under
a program that still has it open.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from ncdesk.core.db import CheckReport, check_database, no_database_at
from ncdesk.core.errors import DatabaseError, NcdeskError, OutputRefused
from ncdesk.core.files import (
    check_output_path,
    companions,
    copy_pages,
    copy_sqlite,
    is_sqlite_file,
    write_text,
)
from ncdesk.core.locks import sole_use
from ncdesk.core.security.keys import keys_path


class BackupExists(OutputRefused):
    """The target is an older ncdesk backup; replacing it needs the user's say-so."""


def _ncdesk_database(path: Path, key: bytes | None = None) -> CheckReport | None:
    """The check of `path` if it is a complete ncdesk database, else None."""
    if not path.is_file() or path.stat().st_size < 512:
        return None  # not even one page: a header and nothing else
    if key is None and not is_sqlite_file(path):
        return None
    try:
        report = check_database(str(path), key=key)
    except NcdeskError:
        return None
    if report.state is None or report.state.current is None:
        return None
    return report


def backup_target(
    db_path: Path, target: Path, *, replace: bool = False, key: bytes | None = None
) -> Path:
    """Where a backup of `db_path` asked for at `target` goes: a folder gets a dated file; an
    existing file must be an older ncdesk backup, replaced only with `replace`."""
    if target.is_dir():
        target = target / f"{db_path.stem}-backup-{datetime.now():%Y%m%d-%H%M%S}.db"
    if Path(os.path.realpath(target)) in companions(Path(os.path.realpath(db_path))):
        raise OutputRefused(
            f"{target} is the database itself (or one of its files); a backup goes to another "
            "file: nothing was written"
        )
    check_output_path(target, may_replace_database=True)
    if target.exists():
        if _ncdesk_database(target, key if keys_path(target).exists() else None) is None:
            raise OutputRefused(
                f"{target} already exists and is not an ncdesk backup; choose another name: "
                "nothing was written"
            )
        if not replace:
            raise BackupExists(
                f"{target} is an older backup; add --force to replace it: nothing was written"
            )
    return target


def backup_database(
    db_path: Path, target: Path, *, replace: bool = False, key: bytes | None = None
) -> Path:
    """A consistent, verified copy of a database that may be in use. An encrypted database's
    backup is encrypted with the same key, and its key file goes beside it."""
    if not db_path.is_file():
        raise no_database_at(db_path)
    target = backup_target(db_path, target, replace=replace, key=key)
    copy_sqlite(db_path, target, key=key, may_replace_database=True)
    report = check_database(str(target), key=key)
    if not report.ok:
        target.unlink(missing_ok=True)
        raise DatabaseError(f"The backup failed its check: {'; '.join(report.lines()[1:])}")
    if key is not None:
        write_text(keys_path(target), keys_path(db_path).read_text(encoding="utf-8"))
    else:
        keys_path(target).unlink(missing_ok=True)  # an older encrypted backup's, now stale
    return target


def restore_database(
    db_path: Path, source: Path, *, key: bytes | None = None, source_key: bytes | None = None
) -> Path | None:
    """Put a verified backup in place of the database. `key` opens the current database and
    `source_key` the backup (None for plain files). Returns where the current database was
    kept (None if there was none)."""
    if not source.is_file():
        raise DatabaseError(f"There is no backup at {source}.")
    report = _ncdesk_database(source, source_key)
    if report is None:
        raise DatabaseError(
            f"{source} is not a complete ncdesk database (an empty or damaged file, or "
            "another program's): nothing was changed"
        )
    if not report.ok:
        raise DatabaseError(f"{source} cannot be restored: {'; '.join(report.problems)}")
    if db_path.exists() and db_path.resolve() == source.resolve():
        raise DatabaseError("The backup to restore is the database itself: nothing was changed")
    with sole_use(db_path, "restore"):
        if not db_path.is_file():
            copy_sqlite(source, db_path, key=source_key)
            _restore_key_file(source, db_path, source_key)
            return None
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        kept = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
        copy_sqlite(db_path, kept, key=key)
        if keys_path(db_path).exists():
            write_text(keys_path(kept), keys_path(db_path).read_text(encoding="utf-8"))
        if key == source_key:
            _write_into(source, db_path, key)
        else:  # encrypted one way and not the other: a new file, swapped in whole
            incoming = db_path.with_name(db_path.name + ".restoring")
            copy_sqlite(source, incoming, key=source_key, may_replace_database=True)
            for leftover in (db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")):
                leftover.unlink(missing_ok=True)
            os.replace(incoming, db_path)
        _restore_key_file(source, db_path, source_key)
        return kept


def _restore_key_file(source: Path, db_path: Path, source_key: bytes | None) -> None:
    """The restored database's users are the backup's, so its key file comes too."""
    if source_key is not None and keys_path(source).exists():
        write_text(keys_path(db_path), keys_path(source).read_text(encoding="utf-8"))
    elif source_key is None:
        keys_path(db_path).unlink(missing_ok=True)


def _write_into(source: Path, db_path: Path, key: bytes | None) -> None:
    """Copy the backup's pages into the live database in one SQLite transaction: a program
    still reading sees the old content or the new, never a replaced file or half of each."""
    problem = copy_pages(source, db_path, key, check="quick_check")
    if problem != "ok":
        raise DatabaseError(f"The restored database failed its check: {problem}")
