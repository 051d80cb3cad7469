"""Restoring from Admin ▸ Backups, through the app's own start-up: asked once, plainly; done in
the background; the window opened again on the restored data, signed in when the backup's
accounts know the password typed, asked to sign in when they do not; refused, changing
nothing, while another ncdesk has the file open."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.security.access import Credentials, open_as
from ncdesk.core.security.accounts import change_own_password
from ncdesk.core.services.people import add_person, search_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.admin.restore_dialog import RestoreDialog
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.startup import Startup
from tests.ui.access.conftest import StartOn, sign_in_with_keys, wait_for_sign_in
from tests.ui.accounts import PASSWORD
from tests.ui.data_protection.test_backups_tab import CHECKS_OUT, backups_tab, checks
from tests.ui.helpers import press, type_here, wait_for_message_box

ALT = Qt.KeyboardModifier.AltModifier
NEW_PASSWORD = "a different long phrase"


def signed_in(qtbot: QtBot, startup: Startup, login: str = "ada") -> MainWindow:
    wait_for_sign_in(qtbot, startup)
    sign_in_with_keys(qtbot, login)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    assert startup.window is not None
    return startup.window


def backed_up(qtbot: QtBot, window: MainWindow) -> None:
    """Back up now from Admin ▸ Backups, and see it check out."""
    tab = backups_tab(qtbot, window)
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: checks(tab) == [CHECKS_OUT])


def restore_dialog(qtbot: QtBot, window: MainWindow) -> RestoreDialog:
    tab = backups_tab(qtbot, window)
    tab.list.setFocus()
    press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RestoreDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RestoreDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password)
    return dialog


def names(startup: Startup, text: str) -> list[str]:
    assert startup.db is not None
    return [p.name for p in search_people(startup.db, text, include_archived=True)]


def test_restoring_a_backup_reopens_the_window_signed_in_on_the_restored_data(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path
) -> None:
    startup = start_on(accounts_path)
    first = signed_in(qtbot, startup)
    backed_up(qtbot, first)
    assert startup.db is not None
    add_person(startup.db, PersonDetails(first_name="Added", last_name="Afterwards"))
    assert names(startup, "afterwards") == ["Added Afterwards"]

    dialog = restore_dialog(qtbot, first)
    text = dialog.intro.text()
    assert "Restore the backup made on" in text
    assert "accounts.before-restore-…" in text
    assert "Everyone else must close ncdesk first" in text
    assert "you may be asked to sign in again" in text
    press(qtbot, Qt.Key.Key_Return)  # no password typed: nothing happens
    assert dialog.problem("password") == "\N{WARNING SIGN} Type your own password"
    type_here(qtbot, "not my password")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "That is not your password." in dialog.problem("password"))
    dialog.password.clear()
    type_here(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: startup.window is not None and startup.window is not first)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))
    assert startup.db is not None and startup.db.user is not None
    assert startup.db.user.login == "ada"
    box = wait_for_message_box(qtbot)
    assert box.text().startswith("The backup is restored. The database as it was before is kept")
    [kept] = accounts_path.parent.glob("accounts.before-restore-*.db")
    assert str(kept) in box.text()
    box.accept()
    assert names(startup, "afterwards") == []  # the restored data is the backup's


def test_after_a_restore_whose_accounts_differ_the_user_signs_in_again(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path
) -> None:
    startup = start_on(accounts_path)
    first = signed_in(qtbot, startup)
    backed_up(qtbot, first)
    assert startup.db is not None
    change_own_password(startup.db, PASSWORD, NEW_PASSWORD)  # the backup knows the old one

    restore_dialog(qtbot, first)
    type_here(qtbot, NEW_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)

    dialog = wait_for_sign_in(qtbot, startup)  # the backup's ada has the old password
    assert not shiboken6.isValid(first) or not first.isVisible()
    assert startup.window is None
    sign_in_with_keys(qtbot, "ada", PASSWORD)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    assert not dialog.isVisible()
    box = wait_for_message_box(qtbot)
    assert box.text().startswith("The backup is restored.")
    box.accept()


def test_restore_is_refused_while_another_ncdesk_has_the_file_open(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path
) -> None:
    startup = start_on(accounts_path)
    first = signed_in(qtbot, startup)
    backed_up(qtbot, first)
    assert startup.db is not None
    add_person(startup.db, PersonDetails(first_name="Kept", last_name="Regardless"))
    command = open_as(accounts_path, Credentials("cody", PASSWORD))  # a command, say
    try:
        restore_dialog(qtbot, first)
        type_here(qtbot, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

        qtbot.waitUntil(lambda: startup.window is not None and startup.window is not first)
        box = wait_for_message_box(qtbot)
        assert box.text().startswith("Nothing was restored: another ncdesk")
        assert "close it, then restore again: nothing was changed" in box.text()
        box.accept()
        assert startup.db is not None and startup.db.user is not None
        assert startup.db.user.login == "ada"
        assert names(startup, "regardless") == ["Kept Regardless"]
        assert list(accounts_path.parent.glob("accounts.before-restore-*")) == []
    finally:
        command.close()
