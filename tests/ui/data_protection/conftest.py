"""Backups, restore, subject access, erasure and retention in the window: start-ups (for the
tests that need the app's own start) and a backup folder chosen in the settings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ncdesk.core.db import Database
from ncdesk.core.services.settings import get_settings, save_settings
from tests.disks import read_only_folder, small_disk  # noqa: F401  (fixtures)
from tests.ui.access.conftest import start_on, started  # noqa: F401  (fixtures)


def choose_backup_folder(db: Database, folder: Path) -> Path:
    """Save `folder` as the backup folder (as Admin ▸ Settings would)."""
    save_settings(db, replace(get_settings(db), backup_folder=str(folder)))
    return folder


@pytest.fixture
def usb_stick(tmp_path: Path) -> Path:
    """A folder standing for a USB stick, plugged in (it exists)."""
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    return folder
