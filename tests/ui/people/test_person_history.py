"""The person page shows the drop-in visits kept about them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.services.desk import attendance_history
from ncdesk.core.services.people import list_people, summaries
from ncdesk.ui.main_window import MainWindow
from tests.ui.helpers import people_screen, press, type_here, wait_for_list


def test_opening_a_regular_shows_their_visits_on_the_visits_tab(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    screen = people_screen(demo_window)
    db = screen._ctx.db
    regular = next(
        p for p in summaries(db, list_people(db)) if len(attendance_history(db, p.id)) >= 3
    )
    visits = attendance_history(db, regular.id)

    type_here(qtbot, regular.person_ref)
    wait_for_list(qtbot, screen.finder)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.history.model.rowCount() == len(visits), timeout=5000)

    screen.pages.setCurrentWidget(screen.history)
    first = screen.history.model.index(0, 0).data()
    assert first == visits[0].date.strftime("%d/%m/%Y")
    assert str(len(visits)) in screen.history.summary.text()
