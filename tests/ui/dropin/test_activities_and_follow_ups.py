"""The Activities and Follow-ups tabs, the list of referral types, and a person's history."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import format_date, today
from ncdesk.core.services.activities import list_activities, sessions_between
from ncdesk.core.services.desk import attendance_history
from ncdesk.core.services.referrals import follow_ups, referral_types
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.dropin.history_panel import HistoryPanel
from ncdesk.ui.main_window import MainWindow
from tests.ui.dropin.conftest import dropin_area
from tests.ui.helpers import focused, press, type_here

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def open_tab(qtbot: QtBot, window: MainWindow, number: int):  # noqa: ANN201
    area = dropin_area(window)
    window.show_screen(area)
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), ALT)
    page = area.tabs.currentWidget()
    qtbot.waitUntil(lambda: not area.today._ctx.tasks.busy())
    return page


def test_a_monthly_activity_is_set_up_by_keyboard(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    panel = open_tab(qtbot, window, 3)
    assert panel is dropin_area(window).activities
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: getattr(panel, "activity_dialog", None) is not None)
    dialog = panel.activity_dialog
    qtbot.waitUntil(lambda: focused() is dialog.name)
    type_here(qtbot, "Memory cafe")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Wick hall")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "O")  # Once a month
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "S")  # Second
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "W")  # Wednesday
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: panel.activities.rowCount() == 1)
    [activity] = list_activities(empty_db)
    assert (activity.schedule, activity.nth, activity.weekday) == ("monthly", 2, 2)
    assert activity.schedule_text == "Second Wednesday of the month 10:00–12:00"
    assert activity.venue == "Wick hall"
    qtbot.waitUntil(lambda: panel.sessions.rowCount() > 0)
    upcoming = panel.current_session()
    assert upcoming is not None and upcoming.date >= today()
    assert upcoming.date.weekday() == 2 and 8 <= upcoming.date.day <= 14
    row = panel.session_view.currentIndex().row()
    assert panel.sessions.index(row, 2).data() == "Expected"


def test_an_activity_without_a_name_is_explained(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    panel = open_tab(qtbot, window, 3)
    dialog = panel.new_activity()
    qtbot.waitUntil(lambda: focused() is dialog.name)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: dialog.problem("name") != "")
    assert "needs a name" in dialog.problem("name")
    assert list_activities(empty_db) == []


def test_a_session_is_cancelled_and_one_added_ad_hoc(
    qtbot: QtBot, demo_window: MainWindow, demo_db: Database
) -> None:
    panel = open_tab(qtbot, demo_window, 3)
    qtbot.waitUntil(lambda: panel.sessions.rowCount() > 0)
    activity = panel.current_activity()
    upcoming = panel.current_session()
    assert activity is not None and upcoming is not None and upcoming.date >= today()
    panel.cancel_session()
    qtbot.waitUntil(lambda: getattr(panel, "input_dialog", None) is not None)
    qtbot.waitUntil(lambda: panel.input_dialog.isAncestorOf(focused()))
    type_here(qtbot, "Bank holiday")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.feedback.text().startswith("Cancelled the session"))

    extra = today() + timedelta(days=100 - today().weekday())  # a Monday, off-schedule or not
    panel.add_session()
    qtbot.waitUntil(lambda: panel.input_dialog.isVisible())
    qtbot.waitUntil(lambda: panel.input_dialog.isAncestorOf(focused()))
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_here(qtbot, format_date(extra))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.feedback.text().startswith("Added a session"))

    recorded = {
        s.date: s
        for s in sessions_between(demo_db, today(), extra)
        if s.activity_id == activity.id and s.id is not None
    }
    assert recorded[upcoming.date].cancelled
    assert recorded[upcoming.date].cancel_reason == "Bank holiday"
    assert extra in recorded and not recorded[extra].cancelled


def test_a_referral_type_is_added_and_taken_off_the_list(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    panel = open_tab(qtbot, window, 3)
    dialog = panel.edit_referral_types()
    qtbot.waitUntil(lambda: dialog.list.count() == 7)
    dialog.new_name.setFocus()
    type_here(qtbot, "Citizens Advice")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.list.count() == 8)
    assert dialog.isVisible()  # Enter added the type; it did not close the list
    assert dialog.current() is not None and dialog.current().name == "Citizens Advice"
    dialog.archive_button.click()
    qtbot.waitUntil(lambda: "off the list" in dialog.feedback.text())

    names = [t.name for t in referral_types(empty_db)]
    assert "Citizens Advice" not in names
    assert "Citizens Advice" in [t.name for t in referral_types(empty_db, include_archived=True)]


def test_a_follow_up_is_marked_done_with_the_space_bar(
    qtbot: QtBot, demo_window: MainWindow, demo_db: Database
) -> None:
    before = follow_ups(demo_db)
    assert before, "the demo has follow-ups to do"
    panel = open_tab(qtbot, demo_window, 2)
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(before))
    assert focused() is panel.view
    first = panel.current()
    press(qtbot, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: panel.model.rowCount() == len(before) - 1)
    assert first.referral_id not in {f.referral_id for f in follow_ups(demo_db)}
    assert panel.feedback.text().startswith("Marked done:")


def test_the_history_panel_lists_a_persons_visits_newest_first(
    qtbot: QtBot, tasks: TaskRunner, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    person_id, _name = returning[0]
    panel = HistoryPanel(DeskContext(demo_db, tasks))
    qtbot.addWidget(panel)
    panel.show_person(person_id)
    visits = attendance_history(demo_db, person_id)

    qtbot.waitUntil(lambda: panel.model.rowCount() == len(visits))
    assert panel.model.index(0, 0).data() == format_date(visits[0].date)
    assert len(visits) > 1
    assert panel.summary.text().startswith(f"{len(visits)} drop-in visits from ")
    panel.show_person(None)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.summary.text() == "No drop-in visits recorded."
