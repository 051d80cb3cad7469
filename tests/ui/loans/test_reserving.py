"""Reservations at the desk, by keyboard: promising an item, seeing a clash refused in plain
words, and lending from a reservation when the borrower comes."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import format_date, today
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import item_id_for_ref
from ncdesk.core.services.lending import ReservationInput, reserve
from ncdesk.core.services.people import search_people
from ncdesk.ui.loans.loan_dialogs import LendDialog, ReserveDialog
from ncdesk.ui.loans.loans_screen import LoansScreen
from tests.ui.helpers import focused
from tests.ui.loans.conftest import (
    alt,
    go_to_tab,
    open_dialog,
    open_item,
    press,
    type_keys,
    wait_closed,
    wait_quiet,
)

TAB = Qt.Key.Key_Tab
ENTER = Qt.Key.Key_Return


def reserve_by_keyboard(qtbot: QtBot, loans: LoansScreen, who: str, start: int, end: int):
    """On the open item: Re&serve…, find the person, type the dates, Enter."""
    alt(qtbot, "s")
    dialog = open_dialog(qtbot, ReserveDialog)
    assert focused() is dialog.borrower.edit
    type_keys(qtbot, who)
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.borrower.chosen() is not None)
    assert focused() is dialog.start
    type_keys(qtbot, format_date(today() + timedelta(days=start)))
    press(qtbot, TAB)
    type_keys(qtbot, format_date(today() + timedelta(days=end)))
    press(qtbot, TAB)
    type_keys(qtbot, "after a fall")
    press(qtbot, ENTER)
    return dialog


def test_reserving_by_keyboard_promises_the_item(qtbot: QtBot, loans: LoansScreen) -> None:
    db = loans._ctx.db
    open_item(qtbot, loans, "WC06")
    dialog = reserve_by_keyboard(qtbot, loans, "Lynda Huds", 3, 6)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)

    [row] = V.reservation_rows(db, item_id=item_id_for_ref(db, "WC06"))
    assert (row.borrower, row.note) == ("Lynda Hudson", "after a fall")
    assert (row.start, row.end) == (today() + timedelta(days=3), today() + timedelta(days=6))
    assert loans.feedback.text() == "Reserved."
    qtbot.waitUntil(lambda: "Lynda Hudson" in loans.items.panel.reservations.text())


def test_a_reservation_that_clashes_is_refused_with_the_reason(qtbot: QtBot, loans: LoansScreen):
    db = loans._ctx.db
    item = item_id_for_ref(db, "WC06")
    lynda = search_people(db, "Lynda Hudson", limit=1)[0]
    start, end = today() + timedelta(days=3), today() + timedelta(days=6)
    reserve(db, ReservationInput(lynda.id, start, end, item_id=item))
    open_item(qtbot, loans, "WC06")

    dialog = reserve_by_keyboard(qtbot, loans, "Raymond Hun", 5, 9)
    qtbot.waitUntil(lambda: dialog.problem("item") != "")
    assert dialog.problem("item") == (
        f"\N{WARNING SIGN} WC06 is reserved for Lynda Hudson from {format_date(start)} "
        f"to {format_date(end)}"
    )
    assert len(V.reservation_rows(db, item_id=item)) == 1
    press(qtbot, Qt.Key.Key_Escape)
    wait_closed(qtbot, dialog)


def test_a_reservation_turns_into_a_loan_from_the_reservations_tab(
    qtbot: QtBot, loans: LoansScreen
):
    db = loans._ctx.db
    item = item_id_for_ref(db, "WC06")
    lynda = search_people(db, "Lynda Hudson", limit=1)[0]
    reserve(db, ReservationInput(lynda.id, today(), today() + timedelta(days=5), item_id=item))

    go_to_tab(qtbot, 4)  # Reservations
    tab = loans.reservations
    qtbot.waitUntil(lambda: not tab.is_loading() and tab.model.total() == 2)
    press(qtbot, Qt.Key.Key_Home)  # the soonest: ours, from today
    assert tab.view.current_record().borrower == "Lynda Hudson"
    press(qtbot, ENTER)
    dialog = open_dialog(qtbot, LendDialog)
    assert dialog.borrower.edit.text() == f"Lynda Hudson ({lynda.person_ref})"
    assert dialog.due.text() == format_date(today() + timedelta(days=5))
    alt(qtbot, "a")  # no agreement to print this time
    qtbot.waitUntil(lambda: not dialog.print_agreement.isChecked())
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)

    [loan] = V.loan_rows(db, V.loan_ids(db, item_id=item))
    assert (loan.borrower, loan.start) == ("Lynda Hudson", today())
    assert loan.reservation_id is not None
    qtbot.waitUntil(lambda: tab.model.total() == 1)  # only the demo's category reservation
