"""Reading a CSV or XLSX file as rows of text keyed by normalised header names.

Row numbers are the ones a spreadsheet shows: row 1 is the top of the file, so the header is
row 1 unless blank rows come before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.io.csv_grid import read_csv
from ncdesk.core.io.grid import Grid, refuse
from ncdesk.core.io.xlsx_grid import read_xlsx


@dataclass(frozen=True)
class Table:
    """A file's header (as written and as matched), its readable non-blank rows, and the
    problems found in its shape (rows with such problems are left out of `rows`)."""

    path: Path
    headers: list[str]
    keys: list[str]
    rows: list[tuple[int, dict[str, str]]]
    problems: list[FieldProblem] = field(default_factory=list)
    header_row: int = 1
    encoding: str = ""  # a CSV file's, as found (text_encoding)


@dataclass(frozen=True)
class Source:
    """Where in a file the table is: a workbook's sheet (None: the first) and the header's
    row number (None: the first row with anything in it; rows above it are not read)."""

    sheet: str | None = None
    header_row: int | None = None


def header_key(text: str) -> str:
    """'First Name' / 'first-name' / 'FIRST_NAME' → 'first_name'."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_grid(path: Path, source: Source = Source(), limit: int | None = None) -> Grid:
    """The file's cells (with `limit`, of its top rows only: a preview)."""
    if not path.is_file():
        raise ValidationError([FieldProblem("", f"{path} does not exist")])
    suffix = path.suffix.lower()
    if is_workbook(path):
        return read_xlsx(path, source.sheet, limit=limit)
    if suffix in (".csv", ".txt", ""):
        return read_csv(path, limit)
    raise refuse(path, "is neither a .csv nor an .xlsx file")


def read_table(
    path: Path,
    *,
    free_text: Collection[str] = (),
    source: Source = Source(),
    keys_for: Callable[[list[str]], list[str]] | None = None,
    limit: int | None = None,
) -> Table:
    """Read the whole file; refuses unreadable files and headers that are blank or repeated.
    Cells of `free_text` columns may run over several lines (CSV quote checks, csv_grid).
    `keys_for` turns the headers into the keys rows are read under (a column mapping); with
    `limit`, only the rows down to that row number are read (a preview)."""
    grid = read_grid(path, source, limit)
    cells = grid.cells if limit is None else grid.cells[:limit]
    if source.header_row is not None:
        header: int | None = source.header_row - 1
        if header is None or not 0 <= header < len(cells) or not any(cells[header]):
            raise ValidationError(
                [
                    FieldProblem(
                        "",
                        f"{path.name}: row {source.header_row} is blank, so it "
                        "cannot be the header row; choose the row naming the columns",
                    )
                ]
            )
    else:
        header = next((i for i, row in enumerate(cells) if any(row)), None)
    if header is None:
        problems, _ = grid.problems(len(cells), [], free_text)
        raise ValidationError(problems or [FieldProblem("", f"{path.name} {grid.empty}")])
    headers = cells[header]
    while headers and not headers[-1]:
        headers = headers[:-1]
    keys = [header_key(h) for h in headers]
    if keys_for is not None and all(keys):
        keys = keys_for(headers)
    names = [key or str(i + 1) for i, key in enumerate(keys)]  # "row 1, column 3"
    problems, skip = grid.problems(header, names, free_text)
    header_problems = []
    for i, key in enumerate(keys):
        if not key:
            header_problems.append(FieldProblem(names[i], "the header is blank", row=header + 1))
        elif key in keys[:i]:
            header_problems.append(
                FieldProblem(headers[i], "this column appears twice", row=header + 1)
            )
    if header_problems:
        raise ValidationError(header_problems + problems)
    rows = []
    for index in range(header + 1, len(cells)):
        number, row = index + 1, cells[index]
        if number in skip or not any(row):
            continue
        if extra := [c for c in row[len(keys) :] if c]:
            problems.append(
                FieldProblem(
                    "(no header)", "values in a column without a header", ", ".join(extra), number
                )
            )
        rows.append((number, {k: (row[i] if i < len(row) else "") for i, k in enumerate(keys)}))
        cells[index] = []  # read: let the file's cells go as their rows are made
    encoding = getattr(grid, "encoding", "")
    return Table(path, headers, keys, rows, problems, header + 1, encoding)
