"""The Overdue tab: loans past their due date, most overdue first, with how to reach each
borrower."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget
from typing_extensions import override

from ncdesk.core.services.fleet import OverdueLoan, overdue_loans
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.list_tab import ListTab
from ncdesk.ui.loans.words import tr


class OverdueTab(ListTab[OverdueLoan]):
    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(
            ctx,
            actions,
            T.overdue_columns(),
            lambda r: r.loan_id,
            tr("Overdue loans"),
            parent,
            stretch=5,  # email
        )
        explain = QLabel(
            tr("Loans past their due date and not yet back. Enter opens the item."), self
        )
        explain.setWordWrap(True)
        self.bar.addWidget(explain)
        self.return_button = self.add_button(
            tr("&Return…"), self.return_selected, tr("Record the item coming back")
        )
        self.open_button = self.add_button(tr("Open item"), self.row_activated)
        self.add_export(tr("Overdue loans"))
        self.view.fit_columns({0: "SC0000", 1: 18, 2: 16, 3: "P00000", 4: "00000 000000"})

    @override
    def read_rows(self) -> Callable[[], list[OverdueLoan]]:
        db = self._ctx.db
        return lambda: overdue_loans(db)

    @override
    def count_text(self, rows: list[OverdueLoan]) -> str:
        if not rows:
            return tr("Nothing is overdue")
        return (
            tr("1 loan overdue") if len(rows) == 1 else tr("{n} loans overdue").format(n=len(rows))
        )

    @override
    def row_activated(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.open_item(row.item_ref)

    def return_selected(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.with_loan(row.loan_id, self._actions.return_loan)
