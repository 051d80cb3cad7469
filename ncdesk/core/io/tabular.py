"""Reading a CSV or XLSX file as rows of text keyed by normalised header names.

Row numbers are the ones a spreadsheet shows: row 1 is the top of the file, so the header is
row 1 unless blank rows come before it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
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


def header_key(text: str) -> str:
    """'First Name' / 'first-name' / 'FIRST_NAME' → 'first_name'."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def read_table(path: Path, *, free_text: Collection[str] = ()) -> Table:
    """Read the whole file; refuses unreadable files and headers that are blank or repeated.
    Cells of `free_text` columns may run over several lines (CSV quote checks, csv_grid)."""
    if not path.is_file():
        raise ValidationError([FieldProblem("", f"{path} does not exist")])
    suffix = path.suffix.lower()
    grid: Grid
    if suffix in (".xlsx", ".xlsm"):
        grid = read_xlsx(path)
    elif suffix in (".csv", ".txt", ""):
        grid = read_csv(path)
    else:
        raise refuse(path, "is neither a .csv nor an .xlsx file")
    cells = grid.cells
    header = next((i for i, row in enumerate(cells) if any(row)), None)
    if header is None:
        problems, _ = grid.problems(len(cells), [], free_text)
        raise ValidationError(problems or [FieldProblem("", f"{path.name} {grid.empty}")])
    headers = cells[header]
    while headers and not headers[-1]:
        headers = headers[:-1]
    keys = [header_key(h) for h in headers]
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
    return Table(path, headers, keys, rows, problems, header + 1)
