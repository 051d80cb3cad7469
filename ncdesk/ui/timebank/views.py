"""Small pieces the timebank tabs share: a read-only list view set up the same way everywhere,
a window-modal 'save as' dialog, and date fields that read DD/MM/YYYY."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QEvent, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QTableView,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.parsing import ParseError, format_date
from ncdesk.ui.common.table_model import RecordTableModel
from ncdesk.ui.timebank.words import read_slip_date

# Samples of the widest text some columns hold, for sizing them.
DATE_SAMPLE = "00/00/0000"
HOURS_SAMPLE = "-000:00"
REF_SAMPLE = "P000000"


class RecordList(QTableView):
    """A table whose row heights and column widths follow the text size (Ctrl +/-)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.widths: dict[int, int | str] = {}
        self.fit_rows()

    def fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_rows()
            set_widths(self, self.widths)


def list_view(
    parent: QWidget,
    model: QAbstractItemModel,
    name: str,
    *,
    stretch: int | None = None,
    sortable: bool = True,
) -> RecordList:
    """A list of records: whole rows selected, one at a time, Tab leaves it, sortable."""
    view = RecordList(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setMinimumSectionSize(1)
    view.setAccessibleName(name)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(sortable)
    return view


def keep_sorted(view: QTableView, model: RecordTableModel) -> None:
    """After new rows arrive, sort them again by the column the user chose (if any)."""
    header = view.horizontalHeader()
    section = header.sortIndicatorSection()
    if view.isSortingEnabled() and 0 <= section < model.columnCount():
        model.sort(section, header.sortIndicatorOrder())


def fit_columns(view: QTableView, widest: int = 320) -> None:
    """Size columns to what is on screen once, leaving them for the user to drag after."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch:
            header.resizeSection(column, min(header.sectionSize(column) + 12, widest))


def set_widths(view: QTableView, widths: dict[int, int | str]) -> None:
    """Column widths as a number of average characters or a sample of the widest text
    ('00/00/0000'), never narrower than the header; they follow the text size."""
    if isinstance(view, RecordList):
        view.widths = dict(widths)
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    model = view.model()
    for column, width in widths.items():
        sample = (
            metrics.horizontalAdvance(width)
            if isinstance(width, str)
            else (metrics.averageCharWidth() * width)
        )
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        needed = max(sample, header.fontMetrics().horizontalAdvance(title) + 8)
        header.resizeSection(column, needed + 16)


def ask_save_path(
    parent: QWidget,
    caption: str,
    suggested_name: str,
    file_filter: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Ask where to save, window-modal (no nested event loop); `on_chosen(path)` runs after."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = QFileDialog(parent, caption, folder, file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(Path(suggested_name).suffix.lstrip("."))
    dialog.selectFile(suggested_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)))
    dialog.open()
    return dialog


class DateField(QLineEdit):
    """A date typed as DD/MM/YYYY (or DD/MM for this year)."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None):
        super().__init__(format_date(value), parent)
        self.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)

    def value(self) -> date:
        """The date typed; raises ParseError with a plain reason."""
        if not self.text().strip():
            raise ParseError("give a date (DD/MM/YYYY)")
        return read_slip_date(self.text())

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value))
