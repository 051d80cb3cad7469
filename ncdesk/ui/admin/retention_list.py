"""The retention review's list: people with no contact for years, each with a tick box
(Space ticks the highlighted one), longest quiet first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from typing_extensions import override

from ncdesk.core.parsing import format_date
from ncdesk.core.services.data_protection import Quiet
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import Column, Index, RecordTableModel

COL_NAME, COL_REF, COL_LAST, COL_ARCHIVED = range(4)


class TickedModel(RecordTableModel[Quiet]):
    """The people listed, and which of them are ticked (a box in the name column)."""

    ticks_changed = Signal()

    def __init__(self, columns: list[Column[Quiet]], parent: QWidget | None = None):
        super().__init__(columns, lambda _ids: [], lambda q: q.person_id, parent=parent)
        self.ticked: set[int] = set()

    def show_people(self, people: list[Quiet]) -> None:
        listed = {q.person_id for q in people}
        self.ticked &= listed  # someone no longer listed cannot stay ticked
        self.set_ids([q.person_id for q in people], people)
        emit(self.ticks_changed)

    def tick(self, person_ids: set[int], on: bool) -> None:
        self.ticked = self.ticked | person_ids if on else self.ticked - person_ids
        if self.rowCount():
            emit(
                self.dataChanged,
                self.index(0, COL_NAME),
                self.index(self.rowCount() - 1, COL_NAME),
            )
        emit(self.ticks_changed)

    def toggle(self, row: int) -> None:
        person_id = self.id_at(row)
        if person_id is not None:
            self.tick({person_id}, person_id not in self.ticked)

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COL_NAME:
            person_id = self.id_at(index.row())
            if person_id is None:
                return None
            return Qt.CheckState.Checked if person_id in self.ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_NAME:
            return False
        person_id = self.id_at(index.row())
        if person_id is None:
            return False
        self.tick({person_id}, Qt.CheckState(value) == Qt.CheckState.Checked)
        return True


class RetentionList(QTableView):
    """Space ticks or unticks the highlighted person, wherever the cursor is in the row."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.people = TickedModel(
            [
                Column(self.tr("Name"), lambda q: q.name),
                Column(self.tr("Reference"), lambda q: q.person_ref),
                Column(
                    self.tr("Last contact"),
                    lambda q: format_date(q.last_contact),
                    sort_key=lambda q: q.last_contact,
                ),
                Column(self.tr("Archived"), lambda q: self.tr("Archived") if q.archived else ""),
            ],
            parent=self,
        )
        self.setModel(self.people)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.setAccessibleName(self.tr("People with no contact"))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.people.toggle(self.currentIndex().row())
            return
        super().keyPressEvent(event)
