"""The audit trail, newest first: who did what and when, filtered by a person's reference,
a user, a kind of action and a range of dates, and saved as CSV.

A trail grows with every sign-in and every change, so it is read in the background and only
the newest entries that match are listed (`PAGE` at a time, "Show more" for the next); the
CSV holds every entry that matches, written in the background too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import ParseError, format_date, parse_date, today
from ncdesk.core.security.trail import (
    AuditEntry,
    audit_choices,
    audit_entries,
    write_audit_csv,
)
from ncdesk.ui.admin.where_to_save import ask_where_to_save, documents
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.table_model import Column, RecordTableModel

PAGE = 500
COL_WHEN, COL_WHO, COL_ACTION, COL_WHAT, COL_DETAIL = range(5)
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


@dataclass(frozen=True)
class AuditFilter:
    """What the list is narrowed to (plain values, handed to the background work)."""

    person_ref: str = ""
    actor: str = ""
    action: str = ""
    start: date | None = None
    end: date | None = None

    def entries(self, db: Database, limit: int | None) -> list[AuditEntry]:
        return audit_entries(
            db,
            start=self.start,
            end=self.end,
            actor=self.actor,
            action=self.action,
            person_ref=self.person_ref,
            limit=limit,
        )


@dataclass(frozen=True)
class _Loaded:
    number: int
    entries: list[AuditEntry]
    choices: tuple[list[str], list[str]] | None


class AuditTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._asked = 0
        self._limit = PAGE
        self._filter = AuditFilter()
        self.errors = InlineErrors()

        self.person_ref = QLineEdit(self)
        self.person_ref.setPlaceholderText(self.tr("for example P00042"))
        self.actor = QComboBox(self)
        self.action = QComboBox(self)
        self._fill(self.actor, self.tr("Anyone"), [])
        self._fill(self.action, self.tr("Any action"), [])
        self.start = QLineEdit(self)
        self.end = QLineEdit(self)
        for field in (self.start, self.end):
            field.setPlaceholderText(self.tr("DD/MM/YYYY"))
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        for widget in (self.person_ref, self.start, self.end, self.actor, self.action):
            widget.installEventFilter(self)
        self.show_button = QPushButton(self.tr("S&how"), self)
        self.show_button.setToolTip(self.tr("List the entries that match (Enter)"))
        self.show_button.clicked.connect(self.apply_filters)

        filters = QGridLayout()
        self._filter_field(filters, 0, 0, self.tr("P&erson ref:"), "person_ref", self.person_ref)
        self._filter_field(filters, 0, 1, self.tr("&User:"), "actor", self.actor)
        self._filter_field(filters, 0, 2, self.tr("A&ction:"), "action", self.action)
        self._filter_field(filters, 0, 3, self.tr("&From:"), "start", self.start)
        self._filter_field(filters, 0, 4, self.tr("&To:"), "end", self.end)
        filters.addWidget(self.show_button, 1, 5, Qt.AlignmentFlag.AlignTop)
        filters.setColumnStretch(0, 1)
        filters.setColumnStretch(6, 2)

        self.model: RecordTableModel[AuditEntry] = RecordTableModel(
            [
                Column(
                    self.tr("When"),
                    lambda e: f"{format_date(e.at_local.date())} {e.at_local:%H:%M:%S}",
                    sort_key=lambda e: e.id,
                ),
                Column(self.tr("Who"), lambda e: e.actor),
                Column(self.tr("Action"), lambda e: e.action),
                Column(self.tr("What"), lambda e: e.what),
                Column(self.tr("Detail"), lambda e: e.detail),
            ],
            lambda _ids: [],
            lambda e: e.id,
            parent=self,
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.view.setAccessibleName(self.tr("Audit trail"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)

        self.count = QLabel(self)
        self.more_button = QPushButton(self.tr("Show &more"), self)
        self.more_button.setToolTip(self.tr("List the next {n} older entries").format(n=PAGE))
        self.more_button.clicked.connect(self.show_more)
        self.more_button.hide()
        self.export_button = QPushButton(self.tr("&Save as CSV…"), self)
        self.export_button.setToolTip(self.tr("Save every entry that matches the filters"))
        self.export_button.clicked.connect(lambda: self.export())
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))

        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.feedback)

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self._load(with_choices=True)
        self.person_ref.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_loading(self) -> bool:
        return self._loaded and self.count.text() == self.tr("Reading the audit trail…")

    def apply_filters(self) -> None:
        """Read the filters; list the newest entries that match, or say what to fix."""
        problems: list[FieldProblem] = []
        start = self._date(self.start, "start", problems)
        end = self._date(self.end, "end", problems)
        if start and end and end < start:
            problems.append(FieldProblem("end", self.tr("the end is before the start")))
        if problems:
            self.errors.show(problems)
            return
        self.errors.clear()
        self._filter = AuditFilter(
            person_ref=self.person_ref.text().strip(),
            actor=str(self.actor.currentData() or ""),
            action=str(self.action.currentData() or ""),
            start=start,
            end=end,
        )
        self._limit = PAGE
        self._load(with_choices=True)

    def show_more(self) -> None:
        self._limit += PAGE
        self._load(with_choices=False)

    def export(self, path: Path | None = None) -> None:
        """Every entry matching the filters as CSV (asks where, unless told)."""
        if path is None:
            name = f"ncdesk audit trail {today():%Y-%m-%d}.csv"
            ask_where_to_save(
                self,
                self.tr("Save the audit trail as"),
                documents() / name,
                self.tr("CSV files (*.csv)"),
                self.export,
            )
            return
        db, chosen = self._ctx.db, self._filter
        self.export_button.setEnabled(False)
        self.feedback.setText(self.tr("Saving…"))
        self._ctx.tasks.run_operation(
            lambda: _write_csv(db, chosen, path), self._exported, self._export_failed
        )

    def entries(self) -> list[AuditEntry]:
        return [e for row in range(self.model.rowCount()) if (e := self.model.record_at(row))]

    # --- inside -----------------------------------------------------------------------------

    def _load(self, *, with_choices: bool) -> None:
        self._asked += 1
        number, chosen, limit, db = self._asked, self._filter, self._limit, self._ctx.db

        def read() -> _Loaded:
            choices = audit_choices(db) if with_choices else None
            return _Loaded(number, chosen.entries(db, limit), choices)

        self.count.setText(self.tr("Reading the audit trail…"))
        self._ctx.tasks.run_query(read, self._show)

    def _show(self, loaded: _Loaded) -> None:
        if loaded.number != self._asked:
            return  # filters changed since
        if loaded.choices is not None:
            actors, actions = loaded.choices
            self._fill(self.actor, self.tr("Anyone"), actors)
            self._fill(self.action, self.tr("Any action"), actions)
        self.model.set_ids([e.id for e in loaded.entries], loaded.entries)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        shown = len(loaded.entries)
        full = shown >= self._limit
        if shown == 0:
            self.count.setText(self.tr("No entries match."))
        elif full:
            self.count.setText(self.tr("The newest {n} entries that match.").format(n=shown))
        else:
            self.count.setText(
                self.tr("1 entry.") if shown == 1 else self.tr("{n} entries.").format(n=shown)
            )
        self.more_button.setVisible(full)

    def _exported(self, result: tuple[Path, int]) -> None:
        path, count = result
        self.export_button.setEnabled(True)
        self.feedback.setText(self.tr("Saved {n} entries to {path}.").format(n=count, path=path))

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.feedback.setText("\N{WARNING SIGN} " + str(error))

    def _fill(self, combo: QComboBox, everyone: str, values: list[str]) -> None:
        """The choices, keeping the one chosen if it is still there."""
        kept = combo.currentData()
        combo.clear()
        combo.addItem(everyone, "")
        for value in values:
            combo.addItem(value, value)
        combo.setCurrentIndex(max(0, combo.findData(kept)))

    def _date(self, field: QLineEdit, name: str, problems: list[FieldProblem]) -> date | None:
        text = field.text().strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except ParseError as exc:
            problems.append(FieldProblem(name, str(exc)))
            return None

    def _filter_field(
        self, grid: QGridLayout, row: int, column: int, text: str, name: str, field: QWidget
    ) -> None:
        label = QLabel(text, self)
        label.setBuddy(field)
        field.setAccessibleName(text.replace("&", "").rstrip(":"))
        problem = error_label(self)
        self.errors.add(name, field, problem)
        grid.addWidget(label, row, column)
        grid.addWidget(field, row + 1, column)
        grid.addWidget(problem, row + 2, column)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER_KEYS and not (
                isinstance(watched, QComboBox) and watched.view().isVisible()
            ):
                self.apply_filters()
                return True
        return super().eventFilter(watched, event)


def _write_csv(db: Database, chosen: AuditFilter, path: Path) -> tuple[Path, int]:
    entries = chosen.entries(db, None)
    write_audit_csv(db, entries, path)
    return path, len(entries)
