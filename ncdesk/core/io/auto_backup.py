"""Automatic backups (DESIGN §3): a verified copy in the chosen folder when the app closes and
every few hours while it runs, thinned as Anki does: every copy from today and yesterday,
then the newest of each of the last N days, N weeks and N months.

Copies are named `NAME-YYYYMMDD-HHMMSS.db` (and `….db.keys` for an encrypted database); only
files of that shape are ever thinned, so nothing else in the folder is touched. A folder that
is not there (a USB stick left at home) is a warning the window shows, not a failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from ncdesk.core.db import Database, check_database
from ncdesk.core.db_location import data_dir
from ncdesk.core.errors import NcdeskError
from ncdesk.core.io.backup import backup_database, restore_database
from ncdesk.core.security.keys import keys_path
from ncdesk.core.security.roles import ADMIN, VOLUNTEER, needs
from ncdesk.core.services.settings import OrgSettings, get_settings

STAMP = "%Y%m%d-%H%M%S"


class BackupFolderMissing(NcdeskError):
    """The backup folder is not there now (an unplugged USB stick): warn, try again later."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made: datetime  # local time, from the name
    size: int
    encrypted: bool


def backup_folder(settings: OrgSettings) -> Path:
    """The folder chosen in the settings, else `backups` in ncdesk's data folder."""
    return (
        Path(settings.backup_folder).expanduser()
        if settings.backup_folder
        else data_dir() / "backups"
    )


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + r"-(\d{8}-\d{6})\.db")


def backups_in(folder: Path, stem: str) -> list[BackupFile]:
    """The automatic backups of database `stem` in `folder`, newest first."""
    if not folder.is_dir():
        return []
    pattern, found = _pattern(stem), []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found.append(
                BackupFile(
                    path,
                    datetime.strptime(match.group(1), STAMP),
                    path.stat().st_size,
                    keys_path(path).exists(),
                )
            )
    return sorted(found, key=lambda b: b.made, reverse=True)


def to_keep(
    backups: list[BackupFile], today: date, *, daily: int, weekly: int, monthly: int
) -> set[Path]:
    """Which copies the thinning keeps: all of today's and yesterday's; then the newest of
    each of the `daily` days before, of each of the `weekly` weeks before those, and of each
    of the `monthly` months before those."""
    keep: set[Path] = set()
    seen: set[tuple[str, object]] = set()
    for backup in sorted(backups, key=lambda b: b.made, reverse=True):
        day = backup.made.date()
        age = (today - day).days
        if age <= 1:
            keep.add(backup.path)
            continue
        if age <= 1 + daily:
            slot: tuple[str, object] = ("day", day)
        elif age <= 1 + daily + 7 * weekly:
            slot = ("week", day.isocalendar()[:2])
        elif age <= 1 + daily + 7 * weekly + 31 * monthly:
            slot = ("month", (day.year, day.month))
        else:
            continue
        if slot not in seen:
            seen.add(slot)
            keep.add(backup.path)
    return keep


@needs(VOLUNTEER, "back up the database")
def make_backup(db: Database, *, now: datetime | None = None) -> Path:
    """A verified copy of the open database in the backup folder, then the folder thinned.
    BackupFolderMissing when the folder is not there (it is not created: a missing USB stick
    must not become a folder on the PC's own disk)."""
    if db.path is None:
        raise NcdeskError(
            "This database is on a server: back it up there with pg_dump "
            "(docs/multi-pc.md says how); ncdesk's own backups are copies of a database file."
        )
    settings = get_settings(db)
    folder = backup_folder(settings)
    if not settings.backup_folder:
        folder.mkdir(parents=True, exist_ok=True)  # the default folder can be made
    if not folder.is_dir():
        raise BackupFolderMissing(
            f"The backup folder {folder} is not there (is the USB stick plugged in?): no "
            "backup was made this time."
        )
    now = now or datetime.now()
    made = backup_database(db.path, folder / f"{db.path.stem}-{now:{STAMP}}.db", key=db.key)
    thin(folder, db.path.stem, now.date(), settings)
    return made


def thin(folder: Path, stem: str, today: date, settings: OrgSettings) -> list[Path]:
    """Delete the automatic backups the thinning does not keep; returns what went."""
    backups = backups_in(folder, stem)
    keep = to_keep(
        backups,
        today,
        daily=settings.backups_kept,
        weekly=settings.backups_weekly,
        monthly=settings.backups_monthly,
    )
    gone = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            keys_path(backup.path).unlink(missing_ok=True)
            gone.append(backup.path)
    return gone


def due(last: datetime | None, settings: OrgSettings, now: datetime | None = None) -> bool:
    """Whether the app should back up now (every `backup_every_hours` while it runs)."""
    if settings.backup_every_hours <= 0:
        return False
    now = now or datetime.now()
    return last is None or now - last >= timedelta(hours=settings.backup_every_hours)


@needs(ADMIN, "see the backups")
def list_backups(db: Database) -> tuple[Path, list[BackupFile]]:
    """The backup folder and the automatic backups of this database in it, newest first."""
    folder = backup_folder(get_settings(db))
    return folder, backups_in(folder, db.path.stem) if db.path is not None else []


@needs(ADMIN, "check backups")
def backup_checks_out(db: Database, backup: Path) -> bool:
    """Whether a backup is a sound ncdesk database this database's key opens (a full
    integrity check: a few seconds for a large one, so run it in the background)."""
    try:
        return check_database(str(backup), key=db.key if keys_path(backup).exists() else None).ok
    except NcdeskError:
        return False


@needs(ADMIN, "restore a backup")
def restore_backup(db: Database, backup: Path) -> Path | None:
    """Put `backup` in place of the open database: the database is closed first (restore
    needs it to itself), the current file kept aside, the backup checked before it replaces
    anything. Returns where the current file was kept; reopen the database afterwards."""
    if db.path is None:
        raise NcdeskError(
            "This database is on a server: restore it there from a pg_dump backup with "
            "pg_restore (docs/multi-pc.md says how)."
        )
    source_key = db.key if keys_path(backup).exists() else None
    path, key = db.path, db.key
    db.close()
    return restore_database(path, backup, key=key, source_key=source_key)
