"""Adding a first-timer from the check-in field, without leaving the Today screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.desk import attendees
from ncdesk.core.services.people import get_person, list_people, search_people
from ncdesk.ui.dropin.today_screen import TodayScreen
from tests.ui.dropin.conftest import wait_quiet
from tests.ui.helpers import click_button, focused, press, type_here, wait_for_message_box

CTRL = Qt.KeyboardModifier.ControlModifier


def test_nobody_found_so_enter_offers_to_add_them_with_only_a_name(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    type_here(qtbot, "zebedee quarr")
    wait_quiet(qtbot, desk)
    assert desk.checkin.shown_names() == []
    assert desk.checkin.shown()[0].person is None  # the 'Add … as new' row, highlighted
    assert desk.checkin.model.index(0, 0).data() == "Add “zebedee quarr” as new…"
    press(qtbot, Qt.Key.Key_Return)

    assert desk.first_timer.isVisible()
    assert desk.first_timer.inputs["first_name"].text() == "Zebedee"
    assert desk.first_timer.inputs["last_name"].text() == "Quarr"
    assert focused() is desk.first_timer.inputs["last_name"]
    type_here(qtbot, "ie")  # finishing the surname
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.here.names() == ["Zebedee Quarrie"])
    wait_quiet(qtbot, desk)
    assert not desk.first_timer.isVisible()
    assert focused() is desk.checkin.search
    assert desk.here.model.index(0, 3).data() == "First visit"
    found = search_people(demo_db, "zebedee quarrie")
    assert [p.name for p in found] == ["Zebedee Quarrie"]
    assert desk.feedback.text().startswith("Added Zebedee Quarrie (P")


def test_a_first_timer_can_give_age_band_postcode_and_how_they_heard(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    type_here(qtbot, "Ottoline Vane")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)  # add as new whatever the matches
    press(qtbot, Qt.Key.Key_Tab)  # age band
    assert focused() is desk.first_timer.inputs["age_band"]
    type_here(qtbot, "7")  # the first band starting with 7
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "cb75ab")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Poster at the library")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: "Ottoline Vane" in desk.here.names())
    person = get_person(demo_db, search_people(demo_db, "ottoline vane")[0].id)
    assert person.age_band == "75-84"
    assert person.postcode == "CB7 5AB"
    assert person.how_heard == "Poster at the library"


def test_a_bad_postcode_is_explained_and_nobody_is_added(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    type_here(qtbot, "Ptolemy Finch")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)
    desk.first_timer.inputs["postcode"].setFocus()
    type_here(qtbot, "not a postcode")
    press(qtbot, Qt.Key.Key_Return)

    assert "postcode" in desk.first_timer.problem("postcode").lower()
    assert desk.first_timer.isVisible()
    assert all(p.name != "Ptolemy Finch" for p in search_people(demo_db, "ptolemy finch"))


def test_escape_closes_the_first_timer_form_and_goes_back_to_the_field(
    qtbot: QtBot, desk: TodayScreen
) -> None:
    type_here(qtbot, "Someone Newish")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert desk.first_timer.isVisible()
    press(qtbot, Qt.Key.Key_Escape)

    assert not desk.first_timer.isVisible()
    assert focused() is desk.checkin.search


def test_a_first_timer_who_looks_registered_can_be_checked_in_as_that_person(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    person_id, name = returning[0]
    people_before = len(list_people(demo_db))
    type_here(qtbot, name)
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)
    press(qtbot, Qt.Key.Key_Return)  # same name as someone registered

    qtbot.waitUntil(lambda: getattr(desk.dialogs, "likely_matches", None) is not None)
    dialog = desk.dialogs.likely_matches
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.them_button.isDefault()
    press(qtbot, Qt.Key.Key_Return)  # the default: check in the one already registered

    qtbot.waitUntil(lambda: desk.here.names() == [name])
    session_id = desk.session.id if desk.session else None
    assert [a.person_id for a in attendees(demo_db, session_id)] == [person_id]
    assert len(list_people(demo_db)) == people_before  # no second record
    assert not desk.first_timer.isVisible()


def test_escape_on_a_first_timer_form_with_typing_asks_before_discarding(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    people_before = len(list_people(demo_db))
    type_here(qtbot, "Philippa Trevanion")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)
    press(qtbot, Qt.Key.Key_Tab)  # age band
    press(qtbot, Qt.Key.Key_Tab)  # postcode
    type_here(qtbot, "CB7 4AA")
    press(qtbot, Qt.Key.Key_Escape)

    box = wait_for_message_box(qtbot)
    assert box.text() == "Discard what you typed for this new person?"
    press(qtbot, Qt.Key.Key_Escape)  # no: back to the form, typing kept
    qtbot.waitUntil(lambda: not box.isVisible())
    assert desk.first_timer.isVisible()
    assert desk.first_timer.inputs["postcode"].text() == "CB7 4AA"

    desk.window().activateWindow()  # as the window manager would, once the box has gone
    desk.first_timer.inputs["postcode"].setFocus()
    qtbot.waitUntil(lambda: focused() is desk.first_timer.inputs["postcode"])
    press(qtbot, Qt.Key.Key_Escape)
    click_button(qtbot, wait_for_message_box(qtbot), "Discard")
    qtbot.waitUntil(lambda: not desk.first_timer.isVisible())
    wait_quiet(qtbot, desk)
    assert len(list_people(demo_db)) == people_before  # nobody was added either way
