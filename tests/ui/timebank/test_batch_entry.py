"""Batch entry: a stack of paper slips typed into the grid by keyboard, checked row by row,
saved all together or not at all."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import today
from ncdesk.core.services.ledger import exchange_ids, exchange_rows
from ncdesk.core.services.timebank_accounts import AccountInfo, balances, update_member
from ncdesk.ui.common.field_errors import ERROR_FIELD
from ncdesk.ui.common.tasks import TIMEBANK
from ncdesk.ui.timebank.batch_model import COL_CHECK, COL_DATE, COL_GIVER, COL_HOURS, COL_RECEIVER
from ncdesk.ui.timebank.timebank_screen import TimebankScreen
from tests.ui.timebank.conftest import press_key, type_keys


def open_batch(qtbot: QtBot, screen: TimebankScreen) -> None:
    """Alt+B, as the tab's underlined letter says; the cursor lands in the first cell."""
    press_key(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.tabs.currentWidget() is screen.batch)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))


def type_slip(qtbot: QtBot, cells: list[str]) -> None:
    """One slip: each cell typed (blank cells left as they are), Tab between, Enter at the end."""
    for number, text in enumerate(cells):
        if text:
            type_keys(qtbot, text)
        if number < len(cells) - 1:
            press_key(qtbot, Qt.Key.Key_Tab)
    press_key(qtbot, Qt.Key.Key_Return)


def members(screen: TimebankScreen, count: int) -> list[AccountInfo]:
    active = [a for a in screen.directory.accounts if a.kind == "member" and a.status == "active"]
    return active[:count]


def test_slips_typed_by_keyboard_are_saved_together(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    ann, bob, cat = members(timebank, 3)
    before, entries = balances(db), len(exchange_ids(db))
    day = today() - timedelta(days=3)
    open_batch(qtbot, timebank)

    # A full date, then a date carried down from the slip above, then a short DD/MM one.
    surname = bob.name.split()[-1]
    type_slip(qtbot, [f"{day:%d/%m/%Y}", ann.ref, surname, "1.5", "garden", "weeding"])
    type_slip(qtbot, ["", bob.ref, cat.ref, "2:15", "", "lift to the GP"])
    type_slip(qtbot, [f"{day:%d/%m}", cat.ref, ann.ref, "45m", "", ""])
    batch = timebank.batch
    assert [batch.model.check_text(row)[:7] for row in range(3)] == ["\N{CHECK MARK} Ready"] * 3
    assert batch.model.slips[0].texts[COL_RECEIVER] == f"{bob.name} ({bob.ref})"
    assert "3 slips ready" in batch.summary.text()
    assert "4:30 hours" in batch.summary.text()

    press_key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(exchange_ids(db)) == entries + 3)
    qtbot.waitUntil(lambda: "Saved 3 slips" in batch.feedback.text())

    after = balances(db)
    assert after[ann.id] - before.get(ann.id, 0) == 90 - 45
    assert after[bob.id] - before.get(bob.id, 0) == -90 + 135
    assert after[cat.id] - before.get(cat.id, 0) == -135 + 45
    newest = exchange_rows(db, exchange_ids(db)[:10])
    assert {r.description for r in newest} >= {"weeding", "lift to the GP"}
    assert all(r.date == day for r in newest if r.description in ("weeding", "lift to the GP"))
    assert batch.model.filled_rows() == []
    assert batch.grid.currentIndex().row() == 0  # ready for the next stack


