"""Lending and returning at the desk, by keyboard: open an item by typing or scanning its
reference, lend it to someone found by name, and have it back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import format_date, today
from ncdesk.core.services import equipment as E
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.people import add_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.loan_dialogs import LendDialog, ReturnDialog, TrainingDialog
from ncdesk.ui.loans.loans_screen import LoansScreen
from tests.ui.helpers import focused
from tests.ui.loans.conftest import (
    alt,
    lend_says_why,
    open_dialog,
    open_item,
    press,
    save_file_as,
    type_keys,
    wait_closed,
    wait_quiet,
)

TAB = Qt.Key.Key_Tab
ENTER = Qt.Key.Key_Return


def test_the_item_field_has_the_cursor_when_the_area_opens(loans: LoansScreen) -> None:
    assert focused() is loans.items.find_item


def test_a_scanned_reference_in_any_case_opens_the_item(qtbot: QtBot, loans: LoansScreen):
    open_item(qtbot, loans, "wc02")
    panel = loans.items.panel
    assert panel.heading.text() == "<h2>WC02 · Folding wheelchair</h2>"
    assert "Available" in panel.status.text()
    assert focused() is panel.lend_button  # the next thing wanted, ready for Enter


def test_an_unknown_reference_says_there_is_no_such_item(qtbot: QtBot, loans: LoansScreen):
    type_keys(qtbot, "ZZ99")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: loans.items.find_problem.isVisible())
    assert loans.items.find_problem.text() == "\N{WARNING SIGN} No item with reference ZZ99."
    assert focused() is loans.items.find_item


def test_lending_by_keyboard_records_the_loan_and_says_so(qtbot: QtBot, loans: LoansScreen):
    db = loans._ctx.db
    open_item(qtbot, loans, "WC02")
    press(qtbot, ENTER)  # the Lend button has the focus
    dialog = open_dialog(qtbot, LendDialog)
    assert focused() is dialog.borrower.edit
    type_keys(qtbot, "Lynda Huds")
    press(qtbot, ENTER)  # takes the person found; the cursor moves on to the start date
    qtbot.waitUntil(lambda: dialog.borrower.chosen() is not None)
    assert focused() is dialog.start
    for _ in range(3):  # start, due back, returned
        press(qtbot, TAB)
    type_keys(qtbot, "good, new ferrules")
    press(qtbot, TAB)
    type_keys(qtbot, "£20")
    press(qtbot, TAB)
    press(qtbot, Qt.Key.Key_Space)  # the agreement is signed
    press(qtbot, TAB)
    press(qtbot, Qt.Key.Key_Space)  # no agreement to print this time
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)

    [loan] = V.loan_rows(db, V.loan_ids(db, text="WC02"))
    due = today() + timedelta(days=28)
    assert (loan.borrower, loan.start, loan.due) == ("Lynda Hudson", today(), due)
    assert (loan.deposit_pence, loan.agreement_signed, loan.condition_out) == (
        2000,
        True,
        "good, new ferrules",
    )
    assert loans.feedback.text() == f"Lent WC02 to Lynda Hudson, due back {format_date(due)}."
    qtbot.waitUntil(lambda: "On loan to Lynda Hudson" in loans.items.panel.status.text())


def test_an_item_with_an_overdue_check_is_refused_and_the_screen_says_why(
    qtbot: QtBot, loans: LoansScreen
):
    db = loans._ctx.db
    tyres = next(t[0] for t in E.check_types(db) if t[2] == "Tyres and brakes")
    item = E.save_item(db, E.ItemInput("WC09", "Folding wheelchair", "Wheelchair"))
    checked = today() - timedelta(days=200)
    E.record_check(db, item, tyres, checked, True, "Sam")
    was_due = format_date(checked + timedelta(days=180))
    reason = f"the tyres and brakes was due on {was_due}"

    open_item(qtbot, loans, "WC09")
    panel = loans.items.panel
    assert panel.refusal.isVisible()
    assert panel.refusal.text() == f"\N{WARNING SIGN} Cannot be lent or reserved: {reason}."
    assert focused() is panel.check_button  # what to do about it comes first

    alt(qtbot, "l")  # Lend anyway, to see the service refuse it
    dialog = open_dialog(qtbot, LendDialog)
    assert f"WC09 cannot go out now: {reason}." in dialog.intro.text()
    type_keys(qtbot, "Lynda Huds")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.borrower.chosen() is not None)
    press(qtbot, ENTER)  # Lend
    qtbot.waitUntil(lambda: dialog.problem("item") != "")
    assert dialog.problem("item") == f"\N{WARNING SIGN} WC09 cannot go out: {reason}"
    assert dialog.isVisible()
    assert V.loan_ids(db, show=V.LOAN_ALL, item_id=item) == []

    press(qtbot, Qt.Key.Key_Escape)
    wait_closed(qtbot, dialog)


def test_returning_by_keyboard_keeps_part_of_the_deposit_with_a_reason(
    qtbot: QtBot, loans: LoansScreen
):
    db = loans._ctx.db
    open_item(qtbot, loans, "SC04")  # overdue, with a £20 deposit
    panel = loans.items.panel
    assert "Overdue" in panel.status.text()
    assert focused() is panel.return_button
    press(qtbot, ENTER)
    dialog = open_dialog(qtbot, ReturnDialog)
    assert "Deposit taken: £20.00" in dialog.intro.text()
    type_keys(qtbot, "scuffed seat")
    press(qtbot, TAB)
    type_keys(qtbot, "15")  # the amount is selected on the way in, so typing replaces it
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.problem("kept_reason") != "")
    assert dialog.problem("kept_reason") == ("\N{WARNING SIGN} Say why some of the deposit is kept")
    assert focused() is dialog.kept_reason
    type_keys(qtbot, "seat cover replaced")
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)

    [loan] = V.loan_rows(db, V.loan_ids(db, show=V.LOAN_RETURNED, text="SC04")[:1])
    assert (loan.returned, loan.condition_in) == (today(), "scuffed seat")
    assert (loan.refunded_pence, loan.kept_reason) == (1500, "seat cover replaced")
    assert loans.feedback.text() == "SC04 is back from Lynda Hudson. £5.00 of the deposit kept."
    qtbot.waitUntil(lambda: "Back today from Lynda Hudson" in panel.status.text())
    # The Items list says the same at once, from the same place: back, with no borrower.
    qtbot.waitUntil(lambda: listed(loans, "SC04", T.I_STATUS).startswith("Back today"))
    assert listed(loans, "SC04", T.I_BORROWER) == ""
    assert "came back from Lynda Hudson" in lend_says_why(qtbot)


def listed(loans: LoansScreen, ref: str, column: int) -> str:
    """What the Items list shows in `column` for the item `ref`."""
    model = loans.items.model
    for row in range(model.rowCount()):
        if model.index(row, T.I_REF).data() == ref:
            return str(model.index(row, column).data() or "")
    raise AssertionError(f"{ref} is not in the Items list")


def test_lend_on_an_item_out_on_loan_says_who_has_it(qtbot: QtBot, loans: LoansScreen) -> None:
    open_item(qtbot, loans, "SC04")  # overdue, out with Lynda Hudson
    assert "is on loan to Lynda Hudson" in lend_says_why(qtbot)


def test_lending_saves_the_agreement_to_print(qtbot: QtBot, loans: LoansScreen, tmp_path: Path):
    target = tmp_path / "agreement.pdf"
    open_item(qtbot, loans, "WC05")
    press(qtbot, ENTER)
    dialog = open_dialog(qtbot, LendDialog)
    assert dialog.print_agreement.isChecked()
    type_keys(qtbot, "Lynda Huds")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.borrower.chosen() is not None)
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    save_file_as(qtbot, target)
    qtbot.waitUntil(lambda: "Agreement saved to" in loans.feedback.text())
    assert str(target) in loans.feedback.text(), loans.feedback.text()
    assert target.read_bytes().startswith(b"%PDF")
    assert target.read_bytes().count(b"/Type /Page\n") == 2  # the borrower's copy and ours


def test_a_borrower_without_scooter_training_is_refused_until_it_is_recorded(
    qtbot: QtBot, loans: LoansScreen
):
    db = loans._ctx.db
    scooter = E.save_item(db, E.ItemInput("SC09", "Pride Colt scooter", "Mobility scooter"))
    for type_id, _category, _name, _days in E.check_types(db, 1):
        E.record_check(db, scooter, type_id, today(), True, "Sam")
    add_person(db, PersonDetails(first_name="Dora", last_name="Newlands"))
    open_item(qtbot, loans, "SC09")
    press(qtbot, ENTER)
    dialog = open_dialog(qtbot, LendDialog)
    type_keys(qtbot, "Dora Newl")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.borrower.chosen() is not None)
    alt(qtbot, "a")  # no agreement to print
    qtbot.waitUntil(lambda: not dialog.print_agreement.isChecked())
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.problem("borrower") != "")
    assert dialog.problem("borrower") == (
        "\N{WARNING SIGN} The borrower has no record of scooter training"
    )

    alt(qtbot, "t")  # Record training…
    training = open_dialog(qtbot, TrainingDialog)
    press(qtbot, ENTER)
    wait_closed(qtbot, training)
    qtbot.waitUntil(lambda: dialog.done_note.isVisible())
    assert dialog.done_note.text() == "Recorded scooter training for Dora Newlands."
    assert dialog.problem("borrower") == ""
    press(qtbot, ENTER)  # Lend, now that the training is on record
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    [loan] = V.loan_rows(db, V.loan_ids(db, item_id=scooter))
    assert loan.borrower == "Dora Newlands"
