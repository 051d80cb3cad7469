"""The main window: title from the settings, text size, areas and the status bar."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk import __version__
from ncdesk.core.db import Database
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.main_window import MainWindow
from tests.ui.helpers import focused, people_screen, press

CTRL = Qt.KeyboardModifier.ControlModifier


def test_title_and_status_bar_say_which_organisation_and_database(
    demo_window: MainWindow, demo_db: Database
) -> None:
    assert demo_window.windowTitle() == "ncdesk — Fenland Village Care (demo)"
    assert str(demo_db.path) in demo_window.database_status.text()
    assert demo_window.people_status.text() == "150 people"


def test_sidebar_lists_each_working_area_once_people_first(window: MainWindow) -> None:
    areas = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert areas[0] == "People"
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


def test_ctrl_1_goes_to_people_with_the_cursor_in_the_search_field(
    qtbot: QtBot, window: MainWindow
) -> None:
    screen = people_screen(window)
    screen.form.inputs["notes"].setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert focused() is screen.finder.search


def test_about_shows_the_version_and_the_database(window: MainWindow, empty_db: Database) -> None:
    box = window.show_about()
    assert __version__ in box.text()
    assert str(empty_db.path) in box.informativeText()
    box.close()
