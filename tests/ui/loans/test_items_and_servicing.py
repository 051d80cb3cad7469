"""Looking after the items, by keyboard: a new item, a safety check that lets an item go out
again, servicing with its cost, and QR labels."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import today
from ncdesk.core.services import equipment as E
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.servicing import service_jobs
from ncdesk.ui.loans.item_dialogs import (
    BackDialog,
    CheckDialog,
    ItemDialog,
    LabelsDialog,
    RetireDialog,
    SendDialog,
)
from ncdesk.ui.loans.loan_dialogs import LendDialog
from ncdesk.ui.loans.loans_screen import LoansScreen
from ncdesk.ui.loans.setup_dialog import SetupDialog
from tests.ui.helpers import focused
from tests.ui.loans.conftest import (
    alt,
    go_to_tab,
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


def test_a_new_item_is_added_by_keyboard_and_opened(qtbot: QtBot, loans: LoansScreen) -> None:
    alt(qtbot, "n")
    dialog = open_dialog(qtbot, ItemDialog)
    assert focused() is dialog.ref
    type_keys(qtbot, "WA02")
    press(qtbot, TAB)
    type_keys(qtbot, "Tri-walker")
    press(qtbot, TAB)
    type_keys(qtbot, "Walking aid")
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    qtbot.waitUntil(
        lambda: loans.items.panel.item is not None and loans.items.panel.item.item_ref == "WA02"
    )
    wait_quiet(qtbot, loans)
    assert "WA02" in loans.items.listed_refs()
    # A new walking aid has never had its frame and ferrules checked, so it cannot go out yet.
    assert loans.items.panel.refusal.text() == (
        "\N{WARNING SIGN} Cannot be lent or reserved: "
        "the frame and ferrules has never been recorded."
    )


def test_a_passing_check_lets_an_item_go_out_again(qtbot: QtBot, loans: LoansScreen) -> None:
    db = loans._ctx.db
    [(tyres, *_)] = E.check_types(db, 2)
    item = E.item_id_for_ref(db, "WC06")
    E.record_check(db, item, tyres, today(), False, "Sam", "brake cable frayed")
    open_item(qtbot, loans, "WC06")
    panel = loans.items.panel
    assert "failed on" in panel.refusal.text()
    assert focused() is panel.check_button
    press(qtbot, ENTER)
    dialog = open_dialog(qtbot, CheckDialog)
    assert dialog.check.currentData() == tyres
    press(qtbot, TAB)  # done on: today
    press(qtbot, TAB)
    type_keys(qtbot, "Sam")
    press(qtbot, ENTER)  # Result: passed
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    qtbot.waitUntil(lambda: not panel.refusal.isVisible())
    assert panel.lend_button.isEnabled()
    assert V.item_detail(db, item).safety.reason is None


def test_an_item_sent_for_service_is_away_until_back_with_its_cost(
    qtbot: QtBot, loans: LoansScreen
) -> None:
    db = loans._ctx.db
    open_item(qtbot, loans, "WC06")
    alt(qtbot, "i")  # Send for service…
    dialog = open_dialog(qtbot, SendDialog)
    type_keys(qtbot, "Soham Mobility Repairs")
    press(qtbot, TAB)
    type_keys(qtbot, "new tyres")
    alt(qtbot, "j")  # no job sheet this time
    qtbot.waitUntil(lambda: not dialog.print_sheet.isChecked())
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    panel = loans.items.panel
    qtbot.waitUntil(lambda: "In service: with Soham Mobility Repairs" in panel.status.text())
    assert "is with Soham Mobility Repairs for servicing" in lend_says_why(qtbot)

    alt(qtbot, "b")  # Back from service…
    back = open_dialog(qtbot, BackDialog)
    assert focused() is back.cost
    type_keys(qtbot, "45")
    press(qtbot, ENTER)
    wait_closed(qtbot, back)
    wait_quiet(qtbot, loans)
    [job] = service_jobs(db, item_id=E.item_id_for_ref(db, "WC06"))[:1]
    assert (job.work, job.back_on, job.cost_pence) == ("new tyres", today(), 4500)
    assert loans.feedback.text() == "WC06 is back from Soham Mobility Repairs (£45.00)."


def test_labels_for_the_listed_items_are_saved_as_a_sheet(
    qtbot: QtBot, loans: LoansScreen, tmp_path: Path
) -> None:
    target = tmp_path / "labels.pdf"
    alt(qtbot, "p")
    dialog = open_dialog(qtbot, LabelsDialog)
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    save_file_as(qtbot, target)
    qtbot.waitUntil(lambda: "Labels saved to" in loans.feedback.text())
    assert target.read_bytes().count(b"/Type /Page\n") == 1  # 12 labels fit one sheet of 21


def test_a_single_label_is_saved_from_the_item(
    qtbot: QtBot, loans: LoansScreen, tmp_path: Path
) -> None:
    target = tmp_path / "label.pdf"
    open_item(qtbot, loans, "SC01")
    alt(qtbot, "a")  # Print label…
    save_file_as(qtbot, target)
    qtbot.waitUntil(lambda: "Label saved to" in loans.feedback.text())
    assert target.read_bytes().startswith(b"%PDF")


def test_a_loan_can_be_recorded_backdated_with_its_return(qtbot: QtBot, loans: LoansScreen) -> None:
    db = loans._ctx.db
    open_item(qtbot, loans, "WC06")
    press(qtbot, ENTER)
    dialog = open_dialog(qtbot, LendDialog)
    type_keys(qtbot, "Lynda Huds")
    press(qtbot, ENTER)
    qtbot.waitUntil(lambda: dialog.borrower.chosen() is not None)
    start, back = today() - timedelta(days=9), today() - timedelta(days=2)
    type_keys(qtbot, f"{start:%d/%m/%Y}")
    press(qtbot, TAB)
    type_keys(qtbot, f"{back:%d/%m/%Y}")
    press(qtbot, TAB)
    type_keys(qtbot, f"{back:%d/%m/%Y}")
    alt(qtbot, "a")  # no agreement: it is history
    qtbot.waitUntil(lambda: not dialog.print_agreement.isChecked())
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    [loan] = V.loan_rows(db, V.loan_ids(db, show=V.LOAN_ALL, text="WC06")[:1])
    assert (loan.start, loan.returned, loan.borrower) == (start, back, "Lynda Hudson")
    assert loans.feedback.text().startswith("Recorded the loan of WC06 to Lynda Hudson")


def test_a_new_safety_check_for_a_category_stops_its_items_until_done(
    qtbot: QtBot, loans: LoansScreen
) -> None:
    go_to_tab(qtbot, 5)  # Safety checks
    tab = loans.checks
    qtbot.waitUntil(lambda: not tab.is_loading())
    alt(qtbot, "q")  # Checks and requirements…
    dialog = open_dialog(qtbot, SetupDialog)
    assert "<b>Wheelchair</b>: Tyres and brakes every 180 days" in dialog.intro.text()
    press(qtbot, TAB)
    type_keys(qtbot, "Wh")  # the Wheelchair category, by its first letters
    press(qtbot, TAB)
    type_keys(qtbot, "Seat belt")
    press(qtbot, TAB)
    type_keys(qtbot, "30")
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    assert loans.feedback.text() == "Every wheelchair now needs seat belt every 30 days."
    qtbot.waitUntil(lambda: "Seat belt" in {r.check for r in tab.rows()})
    assert V.item_detail(loans._ctx.db, E.item_id_for_ref(loans._ctx.db, "WC02")).safety.reason == (
        "the seat belt has never been recorded"
    )


def test_a_retired_item_is_brought_back_into_use_by_keyboard(
    qtbot: QtBot, loans: LoansScreen
) -> None:
    db = loans._ctx.db
    ref = next(
        r.item.item_ref
        for r in V.item_list(db)
        if r.item.status == "available" and r.safety.reason is None
    )
    open_item(qtbot, loans, ref)
    panel = loans.items.panel
    alt(qtbot, "t")
    dialog = open_dialog(qtbot, RetireDialog)
    type_keys(qtbot, "seat cracked")
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    qtbot.waitUntil(lambda: panel.item is not None and panel.item.status == "retired")
    assert "Retired on" in panel.status.text()
    assert "was retired on" in lend_says_why(qtbot)
    assert panel.retire_button.text() == "Back in &use"

    alt(qtbot, "u")  # repaired after all
    qtbot.waitUntil(lambda: panel.item is not None and panel.item.status == "available")
    assert panel.lend_button.isEnabled()
    assert panel.retire_button.text() == "Re&tire…"
    assert f"{ref} is back in use." in loans.feedback.text()


def pick_need(qtbot: QtBot, loans: LoansScreen, text: str) -> SetupDialog:
    """Open Checks and requirements and arrow down to the entry that changes `text`."""
    go_to_tab(qtbot, 5)  # Safety checks
    qtbot.waitUntil(lambda: not loans.checks.is_loading())
    alt(qtbot, "q")
    dialog = open_dialog(qtbot, SetupDialog)
    target = dialog.kind.findText(text)
    assert target > 1, [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    for _ in range(target):
        press(qtbot, Qt.Key.Key_Down)
    assert dialog.picked() is not None
    return dialog


def test_a_check_is_made_more_frequent_by_keyboard(qtbot: QtBot, loans: LoansScreen) -> None:
    db = loans._ctx.db
    dialog = pick_need(qtbot, loans, "Change Wheelchair: Tyres and brakes every 180 days")
    assert (dialog.name.text(), dialog.days.text()) == ("Tyres and brakes", "180")
    assert not dialog.category.isEnabled()
    press(qtbot, TAB)  # to the name, kept
    press(qtbot, TAB)
    dialog.days.selectAll()
    type_keys(qtbot, "30")
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    assert loans.feedback.text() == "Every wheelchair now needs tyres and brakes every 30 days."
    assert [(t[2], t[3]) for t in E.check_types(db, 2)] == [("Tyres and brakes", 30)]


def test_a_check_no_longer_needed_is_stopped_by_keyboard(qtbot: QtBot, loans: LoansScreen) -> None:
    db = loans._ctx.db
    dialog = pick_need(qtbot, loans, "Change Wheelchair: Tyres and brakes every 180 days")
    press(qtbot, TAB)
    press(qtbot, TAB)
    press(qtbot, TAB)
    assert focused() is dialog.stop
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.action_button.text() == "S&top it" and not dialog.name.isEnabled()
    press(qtbot, ENTER)
    wait_closed(qtbot, dialog)
    wait_quiet(qtbot, loans)
    assert loans.feedback.text() == "Wheelchair items no longer need tyres and brakes."
    assert E.check_types(db, 2) == []
