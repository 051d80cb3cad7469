"""The rows of the batch-entry grid: one paper slip per row, checked as each cell is typed.

A row is checked against the same rules the ledger applies (members who left, the same person
on both sides, future dates, unreadable hours), so a batch that looks ready here normally
saves; anything the database still refuses is shown on its row in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import ParseError, format_date, format_minutes, parse_hours, today
from ncdesk.core.services.ledger import ExchangeInput
from ncdesk.ui.common.field_errors import ERROR_FIELD, ERROR_TEXT
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import Index
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.words import read_slip_date, tr

COL_DATE, COL_GIVER, COL_RECEIVER, COL_HOURS, COL_CATEGORY, COL_WHAT, COL_CHECK = range(7)
INPUT_COLUMNS = (COL_DATE, COL_GIVER, COL_RECEIVER, COL_HOURS, COL_CATEGORY, COL_WHAT)
REQUIRED = (COL_DATE, COL_GIVER, COL_RECEIVER, COL_HOURS)
MEMBER_COLUMNS = (COL_GIVER, COL_RECEIVER)
# What the ledger calls each field, so its refusals land in the right cell.
SERVICE_FIELDS = {
    "date": COL_DATE,
    "giver": COL_GIVER,
    "receiver": COL_RECEIVER,
    "hours": COL_HOURS,
    "category": COL_CATEGORY,
    "description": COL_WHAT,
}


def headers() -> list[str]:
    return [
        tr("Date"),
        tr("Given by"),
        tr("Received by"),
        tr("Hours"),
        tr("Category"),
        tr("What was done"),
        tr("Check"),
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Slip:
    texts: list[str] = field(default_factory=lambda: [""] * len(INPUT_COLUMNS))
    problems: dict[int, str] = field(default_factory=dict)  # column → why it is wrong
    missing: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    item: ExchangeInput | None = None
    refused: bool = False  # the problems came back from the database, not from typing

    def is_blank(self) -> bool:
        # A date carried down from the slip above does not make a row worth saving.
        return not any(t.strip() for c, t in enumerate(self.texts) if c != COL_DATE)

    def is_ready(self) -> bool:
        return self.item is not None and not self.problems


def check_slip(slip: Slip, directory: MemberDirectory, *, on: date | None = None) -> None:
    """Read and check one row's texts, filling in its problems, notes and the item to save.
    Names and categories typed in part are completed to their full form."""
    on = on or today()
    slip.problems, slip.missing, slip.notes, slip.item, slip.refused = {}, [], [], None, False
    if slip.is_blank():
        return
    texts = slip.texts
    for column in REQUIRED:
        if not texts[column].strip():
            slip.missing.append(column)

    day = None
    if texts[COL_DATE].strip():
        try:
            day = read_slip_date(texts[COL_DATE], on=on)
            texts[COL_DATE] = format_date(day)
            if day > on:
                slip.problems[COL_DATE] = tr("cannot be in the future")
        except ParseError as exc:
            slip.problems[COL_DATE] = str(exc)

    accounts = {}
    for column in MEMBER_COLUMNS:
        if not texts[column].strip():
            continue
        found = directory.resolve(texts[column])
        if found.account is None:
            slip.problems[column] = found.problem
            continue
        texts[column] = found.label
        accounts[column] = found.account
        if found.note:
            slip.notes.append(found.note)
        if day is not None and day < found.account.joined:
            slip.notes.append(
                tr("{name} joined on {joined}, after this date").format(
                    name=found.account.name, joined=format_date(found.account.joined)
                )
            )
    giver, receiver = accounts.get(COL_GIVER), accounts.get(COL_RECEIVER)
    if giver is not None and receiver is not None and giver.id == receiver.id:
        slip.problems[COL_RECEIVER] = tr("the same person as the giver")

    minutes = 0
    if texts[COL_HOURS].strip():
        try:
            minutes = parse_hours(texts[COL_HOURS])
        except ParseError as exc:
            slip.problems[COL_HOURS] = str(exc)

    category, problem = directory.resolve_category(texts[COL_CATEGORY])
    if problem:
        slip.problems[COL_CATEGORY] = problem
    elif category is not None:
        texts[COL_CATEGORY] = category.name

    if not slip.problems and not slip.missing and day and giver and receiver:
        slip.item = ExchangeInput(
            day,
            giver.id,
            receiver.id,
            minutes,
            category.id if category else None,
            texts[COL_WHAT].strip(),
        )


class BatchModel(QAbstractTableModel):
    """Slips as typed, always with one empty row at the end to type the next one into."""

    checked = Signal()  # any row's check changed: totals need redrawing

    def __init__(self, directory: MemberDirectory, parent: QObject | None = None):
        super().__init__(parent)
        self._directory = directory
        self._headers = headers()
        self.slips: list[Slip] = [Slip()]
        self.locked = False  # while a batch is being saved

    # --- what the grid uses -----------------------------------------------------------------

    def filled_rows(self) -> list[int]:
        return [row for row, slip in enumerate(self.slips) if not slip.is_blank()]

    def rows_to_fix(self) -> list[int]:
        return [row for row in self.filled_rows() if not self.slips[row].is_ready()]

    def items(self) -> list[ExchangeInput]:
        """The exchanges to save, in row order (only when every filled row is ready)."""
        filled = (self.slips[row] for row in self.filled_rows())
        return [slip.item for slip in filled if slip.item is not None]

    def total_minutes(self) -> int:
        return sum(s.item.minutes for s in self.slips if s.item is not None and not s.problems)

    def first_problem_column(self, row: int) -> int:
        slip = self.slips[row]
        columns = sorted(set(slip.problems) | set(slip.missing))
        return columns[0] if columns else COL_DATE

    def check_all(self) -> None:
        """Check every row again (the members list changed: someone joined or left). A slip
        the ledger refused keeps the ledger's reasons until it is edited: a members list that
        arrives after the refusal must not wipe what the save was told."""
        for slip in self.slips:
            if not slip.refused:
                check_slip(slip, self._directory)
        self._changed_rows(range(len(self.slips)))

    def mark_refused(self, rows: list[int], problems: Iterable[FieldProblem]) -> list[int]:
        """Show the database's reasons on the rows they belong to (`rows[i]` is the grid row
        of the i-th slip sent). Returns the grid rows marked."""
        marked = []
        for problem in problems:
            number = problem.row if problem.row is not None else 1
            if not 1 <= number <= len(rows):
                continue
            row = rows[number - 1]
            column = SERVICE_FIELDS.get(problem.field, COL_CHECK)
            slip = self.slips[row]
            slip.problems[column] = problem.message
            slip.refused = True
            marked.append(row)
        self._changed_rows(marked)
        return sorted(set(marked))

    def clear(self) -> None:
        self.beginResetModel()
        self.slips = [Slip()]
        self.endResetModel()
        emit(self.checked)

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self.slips):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.slips[row]
        self.endRemoveRows()
        self._keep_blank_row()
        emit(self.checked)

    def check_text(self, row: int) -> str:
        """The Check column: the words that say what is wrong (not only a colour)."""
        slip = self.slips[row]
        if slip.is_blank():
            return ""
        if slip.problems:
            parts = [
                f"{self._headers[c]}: {p}" if c != COL_CHECK else p
                for c, p in sorted(slip.problems.items())
            ]
            prefix = tr("Refused") + " — " if slip.refused else ""
            return "\N{WARNING SIGN} " + prefix + _sentence("; ".join(parts))
        if slip.missing:
            needed = ", ".join(self._headers[c].lower() for c in slip.missing)
            return tr("To fill in: {fields}").format(fields=needed)
        ready = "\N{CHECK MARK} " + tr("Ready")
        if slip.notes:
            ready += " — " + tr("note: {notes}").format(notes="; ".join(slip.notes))
        return ready

    # --- Qt's model interface ---------------------------------------------------------------

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.slips)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_CHECK:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)  # slip numbers, as the messages name them

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.slips):
            return None
        slip, column = self.slips[index.row()], index.column()
        if column == COL_CHECK:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.check_text(index.row())
            if role == Qt.ItemDataRole.ForegroundRole and slip.problems:
                return ERROR_TEXT
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return slip.texts[column]
        if role == Qt.ItemDataRole.BackgroundRole and column in slip.problems:
            return ERROR_FIELD
        if role == Qt.ItemDataRole.ToolTipRole and column in slip.problems:
            return _sentence(slip.problems[column])
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column in slip.problems:
            return _sentence(slip.problems[column])
        return None

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.locked:
            return False
        column = index.column()
        if column == COL_CHECK:
            return False
        row = index.row()
        slip = self.slips[row]
        text = str(value or "")
        if slip.texts[column] == text:
            return True  # nothing new (a refusal stays shown until the row is changed)
        slip.texts[column] = text
        check_slip(slip, self._directory)
        self._changed_rows([row])
        self._keep_blank_row()
        return True

    # --- inside -----------------------------------------------------------------------------

    def _keep_blank_row(self) -> None:
        if self.slips and self.slips[-1].is_blank():
            return
        carried = Slip()
        if self.slips:
            carried.texts[COL_DATE] = self.slips[-1].texts[COL_DATE]
        row = len(self.slips)
        self.beginInsertRows(QModelIndex(), row, row)
        self.slips.append(carried)
        self.endInsertRows()

    def _changed_rows(self, rows: Iterable[int]) -> None:
        rows = list(rows)
        if rows:
            top = self.index(min(rows), 0)
            bottom = self.index(max(rows), len(self._headers) - 1)
            emit(self.dataChanged, top, bottom, [])
        emit(self.checked)


def summary_text(model: BatchModel) -> str:
    """'3 slips ready, 1 to fix — 4:30 hours' under the grid."""
    filled = model.filled_rows()
    if not filled:
        return tr("No slips typed yet.")
    to_fix = len(model.rows_to_fix())
    ready = len(filled) - to_fix
    parts = [tr("1 slip ready") if ready == 1 else tr("{count} slips ready").format(count=ready)]
    if to_fix:
        parts.append(tr("1 to fix") if to_fix == 1 else tr("{count} to fix").format(count=to_fix))
    hours = format_minutes(model.total_minutes())
    return tr("{parts} — {hours} hours ready to save").format(parts=", ".join(parts), hours=hours)
