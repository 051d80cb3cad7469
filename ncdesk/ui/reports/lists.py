"""Lists in the Reports area: a table model for rows already in memory (figures, grants,
returns, the records behind a figure) and a table view set up the same way everywhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from typing_extensions import override

from ncdesk.ui.common.table_model import Column, RecordTableModel

Row = TypeVar("Row")


class ListModel(RecordTableModel[Row]):
    """Rows handed over whole (they were read in the background); the base still reveals
    them to the view a page at a time, so a list of 20,000 records opens at once."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        row_id: Callable[[Row], int],
        parent: QObject | None = None,
    ):
        super().__init__(columns, lambda _ids: [], row_id, parent=parent)
        self._id_of = row_id

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.set_ids([self._id_of(r) for r in rows], rows)


class ListView(QTableView):
    """Whole rows selected, read-only, sortable by clicking a heading, rows sized to the
    text at any text size; Tab leaves the list as everywhere else."""

    def __init__(
        self, model: RecordTableModel, accessible_name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setMinimumSectionSize(1)
        self.setAccessibleName(accessible_name)
        header = self.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setSortingEnabled(True)
        self._fit_rows()

    def stretch(self, column: int) -> None:
        """Give the spare width to `column` (the name or label) instead of the last one."""
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def current_row(self) -> int | None:
        index = self.currentIndex()
        return index.row() if index.isValid() else None

    def select_first(self) -> None:
        if self.model().rowCount():
            self.setCurrentIndex(self.model().index(0, 0))

    def reset_sort(self) -> None:
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
