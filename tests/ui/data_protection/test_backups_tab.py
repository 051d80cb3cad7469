"""Admin ▸ Backups: the folder, every backup there checked one by one in the background, Back
up now, Back up to… a file (an older backup replaced only after asking, anything else
refused), and a damaged file said to be damaged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.services.settings import get_settings
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.admin.backups_tab import BackupsTab
from ncdesk.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow, SignIn
from tests.ui.data_protection.conftest import choose_backup_folder
from tests.ui.helpers import click_button, focused, press, wait_for_message_box

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CHECKS_OUT = "\N{CHECK MARK} Checks out"


def backups_tab(qtbot: QtBot, window: MainWindow) -> BackupsTab:
    """Admin (Ctrl+7), then its Backups tab (Alt+5), listed."""
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, Qt.Key.Key_7, CTRL)
    admin = window.stack.currentWidget()
    assert isinstance(admin, AdminScreen)
    press(qtbot, Qt.Key.Key_5, ALT)
    assert admin.tabs.currentWidget() is admin.backups
    qtbot.waitUntil(admin.backups.is_listed)
    return admin.backups


def checks(tab: BackupsTab) -> list[str]:
    return [tab.list.check_text(b) for b in tab.list.backups()]


def test_back_up_now_lists_the_backup_and_it_checks_out(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, usb_stick: Path
) -> None:
    db = sign_in("ada")
    choose_backup_folder(db, usb_stick)
    tab = backups_tab(qtbot, make_window(db))
    assert tab.folder.text() == str(usb_stick)
    assert tab.list.backups() == [] and not tab.restore_button.isEnabled()
    assert focused() is tab.list

    press(qtbot, Qt.Key.Key_N, ALT)  # Back up now

    qtbot.waitUntil(lambda: tab.feedback.text().startswith("Backed up to"))
    qtbot.waitUntil(lambda: len(tab.list.backups()) == 1)
    [backup] = tab.list.backups()
    assert tab.feedback.text() == f"Backed up to {backup.path}."
    assert backup.path.parent == usb_stick
    qtbot.waitUntil(lambda: checks(tab) == [CHECKS_OUT])
    row = tab.list.rows_model
    assert row.index(0, 2).data() == ("Yes" if db.encrypted else "No")
    assert row.index(0, 1).data().endswith("KB") or row.index(0, 1).data().endswith("MB")
    assert tab.restore_button.isEnabled()


def test_a_damaged_backup_is_said_to_be_damaged(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, usb_stick: Path
) -> None:
    db = sign_in("ada")
    choose_backup_folder(db, usb_stick)
    (usb_stick / "accounts-20250102-030405.db").write_bytes(b"SQLite format 3\x00" + b"x" * 8000)
    tab = backups_tab(qtbot, make_window(db))

    assert [b.path.name for b in tab.list.backups()] == ["accounts-20250102-030405.db"]
    qtbot.waitUntil(lambda: checks(tab) == ["\N{WARNING SIGN} Damaged"])
    assert tab.list.rows_model.index(0, 0).data() == "02/01/2025 03:04"


def test_a_missing_folder_is_said_on_the_tab(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, tmp_path: Path
) -> None:
    db = sign_in("ada")
    stick = choose_backup_folder(db, tmp_path / "left-at-home")
    tab = backups_tab(qtbot, make_window(db))
    assert tab.folder_note.isVisible()
    assert "is not there (is the USB stick plugged in?)" in tab.folder_note.text()

    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: "is not there" in tab.feedback.text())
    assert tab.feedback.text().startswith(f"\N{WARNING SIGN} Backup folder {stick} is not there")
    assert not stick.exists()


def test_changing_the_folder_saves_it_in_the_settings(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, usb_stick: Path
) -> None:
    db = sign_in("ada")
    tab = backups_tab(qtbot, make_window(db))
    tab.use_folder(usb_stick)  # what Change…'s folder dialog hands back
    qtbot.waitUntil(lambda: tab.folder.text() == str(usb_stick))
    assert get_settings(db).backup_folder == str(usb_stick)
    assert tab.feedback.text() == f"Backups go to {usb_stick} from now on."
    assert not tab.folder_note.isVisible()


def test_back_up_to_a_file_asks_before_replacing_an_older_backup(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, tmp_path: Path
) -> None:
    tab = backups_tab(qtbot, make_window(sign_in("ada")))
    target = tmp_path / "for-the-safe.db"

    tab.backup_to.back_up_to(target)  # the file the save dialog hands back
    qtbot.waitUntil(lambda: tab.feedback.text() == f"Backed up to {target}.")
    first = target.stat().st_mtime_ns

    tab.backup_to.back_up_to(target)
    box = wait_for_message_box(qtbot)
    assert box.text() == "Replace the older backup for-the-safe.db?"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Cancel: nothing happens
    qtbot.wait(100)
    assert target.stat().st_mtime_ns == first

    tab.backup_to.back_up_to(target)
    click_button(qtbot, wait_for_message_box(qtbot), "Replace")
    qtbot.waitUntil(lambda: target.stat().st_mtime_ns != first)
    qtbot.waitUntil(lambda: tab.feedback.text() == f"Backed up to {target}.")


def test_back_up_to_a_file_that_is_not_a_backup_is_refused(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, tmp_path: Path
) -> None:
    tab = backups_tab(qtbot, make_window(sign_in("ada")))
    letter = tmp_path / "letter.db"
    letter.write_text("Dear funder,\n", encoding="utf-8")

    tab.backup_to.back_up_to(letter)
    box = wait_for_message_box(qtbot)
    assert "already exists and is not an ncdesk backup" in box.text()
    box.accept()
    assert letter.read_text(encoding="utf-8") == "Dear funder,\n"
