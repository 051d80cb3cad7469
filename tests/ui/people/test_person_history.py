"""The person page shows the drop-in visits kept about them, and the sessions they are booked
for."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import format_date, today
from ncdesk.core.services.activities import sessions_on
from ncdesk.core.services.bookings import book, bookings_of
from ncdesk.core.services.desk import attendance_history
from ncdesk.core.services.people import list_people, summaries
from ncdesk.ui.dropin.book_person_dialog import BookPersonDialog
from ncdesk.ui.dropin.history_panel import HistoryPanel
from ncdesk.ui.main_window import MainWindow
from tests.ui.helpers import focused, people_screen, press, type_here, wait_for_list


def test_opening_a_regular_shows_their_visits_and_bookings_on_the_visits_tab(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    screen = people_screen(demo_window)
    db = screen._ctx.db
    regular = next(
        p for p in summaries(db, list_people(db)) if len(attendance_history(db, p.id)) >= 3
    )
    visits = attendance_history(db, regular.id)
    session = sessions_on(db, today())[0]
    book(db, session.activity_id, today(), regular.id, "<b>form</b> to sign")

    type_here(qtbot, regular.person_ref)
    wait_for_list(qtbot, screen.finder)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.history.model.rowCount() == len(visits), timeout=5000)

    screen.pages.setCurrentWidget(screen.history)
    first = screen.history.model.index(0, 0).data()
    assert first == visits[0].date.strftime("%d/%m/%Y")
    assert str(len(visits)) in screen.history.summary.text()
    booked = screen.history.booked
    assert booked.isVisible()
    assert booked.text() == (
        f"Booked for: {today():%a} {format_date(today())}, {session.activity} "
        "(<b>form</b> to sign)."
    )


def book_the_second_session(qtbot: QtBot, history: HistoryPanel, note: str) -> BookPersonDialog:
    """Book for a session… clicked; Down to the second coming session, Tab, the note, Enter."""
    qtbot.mouseClick(history.book_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.book_dialog is not None and history.book_dialog.isVisible())
    dialog = history.book_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.session.count() > 1)
    dialog.activateWindow()
    dialog.session.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.session)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, note)
    press(qtbot, Qt.Key.Key_Return)
    return dialog


def test_someone_is_booked_for_a_coming_session_from_their_page(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    screen = people_screen(demo_window)
    db = screen._ctx.db
    person = summaries(db, list_people(db))[3]
    type_here(qtbot, person.person_ref)
    wait_for_list(qtbot, screen.finder)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.history._person_id == person.id)
    screen.pages.setCurrentWidget(screen.history)
    history = screen.history
    assert history.book_button.isVisible() and not history.booked.isVisible()

    first = book_the_second_session(qtbot, history, "needs the ramp")
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # saved, and the dialog closed
    qtbot.waitUntil(history.booked.isVisible)
    [booked] = bookings_of(db, person.id)
    assert booked.note == "needs the ramp"
    assert history.booked.text() == (
        f"Booked for: {booked.date:%a} {format_date(booked.date)}, {booked.activity} "
        "(needs the ramp)."
    )

    # The same session again: refused in the dialog, which stays open; nothing added.
    again = book_the_second_session(qtbot, history, "")
    qtbot.waitUntil(lambda: "already booked" in again.feedback.text())
    assert again.isVisible()
    again.reject()
    assert len(bookings_of(db, person.id)) == 1
