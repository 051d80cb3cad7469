"""The Items tab: every item with where it is and how its checks stand, found by typing or
scanning its reference (Enter opens it), with the chosen item in full beside the list."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import NotFound
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import item_id_for_ref, save_item
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import error_label
from ncdesk.ui.common.permissions import allowed, hide_unless, may_export
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import RecordTableModel
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.item_panel import ItemPanel
from ncdesk.ui.loans.words import WARNING, tr

FOLLOW_PAUSE_MS = 150  # the panel follows the highlighted row once the arrows stop
_MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}

# Which items the list shows: (key, words).
SHOWS = (
    ("fleet", "All items in use"),
    ("available", "Available"),
    ("out", "On loan or overdue"),
    ("overdue", "Overdue"),
    ("reserved", "Reserved today"),
    ("in service", "In service"),
    ("safety", "Safety check needed"),
    ("retired", "Retired"),
)


def _shown_by(row: V.ItemListRow, show: str) -> bool:
    status = row.item.status
    if show == "retired":
        return status == "retired"
    if status == "retired":
        return False
    if show == "fleet":
        return True
    if show == "out":
        return status in ("on loan", "overdue")
    if show == "safety":
        return row.safety.state not in (V.SAFETY_OK, V.SAFETY_NONE)
    return status == show


@dataclass(frozen=True)
class _Wanted:
    number: int
    focus_action: bool


class ItemsTab(QWidget):
    list_shown = Signal()
    item_shown = Signal(int)

    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._actions = actions
        self._rows: dict[int, V.ItemListRow] = {}
        self._by_ref: dict[str, int] = {}
        self._loaded = False
        self._stale = True
        self._asked = 0
        self._answered = 0
        self._open_asked = 0
        self._open_on_load: str | None = None

        self.find_item = QLineEdit(self)
        self.find_item.setPlaceholderText(tr("Type or scan a reference, or part of a name"))
        self.find_item.setClearButtonEnabled(True)
        self.find_item.setAccessibleName(tr("Find an item"))
        self.find_item.setToolTip(tr("Find an item (Ctrl+F); Enter opens it"))
        self.find_item.installEventFilter(self)
        find_label = QLabel(tr("Item:"), self)
        find_label.setBuddy(self.find_item)
        self.find_problem = error_label(self)
        self.show_choice = QComboBox(self)
        for key, words in SHOWS:
            self.show_choice.addItem(tr(words), key)
        show_label = QLabel(tr("Sho&w:"), self)
        show_label.setBuddy(self.show_choice)

        self.model: RecordTableModel[V.ItemListRow] = RecordTableModel(
            T.item_columns(), self._fetch, lambda r: r.id, parent=self
        )
        self.view = T.ListView(self.model, tr("Items"), self)
        self.view.fit_columns(
            {
                T.I_REF: "SC0000",
                T.I_NAME: 18,
                T.I_CATEGORY: "Mobility scooter",
                T.I_STATUS: "\N{WARNING SIGN} Overdue",
                T.I_BORROWER: 16,
                T.I_DUE: "00/00/0000",
                T.I_SAFETY: "\N{WARNING SIGN} Was due 00/00/0000",
            }
        )
        self.count = QLabel(self)
        self.new_button = QPushButton(tr("&New item…"), self)
        self.new_button.clicked.connect(lambda: actions.edit_item(None))
        self.labels_button = QPushButton(tr("&Print labels…"), self)
        self.labels_button.setToolTip(tr("QR labels for every item listed"))
        self.labels_button.clicked.connect(self.print_labels)
        self.export_button = QPushButton(tr("Export list…"), self)
        self.export_button.clicked.connect(self.export)
        self.panel = ItemPanel(ctx, actions, self)

        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.find_item, 1)
        top.addWidget(show_label)
        top.addWidget(self.show_choice)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.labels_button)
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.find_problem)
        left_layout.addWidget(self.view, 1)
        left_layout.addLayout(bottom)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([660, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        hide_unless(allowed(ctx.db, save_item), self.new_button)
        hide_unless(may_export(ctx.db), self.export_button)
        QWidget.setTabOrder(self.find_item, self.show_choice)
        QWidget.setTabOrder(self.show_choice, self.view)
        QWidget.setTabOrder(self.view, self.new_button)
        QWidget.setTabOrder(self.new_button, self.labels_button)
        QWidget.setTabOrder(self.labels_button, self.export_button)
        QWidget.setTabOrder(self.export_button, self.panel.lend_button)

        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_PAUSE_MS)
        self._follow.timeout.connect(self._follow_row)
        self.find_item.textChanged.connect(self._typed)
        self.show_choice.currentIndexChanged.connect(lambda _i: self._filter())
        self.view.activated.connect(lambda index: self._open_row(index.row()))
        self.view.selectionModel().currentRowChanged.connect(
            lambda _now, _before: self._follow.start()
        )
        actions.item_changed.connect(self._item_changed)

    # --- what the screen uses ---------------------------------------------------------------

    def activate(self) -> None:
        if self._stale:
            self.refresh()
        self.focus_find()

    def focus_find(self) -> None:
        self.find_item.setFocus(Qt.FocusReason.OtherFocusReason)
        self.find_item.selectAll()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._asked += 1
        number, db = self._asked, self._ctx.db
        self._ctx.tasks.run_query(
            lambda: (number, V.item_list(db, include_retired=True)), self._show_rows
        )
        if self.panel.item is not None:
            self.open_item(self.panel.item.id)

    def is_loading(self) -> bool:
        return self._asked != self._answered

    def open_ref(self, text: str) -> None:
        """Open the item with this reference (typed or scanned), or say there is none."""
        ref = text.strip()
        if not ref:  # nothing typed: the row picked with the arrow keys
            current = self.view.current_id()
            if current is not None:
                self.open_item(current, focus_action=True)
            return
        found = self._by_ref.get(ref.upper())
        if found is not None:
            self.open_item(found, focus_action=True)
            return
        current = self.view.current_id()
        if self._loaded and current is not None and self.model.total():
            self.open_item(current, focus_action=True)
            return
        db = self._ctx.db

        def missing(error: BaseException) -> None:
            if isinstance(error, NotFound):
                self._say_problem(str(error))
            else:
                self._actions.show_failure(error)

        self._ctx.tasks.run_query(
            lambda: item_id_for_ref(db, ref),
            lambda item_id: self.open_item(item_id, focus_action=True),
            missing,
        )

    def open_item(self, item_id: int, *, focus_action: bool = False) -> None:
        self._follow.stop()
        self._open_asked += 1
        wanted = _Wanted(self._open_asked, focus_action)
        db = self._ctx.db
        self._ctx.tasks.run_query(
            lambda: V.item_detail(db, item_id),
            lambda detail: self._opened(detail, wanted),
            self._actions.show_failure,
        )

    def listed_refs(self) -> list[str]:
        return [self._rows[i].item.item_ref for i in self.model.ids()]

    def print_labels(self) -> None:
        self._actions.save_labels(
            [(self._rows[i].item.item_ref, self._rows[i].item.name) for i in self.model.ids()]
        )

    def export(self) -> None:
        rows = [self._rows[i] for i in self.model.ids()]
        self._actions.export(tr("Items"), T.item_columns(), lambda: rows)

    # --- inside -----------------------------------------------------------------------------

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.find_item and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _MOVE_KEYS and not event.modifiers():
                QApplication.sendEvent(self.view, QKeyEvent(event))
                return True
            if event.key() in _ENTER_KEYS:
                if self._loaded:
                    self.open_ref(self.find_item.text())
                else:
                    self._open_on_load = self.find_item.text()  # scanned before the list came
                return True
        return super().eventFilter(watched, event)

    def _fetch(self, ids: list[int]) -> list[V.ItemListRow]:
        return [self._rows[i] for i in ids if i in self._rows]

    def _show_rows(self, answer: tuple[int, list[V.ItemListRow]]) -> None:
        number, rows = answer
        if number != self._asked:
            return
        self._answered = number
        self._rows = {r.id: r for r in rows}
        self._by_ref = {r.item.item_ref.upper(): r.id for r in rows}
        self._loaded = True
        self._filter()
        emit(self.list_shown)
        if self._open_on_load is not None:
            text, self._open_on_load = self._open_on_load, None
            self.open_ref(text)

    def _typed(self, _text: str) -> None:
        self.find_problem.hide()
        self._filter()

    def _filter(self) -> None:
        show = self.show_choice.currentData()
        words = self.find_item.text().casefold().split()
        keep = self.view.current_id() or (self.panel.item.id if self.panel.item else None)
        ids = []
        for row in self._rows.values():
            if not _shown_by(row, show):
                continue
            if words:
                item = row.item
                text = (
                    f"{item.item_ref} {item.name} {item.category} {item.borrower} {item.location}"
                )
                haystack = text.casefold()
                if not all(w in haystack for w in words):
                    continue
            ids.append(row.id)
        self.model.set_ids(ids)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.view.select_id(keep)
        self._follow.stop()  # re-selecting after a filter is not the user moving
        total = len([r for r in self._rows.values() if _shown_by(r, show)])
        if words:
            self.count.setText(tr("{shown} of {total} items").format(shown=len(ids), total=total))
        else:
            self.count.setText(tr("{total} items").format(total=total))

    def _open_row(self, row: int) -> None:
        item_id = self.model.id_at(row)
        if item_id is not None:
            self.open_item(item_id, focus_action=True)

    def _follow_row(self) -> None:
        item_id = self.view.current_id()
        if item_id is not None and (self.panel.item is None or self.panel.item.id != item_id):
            self.open_item(item_id)

    def _opened(self, detail: V.ItemDetail, wanted: _Wanted) -> None:
        if wanted.number != self._open_asked:
            return
        self.panel.show_item(detail)
        if self.view.current_id() != detail.id and self.model.row_of(detail.id) is not None:
            self.view.select_id(detail.id)
            self._follow.stop()
        self.find_problem.hide()
        if wanted.focus_action:
            self.panel.focus_primary()
        emit(self.item_shown, detail.id)

    def _item_changed(self, item_id: int) -> None:
        if self.panel.item is not None and self.panel.item.id == item_id:
            return  # the refresh after the change reloads it
        self.open_item(item_id)

    def _say_problem(self, text: str) -> None:
        self.find_problem.setText(f"{WARNING} {text}")
        self.find_problem.show()
        self.focus_find()
