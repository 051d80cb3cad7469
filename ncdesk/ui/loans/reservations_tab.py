"""The Reservations tab: promises of an item, or of any item of a category, soonest first;
turn one into a loan when the borrower comes, or cancel it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget
from typing_extensions import override

from ncdesk.core.services import loan_views as V
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.list_tab import ListTab
from ncdesk.ui.loans.words import tr


class ReservationsTab(ListTab[V.ReservationRow]):
    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(
            ctx, actions, T.reservation_columns(), lambda r: r.id, tr("Reservations"), parent
        )
        explain = QLabel(
            tr("Reservations not yet ended. Enter lends the item to the person it is for."),
            self,
        )
        explain.setWordWrap(True)
        self.bar.addWidget(explain)
        self.reserve_button = self.add_button(
            tr("Re&serve…"),
            lambda: actions.reserve(None),
            tr("Promise an item or a category"),
            needs_row=False,
        )
        self.lend_button = self.add_button(
            tr("&Lend…"), self.row_activated, tr("Turn this reservation into a loan")
        )
        self.cancel_button = self.add_button(tr("Cancel reservatio&n…"), self.cancel_selected)
        self.add_export(tr("Reservations"))
        self.view.fit_columns({0: 26, 1: 22, 2: "00000 000000", 3: "00/00/0000", 4: "00/00/0000"})

    @override
    def read_rows(self) -> Callable[[], list[V.ReservationRow]]:
        db = self._ctx.db
        return lambda: V.reservation_rows(db)

    @override
    def count_text(self, rows: list[V.ReservationRow]) -> str:
        if not rows:
            return tr("No reservations")
        return tr("1 reservation") if len(rows) == 1 else tr("{n} reservations").format(n=len(rows))

    @override
    def row_activated(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.lend_reservation(row)

    def cancel_selected(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.cancel_reservation(row)
