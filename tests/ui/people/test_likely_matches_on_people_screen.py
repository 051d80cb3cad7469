"""The People screen's add form: someone new whose name is close to someone registered is not
saved until the user has seen the likely matches and chosen (the same dialog as the desk's)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.models import Person
from ncdesk.core.services.people import PersonRecord, add_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.likely_matches_dialog import COL_NAME, COL_WHY, LikelyMatchesDialog
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.helpers import people_screen
from tests.ui.people.test_adding_people import fill_in, wait_for_dialog, wait_until_saved

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def people_count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(Person.id))) or 0)


def register(db: Database, first: str, last: str, **details: object) -> PersonRecord:
    person = PersonDetails(first_name=first, last_name=last, **details)  # type: ignore[arg-type]
    return add_person(db, person, allow_duplicate=True)


def type_new_person(
    qtbot: QtBot, screen: PeopleScreen, first: str, last: str
) -> LikelyMatchesDialog:
    screen.new_person()
    fill_in(qtbot, screen, first_name=first, last_name=last)
    qtbot.keyClick(screen.form.inputs["last_name"], Qt.Key.Key_S, CTRL)
    return wait_for_dialog(qtbot, screen)


def test_a_nickname_is_caught_and_this_is_them_opens_that_person(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    david = register(empty_db, "David", "Powell", postcode="CB7 5AB")
    screen = people_screen(window)

    dialog = type_new_person(qtbot, screen, "Dave", "Powell")

    [row] = dialog.shown_rows()
    assert (row[COL_NAME], row[COL_WHY]) == ("David Powell", "Dave is a nickname of David")
    assert row[3] == "CB7"  # the postcode district only
    assert screen.feedback.text() == "Not saved yet: they may already be registered."
    assert people_count(empty_db) == 1
    qtbot.keyClick(dialog.match_list, Qt.Key.Key_Return)  # This is them

    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == david.id)
    assert screen.form.reference.text() == david.person_ref
    assert people_count(empty_db) == 1


def test_someone_new_saves_and_esc_goes_back_to_the_form(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    register(empty_db, "Kayleigh", "Brennan")
    screen = people_screen(window)

    dialog = type_new_person(qtbot, screen, "Kaleigh", "Brennan")
    qtbot.keyClick(dialog.match_list, Qt.Key.Key_Escape)  # back: nothing saved
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.wait(100)
    assert people_count(empty_db) == 1
    assert screen.person is None
    assert screen.form.inputs["first_name"].text() == "Kaleigh"

    window.activateWindow()  # after a dialog, the window manager's job; offscreen has none
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.form.inputs["first_name"])
    qtbot.keyClick(screen.form.inputs["first_name"], Qt.Key.Key_S, CTRL)
    again = wait_for_dialog(qtbot, screen)
    assert people_count(empty_db) == 1
    qtbot.keyClick(again.match_list, Qt.Key.Key_N, ALT)  # Someone new

    wait_until_saved(qtbot, screen)
    assert people_count(empty_db) == 2
    assert screen.person is not None and screen.person.display_name == "Kaleigh Brennan"
