"""The exchanges list: voiding a mistake, recording hours one to one and for a group, the
community chest, limit warnings and filtering."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.services.ledger import ExchangeRow, exchange_ids, exchange_rows
from ncdesk.core.services.timebank_accounts import AccountInfo, balances, update_member
from ncdesk.ui.timebank.chest_dialog import ChestDialog
from ncdesk.ui.timebank.record_dialog import MANY_TO_ONE, ONE_TO_MANY, RecordHoursDialog
from ncdesk.ui.timebank.tables import EX_DATE, EX_STATUS
from ncdesk.ui.timebank.timebank_screen import TimebankScreen
from ncdesk.ui.timebank.void_dialog import VoidDialog
from tests.ui.helpers import focused
from tests.ui.timebank.conftest import active_dialog, closed, press_key, type_keys


def listed(screen: TimebankScreen) -> list[ExchangeRow]:
    model = screen.ledger.model
    return [model.record_at(row) for row in range(model.rowCount())]  # type: ignore[misc]


def wait_for_list(qtbot: QtBot, screen: TimebankScreen) -> None:
    qtbot.waitUntil(lambda: not screen._ctx.tasks.busy() and not screen.ledger.is_loading())


def active_members(screen: TimebankScreen) -> list[AccountInfo]:
    return [a for a in screen.directory.accounts if a.kind == "member" and a.status == "active"]


def test_void_asks_once_for_a_reason_and_adds_a_reversing_entry(
    qtbot: QtBot, timebank: TimebankScreen
):
    db = timebank._ctx.db
    ledger = timebank.ledger
    assert focused() is ledger.view  # the list has the cursor when the area opens
    press_key(qtbot, Qt.Key.Key_Down)
    original = ledger.current_row()
    assert original is not None and original.kind == "service" and not original.voided
    before = balances(db)

    press_key(qtbot, Qt.Key.Key_Delete)
    dialog = active_dialog(qtbot, VoidDialog)
    assert isinstance(dialog, VoidDialog)
    assert not dialog.void_button.isEnabled()  # no reason, no void
    press_key(qtbot, Qt.Key.Key_Return)  # Enter by habit before a reason: only Cancel's
    assert closed(dialog)
    assert not exchange_rows(db, [original.id])[0].voided

    press_key(qtbot, Qt.Key.Key_Delete)
    dialog = active_dialog(qtbot, VoidDialog)
    type_keys(qtbot, "entered twice")
    press_key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exchange_rows(db, [original.id])[0].voided)
    wait_for_list(qtbot, timebank)

    rows = {r.id: r for r in listed(timebank)}
    assert rows[original.id].voided  # the original stays visible, marked
    assert ledger.current_row() is not None and ledger.current_row().id == original.id
    shown = ledger.model.index(ledger.model.row_of(original.id), EX_STATUS).data()
    assert shown == "Voided: entered twice"
    reversal = next(r for r in rows.values() if r.reversal_of_id == original.id)
    assert (reversal.giver_id, reversal.receiver_id) == (original.receiver_id, original.giver_id)
    assert reversal.minutes == original.minutes
    after = balances(db)
    assert after[original.giver_id] == before[original.giver_id] - original.minutes
    assert after[original.receiver_id] == before[original.receiver_id] + original.minutes
    assert "Voided No." in ledger.feedback.text()

    # Neither the voided entry nor its reversal can be voided again.
    assert not ledger.void_button.isEnabled()
    ledger.select_exchange(reversal.id)
    assert not ledger.void_button.isEnabled()
    assert ledger.void_selected() is None


def test_recording_hours_from_the_keyboard(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    ann, bob = active_members(timebank)[:2]
    before = balances(db)
    press_key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = active_dialog(qtbot, RecordHoursDialog)
    assert isinstance(dialog, RecordHoursDialog)
    assert focused() is dialog.giver.one

    type_keys(qtbot, ann.ref)
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, bob.name)
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "1:45")
    assert dialog.hours_note.text() == "= 1:45 hours"
    press_key(qtbot, Qt.Key.Key_Tab)
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "fixed a shelf")
    press_key(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_list(qtbot, timebank)
    after = balances(db)
    assert after[ann.id] - before.get(ann.id, 0) == 105
    assert after[bob.id] - before.get(bob.id, 0) == -105
    top = timebank.ledger.current_row()
    assert top is not None and top.description == "fixed a shelf"
    assert f"{ann.name} helped {bob.name} for 1:45 hours." in timebank.ledger.feedback.text()


def test_a_form_with_mistakes_says_what_is_wrong_under_each_field(
    qtbot: QtBot, timebank: TimebankScreen
):
    ann = active_members(timebank)[0]
    entries = len(exchange_ids(timebank._ctx.db))
    dialog = timebank.ledger.record_hours()
    dialog.giver.one.setText(ann.ref)
    dialog.receiver.one.setText(ann.ref)
    dialog.hours.setText("lots")
    dialog.date.setText("31/02/2026")
    dialog.save()

    assert dialog.isVisible()
    assert (
        dialog.errors.message("receiver")
        == "\N{WARNING SIGN} The giver and the receiver are the same"
    )
    assert "Not a number of hours" in dialog.errors.message("hours")
    assert "This date does not exist" in dialog.errors.message("date")
    assert len(exchange_ids(timebank._ctx.db)) == entries
    dialog.reject()


def test_one_member_helping_several_makes_one_entry_each_in_a_group(
    qtbot: QtBot, timebank: TimebankScreen
):
    db = timebank._ctx.db
    teacher, *pupils = active_members(timebank)[:4]
    timebank.ledger.record_hours()
    dialog = active_dialog(qtbot, RecordHoursDialog)
    assert isinstance(dialog, RecordHoursDialog)
    dialog.mode.setCurrentIndex(ONE_TO_MANY)
    dialog.giver.one.setText(teacher.ref)
    dialog.receiver.setFocus()
    for pupil in pupils:
        type_keys(qtbot, pupil.ref)
        press_key(qtbot, Qt.Key.Key_Return)  # Enter with a name typed adds it to the list
    assert dialog.receiver.many.account_ids() == [p.id for p in pupils]
    dialog.hours.setText("1")
    dialog.description.setText("phone class")
    dialog.save()

    qtbot.waitUntil(lambda: closed(dialog))
    wait_for_list(qtbot, timebank)
    newest = exchange_rows(db, exchange_ids(db)[:3])
    assert {r.receiver_id for r in newest} == {p.id for p in pupils}
    assert len({r.group_id for r in newest}) == 1 and newest[0].group_id is not None
    assert "helped 3 people for 1:00 hours each" in timebank.ledger.feedback.text()


def test_a_group_activity_credits_each_helper(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    host, *helpers = active_members(timebank)[:3]
    before = balances(db)
    dialog = timebank.ledger.record_hours()
    dialog.mode.setCurrentIndex(MANY_TO_ONE)
    for helper in helpers:
        dialog.giver.many.field.setText(helper.ref)
        dialog.giver.many.add_typed()
    dialog.receiver.one.setText(host.ref)
    dialog.hours.setText("2")
    dialog.save()

    qtbot.waitUntil(lambda: closed(dialog))
    after = balances(db)
    assert [after[h.id] - before.get(h.id, 0) for h in helpers] == [120, 120]
    assert after[host.id] - before.get(host.id, 0) == -240


def test_going_past_a_balance_limit_warns_but_still_records(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    ann, bob = active_members(timebank)[:2]
    update_member(db, bob.id, limit_low=bob.balance - 30)
    timebank.directory.refresh()
    qtbot.waitUntil(lambda: timebank.directory.account(bob.id).limit_low is not None)

    dialog = timebank.ledger.record_hours()
    dialog.giver.one.setText(ann.ref)
    dialog.receiver.one.setText(bob.ref)
    dialog.hours.setText("1")
    assert "below their limit" in dialog.limit_note.text()  # said before saving
    dialog.save()

    qtbot.waitUntil(lambda: closed(dialog))
    assert "\N{WARNING SIGN}" in timebank.ledger.feedback.text()
    assert "below their limit of" in timebank.ledger.feedback.text()


def test_a_donation_moves_hours_to_the_chest(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    donor = active_members(timebank)[0]
    chest = timebank.directory.chest()
    assert chest is not None
    before = balances(db)
    dialog = timebank.ledger.open_chest("donate")
    assert isinstance(dialog, ChestDialog)
    dialog.member.setText(donor.ref)
    dialog.hours.setText("2")
    dialog.save()

    qtbot.waitUntil(lambda: closed(dialog))
    after = balances(db)
    assert after[chest.id] - before.get(chest.id, 0) == 120
    assert after[donor.id] - before[donor.id] == -120
    wait_for_list(qtbot, timebank)
    assert timebank.ledger.current_row().kind == "donation"  # type: ignore[union-attr]


def test_the_list_can_be_narrowed_to_one_member(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    member = active_members(timebank)[0]
    ledger = timebank.ledger
    ledger.member.setFocus()
    type_keys(qtbot, member.ref)
    press_key(qtbot, Qt.Key.Key_Return)
    wait_for_list(qtbot, timebank)

    rows = listed(timebank)
    assert len(rows) == len(exchange_ids(db, account_id=member.id))
    assert all(member.id in (r.giver_id, r.receiver_id) for r in rows)
    assert ledger.member.text() == f"{member.name} ({member.ref})"
    assert ledger.view.isSortingEnabled()  # one member's history is short enough to sort


def test_rows_and_columns_grow_with_the_text(qtbot: QtBot, timebank: TimebankScreen):
    view = timebank.ledger.view
    row, date_column = view.verticalHeader().defaultSectionSize(), view.columnWidth(EX_DATE)
    press_key(qtbot, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl + (larger)
    press_key(qtbot, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.verticalHeader().defaultSectionSize() > row)
    assert view.columnWidth(EX_DATE) > date_column  # dates still fit

    # Back to normal (Ctrl+0) while the window is open, so every screen re-fits before it goes.
    press_key(qtbot, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.verticalHeader().defaultSectionSize() == row)
    qtbot.wait(50)
