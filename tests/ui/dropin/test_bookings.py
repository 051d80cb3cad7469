"""Bookings through the real window: booking someone for a coming session from the Activities
tab by keyboard, taking it back, a refusal said in the dialog, a cancelled session's list;
and at the desk a booked person on top of the matches, marked 'Booked', their note said on
check-in, and shown as arrived."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.services.activities import sessions_on
from ncdesk.core.services.bookings import book, bookings_on
from ncdesk.core.services.desk import likely_here
from ncdesk.core.services.people import search_people
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.ui.dropin.bookings_dialog import BookingsDialog
from ncdesk.ui.dropin.today_screen import TodayScreen
from ncdesk.ui.main_window import MainWindow
from tests.ui.dropin.conftest import back_at_the_desk, wait_quiet
from tests.ui.dropin.test_activities_and_follow_ups import open_tab
from tests.ui.helpers import focused, press, type_here

ALT = Qt.KeyboardModifier.AltModifier


def someone_unlikely(db: Database) -> PersonSummary:
    """A person who never came to today's activity: typing their first name alone would
    not put them on top at the desk."""
    session = sessions_on(db, today())[0]
    likely = likely_here(db, session.activity_id, today())
    for person in search_people(db, "a", limit=200):
        first = person.name.split()[0]
        top = search_people(db, first, limit=1, prefer=likely)
        if person.id not in likely and top and top[0].id != person.id:
            return person
    raise AssertionError("the demo has nobody who never came")


def wait_for_dialog(qtbot: QtBot, owner: object) -> BookingsDialog:
    qtbot.waitUntil(lambda: getattr(owner, "bookings_dialog", None) is not None)
    dialog = owner.bookings_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, BookingsDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.picker.search)
    return dialog


def book_by_keys(qtbot: QtBot, dialog: BookingsDialog, name: str, note: str) -> None:
    type_here(qtbot, name)
    qtbot.waitUntil(lambda: dialog.picker.top_person() is not None)
    press(qtbot, Qt.Key.Key_Return)  # the top match is chosen; the cursor goes to the note
    qtbot.waitUntil(lambda: focused() is dialog.note)
    type_here(qtbot, note)
    press(qtbot, Qt.Key.Key_Return)


def test_someone_is_booked_for_a_coming_session_and_the_booking_taken_back(
    qtbot: QtBot, demo_window: MainWindow, demo_db: Database
) -> None:
    panel = open_tab(qtbot, demo_window, 3)
    qtbot.waitUntil(lambda: panel.sessions.rowCount() > 0)
    session = panel.current_session()
    assert session is not None and session.date >= today() and not session.cancelled
    person = someone_unlikely(demo_db)
    press(qtbot, Qt.Key.Key_B, ALT)  # Bookings…
    dialog = wait_for_dialog(qtbot, panel)

    book_by_keys(qtbot, dialog, person.name, "pension credit form")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.feedback.text() == f"Booked {person.name}."
    assert dialog.count.text() == "1 booked, 0 arrived"
    assert dialog.model.index(0, 2).data() == "pension credit form"
    [saved] = bookings_on(demo_db, session.activity_id, session.date)
    assert (saved.person_id, saved.note) == (person.id, "pension credit form")
    assert focused() is dialog.picker.search  # ready for the next one

    # Choosing them again is refused at once, before a note is typed, and nothing is added.
    type_here(qtbot, person.name)
    qtbot.waitUntil(lambda: dialog.picker.top_person() is not None)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already booked for this session" in dialog.feedback.text())
    assert focused() is dialog.picker.search and dialog.picker.text() == ""
    assert len(bookings_on(demo_db, session.activity_id, session.date)) == 1

    # The sessions list says how many are booked.
    row = panel.session_view.currentIndex().row()
    qtbot.waitUntil(lambda: "1 booked" in panel.sessions.index(row, 2).data())

    dialog.view.setFocus()
    dialog.view.selectRow(0)
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and person.name in box.text()
    take_back = next(b for b in box.findChildren(QPushButton) if b.text() == "Take back")
    qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert dialog.feedback.text() == f"Took back the booking of {person.name}."
    assert bookings_on(demo_db, session.activity_id, session.date) == []


def test_at_the_desk_a_booked_person_is_on_top_marked_and_shown_arriving(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database
) -> None:
    person = someone_unlikely(demo_db)
    first = person.name.split()[0]
    assert desk.session is not None
    info = desk.session.info
    desk.bar.bookings_action.trigger()  # More › Bookings for this session…
    dialog = wait_for_dialog(qtbot, desk.dialogs)
    book_by_keys(qtbot, dialog, person.name, "pension form")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    press(qtbot, Qt.Key.Key_Escape)  # closes the dialog; back to the check-in field
    back_at_the_desk(qtbot, desk)
    bar = desk.bar
    qtbot.waitUntil(
        lambda: (
            "· 1 booked" in (bar.only.text() if bar.only.isVisible() else bar.choice.currentText())
        )
    )
    qtbot.waitUntil(lambda: person.id in desk.reads.likely)
    desk.bar.cancel_action.trigger()  # More › Cancel this session… says who to tell
    qtbot.waitUntil(lambda: desk.dialogs.cancel_dialog is not None)
    cancel_box = desk.dialogs.cancel_dialog
    assert cancel_box is not None and "1 booked for it" in cancel_box.labelText()
    cancel_box.reject()  # Keep it
    back_at_the_desk(qtbot, desk)

    type_here(qtbot, first)
    wait_quiet(qtbot, desk)
    top = desk.checkin.current()
    assert top is not None and top.person is not None and top.person.id == person.id
    assert desk.checkin.model.index(0, 4).data() == "Booked"
    with qtbot.waitSignal(desk.checked_in):
        press(qtbot, Qt.Key.Key_Return)
    wait_quiet(qtbot, desk)
    assert desk.feedback.text() == (
        f"Checked in {person.name}. Booked for: pension form. Ctrl+Z takes it back."
    )
    [arrived] = bookings_on(demo_db, info.activity_id, info.date)
    assert arrived.here

    desk.bar.bookings_action.trigger()
    dialog = wait_for_dialog(qtbot, desk.dialogs)
    qtbot.waitUntil(lambda: dialog.count.text() == "1 booked, 1 arrived")
    assert dialog.model.index(0, 4).data() == "\N{CHECK MARK} Here"


def test_a_cancelled_session_keeps_its_bookings_to_tell_and_takes_no_more(
    qtbot: QtBot, demo_window: MainWindow, demo_db: Database
) -> None:
    panel = open_tab(qtbot, demo_window, 3)
    qtbot.waitUntil(lambda: panel.sessions.rowCount() > 0)
    session = panel.current_session()
    assert session is not None
    person = someone_unlikely(demo_db)
    book(demo_db, session.activity_id, session.date, person.id, "interpreter needed")
    panel.refresh()
    row = panel.session_view.currentIndex().row()
    qtbot.waitUntil(lambda: panel.sessions.index(row, 2).data().endswith(", 1 booked"))

    panel.cancel_session()
    qtbot.waitUntil(lambda: getattr(panel, "input_dialog", None) is not None)
    qtbot.waitUntil(lambda: panel.input_dialog.isAncestorOf(focused()))
    assert "1 booked for it" in panel.input_dialog.labelText()
    type_here(qtbot, "Hall flooded")
    press(qtbot, Qt.Key.Key_Return)
    cancelled = "Cancelled: Hall flooded, 1 booked"
    qtbot.waitUntil(lambda: panel.sessions.index(row, 2).data() == cancelled)

    panel.activateWindow()
    qtbot.waitUntil(lambda: panel.isAncestorOf(focused()))
    press(qtbot, Qt.Key.Key_B, ALT)  # Bookings… still opens, to see who to tell
    qtbot.waitUntil(lambda: getattr(panel, "bookings_dialog", None) is not None)
    dialog = panel.bookings_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.cancelled_note.isVisible() and not dialog.picker.isEnabled()
    assert dialog.model.index(0, 2).data() == "interpreter needed"
    dialog.reject()

    # The cancellation taken back: a coming session is still "Expected", not "Held".
    panel.session_view.selectRow(row)
    panel.take_back_cancellation()
    qtbot.waitUntil(lambda: panel.sessions.index(row, 2).data() == "Expected, 1 booked")
