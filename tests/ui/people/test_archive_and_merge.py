"""Archiving hides someone from searches (asking first); merging folds a duplicate in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.people import (
    PersonRecord,
    add_person,
    get_person,
    list_people,
    search_people,
)
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.merge_dialog import MergeDialog
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.helpers import (
    click_button,
    listed_names,
    listed_status,
    people_screen,
    search_for,
    wait_for_message_box,
)


def open_in_screen(qtbot: QtBot, screen: PeopleScreen, person: PersonRecord) -> None:
    search_for(qtbot, screen.finder, person.person_ref)
    qtbot.keyClick(screen.finder.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == person.id)


def test_archiving_asks_once_then_hides_the_person_from_search(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    person = add_person(empty_db, PersonDetails(first_name="Fern", last_name="Wickerby"))
    screen = people_screen(window)
    open_in_screen(qtbot, screen, person)

    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    box = wait_for_message_box(qtbot)
    assert "Archive Fern Wickerby" in box.text()
    click_button(qtbot, box, "Archive")

    qtbot.waitUntil(lambda: screen.person is not None and screen.person.archived)
    assert "(archived)" in screen.heading.text()
    assert search_for(qtbot, screen.finder, "wickerby") == []

    screen.finder.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: listed_names(screen.finder) == ["Fern Wickerby"])
    assert listed_status(screen.finder, "Fern Wickerby") == "Archived"


def test_cancelling_the_archive_question_leaves_the_person_in_search(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    person = add_person(empty_db, PersonDetails(first_name="Gus", last_name="Tamberlane"))
    screen = people_screen(window)
    open_in_screen(qtbot, screen, person)

    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    box = wait_for_message_box(qtbot)
    qtbot.keyClick(box, Qt.Key.Key_Escape)

    qtbot.wait(100)
    assert not get_person(empty_db, person.id).archived
    assert search_for(qtbot, screen.finder, "tamberlane") == ["Gus Tamberlane"]


def test_bringing_back_an_archived_person_returns_them_to_search(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    person = add_person(empty_db, PersonDetails(first_name="Hal", last_name="Oddington"))
    screen = people_screen(window)
    screen.finder.show_archived.setChecked(True)
    open_in_screen(qtbot, screen, person)
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    click_button(qtbot, wait_for_message_box(qtbot), "Archive")
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.archived)

    assert screen.archive_button.text().replace("&", "") == "Bring back…"
    qtbot.mouseClick(screen.archive_button, Qt.MouseButton.LeftButton)
    click_button(qtbot, wait_for_message_box(qtbot), "Bring back")
    qtbot.waitUntil(lambda: screen.person is not None and not screen.person.archived)

    screen.finder.show_archived.setChecked(False)
    assert search_for(qtbot, screen.finder, "oddington") == ["Hal Oddington"]


def test_merging_folds_the_other_record_into_the_one_on_screen(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    details = {"first_name": "Ivy", "last_name": "Fennimore-Test"}
    keep = add_person(empty_db, PersonDetails(**details))
    other = add_person(
        empty_db, PersonDetails(**details, phone="07700 900456"), allow_duplicate=True
    )
    screen = people_screen(window)
    open_in_screen(qtbot, screen, keep)

    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(MergeDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.finder.is_searching())
    assert [p.person_ref for p in [dialog.finder.current_person()] if p] == [other.person_ref]
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)

    box = wait_for_message_box(qtbot)
    assert other.person_ref in box.text() and keep.person_ref in box.text()
    click_button(qtbot, box, "Merge")

    qtbot.waitUntil(lambda: "merged" in screen.feedback.text())
    assert get_person(empty_db, other.id).merged_into_id == keep.id
    assert screen.form.inputs["phone"].text() == "07700 900456"  # filled in from the other
    assert list_people(empty_db) == [keep.id]
    assert [p.id for p in search_people(empty_db, "fennimore")] == [keep.id]
