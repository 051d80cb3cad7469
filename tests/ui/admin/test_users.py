"""Admin ▸ Users: every account with its role and status; adding a user, a new password, a
new role and disabling, all from the keyboard, with the core's refusals said plainly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.security.access import AccountDisabled, Credentials, open_as
from ncdesk.core.security.accounts import list_users
from ncdesk.core.security.keys import WrongPassword
from ncdesk.core.security.roles import COORDINATOR
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.admin.users_tab import COL_LAST, COL_ROLE, COL_STATUS, UsersTab
from ncdesk.ui.main_window import MainWindow
from tests.ui.accounts import PASSWORD
from tests.ui.helpers import click_button, focused, press, type_here, wait_for_message_box

CTRL = Qt.KeyboardModifier.ControlModifier
WindowAs = Callable[[str], MainWindow]


def users_tab(qtbot: QtBot, window: MainWindow) -> UsersTab:
    press(qtbot, Qt.Key.Key_7, CTRL)
    admin = window.stack.currentWidget()
    assert isinstance(admin, AdminScreen)
    qtbot.waitUntil(lambda: admin.users.logins() == ["ada", "cody", "vic"])
    return admin.users


def the_dialog(qtbot: QtBot) -> QDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, QDialog)
    dialog.activateWindow()  # the offscreen platform gives a new dialog no keyboard
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def select(qtbot: QtBot, tab: UsersTab, login: str) -> None:
    tab.view.setFocus()
    row = tab.logins().index(login)
    while tab.view.currentIndex().row() != row:
        press(qtbot, Qt.Key.Key_Down if tab.view.currentIndex().row() < row else Qt.Key.Key_Up)


def test_the_list_shows_each_users_role_status_and_last_sign_in(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    tab = users_tab(qtbot, window_as("ada"))
    model = tab.model
    assert [model.index(r, COL_ROLE).data() for r in range(3)] == [
        "Admin",
        "Coordinator",
        "Volunteer",
    ]
    assert [model.index(r, COL_STATUS).data() for r in range(3)] == ["Can sign in"] * 3
    assert model.index(0, COL_LAST).data() != ""  # ada has just signed in
    assert model.index(1, COL_LAST).data() == ""  # cody never has
    assert focused() is tab.view


def test_an_admin_adds_a_user_with_the_keyboard_alone(
    qtbot: QtBot, window_as: WindowAs, accounts_path: Path
) -> None:
    tab = users_tab(qtbot, window_as("ada"))
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialog = the_dialog(qtbot)
    assert focused() is dialog.login  # type: ignore[attr-defined]
    type_here(qtbot, "sam.jones")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Sam Jones")
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.role.currentText() == "Volunteer"  # type: ignore[attr-defined]
    type_here(qtbot, "C")  # Coordinator
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "sam's own long phrase")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "sam's own long phrase")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "sam.jones" in tab.logins())
    assert tab.feedback.text() == "Added sam.jones as a coordinator."
    assert tab.current_user() is not None and tab.current_user().login == "sam.jones"
    sam = open_as(accounts_path, Credentials("sam.jones", "sam's own long phrase"))
    try:
        assert sam.user is not None and sam.user.role == COORDINATOR
    finally:
        sam.close()


def test_passwords_that_differ_or_are_too_short_are_explained_by_their_fields(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    tab = users_tab(qtbot, window_as("ada"))
    dialog = tab.add_user()
    the_dialog(qtbot)
    type_here(qtbot, "Bad Login!")
    dialog.password.setText("short")
    dialog.again.setText("shorter")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.problem("password_again") == "\N{WARNING SIGN} The two passwords are not the same"

    dialog.again.setText("short")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.problem("login") != "")
    assert "lower-case letters" in dialog.problem("login")
    assert dialog.isVisible()
    dialog.login.setText("bea")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.problem("password") != "")
    assert "at least 10 characters" in dialog.problem("password")
    dialog.reject()


def test_disabling_the_last_admin_is_refused_plainly(qtbot: QtBot, window_as: WindowAs) -> None:
    tab = users_tab(qtbot, window_as("ada"))
    select(qtbot, tab, "ada")
    press(qtbot, Qt.Key.Key_Delete)
    box = wait_for_message_box(qtbot)
    assert box.text() == "Disable ada?"
    click_button(qtbot, box, "Disable")

    box = wait_for_message_box(qtbot)
    assert box.text() == "ada is the last admin; make someone else an admin first."
    press(qtbot, Qt.Key.Key_Return)
    assert "last admin" in tab.feedback.text()
    assert tab.model.index(0, COL_STATUS).data() == "Can sign in"


def test_disable_then_a_new_password_lets_them_in_again(
    qtbot: QtBot, window_as: WindowAs, accounts_path: Path, sign_in: Callable[[str], Database]
) -> None:
    tab = users_tab(qtbot, window_as("ada"))
    select(qtbot, tab, "vic")
    press(qtbot, Qt.Key.Key_Delete)
    click_button(qtbot, wait_for_message_box(qtbot), "Disable")
    qtbot.waitUntil(lambda: tab.model.index(2, COL_STATUS).data() == "Disabled")
    assert tab.feedback.text() == "vic can no longer sign in."
    with pytest.raises((AccountDisabled, WrongPassword)):  # encrypted: no key copy left
        open_as(accounts_path, Credentials("vic", PASSWORD))

    tab.window().activateWindow()  # as a window manager does once the box has gone
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.view)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # New password…
    dialog = the_dialog(qtbot)
    assert "Their account is disabled" in dialog.intro.text()  # type: ignore[attr-defined]
    type_here(qtbot, "vic's brand new phrase")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "vic's brand new phrase")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: tab.model.index(2, COL_STATUS).data() == "Can sign in")
    assert tab.feedback.text() == "vic has a new password."
    open_as(accounts_path, Credentials("vic", "vic's brand new phrase")).close()


def test_changing_a_role_by_keyboard(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    tab = users_tab(qtbot, window_as("ada"))
    select(qtbot, tab, "cody")
    press(qtbot, Qt.Key.Key_Return)  # Enter on a user: their role
    dialog = the_dialog(qtbot)
    assert dialog.role.currentText() == "Coordinator"  # type: ignore[attr-defined]
    type_here(qtbot, "A")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: tab.model.index(1, COL_ROLE).data() == "Admin")
    roles = {u.login: u.role.word for u in list_users(sign_in("ada"))}
    assert roles == {"ada": "admin", "cody": "admin", "vic": "volunteer"}
