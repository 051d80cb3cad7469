"""Which session the desk works on: none planned, several, cancelled; and the paper fallback."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.services.activities import ActivityInput, get_session, save_activity
from ncdesk.core.services.desk import attendees
from ncdesk.core.services.people import search_people
from ncdesk.ui.dropin.paper_sheet_dialog import PaperSheetDialog
from ncdesk.ui.dropin.today_screen import PAGE_DESK, PAGE_START, TodayScreen
from tests.ui.conftest import MakeWindow
from tests.ui.dropin.conftest import back_at_the_desk, open_dropin, wait_quiet
from tests.ui.helpers import focused, press, type_here

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def activity(db: Database, name: str, weekday: int, start: int = 10, end: int = 12) -> None:
    save_activity(
        db,
        ActivityInput(
            name=name,
            venue="Ely library",
            weekday=weekday,
            start_time=time(start),
            end_time=time(end),
        ),
    )


@pytest.fixture
def no_session_today(empty_db: Database) -> Database:
    activity(empty_db, "Warm space", (today().weekday() + 1) % 7)
    return empty_db


def test_with_no_session_today_enter_starts_one_for_the_chosen_activity(
    qtbot: QtBot, make_window: MakeWindow, no_session_today: Database
) -> None:
    screen = open_dropin(qtbot, make_window(no_session_today))
    assert screen.pages.currentIndex() == PAGE_START
    assert "No drop-in session is planned for today" in screen.start_page.heading.text()
    assert focused() is screen.start_page.activity
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: screen.pages.currentIndex() == PAGE_DESK)
    wait_quiet(qtbot, screen)
    assert screen.session is not None and screen.session.id is not None
    assert screen.session.info.activity == "Warm space"
    assert screen.session.info.date == today()
    assert focused() is screen.checkin.search


def test_with_several_sessions_today_the_session_can_be_chosen(
    qtbot: QtBot, make_window: MakeWindow, empty_db: Database
) -> None:
    activity(empty_db, "Morning cafe", today().weekday(), 9, 11)
    activity(empty_db, "Evening cafe", today().weekday(), 18, 20)
    screen = open_dropin(qtbot, make_window(empty_db))
    assert screen.bar.choice.isVisible()
    assert screen.bar.choice.count() == 2
    press(qtbot, Qt.Key.Key_S, ALT)
    assert focused() is screen.bar.choice
    start = screen.bar.choice.currentIndex()
    press(qtbot, Qt.Key.Key_Down if start == 0 else Qt.Key.Key_Up)

    wait_quiet(qtbot, screen)
    assert screen.session is not None
    chosen = screen.session.info.activity
    assert chosen in ("Morning cafe", "Evening cafe")
    assert screen.bar.choice.currentText().startswith(chosen)
    assert screen.bar.choice.currentIndex() != start


def test_a_cancelled_session_says_so_and_refuses_check_ins(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    desk.bar.cancel_action.trigger()  # More › Cancel this session… (Alt+M, then arrows)
    qtbot.waitUntil(lambda: getattr(desk.dialogs, "cancel_dialog", None) is not None)
    qtbot.waitUntil(lambda: desk.dialogs.cancel_dialog.isAncestorOf(focused()))
    type_here(qtbot, "Library closed for the heating")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: desk.cancelled_banner.isVisible())
    assert "Library closed for the heating" in desk.cancelled_banner.text()
    back_at_the_desk(qtbot, desk)
    type_here(qtbot, returning[0][1])
    press(qtbot, Qt.Key.Key_Return)
    wait_quiet(qtbot, desk)
    assert "cancelled" in desk.feedback.text()
    assert desk.session is not None and desk.session.id is not None
    assert attendees(demo_db, desk.session.id) == []
    assert get_session(demo_db, desk.session.id).cancelled

    desk.bar.uncancel_action.trigger()
    qtbot.waitUntil(lambda: not desk.cancelled_banner.isVisible())
    assert not get_session(demo_db, desk.session.id).cancelled


def test_the_sign_in_sheet_is_written_as_a_pdf(
    qtbot: QtBot, desk: TodayScreen, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.pdf"
    desk.dialogs.print_sign_in_sheet(path)

    qtbot.waitUntil(lambda: "Sign-in sheet saved" in desk.feedback.text())
    assert path.read_bytes().startswith(b"%PDF")


def test_a_filled_paper_sheet_is_typed_in_by_keyboard(
    qtbot: QtBot, desk: TodayScreen, demo_db: Database, returning: list[tuple[int, str]]
) -> None:
    press(qtbot, Qt.Key.Key_E, ALT)  # &Enter paper sheet…
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, PaperSheetDialog) and w.isVisible()
            for w in QApplication.topLevelWidgets()
        )
    )
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PaperSheetDialog))
    qtbot.waitUntil(lambda: dialog.printed.count() > 2)
    dialog.printed.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # row 1 ticked
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # row 2 ticked too
    ticked = dialog.ticked_ids()
    assert len(ticked) == 2
    press(qtbot, Qt.Key.Key_N, ALT)  # &New names
    type_here(qtbot, "Nora Newcombe")
    press(qtbot, Qt.Key.Key_M, ALT)  # na&me: the tally
    type_here(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: "Recorded the paper sheet" in desk.feedback.text())
    assert desk.session is not None and desk.session.id is not None
    here = attendees(demo_db, desk.session.id)
    assert {a.person_id for a in here} >= set(ticked)
    assert "Nora Newcombe" in {a.name for a in here}
    assert get_session(demo_db, desk.session.id).anonymous_count == 3
    assert [p.name for p in search_people(demo_db, "nora newcombe")][:1] == ["Nora Newcombe"]
    qtbot.waitUntil(lambda: "Nora Newcombe" in desk.here.names())
