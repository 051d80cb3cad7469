"""The possible-duplicates review on the People screen: pairs across the register, one key to
merge (into the older record unless swapped) or to say they are different people for good."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.duplicates import different_pairs, possible_duplicates
from ncdesk.core.services.people import PersonRecord, add_person, get_person, list_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.duplicates_review import DuplicatesReview
from tests.ui.helpers import people_screen

ALT = Qt.KeyboardModifier.AltModifier


def register(db: Database, first: str, last: str, **details: object) -> PersonRecord:
    person = PersonDetails(first_name=first, last_name=last, **details)  # type: ignore[arg-type]
    return add_person(db, person, allow_duplicate=True)


def open_review(qtbot: QtBot, window: MainWindow) -> DuplicatesReview:
    """Alt+U on the People screen, and wait for the scan to finish."""
    screen = people_screen(window)
    before = screen.duplicates_review
    window.activateWindow()  # after a dialog, the window manager's job; offscreen has none
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(screen.finder.search, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(lambda: screen.duplicates_review not in (None, before))
    review = screen.duplicates_review
    assert review is not None
    qtbot.waitUntil(lambda: review.isVisible() and not review.is_scanning())
    return review


def key(qtbot: QtBot, review: DuplicatesReview, which: Qt.Key) -> None:
    """A key pressed where the focus is in the review (the list of pairs)."""
    focused = QApplication.focusWidget()
    assert focused is review.pair_list
    qtbot.keyClick(focused, which)


def test_a_planted_pair_is_listed_and_merged_into_the_older_record_with_one_key(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    older = register(empty_db, "David", "Powell", postcode="CB7 5AB")
    register(empty_db, "Ann", "Lee")
    newer = register(empty_db, "Dave", "Powell", phone="07700 900123")

    review = open_review(qtbot, window)

    assert review.pairs() == [
        ("David Powell (P00001)", "Dave Powell (P00003)", "Dave is a nickname of David")
    ]
    assert "M merges Dave Powell (P00003) into David Powell (P00001) (the older record)" in (
        review.what_merge_does.text()
    )
    key(qtbot, review, Qt.Key.Key_M)

    qtbot.waitUntil(lambda: get_person(empty_db, newer.id).merged_into_id == older.id)
    qtbot.waitUntil(lambda: review.pairs() == [])
    survivor = get_person(empty_db, older.id)
    assert (survivor.archived, survivor.phone) == (False, "07700 900123")
    assert get_person(empty_db, newer.id).archived
    assert len(list_people(empty_db)) == 2
    assert "was merged into David Powell (P00001)" in review.feedback.text()


def test_swapping_keeps_the_newer_record_instead(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    older = register(empty_db, "Kayleigh", "Brennan")
    newer = register(empty_db, "Kaleigh", "Brennan", postcode="CB7 5AB")

    review = open_review(qtbot, window)
    key(qtbot, review, Qt.Key.Key_S)
    assert review.pairs() == [
        ("Kaleigh Brennan (P00002)", "Kayleigh Brennan (P00001)", "One letter different")
    ]
    key(qtbot, review, Qt.Key.Key_M)

    qtbot.waitUntil(lambda: get_person(empty_db, older.id).merged_into_id == newer.id)
    assert not get_person(empty_db, newer.id).archived


def test_different_people_are_never_offered_again(
    qtbot: QtBot, window: MainWindow, empty_db: Database
) -> None:
    first = register(empty_db, "John", "Brown")
    second = register(empty_db, "John", "Brown")
    register(empty_db, "Mary", "Smith")
    register(empty_db, "Mary", "Smyth")

    review = open_review(qtbot, window)
    assert [why for _keep, _other, why in review.pairs()] == ["Same name", "One letter different"]
    key(qtbot, review, Qt.Key.Key_D)  # the John Browns are two people

    qtbot.waitUntil(lambda: len(review.pairs()) == 1)
    assert review.pairs()[0][:2] == ("Mary Smith (P00003)", "Mary Smyth (P00004)")
    assert different_pairs(empty_db) == {(first.id, second.id)}
    assert len(list_people(empty_db)) == 4  # nothing merged
    qtbot.keyClick(review.pair_list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not review.isVisible())

    again = open_review(qtbot, window)  # for good: a new scan leaves them out too
    assert [p[:2] for p in again.pairs()] == [("Mary Smith (P00003)", "Mary Smyth (P00004)")]
    assert [(p.keep.id, p.other.id) for p in possible_duplicates(empty_db)] == [(3, 4)]


def test_no_pairs_is_said_plainly(qtbot: QtBot, window: MainWindow, empty_db: Database) -> None:
    register(empty_db, "Ann", "Lee")
    register(empty_db, "Bob", "Hall")
    review = open_review(qtbot, window)
    assert review.pairs() == []
    assert review.feedback.text() == "No possible duplicates found."
    assert not review.merge_button.isEnabled()
