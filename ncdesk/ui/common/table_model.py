"""The one table-model base behind every list in ncdesk.

It holds only row ids and asks a fetch callback for the rows' contents a page at a time, as
the view scrolls (`canFetchMore`/`fetchMore`), so a list of 20,000 people opens as fast as a
list of 20. Columns are declared, not coded: header, value, sort key, alignment and tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from typing_extensions import override

from ncdesk.ui.common.qt_fixes import emit

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

# Roles beyond Qt's own: the value a column sorts by, and the record id behind a row.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

PAGE_SIZE = 200


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column of a list: what it is called, what it shows and how it sorts."""

    header: str
    value: Callable[[Row], str]
    # What the column sorts by when that is not its text (dates, numbers); None sorts last.
    sort_key: Callable[[Row], Any] | None = None
    alignment: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Row], str] | None = None

    def key(self, row: Row) -> Any:
        return self.sort_key(row) if self.sort_key else self.value(row).casefold()


class RecordTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are record ids; contents come from `fetch(ids)` in pages and are cached.

    `fetch` returns the rows for the ids asked for (in any order; missing ids show blank),
    `row_id` tells which id a fetched row belongs to.
    """

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        fetch: Callable[[list[int]], Sequence[Row]],
        row_id: Callable[[Row], int],
        *,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._columns = list(columns)
        self._fetch = fetch
        self._row_id = row_id
        self._page_size = page_size
        self._natural: list[int] = []  # the order the ids came in (search rank, name order)
        self._ids: list[int] = []  # the order shown (natural, or sorted by a column)
        self._shown = 0  # rows revealed to views so far; the rest come with fetchMore
        self._cache: dict[int, Row] = {}

    # --- what callers use -------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], rows: Sequence[Row] = ()) -> None:
        """Show these records in this order; `rows` already at hand save a fetch."""
        self.beginResetModel()
        self._natural = list(dict.fromkeys(ids))  # a repeated id would confuse row lookups
        self._ids = list(self._natural)
        self._cache = {self._row_id(r): r for r in rows}
        self._shown = 0
        self._reveal(min(self._page_size, len(self._ids)))
        self.endResetModel()

    def ids(self) -> list[int]:
        """Every id in the list in the order shown, including rows not yet fetched."""
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < self._shown else None

    def row_of(self, record_id: int) -> int | None:
        """The row showing `record_id`, fetching pages until it is revealed; None if absent."""
        try:
            position = self._ids.index(record_id)
        except ValueError:
            return None
        while position >= self._shown and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return position

    def record_at(self, row: int) -> Row | None:
        record_id = self.id_at(row)
        return None if record_id is None else self._cache.get(record_id)

    def total(self) -> int:
        """How many records the list holds, fetched or not."""
        return len(self._ids)

    # --- Qt's model interface ---------------------------------------------------------------

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    @override
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    @override
    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        count = min(self._page_size, len(self._ids) - self._shown)
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
        self._reveal(count)
        self.endInsertRows()

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        record_id = self._ids[index.row()]
        if role == ID_ROLE:
            return record_id
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        row = self._cache.get(record_id)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == SORT_ROLE:
            return column.key(row)
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._columns[section].alignment
        return None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (every row is fetched first); column -1 restores the natural order."""
        if column >= len(self._columns):
            return
        emit(self.layoutAboutToBeChanged)
        old_persistent = self.persistentIndexList()
        old_ids = [self._ids[i.row()] for i in old_persistent]
        if column < 0:
            self._ids = list(self._natural)
        else:
            self._load(self._ids)
            self._ids = self._sorted(self._columns[column], order)
        position = {record_id: row for row, record_id in enumerate(self._ids)}
        new_persistent = []
        for old, record_id in zip(old_persistent, old_ids, strict=True):
            row = position[record_id]
            new_persistent.append(
                self.index(row, old.column()) if row < self._shown else QModelIndex()
            )
        self.changePersistentIndexList(old_persistent, new_persistent)
        emit(self.layoutChanged)

    # --- inside -----------------------------------------------------------------------------

    def _sorted(self, column: Column[Row], order: Qt.SortOrder) -> list[int]:
        keyed: list[tuple[Any, int]] = []
        blank: list[tuple[Any, int]] = []
        for record_id in self._ids:
            row = self._cache.get(record_id)
            key = column.key(row) if row is not None else None
            (blank if key is None or key == "" else keyed).append((key, record_id))
        keyed.sort(key=lambda pair: pair[0], reverse=order == Qt.SortOrder.DescendingOrder)
        # Blanks go last whichever way the column is sorted: they are rarely what is wanted.
        return [record_id for _, record_id in keyed] + [record_id for _, record_id in blank]

    def _reveal(self, count: int) -> None:
        self._load(self._ids[self._shown : self._shown + count])
        self._shown += count

    def _load(self, ids: list[int]) -> None:
        missing = [i for i in ids if i not in self._cache]
        for start in range(0, len(missing), self._page_size):
            for row in self._fetch(missing[start : start + self._page_size]):
                self._cache[self._row_id(row)] = row
