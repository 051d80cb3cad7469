"""Consistent copies of a SQLite database, made with SQLite's online backup API and verified."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ncdesk.core.db import check_database
from ncdesk.core.errors import DatabaseError
from ncdesk.core.files import copy_sqlite


def backup_database(db_path: Path, target: Path) -> Path:
    """`ncdesk backup`: a consistent, verified copy of a database that may be in use."""
    if not db_path.is_file():
        raise DatabaseError(f"There is no database at {db_path}.")
    if target.resolve() == db_path.resolve():
        raise DatabaseError("The backup must go to a different file from the database.")
    if target.is_dir():
        target = target / f"{db_path.stem}-backup-{datetime.now():%Y%m%d-%H%M%S}.db"
    copy_sqlite(db_path, target)
    report = check_database(str(target))
    if not report.ok:
        target.unlink(missing_ok=True)
        raise DatabaseError(f"The backup failed its check: {'; '.join(report.problems)}")
    return target


def restore_database(db_path: Path, source: Path) -> Path | None:
    """`ncdesk restore`: check the backup, keep the current database aside, then put the
    backup in its place. Returns where the current database was kept (None if there was none)."""
    if not source.is_file():
        raise DatabaseError(f"There is no backup at {source}.")
    report = check_database(str(source))
    if not report.ok:
        raise DatabaseError(f"{source} cannot be restored: {'; '.join(report.problems)}")
    kept: Path | None = None
    if db_path.is_file():
        kept = db_path.with_name(
            f"{db_path.stem}.before-restore-{datetime.now():%Y%m%d-%H%M%S}{db_path.suffix}"
        )
        copy_sqlite(db_path, kept)
    incoming = db_path.with_name(db_path.name + ".restoring")
    copy_sqlite(source, incoming)
    for leftover in (
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)
    incoming.replace(db_path)
    return kept
