"""Consistent copies of a SQLite database, made with SQLite's online backup API and verified."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ncdesk.core.errors import DatabaseError


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy `source` to `target` while others may be using it, then check the copy is sound."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if ok != "ok":
            raise DatabaseError(f"The copy of {source} failed its integrity check: {ok}")
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not copy the database to {target}: {exc}") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not write the copy to {target}: {exc.strerror}") from exc


def backup_database(db_path: Path, target: Path) -> Path:
    """`ncdesk backup`: a consistent, verified copy of a database that may be in use."""
    from ncdesk.core.db import check_database

    if not db_path.is_file():
        raise DatabaseError(f"There is no database at {db_path}.")
    if target.resolve() == db_path.resolve():
        raise DatabaseError("The backup must go to a different file from the database.")
    if target.is_dir():
        from datetime import datetime

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
    from datetime import datetime

    from ncdesk.core.db import check_database

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
