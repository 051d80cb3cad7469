"""The person page shows the drop-in visits kept about them, and the sessions they are booked
for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import format_date, today
from ncdesk.core.services.activities import sessions_on
from ncdesk.core.services.bookings import book
from ncdesk.core.services.desk import attendance_history
from ncdesk.core.services.people import list_people, summaries
from ncdesk.ui.main_window import MainWindow
from tests.ui.helpers import people_screen, press, type_here, wait_for_list


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
