"""Reading a CSV file into cells, and catching the quote mistakes that would lose rows.

A quote (") opens a cell that may hold commas and line breaks, so one stray quote can read
every row after it into a single cell. The csv module reads strictly (a closing quote must end
its cell) and the cells are then checked for rows swallowed whole; docs/import.md gives the
rules. Row numbers count every record from the top of the file, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ncdesk.core.errors import FieldProblem
from ncdesk.core.io.grid import refuse
from ncdesk.core.io.text_encoding import decode_text

NEVER_CLOSED = (
    'a quote (") opens this cell and is never closed, so the rest of the file was read into '
    "it; close the quote or remove it"
)
CLOSED_EARLY = (
    'a quote (") closes this cell but more text follows it; remove the stray quote, or put the '
    'whole cell in quotes and double each quote inside it ("")'
)
SWALLOWED = (
    'this cell runs over several lines, as if a quote (") opened in it was never closed and '
    "the rows after it were read into it; check the quotes on this row"
)
READS_AS_ROW = (
    'line {line} of this cell reads like a whole row of the file, as if a quote (") opened in '
    "it was never closed and the rows after it were read into it; check the quotes on this row "
    "(a note that really holds such a line can be imported from an .xlsx file)"
)
# A later line of a free-text cell counts as a swallowed row only in files this wide, so a
# note such as "milk, eggs" in a two-column file is not mistaken for one.
MIN_ROW_WIDTH = 3
# The longest line searched for the cell holding a stray quote (the search reads it once per
# comma); on a longer line the row alone is named.
SEARCH_LIMIT = 5_000


@dataclass(frozen=True)
class Stop:
    """Where strict reading stopped: a 0-based record index and, when known, the cell."""

    index: int
    column: int | None
    message: str


@dataclass
class CsvGrid:
    """Every record read before any stop, each cell stripped of outer spaces."""

    cells: list[list[str]]
    # Records that run over more than one line of the file (only they can hold line breaks).
    spanning: list[int] = field(default_factory=list)
    stop: Stop | None = None
    encoding: str = ""
    empty: str = "is empty: it needs a header row naming the columns"

    def problems(
        self, header: int, names: list[str], free_text: Collection[str]
    ) -> tuple[list[FieldProblem], set[int]]:
        """Rows that lost or swallowed cells, and the row numbers not to read at all."""
        problems: list[FieldProblem] = []
        width = len(names)
        for index in range(header + 1, len(self.cells)):
            row = self.cells[index]
            if 0 < len(row) < width and any(row):
                problems.append(_short_row(row, names, index + 1))
        for index in self.spanning:
            if index <= header:
                continue
            for column, text in enumerate(self.cells[index][:width]):
                if problem := _line_break_problem(text, names[column], width, free_text):
                    problems.append(
                        FieldProblem(names[column], problem, _first_line(text), index + 1)
                    )
        if self.stop is not None:
            at = self.stop.column
            name = names[at] if at is not None and at < width else ""
            problems.append(FieldProblem(name, self.stop.message, "", self.stop.index + 1))
        return problems, {p.row for p in problems if p.row is not None}


def read_csv(path: Path, limit: int | None = None) -> CsvGrid:
    """Read strictly; a quote error stops reading there and is reported at its row. The
    encoding is found from the bytes (text_encoding). With `limit`, only that many records
    from the top are read (a preview)."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise refuse(path, "is an Excel workbook, not CSV text: name it .xlsx")
    try:
        text, encoding = decode_text(data)  # line endings as written, as csv wants
    except UnicodeDecodeError as exc:
        raise refuse(
            path, 'starts as Unicode text but is damaged further on; save it again as "CSV UTF-8"'
        ) from exc
    del data
    if "\0" in text:
        raise refuse(path, "holds NUL characters: it is not a CSV text file")
    grid = CsvGrid([], encoding=encoding)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines = 0
    try:
        for row in reader:
            if limit is not None and len(grid.cells) >= limit:
                break
            grid.cells.append([cell.strip() for cell in row])
            if reader.line_num - lines > 1:
                grid.spanning.append(len(grid.cells) - 1)
            lines = reader.line_num
    except csv.Error as exc:
        grid.stop = _where_reading_stopped(text, len(grid.cells), str(exc))
    return grid


def _short_row(row: list[str], names: list[str], number: int) -> FieldProblem:
    missing = names[len(row) :]
    verb = "is" if len(missing) == 1 else "are"
    return FieldProblem(
        missing[0],
        f"this row has {len(row)} cells but the header has {len(names)}: "
        f"{', '.join(missing)} {verb} missing (a comma left out, or a quote joining two cells?)",
        row=number,
    )


def _line_break_problem(text: str, name: str, width: int, free_text: Collection[str]) -> str:
    """Why a cell holding a line break looks like swallowed rows ('' when it looks fine)."""
    if "\n" not in text and "\r" not in text:
        return ""
    if name not in free_text:
        return SWALLOWED  # a reference, name or date never runs over lines
    if width < MIN_ROW_WIDTH:
        return ""
    for number, line in enumerate(text.splitlines()[1:], start=2):
        cells = next(csv.reader([line]), [])
        if len(cells) >= width:
            return READS_AS_ROW.format(line=number)
    return ""


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _where_reading_stopped(text: str, index: int, error: str) -> Stop:
    """Name the row and cell behind a csv.Error (the csv module reports them only as text)."""
    if "field limit" in error:
        return Stop(
            index,
            None,
            f'a cell is longer than {csv.field_size_limit():,} characters: a quote (") left '
            "open probably read the rows after it into one cell",
        )
    loose, first_line = _record_read_loosely(text, index)
    if "unexpected end of data" in error:
        return Stop(index, len(loose) - 1 if loose else None, NEVER_CLOSED)
    if "expected after" in error:
        spans = [i for i, cell in enumerate(loose) if "\n" in cell or "\r" in cell]
        if spans:
            return Stop(index, spans[0], SWALLOWED)
        return Stop(index, _cell_closed_early(first_line), CLOSED_EARLY)
    return Stop(index, None, f"cannot be read as CSV ({error})")


def _record_read_loosely(text: str, index: int) -> tuple[list[str], str]:
    """Record `index` as a spreadsheet would read it, and the first line of the file it is on
    (no cells if even a loose reading fails there, e.g. on a cell over the size limit)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    for _ in islice(reader, index):
        pass
    start = reader.line_num
    try:
        record = next(reader, [])
    except csv.Error:
        record = []
    line = next(islice(io.StringIO(text, newline=""), start, None), "")
    return record, line.rstrip("\r\n")


def _cell_closed_early(line: str) -> int | None:
    """The cell of a one-line record where text follows a closing quote: the first cell that
    strict reading refuses once the line is cut after it (None for a line too long to search:
    each cut is read again)."""
    if len(line) > SEARCH_LIMIT:
        return None
    for end, char in enumerate(line):
        if char != ",":
            continue
        try:
            next(csv.reader([line[:end]], strict=True), None)
        except csv.Error as exc:
            if "expected after" in str(exc):
                return len(next(csv.reader([line[:end]]), [])) - 1
    return len(next(csv.reader([line]), [])) - 1
