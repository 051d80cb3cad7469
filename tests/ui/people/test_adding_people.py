"""Adding and editing people at the desk: keyboard only, inline problems, duplicate warning."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.people import add_person, list_people, search_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.likely_matches_dialog import LikelyMatchesDialog
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.helpers import (
    click_button,
    focused,
    listed_names,
    people_screen,
    press,
    type_here,
    wait_for_list,
    wait_for_message_box,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def fill_in(qtbot: QtBot, screen: PeopleScreen, **values: str) -> None:
    for name, text in values.items():
        edit = screen.form.inputs[name]
        edit.setFocus()
        edit.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        qtbot.keyClicks(edit, text)


def wait_until_saved(qtbot: QtBot, screen: PeopleScreen) -> None:
    qtbot.waitUntil(lambda: screen.feedback.text().startswith("Saved"))


def test_adding_a_person_with_the_keyboard_only_saves_them(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    screen = people_screen(window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert focused() is screen.form.inputs["first_name"]
    type_here(qtbot, "Ada")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Quillfeather")
    press(qtbot, Qt.Key.Key_Tab)  # known as
    press(qtbot, Qt.Key.Key_Tab)  # date of birth
    type_here(qtbot, "3/4/1948")
    press(qtbot, Qt.Key.Key_Tab)  # age band
    press(qtbot, Qt.Key.Key_Tab)  # gender
    type_here(qtbot, "F")
    press(qtbot, Qt.Key.Key_Return)

    wait_until_saved(qtbot, screen)
    found = search_people(empty_db, "quillfeather")
    assert [p.name for p in found] == ["Ada Quillfeather"]
    assert found[0].date_of_birth == date(1948, 4, 3)
    assert screen.form.reference.text() == found[0].person_ref
    qtbot.waitUntil(lambda: listed_names(screen.finder) == ["Ada Quillfeather"])
    qtbot.waitUntil(lambda: window.people_status.text() == "1 person")


def test_ctrl_s_saves_changes_to_someone_already_registered(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    add_person(empty_db, PersonDetails(first_name="Bea", last_name="Thistlewood"))
    screen = people_screen(window)
    window.show_screen(screen)
    type_here(qtbot, "thistle")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None)

    fill_in(qtbot, screen, phone="07700900123")
    press(qtbot, Qt.Key.Key_S, CTRL)

    wait_until_saved(qtbot, screen)
    assert search_people(empty_db, "thistlewood")[0].phone == "07700 900123"
    assert screen.form.inputs["phone"].text() == "07700 900123"  # shown as stored
    assert len(list_people(empty_db)) == 1


def test_a_bad_date_of_birth_and_postcode_are_explained_and_nothing_is_saved(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    screen = people_screen(window)
    screen.new_person()
    fill_in(qtbot, screen, first_name="Cyril", last_name="Marchbank")
    fill_in(qtbot, screen, date_of_birth="31/02/1950", postcode="CB7 5A")
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert "does not exist" in screen.form.problem("date_of_birth")
    assert "postcode" in screen.form.problem("postcode").lower()
    assert screen.form.problem("first_name") == ""
    assert focused() is screen.form.inputs["date_of_birth"]  # straight to the first to fix
    qtbot.wait(50)
    assert list_people(empty_db) == []

    fill_in(qtbot, screen, date_of_birth="28/02/1950", postcode="cb75ab")
    press(qtbot, Qt.Key.Key_S, CTRL)

    wait_until_saved(qtbot, screen)
    assert screen.form.problem("date_of_birth") == ""
    assert screen.form.problem("postcode") == ""
    saved = search_people(empty_db, "marchbank")[0]
    assert (saved.date_of_birth, saved.postcode) == (date(1950, 2, 28), "CB7 5AB")


def test_a_person_needs_a_name(qtbot: QtBot, window: MainWindow, empty_db: Database) -> None:
    screen = people_screen(window)
    screen.new_person()
    fill_in(qtbot, screen, postcode="CB7 5AB")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "name" in screen.form.problem("first_name")
    assert list_people(empty_db) == []


def test_adding_someone_already_registered_offers_to_open_the_existing_record(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    existing = add_person(
        empty_db,
        PersonDetails(first_name="Dora", last_name="Pennywhistle", date_of_birth=date(1941, 6, 2)),
    )
    screen = people_screen(window)
    screen.new_person()
    fill_in(qtbot, screen, first_name="Dora", last_name="Pennywhistle", date_of_birth="2/6/1941")
    press(qtbot, Qt.Key.Key_S, CTRL)

    dialog = wait_for_dialog(qtbot, screen)
    [listed] = dialog.shown_rows()
    assert existing.person_ref in listed
    assert listed[-1].startswith("Same date of birth")
    assert dialog.them_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default: open the existing record

    qtbot.waitUntil(lambda: screen.person is not None)
    assert screen.form.reference.text() == existing.person_ref
    assert len(list_people(empty_db)) == 1


def test_add_anyway_registers_a_second_person_with_the_same_name(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    add_person(empty_db, PersonDetails(first_name="Ezra", last_name="Hollowell"))
    screen = people_screen(window)
    screen.new_person()
    fill_in(qtbot, screen, first_name="Ezra", last_name="Hollowell")
    press(qtbot, Qt.Key.Key_S, CTRL)

    dialog = wait_for_dialog(qtbot, screen)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)

    wait_until_saved(qtbot, screen)
    assert len(search_people(empty_db, "hollowell")) == 2
    wait_for_list(qtbot, screen.finder)


def wait_for_dialog(qtbot: QtBot, screen: PeopleScreen) -> LikelyMatchesDialog:
    found: list[LikelyMatchesDialog] = []

    def shown() -> bool:
        found[:] = [d for d in screen.findChildren(LikelyMatchesDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def test_escape_undoes_typing_that_was_not_saved(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    add_person(empty_db, PersonDetails(first_name="Iris", last_name="Ashcombe"))
    screen = people_screen(window)
    type_here(qtbot, "ashcombe")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None)

    fill_in(qtbot, screen, first_name="Irene")
    press(qtbot, Qt.Key.Key_Escape)

    assert screen.form.inputs["first_name"].text() == "Iris"
    assert screen.feedback.text() == "Changes undone."


def test_opening_someone_else_with_unsaved_changes_asks_before_discarding_them(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    first = add_person(empty_db, PersonDetails(first_name="Jude", last_name="Brackenbury"))
    second = add_person(empty_db, PersonDetails(first_name="Kit", last_name="Brackenbury"))
    screen = people_screen(window)
    screen.open_person(first.id)
    qtbot.waitUntil(lambda: screen.person == first)
    fill_in(qtbot, screen, notes="Asked about the lunch club")

    screen.open_person(second.id)
    box = wait_for_message_box(qtbot)
    assert "Discard the changes to Jude Brackenbury?" in box.text()
    click_button(qtbot, box, "Cancel")  # keep them
    assert screen.person == first
    assert screen.form.inputs["notes"].toPlainText() == "Asked about the lunch club"

    screen.open_person(second.id)
    click_button(qtbot, wait_for_message_box(qtbot), "Discard changes")
    qtbot.waitUntil(lambda: screen.person == second)


def test_escape_on_a_new_persons_form_with_typing_asks_before_discarding(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    screen = people_screen(window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_here(qtbot, "Ada")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Quillfeather")
    press(qtbot, Qt.Key.Key_Escape)

    box = wait_for_message_box(qtbot)
    assert box.text() == "Discard the changes to the new person?"
    press(qtbot, Qt.Key.Key_Escape)  # keep typing
    qtbot.waitUntil(lambda: not box.isVisible())
    assert screen.form.inputs["last_name"].text() == "Quillfeather"

    window.activateWindow()  # as the window manager would, once the box has gone
    screen.form.inputs["last_name"].setFocus()
    qtbot.waitUntil(lambda: focused() is screen.form.inputs["last_name"])
    press(qtbot, Qt.Key.Key_Escape)
    click_button(qtbot, wait_for_message_box(qtbot), "Discard changes")
    qtbot.waitUntil(lambda: screen.form.inputs["first_name"].text() == "")
    assert list_people(empty_db) == []
