"""The idle lock: after the organisation's idle minutes (a fraction of a minute here) the
window hides everything behind a password; the same user finds their unsaved typing where
they left it, someone else gets a window of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.access.conftest import StartOn, sign_in_with_keys, wait_for_sign_in
from tests.ui.accounts import PASSWORD
from tests.ui.dropin.conftest import open_dropin, wait_quiet
from tests.ui.helpers import focused, people_screen, press, type_here

CTRL = Qt.KeyboardModifier.ControlModifier
WindowAs = Callable[[str], MainWindow]


def wait_until_locked(qtbot: QtBot, window: MainWindow) -> None:
    """Idle for a fraction of a minute, until the lock comes down (then no more locking,
    so the test's own pauses cannot lock it again). The organisation's setting is read on
    the runner after sign-in: it is waited for, or arriving late it would put 10 minutes back."""
    qtbot.waitUntil(lambda: window.settings_read)
    window.idle_lock.set_minutes(0.005)  # 0.3 seconds
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=5_000)
    window.idle_lock.set_minutes(0)


def unlock_with(qtbot: QtBot, window: MainWindow, password: str = PASSWORD) -> None:
    window.activateWindow()
    panel = window.idle_lock.panel
    qtbot.waitUntil(lambda: focused() is panel.form.password)
    type_here(qtbot, password)
    press(qtbot, Qt.Key.Key_Return)


def test_the_lock_follows_the_organisations_setting(
    window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    window = window_as("vic")
    assert window.idle_lock.idle.minutes == get_settings(sign_in("ada")).idle_lock_minutes == 10
    assert window.idle_lock.idle.is_counting()


def test_after_idle_minutes_the_window_locks_and_nothing_of_it_can_be_seen_or_reached(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    window = window_as("vic")
    screen = people_screen(window)
    qtbot.waitUntil(lambda: screen.finder.model.rowCount() > 0)

    wait_until_locked(qtbot, window)

    panel = window.idle_lock.panel
    assert panel.isVisible() and not screen.isVisible() and not window.sidebar.isVisible()
    assert not window.statusBar().isVisible()
    assert "Vic Volunteer (vic)" in panel.same_user.text()
    assert "anything Vic Volunteer had not saved is lost" in panel.someone_else.text()
    assert panel.form.login.text() == "vic"
    assert focused() is panel.form.password
    # Keys that would open areas, menus or the form do nothing while locked.
    for key, modifier in (
        (Qt.Key.Key_2, CTRL),
        (Qt.Key.Key_N, CTRL),
        (Qt.Key.Key_F, CTRL),
    ):
        press(qtbot, key, modifier)
        assert window.idle_lock.locked and not screen.isVisible()
    for _ in range(12):
        press(qtbot, Qt.Key.Key_Tab)
        assert panel.isAncestorOf(focused())
    items = [a for m in window.menuBar().actions() for a in m.menu().actions()]
    assert not any(a.isEnabled() for a in items if not a.isSeparator())


def test_unlocking_as_the_same_user_finds_a_half_typed_new_person_intact(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    window = window_as("vic")
    screen = people_screen(window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert focused() is screen.form.inputs["first_name"]
    type_here(qtbot, "Halina")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Half-Typed")

    wait_until_locked(qtbot, window)
    unlock_with(qtbot, window, "not my password at all")
    qtbot.waitUntil(lambda: "not right" in window.idle_lock.panel.form.message.text())
    assert window.idle_lock.locked
    unlock_with(qtbot, window)

    qtbot.waitUntil(lambda: not window.idle_lock.locked)
    assert screen.isVisible() and window.statusBar().isVisible()
    assert screen.form.inputs["first_name"].text() == "Halina"
    assert screen.form.inputs["last_name"].text() == "Half-Typed"
    assert focused() is screen.form.inputs["last_name"]  # where the cursor was
    assert screen.person is None and screen.form.is_changed()  # still not saved


def test_unlocking_finds_a_half_filled_first_timer_at_the_desk_intact(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    window = window_as("vic")
    desk = open_dropin(qtbot, window)
    type_here(qtbot, "Ottoline Vane")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)  # add as new
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "CB7 5")

    wait_until_locked(qtbot, window)
    assert not desk.first_timer.isVisible()
    unlock_with(qtbot, window)

    qtbot.waitUntil(lambda: not window.idle_lock.locked)
    form = desk.first_timer
    assert form.isVisible() and not desk.checkin.view.isVisible()
    assert form.inputs["first_name"].text() == "Ottoline"
    assert form.inputs["last_name"].text() == "Vane"
    assert form.inputs["postcode"].text() == "CB7 5"
    assert focused() is form.inputs["postcode"]


def test_a_dialog_open_when_the_lock_came_is_hidden_and_back_after(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    window = window_as("cody")
    dialog = window.change_password()
    qtbot.keyClicks(dialog.current, "half a pass")

    wait_until_locked(qtbot, window)
    assert not dialog.isVisible()
    unlock_with(qtbot, window)

    qtbot.waitUntil(lambda: not window.idle_lock.locked)
    assert dialog.isVisible() and dialog.current.text() == "half a pass"
    dialog.reject()


def test_ctrl_l_locks_at_once(qtbot: QtBot, window_as: WindowAs) -> None:
    window = window_as("ada")
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert window.idle_lock.locked
    assert window.idle_lock.panel.reason.text() == "Locked."


def test_a_window_without_accounts_never_locks(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.settings_read)
    window.idle_lock.set_minutes(0.002)
    qtbot.wait(400)
    assert not window.idle_lock.locked
    assert not window.lock_action.isVisible()
    window.idle_lock.set_minutes(0)


def test_someone_else_signing_in_at_the_lock_gets_a_fresh_window(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path
) -> None:
    startup = start_on(accounts_path)
    wait_for_sign_in(qtbot, startup)
    sign_in_with_keys(qtbot, "vic")
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    first = startup.window
    assert first is not None
    first.activateWindow()
    screen = people_screen(first)
    qtbot.waitUntil(lambda: focused() is screen.finder.search)
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_here(qtbot, "Unsaved")
    wait_until_locked(qtbot, first)
    panel = first.idle_lock.panel
    assert "the window then opens afresh for you" in panel.someone_else.text().lower()

    login = panel.form.login
    login.setFocus()
    login.selectAll()
    type_here(qtbot, "cody")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: startup.window is not first and startup.window is not None)
    fresh = startup.window
    assert fresh is not None and fresh.isVisible()
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # closed, and gone with its forms
    assert startup.db is not None and startup.db.user is not None
    assert startup.db.user.login == "cody"
    assert fresh.who_status.text() == "Signed in: Cody Coordinator (cody), coordinator"
    assert not fresh.idle_lock.locked
    new_screen = people_screen(fresh)
    assert new_screen is not screen and isinstance(new_screen, PeopleScreen)
    assert new_screen.form.inputs["first_name"].text() == ""
    # A coordinator's People screen has the fields a volunteer's had not.
    assert "date_of_birth" in new_screen.form.inputs
