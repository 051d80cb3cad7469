"""Checking people in at the Today screen, by keyboard, as at a busy desk."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.desk import attendees
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.dropin.today_screen import TodayScreen
from ncdesk.ui.main_window import MainWindow
from tests.ui.dropin.conftest import dropin_area, wait_quiet
from tests.ui.helpers import click_button, focused, press, type_here, wait_for_message_box

CTRL = Qt.KeyboardModifier.ControlModifier


def here_now(db: Database, screen: TodayScreen) -> list[str]:
    session_id = screen.session.id if screen.session else None
    return [a.name for a in attendees(db, session_id)] if session_id else []


def check_in_by_typing(qtbot: QtBot, screen: TodayScreen, text: str) -> None:
    type_here(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)
    wait_quiet(qtbot, screen)


def test_ctrl_3_opens_todays_session_with_the_cursor_in_the_check_in_field(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    press(qtbot, Qt.Key.Key_3, CTRL)  # Home, People, Drop-in
    screen = dropin_area(demo_window).today
    qtbot.waitUntil(lambda: screen.session is not None)
    wait_quiet(qtbot, screen)
    assert focused() is screen.checkin.search
    assert "Touchpoint drop-in" in screen.bar.only.text()
    assert screen.session is not None and screen.session.id is None  # not recorded until used


def test_typing_shows_matches_at_once_and_enter_checks_in_the_top_match(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[0]
    type_here(qtbot, name[:3])
    wait_quiet(qtbot, desk)
    assert desk.checkin.shown_names(), "matches appear while typing"
    type_here(qtbot, name[3:])
    wait_quiet(qtbot, desk)
    assert desk.checkin.shown_names()[0] == name
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.here.names() == [name])
    assert here_now(demo_db, desk) == [name]
    assert desk.checkin.text() == ""  # ready for the next person
    assert focused() is desk.checkin.search
    assert desk.here.count.text() == "<b>1 here</b>"


def test_enter_typed_before_the_matches_arrive_still_checks_in_the_top_match(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[1]
    type_here(qtbot, name)
    press(qtbot, Qt.Key.Key_Return)  # no waiting: a fast typist

    qtbot.waitUntil(lambda: desk.here.names() == [name])
    assert here_now(demo_db, desk) == [name]


def test_down_arrow_chooses_the_second_match(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    type_here(qtbot, "ma")
    wait_quiet(qtbot, desk)
    shown = desk.checkin.shown_names()
    assert len(shown) >= 2
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.here.names() == [shown[1]])
    assert here_now(demo_db, desk) == [shown[1]]


def test_someone_already_here_is_marked_and_not_added_twice(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[0]
    check_in_by_typing(qtbot, desk, name)
    type_here(qtbot, name)
    wait_quiet(qtbot, desk)
    top = desk.checkin.shown()[0]
    assert top.person is not None and top.person.name == name  # the whole name keeps them on top
    assert desk.checkin.model.index(0, 4).data().startswith("✓ Here since")
    press(qtbot, Qt.Key.Key_Return)
    wait_quiet(qtbot, desk)

    assert here_now(demo_db, desk) == [name]
    assert "already checked in" in desk.feedback.text()


def test_people_already_here_drop_below_those_still_in_the_queue(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    type_here(qtbot, "a")
    wait_quiet(qtbot, desk)
    first = desk.checkin.shown_names()[0]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.here.names() == [first])
    type_here(qtbot, "a")
    wait_quiet(qtbot, desk)

    shown = desk.checkin.shown_names()
    assert shown[0] != first
    assert first in shown  # still listed, marked as here


def test_ctrl_z_takes_back_the_last_check_in_only(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    (_a, first), (_b, second) = returning[:2]
    check_in_by_typing(qtbot, desk, first)
    check_in_by_typing(qtbot, desk, second)
    assert sorted(here_now(demo_db, desk)) == sorted([first, second])

    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: desk.here.names() == [first])
    assert here_now(demo_db, desk) == [first]
    assert desk.feedback.text() == f"Took back the check-in of {second}."
    assert focused() is desk.checkin.search


def test_ctrl_z_straight_after_enter_undoes_that_check_in(
    qtbot: QtBot,
    desk: TodayScreen,
    demo_db: Database,
    tasks: TaskRunner,
    returning: list[tuple[int, str]],
) -> None:
    (_a, first), (_b, second) = returning[2:4]
    check_in_by_typing(qtbot, desk, first)
    type_here(qtbot, second)
    wait_quiet(qtbot, desk)
    # Writes run one at a time, in order: holding the writer between the check-in and the
    # undo lets the test see each of them done.
    undo_may_run = threading.Event()
    press(qtbot, Qt.Key.Key_Return)
    tasks.run_operation(lambda: undo_may_run.wait(timeout=30))
    try:
        press(qtbot, Qt.Key.Key_Z, CTRL)  # while the check-in is still being saved

        qtbot.waitUntil(lambda: sorted(desk.here.names()) == sorted([first, second]))
        assert sorted(here_now(demo_db, desk)) == sorted([first, second])
    finally:
        undo_may_run.set()
    wait_quiet(qtbot, desk)

    assert here_now(demo_db, desk) == [first]
    assert desk.here.names() == [first]
    assert desk.feedback.text() == f"Took back the check-in of {second}."


def test_ctrl_z_before_the_matches_arrive_cancels_the_check_in(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[2]
    type_here(qtbot, name)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    wait_quiet(qtbot, desk)

    assert here_now(demo_db, desk) == []
    assert desk.feedback.text() == "Check-in cancelled."


def test_escape_clears_the_check_in_field(qtbot: QtBot, desk: TodayScreen) -> None:
    type_here(qtbot, "jo")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_Escape)

    assert desk.checkin.text() == ""
    assert desk.checkin.shown() == []


def test_the_session_is_recorded_only_when_someone_is_checked_in(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    assert desk.session is not None and desk.session.id is None
    check_in_by_typing(qtbot, desk, returning[0][1])
    assert desk.session.id is not None


def test_a_match_chosen_with_the_arrows_stays_chosen_when_the_list_is_redrawn(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    type_here(qtbot, "ma")
    wait_quiet(qtbot, desk)
    second = desk.checkin.shown_names()[1]
    press(qtbot, Qt.Key.Key_Down)
    desk.checkin.refresh_marks()  # as when an earlier check-in reports back meanwhile
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.here.names() == [second])


def test_delete_in_the_list_takes_back_a_chosen_check_in_after_asking(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    (_a, first), (_b, second) = returning[:2]
    check_in_by_typing(qtbot, desk, first)
    check_in_by_typing(qtbot, desk, second)
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # &Who is here
    assert focused() is desk.here.view
    press(qtbot, Qt.Key.Key_Down)  # the earlier arrival, below the latest
    press(qtbot, Qt.Key.Key_Delete)
    box = wait_for_message_box(qtbot)
    assert box.text() == f"Take back the check-in of {first}?"
    click_button(qtbot, box, "Take back")

    qtbot.waitUntil(lambda: desk.here.names() == [second])
    assert here_now(demo_db, desk) == [second]
