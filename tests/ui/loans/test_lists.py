"""The Loans area's lists: overdue loans with contact details, the loans list sorted and found
in SQL, items filtered by what needs doing, and any list saved as a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import today
from ncdesk.core.services import equipment as E
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.fleet import overdue_loans
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.loans_screen import LoansScreen
from tests.ui.helpers import click_button
from tests.ui.loans.conftest import go_to_tab, press, save_file_as, type_keys


def shown(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_overdue_tab_lists_who_to_ring(qtbot: QtBot, loans: LoansScreen) -> None:
    go_to_tab(qtbot, 3)  # Overdue
    tab = loans.overdue
    qtbot.waitUntil(lambda: not tab.is_loading() and tab.model.total() > 0)
    expected = overdue_loans(loans._ctx.db)
    assert shown(tab.model, 0) == [o.item_ref for o in expected]
    assert shown(tab.model, 4) == [o.phone for o in expected]
    assert tab.count.text() == f"{len(expected)} loans overdue"

    press(qtbot, Qt.Key.Key_Return)  # opens the item, ready to record its return
    qtbot.waitUntil(lambda: loans.items.panel.item is not None)
    assert loans.items.panel.item.item_ref == expected[0].item_ref
    assert loans.tabs.currentWidget() is loans.items


def test_the_loans_list_shows_every_loan_sorted_and_found_in_sql(
    qtbot: QtBot, loans: LoansScreen
) -> None:
    db = loans._ctx.db
    go_to_tab(qtbot, 2)  # Loans
    tab = loans.loans
    qtbot.waitUntil(lambda: not tab.is_loading())
    assert tab.model.ids() == V.loan_ids(db)  # out now, newest first

    tab.show_loans(V.LOAN_ALL)
    qtbot.waitUntil(lambda: not tab.is_loading())
    every = V.loan_ids(db, show=V.LOAN_ALL)
    assert tab.model.total() == len(every) > 100

    tab.view.horizontalHeader().setSortIndicator(T.L_BORROWER, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not tab.is_loading())
    assert tab.model.ids() == V.loan_ids(db, show=V.LOAN_ALL, order="borrower", descending=False)

    tab.find_loan.setFocus()
    type_keys(qtbot, "SC04")
    qtbot.waitUntil(lambda: not tab.is_loading())
    assert set(shown(tab.model, T.L_ITEM)) == {"SC04"}


def test_items_needing_a_safety_check_are_listed_on_their_own(
    qtbot: QtBot, loans: LoansScreen
) -> None:
    db = loans._ctx.db
    frame = E.item_id_for_ref(db, "WA01")
    [(check, *_)] = E.check_types(db, 3)
    E.record_check(db, frame, check, today(), False, "Sam", "ferrule split")
    loans._ctx.changes.notify("loans")
    items = loans.items
    qtbot.waitUntil(lambda: not items.is_loading())
    items.show_choice.setCurrentIndex(items.show_choice.findData("safety"))
    refs = items.listed_refs()
    assert "WA01" in refs
    assert all(r.item.item_ref in refs for r in V.item_list(db) if r.safety.state != V.SAFETY_OK)
    row = items.model.row_of(frame)
    assert items.model.index(row, T.I_SAFETY).data() == "\N{WARNING SIGN} Failed"


def test_a_list_is_saved_as_a_spreadsheet(qtbot: QtBot, loans: LoansScreen, tmp_path: Path) -> None:
    target = tmp_path / "items.xlsx"
    click_button(qtbot, loans.items, "Export list…")
    save_file_as(qtbot, target)
    qtbot.waitUntil(lambda: "List saved to" in loans.feedback.text())
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Ref", "Name", "Status", "Safety checks")
    assert len(rows) == 1 + loans.items.model.total()
