"""Automatic backups in the running window: one as it closes (a small note meanwhile; a failure
is said but never keeps ncdesk open), one every few hours, and a backup folder that is not
there shown as a line across the window, not a box, gone once a backup succeeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import ncdesk.ui.backups.making
from ncdesk.core.db import Database
from ncdesk.core.errors import DiskFull
from ncdesk.core.io.auto_backup import backups_in
from tests.ui.conftest import MakeWindow, SignIn
from tests.ui.data_protection.conftest import StartedWindow, choose_backup_folder


def backups(db: Database, folder: Path) -> list[Path]:
    assert db.path is not None
    return [b.path for b in backups_in(folder, db.path.stem)]


def no_box_open() -> bool:
    return not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_closing_the_window_makes_a_backup_with_a_note_meanwhile(
    qtbot: QtBot, started_window: StartedWindow, demo_db: Database, usb_stick: Path
) -> None:
    choose_backup_folder(demo_db, usb_stick)
    window = started_window(demo_db)

    window.close()

    note = window.backups.note
    assert note is not None and note.isVisible()
    assert note.message.text() == "Backing up…"
    assert window.isVisible()  # until the backup is made
    qtbot.waitUntil(lambda: not window.isVisible())
    [made] = backups(demo_db, usb_stick)
    assert made.name.startswith("demo-") and made.suffix == ".db"


def test_a_failed_closing_backup_is_said_and_ncdesk_still_closes(
    qtbot: QtBot,
    started_window: StartedWindow,
    empty_db: Database,
    usb_stick: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose_backup_folder(empty_db, usb_stick)
    window = started_window(empty_db)

    def full(_db: Database) -> Path:
        raise DiskFull("the disk is full: nothing was changed")

    monkeypatch.setattr(ncdesk.ui.backups.making, "make_backup", full)
    window.close()
    note = window.backups.note
    assert note is not None
    qtbot.waitUntil(lambda: note.buttons.isVisible())
    assert note.message.text() == (
        "No backup was made as ncdesk closed: the disk is full: nothing was changed"
    )
    assert window.isVisible()
    note.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note.close_button)
    qtbot.keyClick(note.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_backup_is_made_every_few_hours_while_the_window_is_open(
    qtbot: QtBot, started_window: StartedWindow, demo_db: Database, usb_stick: Path
) -> None:
    choose_backup_folder(demo_db, usb_stick)
    window = started_window(demo_db)
    opened = datetime.now()

    assert not window.backups.check(opened + timedelta(hours=2, minutes=59))
    assert window.backups.check(opened + timedelta(hours=3, minutes=1))
    qtbot.waitUntil(lambda: len(backups(demo_db, usb_stick)) == 1)
    assert not window.backups.check(opened + timedelta(hours=3, minutes=2))  # just made one
    assert window.backup_warning.text() == ""


def test_a_missing_backup_folder_is_a_line_on_screen_until_a_backup_succeeds(
    qtbot: QtBot, started_window: StartedWindow, demo_db: Database, tmp_path: Path
) -> None:
    stick = choose_backup_folder(demo_db, tmp_path / "usb-stick")  # left at home: not there
    window = started_window(demo_db)
    later = datetime.now() + timedelta(hours=4)

    assert window.backups.check(later)
    qtbot.waitUntil(lambda: window.backup_warning.isVisible())
    assert window.backup_warning.text() == (
        f"\N{WARNING SIGN} Backup folder {stick} is not there — is the USB stick plugged in? "
        "No backup was made; ncdesk will try again."
    )
    assert no_box_open()
    assert not stick.exists()  # never made on the PC's own disk instead

    stick.mkdir()  # plugged in
    assert not window.backups.check(later + timedelta(minutes=1))  # tries again a bit later
    assert window.backups.check(later + timedelta(minutes=11))
    qtbot.waitUntil(lambda: not window.backup_warning.isVisible())
    assert len(backups(demo_db, stick)) == 1


def test_a_missing_folder_as_the_window_closes_is_said_and_it_still_closes(
    qtbot: QtBot, started_window: StartedWindow, empty_db: Database, tmp_path: Path
) -> None:
    stick = choose_backup_folder(empty_db, tmp_path / "usb-stick")
    window = started_window(empty_db)

    window.close()
    note = window.backups.note
    assert note is not None
    qtbot.waitUntil(lambda: note.buttons.isVisible())
    assert note.message.text().startswith(f"Backup folder {stick} is not there")
    note.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note.close_button)
    qtbot.keyClick(note.close_button, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_window_nobody_started_backups_for_closes_at_once(
    qtbot: QtBot, make_window: MakeWindow, empty_db: Database, usb_stick: Path
) -> None:
    choose_backup_folder(empty_db, usb_stick)
    window = make_window(empty_db)
    window.close()
    assert not window.isVisible() and window.backups.note is None
    assert backups(empty_db, usb_stick) == []


def test_a_volunteers_window_makes_automatic_backups_too(
    qtbot: QtBot, started_window: StartedWindow, sign_in: SignIn, usb_stick: Path
) -> None:
    choose_backup_folder(sign_in("ada"), usb_stick)  # an admin chose the folder
    vic = sign_in("vic")
    window = started_window(vic)

    assert window.backups.check(datetime.now() + timedelta(hours=4))
    qtbot.waitUntil(lambda: len(backups(vic, usb_stick)) == 1)
    assert window.backup_warning.text() == ""
