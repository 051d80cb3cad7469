"""The grid slips are typed into: an editor opens on whichever cell the cursor is in, Tab runs
along a slip and on to the next, Enter starts the next slip, Up and Down move between slips,
and member and category cells complete on any part of a name."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)
from typing_extensions import override

from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.timebank.batch_model import (
    COL_CATEGORY,
    COL_CHECK,
    COL_DATE,
    COL_GIVER,
    COL_HOURS,
    COL_RECEIVER,
    COL_WHAT,
    MEMBER_COLUMNS,
    BatchModel,
)
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.member_field import name_completer
from ncdesk.ui.timebank.views import set_widths

LAST_INPUT = COL_WHAT
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Widths in average characters; "What was done" takes what is left over.
_WIDTHS: dict[int, int | str] = {
    COL_DATE: 11,
    COL_GIVER: 28,
    COL_RECEIVER: 28,
    COL_HOURS: 7,
    COL_CATEGORY: 20,
    COL_WHAT: 20,
}


class SlipDelegate(QStyledItemDelegate):
    """Line editors for the cells: member and category cells complete on any part of a name.
    Enter finishes the slip; Up and Down move to the slip above or below."""

    finish_slip = Signal()
    move_rows = Signal(int)

    def __init__(self, directory: MemberDirectory, parent: QObject | None = None):
        super().__init__(parent)
        self._directory = directory

    @override
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        column = index.column()
        if column in MEMBER_COLUMNS:
            editor.setCompleter(name_completer(self._directory.member_names, editor))
        elif column == COL_CATEGORY:
            editor.setCompleter(name_completer(self._directory.category_names, editor))
        placeholder = {
            COL_DATE: self.tr("DD/MM"),
            COL_GIVER: self.tr("name or ref"),
            COL_RECEIVER: self.tr("name or ref"),
            COL_HOURS: self.tr("1:30"),
        }.get(column, "")
        editor.setPlaceholderText(placeholder)
        editor.setAccessibleName(str(index.model().headerData(column, Qt.Orientation.Horizontal)))
        return editor

    @override
    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    @override
    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            popup = watched.completer().popup() if watched.completer() else None
            if popup is None or not popup.isVisible():
                key = event.key()
                if key in _ENTER_KEYS:
                    self._finish(watched)
                    emit(self.finish_slip)
                    return True
                if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
                    self._finish(watched)
                    emit(self.move_rows, -1 if key == Qt.Key.Key_Up else 1)
                    return True
        return super().eventFilter(watched, event)

    def _finish(self, editor: QWidget) -> None:
        emit(self.commitData, editor)
        emit(self.closeEditor, editor, QAbstractItemDelegate.EndEditHint.NoHint)


class SlipGrid(QTableView):
    """The grid: an editor opens on whichever cell the cursor is in, so typing just types."""

    def __init__(self, model: BatchModel, delegate: SlipDelegate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        triggers = QAbstractItemView.EditTrigger
        self.setEditTriggers(
            triggers.CurrentChanged
            | triggers.AnyKeyPressed
            | triggers.DoubleClicked
            | triggers.EditKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setAccessibleName(self.tr("Slips"))
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fit_to_font()
        delegate.finish_slip.connect(self.next_slip)
        delegate.move_rows.connect(self.move_rows)

    def _fit_to_font(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 12)
        set_widths(self, _WIDTHS)

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def batch(self) -> BatchModel:
        model = self.model()
        assert isinstance(model, BatchModel)
        return model

    def go_to(self, row: int, column: int) -> None:
        row = max(0, min(row, self.batch().rowCount() - 1))
        index = self.batch().index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        if self.state() != QAbstractItemView.State.EditingState:
            self.edit(index)

    def next_slip(self) -> None:
        """Enter: on to the first cell of the next slip (there is always an empty one)."""
        row = self.currentIndex().row()
        if self.batch().slips[row].is_blank():
            self.go_to(row, COL_DATE)
        else:
            self.go_to(row + 1, COL_DATE)

    def move_rows(self, step: int) -> None:
        index = self.currentIndex()
        self.go_to(index.row() + step, index.column())

    def commit_open_editor(self) -> None:
        """Keep what is typed in a cell still being edited (before saving, say)."""
        editor = QApplication.focusWidget()
        if (
            isinstance(editor, QLineEdit)
            and self.state() == QAbstractItemView.State.EditingState
            and self.viewport().isAncestorOf(editor)
        ):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    @override
    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab run along a slip's input cells and on to the next or previous
        slip, never stopping on the Check column."""
        current = self.currentIndex()
        if current.isValid() and action in (
            QAbstractItemView.CursorAction.MoveNext,
            QAbstractItemView.CursorAction.MovePrevious,
        ):
            row, column = current.row(), min(current.column(), LAST_INPUT)
            last_row = self.batch().rowCount() - 1
            if action == QAbstractItemView.CursorAction.MoveNext:
                if current.column() >= LAST_INPUT:
                    row, column = min(row + 1, last_row), COL_DATE
                else:
                    column += 1
            elif column == COL_DATE:
                row, column = max(row - 1, 0), LAST_INPUT if row > 0 else COL_DATE
            else:
                column -= 1
            return self.batch().index(row, column)
        return super().moveCursor(action, modifiers)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in _ENTER_KEYS:
                self.next_slip()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                index = self.currentIndex()
                if index.isValid() and index.column() != COL_CHECK:
                    self.batch().setData(index, "")
                return
        super().keyPressEvent(event)
