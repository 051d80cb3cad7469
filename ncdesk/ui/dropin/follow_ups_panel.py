"""Referrals someone promised to follow up, oldest first, with the phone number to ring.
Mark one done when it is; tick 'Show done' to see those too; export the list to a spreadsheet."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.parsing import format_date
from ncdesk.core.services.referrals import FollowUp, follow_ups, set_follow_up_done
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import hide_unless, may_export
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.common.tasks import DROPIN

COL_DATE, COL_NAME, COL_REF, COL_PHONE, COL_TYPE, COL_NOTE, COL_ACTIVITY, COL_DONE = range(8)


class FollowUpsPanel(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._asked = 0
        self.model: RecordTableModel[FollowUp] = RecordTableModel(
            self._columns(), lambda _ids: [], lambda f: f.referral_id, parent=self
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.view.setAccessibleName(self.tr("Follow-ups"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda _index: self.toggle_done())
        heading = QLabel(self.tr("F&ollow-ups still to do"), self)
        heading.setBuddy(self.view)
        self.show_done = QCheckBox(self.tr("Show &done ones too"), self)
        self.show_done.toggled.connect(lambda _on: self.refresh())
        self.done_button = QPushButton(self.tr("&Mark done"), self)
        self.done_button.setToolTip(self.tr("Mark the highlighted follow-up done (Enter)"))
        self.done_button.clicked.connect(self.toggle_done)
        self.export_button = QPushButton(self.tr("E&xport…"), self)
        self.export_button.clicked.connect(lambda: self.export())
        self.count = QLabel(self)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_done_label())
        done = QShortcut(QKeySequence(Qt.Key.Key_Space), self.view)
        done.setContext(Qt.ShortcutContext.WidgetShortcut)
        done.activated.connect(self.toggle_done)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.show_done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        hide_unless(may_export(ctx.db), self.export_button)
        ctx.changes.changed.connect(self._data_changed)

    @property
    def title(self) -> str:
        return self.tr("Follow-ups")

    def activate(self) -> None:
        if not self._loaded:
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._loaded = True
        self._asked += 1
        number, db, everything = self._asked, self._ctx.db, self.show_done.isChecked()
        self._ctx.tasks.run_query(
            lambda: follow_ups(db, include_done=everything), partial(self._show, number=number)
        )

    def current(self) -> FollowUp | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def toggle_done(self) -> None:
        item = self.current()
        if item is None:
            return
        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: set_follow_up_done(db, item.referral_id, not item.done),
            lambda _r: self.feedback.setText(
                (
                    self.tr("Marked done: {type} for {name}.")
                    if not item.done
                    else self.tr("Back on the list: {type} for {name}.")
                ).format(type=item.type_name, name=item.name)
            ),
            changes=(DROPIN,),
        )

    def export(self, path: Path | None = None) -> None:
        if not may_export(self._ctx.db):
            return
        if path is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            dialog = QFileDialog(
                self, self.tr("Export follow-ups"), str(Path(folder) / "follow-ups.xlsx")
            )
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter(self.tr("Excel workbook (*.xlsx)"))
            dialog.setDefaultSuffix("xlsx")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.fileSelected.connect(lambda chosen: self.export(Path(chosen)))
            dialog.open()
            return
        columns = self._columns()
        rows = [
            [c.value(f) for c in columns]
            for row in range(self.model.total())
            if (f := self.model.record_at(row))
        ]
        headers = [c.header for c in columns]
        self._ctx.tasks.run_query(
            lambda: write_table(path, "Follow-ups", headers, rows),
            lambda _r: self.feedback.setText(self.tr("Exported to {path}.").format(path=path)),
        )

    # --- inside -----------------------------------------------------------------------------

    def _columns(self) -> list[Column[FollowUp]]:
        return [
            Column(self.tr("Date"), lambda f: format_date(f.date), sort_key=lambda f: f.date),
            Column(self.tr("Name"), lambda f: f.name),
            Column(self.tr("Ref"), lambda f: f.person_ref),
            Column(self.tr("Phone"), lambda f: f.phone or ""),
            Column(self.tr("Signposted to"), lambda f: f.type_name),
            Column(self.tr("Note"), lambda f: f.note, tooltip=lambda f: f.note),
            Column(self.tr("Activity"), lambda f: f.activity),
            Column(self.tr("Done"), lambda f: self.tr("Done") if f.done else ""),
        ]

    def _show(self, items: list[FollowUp], number: int) -> None:
        if number != self._asked:
            return
        current = self.current()
        self.model.set_ids([f.referral_id for f in items], items)
        self.view.setColumnHidden(COL_DONE, not self.show_done.isChecked())
        row = self.model.row_of(current.referral_id) if current else None
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row or 0, COL_NAME))
        still = sum(not f.done for f in items)
        self.count.setText(
            self.tr("1 to do") if still == 1 else self.tr("{n} to do").format(n=still)
        )
        self._show_done_label()

    def _show_done_label(self) -> None:
        item = self.current()
        self.done_button.setEnabled(item is not None)
        self.done_button.setText(
            self.tr("&Not done yet") if item and item.done else self.tr("&Mark done")
        )

    def _data_changed(self, area: str) -> None:
        if area == DROPIN and self._loaded:
            if self.isVisible():
                self.refresh()
            else:
                self._loaded = False  # refreshed when next shown, not on every check-in
