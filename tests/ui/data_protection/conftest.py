"""Backups, restore, subject access, erasure and retention in the window: start-ups (for the
tests that need the app's own start) and a backup folder chosen in the settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.settings import get_settings, save_settings
from ncdesk.ui.main_window import MainWindow
from tests.disks import read_only_folder, small_disk  # noqa: F401  (fixtures)
from tests.ui.access.conftest import start_on, started  # noqa: F401  (fixtures)
from tests.ui.conftest import MakeWindow

StartedWindow = Callable[[Database], MainWindow]


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


@pytest.fixture
def started_window(qtbot: QtBot, make_window: MakeWindow) -> Iterator[StartedWindow]:
    """A window making automatic backups, as the app's own start-up makes it; closed without
    its closing backup afterwards if the test left it open."""
    made: list[MainWindow] = []

    def start(db: Database) -> MainWindow:
        window = make_window(db)
        window.backups.start()
        qtbot.waitUntil(lambda: window.backups.settings == get_settings(db))
        made.append(window)
        return window

    yield start
    for window in made:
        if shiboken6.isValid(window) and window.isVisible():
            if window.backups.note is not None:
                window.backups.note.made()  # a note left waiting: let it go
            window.close_without_backup()
