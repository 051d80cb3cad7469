"""What the Loans area's plainer lists share: a bar of choices on top, the list, a row of
buttons and a count underneath; read in the background when first shown and after changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import hide_unless, may_export
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions

Row = TypeVar("Row")


class ListTab(QWidget, Generic[Row]):
    """Subclasses give the columns, how to read the rows, and what Enter on a row does."""

    list_shown = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        actions: LoanActions,
        columns: Sequence[Column[Row]],
        row_id: Callable[[Row], int],
        name: str,
        parent: QWidget | None = None,
        *,
        stretch: int | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._actions = actions
        self._columns = list(columns)
        self._row_id = row_id
        self._row_buttons: list[QPushButton] = []
        self._rows: list[Row] = []
        self._stale = True
        self._asked = 0
        self._answered = 0
        self.model: RecordTableModel[Row] = T.in_memory_model(self._columns, row_id, self)
        self.view = T.ListView(self.model, name, self, stretch=stretch)
        self.view.activated.connect(lambda _index: self.row_activated())
        self.view.selectionModel().currentRowChanged.connect(lambda _now, _was: self.enable())
        self.model.modelReset.connect(self.enable)
        self.count = QLabel(self)
        self.bar = QHBoxLayout()
        self.buttons = QHBoxLayout()
        bottom = QHBoxLayout()
        bottom.addLayout(self.buttons)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    # --- to implement -----------------------------------------------------------------------

    def read_rows(self) -> Callable[[], list[Row]]:
        """A function, run off the GUI thread, that reads the rows."""
        raise NotImplementedError

    def count_text(self, rows: list[Row]) -> str:
        raise NotImplementedError

    def row_activated(self) -> None:
        """Enter or a double click on a row."""

    def enable(self) -> None:
        """Buttons that act on a row are usable only when there is one to act on."""
        chosen = self.view.current_record() is not None
        for button in self._row_buttons:
            button.setEnabled(chosen)

    # --- what the screen uses ---------------------------------------------------------------

    def activate(self) -> None:
        if self._stale:
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._asked += 1
        number, read = self._asked, self.read_rows()
        self._ctx.tasks.run_query(lambda: (number, read()), self._show, self._actions.show_failure)

    def is_loading(self) -> bool:
        return self._asked != self._answered

    def rows(self) -> list[Row]:
        """The rows in the order shown."""
        found = (self.model.record_at(i) for i in range(self.model.rowCount()))
        return [row for row in found if row is not None]

    def add_button(
        self, text: str, slot: Callable[[], object], tip: str = "", *, needs_row: bool = True
    ) -> QPushButton:
        """A button under the list; `needs_row` when it acts on the highlighted row."""
        button = QPushButton(text, self)
        if needs_row:
            self._row_buttons.append(button)
            button.setEnabled(False)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(button)
        return button

    def add_export(self, title: str) -> QPushButton:
        button = self.add_button(
            self.tr("Export list…"),
            lambda: self._export(title),
            self.tr("Save this list as a spreadsheet"),
            needs_row=False,
        )
        hide_unless(may_export(self._ctx.db), button)
        return button

    def _export(self, title: str) -> None:
        """The rows as listed now; the spreadsheet is written in the background."""
        rows = list(self._rows)
        self._actions.export(title, self._columns, lambda: rows)

    # --- inside -----------------------------------------------------------------------------

    def _show(self, answer: tuple[int, list[Any]]) -> None:
        number, rows = answer
        if number != self._asked:
            return
        self._answered = number
        keep = self.view.current_id()
        self._rows = rows
        self.model.set_ids([self._row_id(r) for r in rows], rows)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.view.select_id(keep)
        self.count.setText(self.count_text(rows))
        emit(self.list_shown)
