"""Finding people on the People screen by typing, and opening them from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.services.people import list_people, summaries
from ncdesk.ui.main_window import MainWindow
from tests.ui.helpers import focused, listed_names, people_screen, press, type_here, wait_for_list


def test_search_field_has_the_cursor_when_the_screen_opens(demo_window: MainWindow) -> None:
    screen = people_screen(demo_window)
    assert focused() is screen.finder.search


def test_typing_part_of_a_name_finds_the_person(qtbot: QtBot, demo_window: MainWindow) -> None:
    screen = people_screen(demo_window)
    db = screen._ctx.db
    everyone = summaries(db, list_people(db))
    target = everyone[len(everyone) // 2]
    part = target.name.split()[-1][:4]

    type_here(qtbot, part)
    wait_for_list(qtbot, screen.finder)

    names = listed_names(screen.finder)
    assert target.name in names
    assert len(names) < len(everyone)
    assert "found" in screen.finder.count_label.text()


def test_clearing_the_search_lists_everyone(qtbot: QtBot, demo_window: MainWindow) -> None:
    finder = people_screen(demo_window).finder
    type_here(qtbot, "zzzzqx")
    wait_for_list(qtbot, finder)
    assert listed_names(finder) == []
    assert "Nobody found" in finder.count_label.text()

    finder.search.clear()
    wait_for_list(qtbot, finder)
    assert finder.model.total() == 150
    assert finder.count_label.text() == "150 people"


def test_down_and_enter_in_the_search_field_open_the_second_match(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    screen = people_screen(demo_window)
    type_here(qtbot, "a")
    wait_for_list(qtbot, screen.finder)
    second = screen.finder.model.record_at(1)
    assert second is not None

    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: screen.person is not None)
    assert screen.form.reference.text() == second.person_ref
    assert screen.heading.text() == f"<b>{second.name}</b>"
    assert focused() is screen.form.inputs["first_name"]


def test_the_whole_list_marks_nobody_until_the_arrows_pick_someone(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    """With nothing typed the form is for a new person, so no row looks chosen; Down then
    Enter opens the first person listed."""
    screen = people_screen(demo_window)
    wait_for_list(qtbot, screen.finder)
    assert screen.person is None
    assert not screen.finder.view.currentIndex().isValid()
    first = screen.finder.model.record_at(0)
    assert first is not None

    press(qtbot, Qt.Key.Key_Down)
    assert screen.finder.current_person() == first
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None)
    assert screen.form.reference.text() == first.person_ref
