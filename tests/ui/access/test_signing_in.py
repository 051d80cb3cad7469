"""Signing in at start-up: asked only when the database has accounts (or is encrypted), a
wrong password said plainly, the dialog responsive while the core checks, Esc quits, and
the window saying who is signed in. Without accounts the window says anyone can see
everything, and offers to add an admin."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ncdesk.ui.access.sign_in_dialog
from ncdesk.core.db import Database, open_database
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.admin.user_dialogs import AddUserDialog
from ncdesk.ui.main_window import MainWindow
from tests.ui.access.conftest import StartOn, sign_in_with_keys, wait_for_sign_in
from tests.ui.accounts import PASSWORD
from tests.ui.helpers import focused, type_here


def test_a_wrong_password_is_said_plainly_then_the_right_one_opens_the_window(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path
) -> None:
    startup = start_on(accounts_path)
    dialog = wait_for_sign_in(qtbot, startup)
    assert focused() is dialog.form.login

    sign_in_with_keys(qtbot, "vic", "not the password at all")

    qtbot.waitUntil(lambda: "not right" in dialog.form.message.text())
    assert dialog.form.message.text() == "\N{WARNING SIGN} The login or password is not right."
    assert dialog.isVisible() and startup.window is None
    assert dialog.form.login.text() == "vic"
    assert dialog.form.password.text() == ""
    assert focused() is dialog.form.password

    type_here(qtbot, PASSWORD)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    window = startup.window
    assert window is not None and startup.db is not None
    assert startup.db.user is not None and startup.db.user.login == "vic"
    qtbot.waitUntil(lambda: "Fenland Village Care" in window.windowTitle())
    assert window.windowTitle().endswith("— Vic Volunteer (volunteer)")
    assert window.who_status.text() == "Signed in: Vic Volunteer (vic), volunteer"
    assert not window.no_accounts.isVisible()


def test_the_dialog_says_checking_and_stays_responsive_while_the_password_is_checked(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_on = threading.Event()

    def slow_open_as(value: object, credentials: Credentials | None, **kw: object) -> Database:
        go_on.wait(10)  # as the core does after several wrong passwords
        return open_as(value, credentials, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ncdesk.ui.access.sign_in_dialog, "open_as", slow_open_as)
    startup = start_on(accounts_path)
    dialog = wait_for_sign_in(qtbot, startup)
    sign_in_with_keys(qtbot, "ada")

    qtbot.wait(100)  # the event loop runs on: nothing is frozen
    assert dialog.form.message.text() == "Checking…"
    assert not dialog.form.password.isEnabled() and not dialog.form.sign_in_button.isEnabled()
    go_on.set()
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    assert startup.window is not None
    assert startup.window.who_status.text() == "Signed in: Ada Admin (ada), admin"


def test_escape_at_sign_in_quits(qtbot: QtBot, start_on: StartOn, accounts_path: Path) -> None:
    startup = start_on(accounts_path)
    dialog = wait_for_sign_in(qtbot, startup)
    with qtbot.waitSignal(startup.stopped) as stopped:
        qtbot.keyClick(dialog.form.login, Qt.Key.Key_Escape)
    assert stopped.args == [0]
    assert startup.window is None and startup.db is None


def test_a_database_without_accounts_opens_as_before_without_asking(
    qtbot: QtBot, start_on: StartOn, tmp_path: Path
) -> None:
    path = tmp_path / "plain.db"
    open_database(path).close()
    startup = start_on(path)
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    assert startup.sign_in is None
    window = startup.window
    assert window is not None
    assert window.no_accounts.isVisible()


def test_without_accounts_the_window_says_anyone_can_see_everything_and_adds_an_admin(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    banner = window.no_accounts
    assert banner.isVisible()
    assert "Anyone at this PC can see everything: add an admin" in banner.message.text()
    assert window.who_status.text() == "Nobody signs in here yet"

    banner.add_button.setFocus()
    qtbot.keyClick(banner.add_button, Qt.Key.Key_Space)

    admin = window.stack.currentWidget()
    assert isinstance(admin, AdminScreen)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddUserDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    assert [dialog.role.itemText(i) for i in range(dialog.role.count())] == ["Admin"]
    type_here(qtbot, "sam")
    for text in ("Sam Lead", None, PASSWORD, PASSWORD):  # name, role (only Admin), passwords
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if text:
            type_here(qtbot, text)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not banner.isVisible())
    assert window.windowTitle().endswith("— Sam Lead (admin)")
    assert window.who_status.text() == "Signed in: Sam Lead (sam), admin"
    qtbot.waitUntil(lambda: admin.users.logins() == ["sam"])
    assert empty_db.accounts and empty_db.user is not None and empty_db.user.login == "sam"
