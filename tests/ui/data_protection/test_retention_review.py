"""Admin ▸ Retention review: the people with no contact for the settings' number of years,
ticked with Space or all at once, the count shown before anything happens, then archived, or
erased after asking once, naming the count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ncdesk.core.services.data_protection
from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.services.people import add_person, get_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.admin.retention_tab import RetentionTab
from ncdesk.ui.main_window import MainWindow
from tests.ui.conftest import MakeWindow
from tests.ui.helpers import click_button, focused, press, wait_for_message_box

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
NAMES = ("Agatha Brindlecombe", "Basil Cottingham", "Cressida Dunmore")


@pytest.fixture
def seven_years_on(monkeypatch: pytest.MonkeyPatch) -> date:
    """The review run seven years from now: everyone registered today is long quiet."""
    later = today() + timedelta(days=365 * 7)
    monkeypatch.setattr(ncdesk.core.services.data_protection, "today", lambda: later)
    return later


def quiet_people(db: Database) -> list[int]:
    ids = []
    for name in NAMES:
        first, last = name.split()
        ids.append(add_person(db, PersonDetails(first_name=first, last_name=last)).id)
    return ids


def retention_tab(qtbot: QtBot, window: MainWindow) -> RetentionTab:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, Qt.Key.Key_7, CTRL)
    admin = window.stack.currentWidget()
    assert isinstance(admin, AdminScreen)
    press(qtbot, Qt.Key.Key_6, ALT)
    assert admin.tabs.currentWidget() is admin.retention
    qtbot.waitUntil(lambda: admin.retention.list.people.total() > 0)
    return admin.retention


def listed(tab: RetentionTab) -> list[tuple[str, str]]:
    model = tab.list.people
    return [
        (model.index(row, 0).data(), model.index(row, 3).data()) for row in range(model.rowCount())
    ]


def test_archiving_the_ticked_people(
    qtbot: QtBot, make_window: MakeWindow, empty_db: Database, seven_years_on: date
) -> None:
    ids = quiet_people(empty_db)
    tab = retention_tab(qtbot, make_window(empty_db))
    assert tab.years.value() == 6 == get_settings(empty_db).retention_years
    assert sorted(name for name, _ in listed(tab)) == sorted(NAMES)
    assert tab.count.text() == "0 of 3 ticked"
    assert not tab.archive_button.isEnabled()
    assert focused() is tab.list

    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert tab.count.text() == "2 of 3 ticked"
    ticked = tab.ticked()
    assert len(ticked) == 2 and tab.archive_button.isEnabled()
    assert tab.list.people.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )

    press(qtbot, Qt.Key.Key_R, ALT)  # Archive ticked

    qtbot.waitUntil(lambda: tab.feedback.text() == "Archived 2 people.")
    qtbot.waitUntil(lambda: sum(1 for _, a in listed(tab) if a == "Archived") == 2)
    assert tab.count.text() == "0 of 3 ticked"
    assert [get_person(empty_db, i).archived for i in ids] == [i in ticked for i in ids]


def test_erasing_the_ticked_people_asks_once_naming_the_count(
    qtbot: QtBot, make_window: MakeWindow, empty_db: Database, seven_years_on: date
) -> None:
    ids = quiet_people(empty_db)
    tab = retention_tab(qtbot, make_window(empty_db))

    press(qtbot, Qt.Key.Key_A, ALT)  # Select all (a button's Alt+letter clicks it shortly)
    qtbot.waitUntil(lambda: tab.count.text() == "3 of 3 ticked")
    press(qtbot, Qt.Key.Key_E, ALT)  # Erase ticked…
    box = wait_for_message_box(qtbot)
    assert box.text() == "Erase 3 people?"
    assert "All of them are erased in one go, or none." in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.wait(100)
    assert all(get_person(empty_db, i).erased_at is None for i in ids)

    tab.window().activateWindow()  # the offscreen platform gives the window back no keyboard
    tab.list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.list)
    press(qtbot, Qt.Key.Key_E, ALT)
    click_button(qtbot, wait_for_message_box(qtbot), "Erase 3 people")

    qtbot.waitUntil(lambda: tab.feedback.text().startswith("Erased 3 people"))
    refs = tab.feedback.text().removeprefix("Erased 3 people; their records are now ")
    assert [r.startswith("E") for r in refs.rstrip(".").split(", ")] == [True] * 3
    assert all(get_person(empty_db, i).erased_at is not None for i in ids)
    qtbot.waitUntil(lambda: tab.list.people.total() == 0)
    assert tab.count.text() == "Nobody has gone without contact for that long."


def test_the_years_are_changed_on_the_tab_and_kept_in_the_settings(
    qtbot: QtBot, make_window: MakeWindow, empty_db: Database, seven_years_on: date
) -> None:
    quiet_people(empty_db)
    tab = retention_tab(qtbot, make_window(empty_db))
    tab.years.setFocus()
    tab.years.selectAll()
    qtbot.keyClicks(tab.years, "8")

    qtbot.waitUntil(lambda: tab.list.people.total() == 0 and not tab.is_listing())
    assert get_settings(empty_db).retention_years == 8
