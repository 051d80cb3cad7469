"""Where the database is, answered without loading SQLAlchemy: start-up asks whether this is
a first run (no database yet) before anything heavy is imported, so the main window can be
shown at once (docs/architecture.md, "Start-up")."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "NCDESK_DB"


def data_dir() -> Path:
    return platformdirs.user_data_path("ncdesk", appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "ncdesk.db"


def demo_db_path() -> Path:
    return data_dir() / "ncdesk-demo.db"


def chosen(value: str | os.PathLike[str] | None) -> str:
    """The database asked for: the `--db` value, else NCDESK_DB, else the per-user default."""
    return os.fspath(value) if value else os.environ.get(ENV_VAR) or str(default_db_path())


def is_new_file(value: str | os.PathLike[str] | None) -> bool:
    """True when the value (`--db`, else NCDESK_DB, else the default) names a SQLite file by
    its path and there is no database there yet: a first run. A URL, or a value that is not
    usable, is left to `ncdesk.core.db` to open or to refuse (False)."""
    raw = chosen(value)
    if not raw.strip() or "://" in raw:
        return False
    path = Path(raw).expanduser()
    return not path.exists() or (path.is_file() and path.stat().st_size == 0)
