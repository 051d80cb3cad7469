"""The Today screen on the small demo, opened as a user opens it, and names to type."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.services.activities import sessions_on
from ncdesk.core.services.desk import regulars
from ncdesk.core.services.people import search_people
from ncdesk.ui.dropin.dropin_screen import DropInScreen
from ncdesk.ui.dropin.today_screen import TodayScreen
from ncdesk.ui.main_window import MainWindow


def dropin_area(window: MainWindow) -> DropInScreen:
    screen = window.area(DropInScreen)
    assert screen is not None, "no Drop-in area in the main window"
    return screen


def open_dropin(qtbot: QtBot, window: MainWindow) -> TodayScreen:
    """Show the Drop-in area and wait until the Today screen has its session and list."""
    area = dropin_area(window)
    window.show_screen(area)
    today_screen = area.today
    qtbot.waitUntil(lambda: not today_screen.is_busy() and today_screen.pages.isVisible())
    return today_screen


def wait_quiet(qtbot: QtBot, screen: TodayScreen) -> None:
    """Until every search, write and refresh the screen asked for has come back."""
    qtbot.waitUntil(lambda: not screen.is_busy())


@pytest.fixture
def desk(qtbot: QtBot, demo_window: MainWindow) -> TodayScreen:
    screen = open_dropin(qtbot, demo_window)
    assert screen.session is not None, "the demo has a session planned for today"
    return screen


@pytest.fixture
def returning(demo_db: Database) -> list[tuple[int, str]]:
    """(id, name) of people who came to today's activity before, each found first when their
    name is typed in full."""
    session = sessions_on(demo_db, today())[0]
    people = regulars(demo_db, session.activity_id, today(), sessions_back=52, min_visits=1)
    return [
        (pid, name)
        for pid, _ref, name in people
        if [p.id for p in search_people(demo_db, name, limit=1)] == [pid]
    ]


@pytest.fixture(autouse=True)
def _no_boxes_left(qapp: QApplication):
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.isWindow() and widget.isVisible() and widget.inherits("QDialog"):
            widget.close()


def back_at_the_desk(qtbot: QtBot, screen: TodayScreen) -> None:
    """After a dialog closes the window manager makes the main window active again (the
    offscreen platform does not), and the cursor is back in the check-in field."""
    screen.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.checkin.search)
