"""The work behind every backup the window makes (plain values in, plain values out, for the
background runner): a missing backup folder comes back as an answer to show, not an error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ncdesk.core.db import Database
from ncdesk.core.io.auto_backup import BackupFolderMissing, backup_folder, make_backup
from ncdesk.core.services.settings import get_settings


@dataclass(frozen=True)
class Backed:
    """A backup made (`made`), or the folder that was not there (`missing`)."""

    made: Path | None
    missing: Path | None = None


def back_up(db: Database) -> Backed:
    """A verified backup into the settings' folder, or word of the folder being absent."""
    try:
        return Backed(make_backup(db))
    except BackupFolderMissing:
        return Backed(None, backup_folder(get_settings(db)))


def folder_missing(folder: Path) -> str:
    return QCoreApplication.translate(
        "Backups",
        "Backup folder {folder} is not there — is the USB stick plugged in? No backup was "
        "made; ncdesk will try again.",
    ).format(folder=folder)