def test_each_slip_says_what_is_wrong_as_it_is_typed(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    ann, bob = members(timebank, 2)
    entries = len(exchange_ids(db))
    open_batch(qtbot, timebank)

    type_slip(qtbot, ["01/01/2020", ann.ref, bob.ref, "2", "", "ok"])
    type_slip(qtbot, ["", ann.ref, ann.ref, "an hour", "", ""])
    model = timebank.batch.model

    check = model.check_text(1)
    assert check.startswith("\N{WARNING SIGN}")
    assert "Received by: the same person as the giver" in check
    assert "Hours: not a number of hours" in check
    assert model.index(1, COL_HOURS).data(Qt.ItemDataRole.BackgroundRole) == ERROR_FIELD
    assert model.index(1, COL_HOURS).data(Qt.ItemDataRole.ToolTipRole).startswith("Not a number")
    assert model.index(1, COL_CHECK).data() == check
    assert "1 slip ready, 1 to fix" in timebank.batch.summary.text()

    press_key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Not saved: slip 2 to fix first" in timebank.batch.feedback.text()
    assert timebank.batch.grid.currentIndex().row() == 1  # the cursor goes to the slip to fix
    assert timebank.batch.grid.currentIndex().column() == COL_RECEIVER
    assert len(exchange_ids(db)) == entries

    # Fixing the cells clears the row's warnings.
    type_keys(qtbot, bob.ref)
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "45m")
    press_key(qtbot, Qt.Key.Key_Return)
    assert model.check_text(1).startswith("\N{CHECK MARK} Ready")


def test_a_batch_the_ledger_refuses_saves_nothing_and_stays_as_typed(
    qtbot: QtBot, timebank: TimebankScreen, yesterday: str
):
    db = timebank._ctx.db
    ann, bob, cat = members(timebank, 3)
    entries = len(exchange_ids(db))
    open_batch(qtbot, timebank)
    type_slip(qtbot, [yesterday, ann.ref, bob.ref, "1", "", "first"])
    type_slip(qtbot, ["", bob.ref, cat.ref, "2", "", "second"])
    typed = [list(s.texts) for s in timebank.batch.model.slips]

    # Meanwhile, at another desk, the second slip's receiver leaves the timebank.
    update_member(db, cat.id, status="left")
    press_key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Nothing was saved" in timebank.batch.feedback.text())

    assert len(exchange_ids(db)) == entries
    assert "slip 2" in timebank.batch.feedback.text()
    model = timebank.batch.model
    assert [list(s.texts) for s in model.slips] == typed
    assert model.check_text(0).startswith("\N{CHECK MARK}")
    assert model.check_text(1).startswith("\N{WARNING SIGN} Refused")
    assert "has left the timebank" in model.check_text(1)
    assert model.index(1, COL_RECEIVER).data(Qt.ItemDataRole.BackgroundRole) == ERROR_FIELD

    # The members list read again afterwards (another desk's change) keeps the refusal shown
    # until the slip is edited.
    with qtbot.waitSignal(timebank.directory.loaded):
        timebank._ctx.changes.notify(TIMEBANK)
    assert model.check_text(1).startswith("\N{WARNING SIGN} Refused")


def test_part_of_a_name_is_completed_and_an_unclear_one_is_explained(
    qtbot: QtBot, timebank: TimebankScreen
):
    names = [a.name for a in timebank.directory.accounts if a.kind == "member"]
    unique = next(
        n for n in names if sum(n.split()[-1].casefold() in m.casefold() for m in names) == 1
    )
    open_batch(qtbot, timebank)
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, unique.split()[-1].lower())
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "e")
    press_key(qtbot, Qt.Key.Key_Tab)

    model = timebank.batch.model
    assert model.slips[0].texts[COL_GIVER].startswith(unique + " (")
    assert "members match “e”: type more" in model.check_text(0)
    assert model.index(0, COL_DATE).data() == ""
    assert "To fill in" not in model.check_text(0)  # a problem comes before what is missing


def test_up_and_down_move_between_slips_and_ctrl_delete_removes_one(
    qtbot: QtBot, timebank: TimebankScreen, yesterday: str
):
    ann, bob = members(timebank, 2)
    open_batch(qtbot, timebank)
    type_slip(qtbot, [yesterday, ann.ref, bob.ref, "1", "", "one"])
    type_slip(qtbot, ["", bob.ref, ann.ref, "2", "", "two"])
    grid = timebank.batch.grid
    assert grid.currentIndex().row() == 2

    press_key(qtbot, Qt.Key.Key_Up)
    assert grid.currentIndex().row() == 1
    press_key(qtbot, Qt.Key.Key_Escape)  # out of the cell: Ctrl+Delete in a cell deletes a word
    press_key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    model = timebank.batch.model
    assert [s.texts[-1] for s in model.slips] == ["one", ""]
