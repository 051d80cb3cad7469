"""Nobody counted twice: a first-timer whose name is close to someone registered is not saved
until the volunteer has seen the likely matches and chosen. The small demo has a David Powell
(P00058); the others are added here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.models import Person
from ncdesk.core.services.desk import attendees
from ncdesk.core.services.people import PersonRecord, add_person, get_person_by_ref
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.dropin.today_screen import TodayScreen
from ncdesk.ui.people.likely_matches_dialog import COL_NAME, COL_WHY, LikelyMatchesDialog
from tests.ui.dropin.conftest import back_at_the_desk, wait_quiet
from tests.ui.helpers import focused, press, type_here

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def people_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(Person.id))) or 0)


def register(db: Database, first: str, last: str, **details: object) -> PersonRecord:
    person = PersonDetails(first_name=first, last_name=last, **details)  # type: ignore[arg-type]
    return add_person(db, person, allow_duplicate=True)


def demo_david(db: Database) -> PersonRecord:
    david = get_person_by_ref(db, "P00058")
    assert david.display_name == "David Powell"
    return david


def add_first_timer(qtbot: QtBot, desk: TodayScreen, typed: str) -> LikelyMatchesDialog:
    """Type a name in the check-in field, Ctrl+N, Enter: the likely matches come up."""
    type_here(qtbot, typed)
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert desk.first_timer.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.dialogs.likely_matches is not None)
    dialog = desk.dialogs.likely_matches
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def names_and_reasons(dialog: LikelyMatchesDialog) -> list[tuple[str, str]]:
    return [(row[COL_NAME], row[COL_WHY]) for row in dialog.shown_rows()]


def here_now(desk: TodayScreen, db: Database) -> list[int]:
    session_id = desk.session.id if desk.session else 0
    return [a.person_id for a in attendees(db, session_id)]


def test_a_dropped_letter_shows_the_likely_match_and_esc_saves_nothing(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    before = people_count(demo_db)

    dialog = add_first_timer(qtbot, desk, "david powel")

    assert names_and_reasons(dialog) == [("David Powell", "One letter different")]
    assert dialog.shown_rows()[0][1] == "P00058"
    assert dialog.them_button.isDefault()
    assert people_count(demo_db) == before
    press(qtbot, Qt.Key.Key_Escape)  # back to the form, nothing saved

    qtbot.waitUntil(lambda: not dialog.isVisible())
    desk.window().activateWindow()  # the window manager's job; offscreen has none
    assert desk.first_timer.isVisible()
    qtbot.waitUntil(lambda: focused() is desk.first_timer.inputs["first_name"])
    assert desk.first_timer.inputs["last_name"].text() == "Powel"
    qtbot.wait(100)
    assert people_count(demo_db) == before
    assert here_now(desk, demo_db) == []


def test_this_is_them_checks_in_the_person_already_registered(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    david = demo_david(demo_db)
    before = people_count(demo_db)

    add_first_timer(qtbot, desk, "david powel")
    press(qtbot, Qt.Key.Key_Return)  # This is them

    qtbot.waitUntil(lambda: desk.here.names() == ["David Powell"])
    assert here_now(desk, demo_db) == [david.id]
    assert people_count(demo_db) == before
    assert not desk.first_timer.isVisible()
    back_at_the_desk(qtbot, desk)


def test_someone_new_adds_and_checks_in_the_new_person(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    david = demo_david(demo_db)
    before = people_count(demo_db)

    dialog = add_first_timer(qtbot, desk, "david powel")
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)  # Someone new

    qtbot.waitUntil(lambda: desk.here.names() == ["David Powel"])
    assert people_count(demo_db) == before + 1
    assert david.id not in here_now(desk, demo_db)
    assert desk.feedback.text().startswith("Added David Powel (P")


def test_a_nickname_is_caught_and_up_down_picks_which_match(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    dave = register(demo_db, "Dave", "Powell", postcode="CB7 5AB")
    david = demo_david(demo_db)
    before = people_count(demo_db)

    dialog = add_first_timer(qtbot, desk, "Dave Powell")

    assert names_and_reasons(dialog) == [
        ("Dave Powell", "Same name"),
        ("David Powell", "Dave is a nickname of David"),
    ]
    assert people_count(demo_db) == before
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.here.names() == ["David Powell"])
    assert here_now(desk, demo_db) == [david.id]
    assert dave.id not in here_now(desk, demo_db)
    assert people_count(demo_db) == before


def test_a_phonetic_spelling_is_caught(qtbot: QtBot, desk: TodayScreen, demo_db: Database) -> None:
    kayleigh = register(demo_db, "Kayleigh", "Brennan", date_of_birth=None, age_band="18-24")
    before = people_count(demo_db)

    dialog = add_first_timer(qtbot, desk, "Kaleigh Brennan")

    [row] = dialog.shown_rows()
    assert (row[COL_NAME], row[1], row[2]) == ("Kayleigh Brennan", kayleigh.person_ref, "18-24")
    assert people_count(demo_db) == before
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: here_now(desk, demo_db) == [kayleigh.id])
    assert people_count(demo_db) == before
