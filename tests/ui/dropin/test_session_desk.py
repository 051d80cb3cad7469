"""The rest of the desk: the anonymous counter, help and signposting, volunteers' hours and the
session note, all by keyboard on the Today screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound
from ncdesk.core.services.activities import get_session
from ncdesk.core.services.referrals import follow_ups, referrals_for
from ncdesk.core.services.volunteers import volunteers
from ncdesk.ui.dropin.help_dialog import HelpDialog
from ncdesk.ui.dropin.today_screen import TodayScreen
from tests.ui.dropin.conftest import back_at_the_desk, wait_quiet
from tests.ui.helpers import click_button, focused, press, type_here, wait_for_message_box

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def check_in(qtbot: QtBot, screen: TodayScreen, name: str) -> None:
    type_here(qtbot, name)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: name in screen.here.names())
    wait_quiet(qtbot, screen)


def test_alt_plus_and_alt_minus_change_the_count_of_people_without_a_name(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    press(qtbot, Qt.Key.Key_Equal, ALT)  # Alt and the +/= key
    press(qtbot, Qt.Key.Key_Equal, ALT)
    press(qtbot, Qt.Key.Key_Equal, ALT)
    press(qtbot, Qt.Key.Key_Minus, ALT)
    wait_quiet(qtbot, desk)

    assert desk.here.anonymous.text() == "2"
    assert desk.session is not None and desk.session.id is not None
    assert get_session(demo_db, desk.session.id).anonymous_count == 2
    assert desk.here.count.text() == "<b>2 here: 0 named, 2 without a name</b>"
    assert focused() is desk.checkin.search  # the cursor stays where the queue is typed


def test_the_counter_never_goes_below_zero(qtbot: QtBot, desk: TodayScreen) -> None:
    press(qtbot, Qt.Key.Key_Minus, ALT)
    wait_quiet(qtbot, desk)
    assert desk.here.anonymous.text() == "0"


def test_help_given_and_a_referral_with_a_follow_up_are_recorded_by_keyboard(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    person_id, name = returning[0]
    check_in(qtbot, desk, name)
    press(qtbot, Qt.Key.Key_H, CTRL)  # help for the person just checked in

    qtbot.waitUntil(lambda: isinstance(getattr(desk.dialogs, "help_dialog", None), HelpDialog))
    dialog = desk.dialogs.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert focused() is dialog.help_given
    type_here(qtbot, "Helped fill in a PIP form")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.rows[0].tick
    assert dialog.rows[0].info.name == "Food bank voucher"
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Voucher for Friday")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # follow up
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "Food bank voucher" in desk.here.model.index(0, 4).data())
    attendance_id = desk.here.selected().attendance_id  # type: ignore[union-attr]
    help_given, referrals = referrals_for(demo_db, attendance_id)
    assert help_given == "Helped fill in a PIP form"
    assert [(r.type_name, r.note, r.follow_up) for r in referrals] == [
        ("Food bank voucher", "Voucher for Friday", True)
    ]
    assert any(
        f.person_id == person_id and f.note == "Voucher for Friday" for f in follow_ups(demo_db)
    )
    assert desk.feedback.text() == f"Saved the help and signposting for {name}."
    back_at_the_desk(qtbot, desk)


def test_a_volunteers_hours_default_to_the_session_length(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[5]
    press(qtbot, Qt.Key.Key_U, ALT)  # Vol&unteer
    assert focused() is desk.volunteers.picker.search
    type_here(qtbot, name)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is desk.volunteers.hours)
    assert desk.volunteers.hours.text() == "2:00"  # the demo session runs 10:00–12:00
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.volunteers.model.rowCount() == 1)
    assert desk.session is not None and desk.session.id is not None
    shifts = volunteers(demo_db, desk.session.id)
    assert [(s.name, s.minutes) for s in shifts] == [(name, 120)]
    assert focused() is desk.volunteers.picker.search  # ready for the next volunteer


def test_a_volunteers_hours_can_be_typed_as_hours_and_minutes(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[6]
    press(qtbot, Qt.Key.Key_U, ALT)
    type_here(qtbot, name)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is desk.volunteers.hours)
    type_here(qtbot, "1:30")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Welcome desk")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.volunteers.model.rowCount() == 1)
    assert desk.session is not None and desk.session.id is not None
    shift = volunteers(demo_db, desk.session.id)[0]
    assert (shift.minutes, shift.role) == (90, "Welcome desk")
    assert desk.volunteers.feedback.text() == f"Recorded 1:30 hours for {name}."


def test_hours_that_cannot_be_read_are_explained(
    qtbot: QtBot, desk: TodayScreen, returning: list[tuple[int, str]]
) -> None:
    press(qtbot, Qt.Key.Key_U, ALT)
    type_here(qtbot, returning[5][1])
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is desk.volunteers.hours)
    type_here(qtbot, "lots")
    press(qtbot, Qt.Key.Key_Return)

    assert "Not a number of hours" in desk.volunteers.errors.message("minutes")
    assert desk.volunteers.model.rowCount() == 0


def test_the_session_note_is_saved_with_ctrl_s(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    press(qtbot, Qt.Key.Key_N, ALT)  # Session &note
    assert focused() is desk.volunteers.note
    type_here(qtbot, "Heating broken; moved to the small room")
    press(qtbot, Qt.Key.Key_S, CTRL)

    qtbot.waitUntil(lambda: desk.volunteers.feedback.text() == "Session note saved.")
    assert desk.session is not None and desk.session.id is not None
    assert get_session(demo_db, desk.session.id).note == "Heating broken; moved to the small room"


def test_ctrl_z_after_signposting_asks_before_the_help_goes_too(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    _pid, name = returning[1]
    check_in(qtbot, desk, name)
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: isinstance(getattr(desk.dialogs, "help_dialog", None), HelpDialog))
    dialog = desk.dialogs.help_dialog
    qtbot.waitUntil(dialog.isVisible)
    type_here(qtbot, "Helped with a blue badge form")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # Food bank voucher
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Food bank voucher" in desk.here.model.index(0, 4).data())
    back_at_the_desk(qtbot, desk)
    attendance_id = desk.here.selected().attendance_id  # type: ignore[union-attr]

    press(qtbot, Qt.Key.Key_Z, CTRL)  # by habit, as after any check-in
    box = wait_for_message_box(qtbot)
    assert box.text() == f"Take back the check-in of {name}?"
    assert "help given, signposting to Food bank voucher" in box.informativeText()
    press(qtbot, Qt.Key.Key_Return)  # Enter by habit: Cancel is the default, nothing goes
    qtbot.waitUntil(lambda: not box.isVisible())
    wait_quiet(qtbot, desk)
    back_at_the_desk(qtbot, desk)
    assert referrals_for(demo_db, attendance_id)[0] == "Helped with a blue badge form"
    assert name in desk.here.names()

    press(qtbot, Qt.Key.Key_Z, CTRL)  # this time on purpose
    box = wait_for_message_box(qtbot)
    click_button(qtbot, box, "Take back")
    qtbot.waitUntil(lambda: name not in desk.here.names())
    wait_quiet(qtbot, desk)
    assert desk.feedback.text() == f"Took back the check-in of {name}."
    with pytest.raises(NotFound):  # the visit, its help and its signposting are gone
        referrals_for(demo_db, attendance_id)
