"""The columns of every list in the Loans area, and the table view they are shown in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from typing_extensions import override

from ncdesk.core.parsing import format_date, today
from ncdesk.core.search_text import fold
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.fleet import FleetFigures, OverdueLoan
from ncdesk.core.services.servicing import JobInfo
from ncdesk.ui.common.table_model import RIGHT, Column, RecordTableModel
from ncdesk.ui.loans.words import (
    check_state_word,
    loan_state_word,
    percent,
    pounds,
    safety_word,
    status_word,
    tr,
)

Row = TypeVar("Row")


def _date(value: Callable[[Any], date | None], header: str) -> Column[Any]:
    return Column(
        header,
        lambda r: format_date(value(r)),
        sort_key=value,
        alignment=RIGHT,
    )


def _money(value: Callable[[Any], int | None], header: str) -> Column[Any]:
    return Column(header, lambda r: pounds(value(r)), sort_key=value, alignment=RIGHT)


def _number(value: Callable[[Any], int], header: str) -> Column[Any]:
    return Column(header, lambda r: f"{value(r):,}", sort_key=value, alignment=RIGHT)


# --- items ----------------------------------------------------------------------------------

I_REF, I_NAME, I_STATUS, I_SAFETY, I_DUE, I_BORROWER, I_CATEGORY, I_LOCATION = range(8)


def item_columns() -> list[Column[V.ItemListRow]]:
    """Whether it can go out comes first (status, checks), then who has it, then the rest."""
    return [
        Column(tr("Ref"), lambda r: r.item.item_ref),
        Column(tr("Name"), lambda r: r.item.name),
        Column(tr("Status"), lambda r: status_word(r.item.status)),
        Column(
            tr("Safety checks"),
            lambda r: safety_word(r.safety),
            sort_key=lambda r: (r.safety.state != V.SAFETY_OK, r.safety.next_due or date.min),
            tooltip=lambda r: r.safety.reason or "",
        ),
        _date(lambda r: r.item.due, tr("Due back")),
        Column(tr("Borrower"), lambda r: r.item.borrower, sort_key=lambda r: fold(r.item.borrower)),
        Column(tr("Category"), lambda r: r.item.category),
        Column(tr("Location"), lambda r: r.item.location),
    ]


# --- loans ----------------------------------------------------------------------------------

L_ITEM, L_NAME, L_BORROWER, L_START, L_DUE, L_RETURNED, L_DEPOSIT, L_STATE = range(8)
# What each column sorts by in SQL (the loans list can hold 50,000 rows).
LOAN_SORT_KEYS = {
    L_ITEM: "item",
    L_BORROWER: "borrower",
    L_START: "start",
    L_DUE: "due",
    L_RETURNED: "returned",
    L_DEPOSIT: "deposit",
}


def loan_columns() -> list[Column[V.LoanRow]]:
    return [
        Column(tr("Item"), lambda r: r.item_ref),
        Column(tr("Name"), lambda r: r.item_name),
        Column(
            tr("Borrower"),
            lambda r: f"{r.borrower} ({r.person_ref})",
            sort_key=lambda r: fold(r.borrower),
        ),
        _date(lambda r: r.start, tr("Out")),
        _date(lambda r: r.due, tr("Due")),
        _date(lambda r: r.returned, tr("Returned")),
        _money(lambda r: r.deposit_pence, tr("Deposit")),
        Column(tr("State"), lambda r: loan_state_word(r.state(today()))),
    ]


class LoansModel(RecordTableModel[V.LoanRow]):
    """Sorting a column asks for the ids again in that order (sorted in SQL), rather than
    fetching every row to sort them here."""

    def __init__(self, fetch: Callable[[list[int]], Sequence[V.LoanRow]], parent: QObject):
        super().__init__(loan_columns(), fetch, lambda r: r.id, parent=parent)
        self.sort_wanted: Callable[[str, bool], None] | None = None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = LOAN_SORT_KEYS.get(column)
        if self.sort_wanted is None or key is None:
            return
        self.sort_wanted(key, order == Qt.SortOrder.DescendingOrder)


# --- overdue loans --------------------------------------------------------------------------


def overdue_columns() -> list[Column[OverdueLoan]]:
    return [
        Column(tr("Item"), lambda r: r.item_ref),
        Column(tr("Name"), lambda r: r.item_name),
        Column(tr("Borrower"), lambda r: r.borrower, sort_key=lambda r: fold(r.borrower)),
        Column(tr("Ref"), lambda r: r.person_ref),
        Column(tr("Phone"), lambda r: r.phone or ""),
        Column(tr("Email"), lambda r: r.email or ""),
        _date(lambda r: r.start, tr("Out")),
        _date(lambda r: r.due, tr("Due")),
        _number(lambda r: r.days_overdue, tr("Days late")),
    ]


# --- reservations ---------------------------------------------------------------------------


def reservation_what(row: V.ReservationRow) -> str:
    if row.item_id is not None:
        return f"{row.item_ref} {row.item_name}"
    return tr("Any {category}").format(category=row.category.lower())


def reservation_columns() -> list[Column[V.ReservationRow]]:
    return [
        Column(tr("What"), reservation_what),
        Column(
            tr("For"),
            lambda r: f"{r.borrower} ({r.person_ref})",
            sort_key=lambda r: fold(r.borrower),
        ),
        Column(tr("Phone"), lambda r: r.phone or ""),
        _date(lambda r: r.start, tr("From")),
        _date(lambda r: r.end, tr("To")),
        Column(tr("Note"), lambda r: r.note),
    ]


# --- safety checks due ----------------------------------------------------------------------


def due_check_columns() -> list[Column[V.DueCheckRow]]:
    return [
        Column(tr("Item"), lambda r: r.item_ref),
        Column(tr("Name"), lambda r: r.item_name),
        Column(tr("Check"), lambda r: r.check),
        _date(lambda r: r.last_done, tr("Last done")),
        _date(lambda r: r.due, tr("Due")),
        Column(tr("State"), lambda r: check_state_word(r, today())),
        Column(tr("Location"), lambda r: r.location),
    ]


# --- servicing ------------------------------------------------------------------------------


def job_columns() -> list[Column[JobInfo]]:
    return [
        Column(tr("Item"), lambda r: r.item_ref),
        Column(tr("Name"), lambda r: r.item_name),
        Column(tr("Partner"), lambda r: r.partner),
        Column(tr("Work"), lambda r: r.work),
        _date(lambda r: r.sent_on, tr("Sent")),
        Column(
            tr("Back"),
            lambda r: format_date(r.back_on) if r.back_on else tr("Not back yet"),
            sort_key=lambda r: r.back_on or date.max,
            alignment=RIGHT,
        ),
        _money(lambda r: r.cost_pence, tr("Cost")),
    ]


# --- fleet figures --------------------------------------------------------------------------


def figure_columns() -> list[Column[FleetFigures]]:
    return [
        Column(tr("Item"), lambda r: r.item_ref),
        Column(tr("Name"), lambda r: r.name),
        Column(tr("Category"), lambda r: r.category),
        _number(lambda r: r.days_in_fleet, tr("Days in fleet")),
        _number(lambda r: r.days_on_loan, tr("Days on loan")),
        Column(
            tr("Utilisation"),
            lambda r: percent(r.utilisation),
            sort_key=lambda r: r.utilisation,
            alignment=RIGHT,
        ),
        _number(lambda r: r.loans, tr("Loans")),
        _money(lambda r: r.service_cost_pence, tr("Service cost")),
    ]


def category_figure_columns() -> list[Column[V.CategoryFigures]]:
    return [
        Column(tr("Category"), lambda r: r.category),
        _number(lambda r: r.items, tr("Items")),
        _number(lambda r: r.idle_items, tr("Idle items")),
        _number(lambda r: r.days_on_loan, tr("Days on loan")),
        Column(
            tr("Utilisation"),
            lambda r: percent(r.utilisation),
            sort_key=lambda r: r.utilisation,
            alignment=RIGHT,
        ),
        _number(lambda r: r.loans, tr("Loans")),
        _money(lambda r: r.service_cost_pence, tr("Service cost")),
    ]


# --- the view -------------------------------------------------------------------------------


def in_memory_model(
    columns: Sequence[Column[Row]], row_id: Callable[[Row], int], parent: QObject
) -> RecordTableModel[Row]:
    """A model for a list read whole (rows handed over with `set_ids(ids, rows)`)."""
    return RecordTableModel(columns, lambda _ids: [], row_id, parent=parent)


class ListView(QTableView):
    """A read-only list: whole rows selected, sortable, rows sized to the text."""

    def __init__(
        self,
        model: RecordTableModel[Any],
        name: str,
        parent: QWidget | None = None,
        *,
        stretch: int | None = None,
    ):
        """`stretch`: the column that takes spare width (by default the last one; give a text
        column when the last holds numbers, which would otherwise drift far to the right)."""
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the list
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setMinimumSectionSize(1)
        self.setAccessibleName(name)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if stretch is None:
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self._widths: dict[int, str | int] = {}
        self._fit_rows()

    def current_id(self) -> int | None:
        index = self.currentIndex()
        model = self.model()
        assert isinstance(model, RecordTableModel)
        return model.id_at(index.row()) if index.isValid() else None

    def current_record(self) -> Any:
        index = self.currentIndex()
        model = self.model()
        assert isinstance(model, RecordTableModel)
        return model.record_at(index.row()) if index.isValid() else None

    def select_id(self, record_id: int | None) -> bool:
        model = self.model()
        assert isinstance(model, RecordTableModel)
        row = model.row_of(record_id) if record_id is not None else None
        if row is None:
            if model.rowCount():
                self.setCurrentIndex(model.index(0, 0))
            return False
        self.setCurrentIndex(model.index(row, 0))
        self.scrollTo(self.currentIndex())
        return True

    def fit_columns(self, widths: dict[int, str | int]) -> None:
        """Widths as a sample of the widest text ('00/00/0000') or a count of characters,
        never narrower than the header, so they follow the text size (Ctrl +/-)."""
        self._widths = dict(widths)
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        model = self.model()
        for column, width in widths.items():
            sample = (
                metrics.horizontalAdvance(width)
                if isinstance(width, str)
                else metrics.averageCharWidth() * width
            )
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            needed = max(sample, header.fontMetrics().horizontalAdvance(title) + 12)
            header.resizeSection(column, needed + 16)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
            if self._widths:
                self.fit_columns(self._widths)
        super().changeEvent(event)

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
