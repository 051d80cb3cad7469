"""Files ncdesk writes: consistent copies of a SQLite database, made with SQLite's online
backup API and verified before they take the target's name."""

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
