"""The main window: title from the settings, text size, areas (each built on its first visit)
and the status bar."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ncdesk import __version__
from ncdesk.core.db import Database
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.loans.loans_screen import LoansScreen
from ncdesk.ui.main_window import AREA_SCREENS, MainWindow
from ncdesk.ui.people.people_screen import PeopleScreen
from ncdesk.ui.reports.reports_screen import ReportsScreen
from tests.ui.helpers import focused, people_screen, press

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_title_and_status_bar_say_which_organisation_and_database(
    demo_window: MainWindow, demo_db: Database
) -> None:
    assert demo_window.windowTitle() == "ncdesk — Fenland Village Care (demo)"
    assert str(demo_db.path) in demo_window.database_status.text()
    assert demo_window.people_status.text() == "150 people"


def test_sidebar_lists_each_working_area_once_home_first(window: MainWindow) -> None:
    areas = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert areas[:2] == ["Home", "People"]
    assert len(areas) == len(set(areas)) == len(window.areas)
    assert "Drop-in" in areas


def test_changing_the_organisation_name_in_settings_changes_the_title(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    dialog = window.open_settings()
    dialog.organisation_name.selectAll()
    qtbot.keyClicks(dialog.organisation_name, "Soham Library Drop-in")
    qtbot.keyClick(dialog.organisation_name, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.windowTitle() == "ncdesk — Soham Library Drop-in")
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed
    assert get_settings(empty_db).organisation_name == "Soham Library Drop-in"


def test_a_blank_organisation_name_is_explained_in_the_settings_dialog(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    before = window.windowTitle()
    dialog = window.open_settings()
    dialog.organisation_name.clear()
    dialog.idle_lock_minutes.setValue(5)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )

    qtbot.waitUntil(lambda: dialog.errors.message("organisation_name") != "")
    assert "needs a name" in dialog.errors.message("organisation_name")
    assert dialog.isVisible()
    assert window.windowTitle() == before
    assert get_settings(empty_db).idle_lock_minutes == 10  # nothing saved


def test_ctrl_plus_makes_all_text_larger_and_ctrl_0_puts_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    field = people_screen(window).form.inputs["first_name"]
    before = field.font().pointSizeF()

    press(qtbot, Qt.Key.Key_Plus, CTRL)
    press(qtbot, Qt.Key.Key_Plus, CTRL)
    qtbot.waitUntil(lambda: field.font().pointSizeF() > before * 1.15)
    assert window.people_status.font().pointSizeF() > before * 1.15
    assert window.sidebar.font().pointSizeF() > before * 1.15

    press(qtbot, Qt.Key.Key_Minus, CTRL)
    press(qtbot, Qt.Key.Key_0, CTRL)
    qtbot.waitUntil(lambda: field.font().pointSizeF() == before)
    assert QApplication.font().pointSizeF() == before


def test_ctrl_2_goes_to_people_with_the_cursor_in_the_search_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = people_screen(window)
    screen.form.inputs["notes"].setFocus()
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert focused() is screen.finder.search


def test_about_shows_the_version_and_the_database(window: MainWindow, empty_db: Database) -> None:
    box = window.show_about()
    assert __version__ in box.text()
    assert str(empty_db.path) in box.informativeText()
    box.close()


def go_to(qtbot: QtBot, window: MainWindow, key: str) -> None:
    """Ctrl and the area's number, typed where the keyboard focus is."""
    row = window.area_row(key)
    assert row is not None
    press(qtbot, Qt.Key(Qt.Key.Key_1.value + row), CTRL)


def test_only_the_first_area_is_built_when_the_window_opens(demo_window: MainWindow) -> None:
    window = demo_window
    assert window.areas[0].is_kind(type(window.stack.currentWidget()))
    waiting = [window.stack.widget(row) for row in range(1, len(window.areas))]
    assert [type(page) for page in waiting] == [QWidget] * len(waiting)  # empty places


def test_ctrl_and_each_number_opens_every_area_built_on_its_first_visit(
    qtbot: QtBot, demo_window: MainWindow, tasks: TaskRunner
) -> None:
    window = demo_window
    titles = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert titles == [area.title for area in AREA_SCREENS]  # no accounts: every area
    first_visit: dict[int, QWidget] = {}
    for _round in range(2):  # the second time round, the same screens are shown again
        for row, title in enumerate(titles):
            key = Qt.Key(Qt.Key.Key_1.value + row)
            qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)
            screen = window.stack.currentWidget()
            assert screen.title == title  # type: ignore[attr-defined]
            assert screen.isVisible() and window.sidebar.currentRow() == row
            assert screen.isAncestorOf(focused())  # ready to type into
            assert first_visit.setdefault(row, screen) is screen
            qtbot.waitUntil(lambda: not tasks.busy())


def test_asking_for_an_area_builds_it_without_going_there(demo_window: MainWindow) -> None:
    window = demo_window
    first = window.stack.currentWidget()
    row = window.area_row("loans")
    assert row is not None and row == window.area_row(LoansScreen)
    loans = window.area("loans")
    assert isinstance(loans, LoansScreen) and window.area(LoansScreen) is loans
    assert window.stack.widget(row) is loans and not loans.isVisible()
    assert window.stack.currentWidget() is first
    assert window.area("no such area") is None and window.area_row("no such area") is None


def test_a_screens_alt_letters_still_beat_the_menu_bars_once_it_is_built(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    go_to(qtbot, window, "reports")  # built now, after the menus
    reports = window.stack.currentWidget()
    assert isinstance(reports, ReportsScreen)
    press(qtbot, Qt.Key.Key_G, ALT)  # its Grants tab, not the Go menu
    assert reports.tabs.currentWidget() is reports.grants

    go_to(qtbot, window, "people")
    people = window.stack.currentWidget()
    assert isinstance(people, PeopleScreen)
    people.form.inputs["notes"].setFocus()
    press(qtbot, Qt.Key.Key_F, ALT)  # Find, not the File menu
    assert focused() is people.finder.search
