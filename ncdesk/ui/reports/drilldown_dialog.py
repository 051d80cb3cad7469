"""The records behind one figure: the people, sessions, check-ins, exchanges or loans it
counts, in a list that can be sorted and saved as a spreadsheet for whoever checks the return.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import format_date
from ncdesk.core.reports.drilldown import Drilldown, record_export, write_drilldown
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.table_model import LEFT, RIGHT, Column
from ncdesk.ui.reports.exporting import SaveFolder, ask_where_to_save, file_name
from ncdesk.ui.reports.lists import ListModel, ListView
from ncdesk.ui.reports.words import number_text, rows_text, tr

NumberedRow = tuple[int, tuple[object, ...]]


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _text_of(i: int) -> Callable[[NumberedRow], str]:
    return lambda row: cell_text(row[1][i])


def _value_of(i: int) -> Callable[[NumberedRow], object]:
    return lambda row: row[1][i]


def drill_columns(drill: Drilldown) -> list[Column[NumberedRow]]:
    """One column per header; numbers and dates right-aligned and sorted by value."""
    columns: list[Column[NumberedRow]] = []
    for i, header in enumerate(drill.headers):
        sample = next((row[i] for row in drill.rows if row[i] is not None), "")
        numeric = isinstance(sample, (int, float, date)) and not isinstance(sample, bool)
        columns.append(
            Column(
                tr(header),
                _text_of(i),
                sort_key=_value_of(i) if numeric else None,
                alignment=RIGHT if numeric else LEFT,
            )
        )
    return columns


class DrilldownDialog(QDialog):
    """Opened from a figure; Esc closes, Ctrl+S saves the list as XLSX."""

    def __init__(
        self,
        ctx: DeskContext,
        drill: Drilldown,
        figure: str,
        context: str,
        folder: SaveFolder,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._drill = drill
        self._context = context
        self._folder = folder
        self.setWindowTitle(tr("Records behind: {figure}").format(figure=drill.label))

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        label = html.escape(tr(drill.label))
        rows = html.escape(rows_text(drill.row_kind, len(drill.rows)))
        self.heading.setText(
            f"<b>{label}: {html.escape(figure)}</b><br>{html.escape(context)}<br>"
            f"{rows} \N{EM DASH} {html.escape(self._explanation())}"
        )
        self.model: ListModel[NumberedRow] = ListModel(
            drill_columns(drill), lambda r: r[0], parent=self
        )
        self.model.set_rows(list(enumerate(drill.rows)))
        self.view = ListView(self.model, tr("Records behind the figure"), self)
        if "Name" in drill.headers:
            self.view.stretch(drill.headers.index("Name"))
        self.view.select_first()
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton(tr("&Save as XLSX…"), self)
        self.export_button.setToolTip(tr("Save this list as a spreadsheet (Ctrl+S)"))
        self.export_button.setShortcut("Ctrl+S")
        self.export_button.setAutoDefault(False)
        self.export_button.setEnabled(bool(drill.rows))
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        # Enter in the list must not close the dialog by pressing a default button.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.resize(860, 560)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def drill(self) -> Drilldown:
        return self._drill

    def export(self) -> None:
        name = file_name(self._drill.metric_id, self._context) + ".xlsx"
        ask_where_to_save(self, tr("Save the records as"), self._folder, name, self._export_to)

    def _export_to(self, path: object) -> None:
        db, drill = self._ctx.db, self._drill
        title = tr(drill.label)
        self.export_button.setEnabled(False)
        self.feedback.setText(tr("Saving…"))
        # The file is written alongside other reads; only the audit note queues as a write.
        self._ctx.tasks.run_query(
            lambda: write_drilldown(drill, path, title),  # type: ignore[arg-type]
            lambda _none: self._ctx.tasks.run_operation(
                lambda: record_export(db, drill, path),  # type: ignore[arg-type]
                lambda _none: self._exported(path),
                self._failed,
            ),
            self._failed,
        )

    def _exported(self, path: object) -> None:
        self.export_button.setEnabled(True)
        self.feedback.setText(tr("Saved as {path}.").format(path=path))

    def _failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.feedback.setText("")
        show_error(self, error)

    def _explanation(self) -> str:
        if self._drill.sum_column is None:
            return tr("one row for each {kind} counted.").format(kind=tr(self._drill.row_kind))
        column = tr(self._drill.headers[self._drill.sum_column])
        return tr("the figure is the total of the {column} column ({total}).").format(
            column=column, total=number_text(self._drill.metric_id, self._drill.total)
        )
