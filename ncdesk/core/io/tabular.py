"""Reading a CSV or XLSX file as rows of text keyed by normalised header names.

Row numbers are the ones a spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ncdesk.core.errors import FieldProblem, ValidationError


@dataclass(frozen=True)
class Table:
    """A file's header (as written and as matched) and its non-blank rows."""

    path: Path
    headers: list[str]
    keys: list[str]
    rows: list[tuple[int, dict[str, str]]]


def header_key(text: str) -> str:
    """'First Name' / 'first-name' / 'FIRST_NAME' → 'first_name'."""
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            return [[cell.strip() for cell in row] for row in csv.reader(f)]
    except UnicodeDecodeError as exc:
        raise _refuse(path, 'is not saved as UTF-8 text; save it again as "CSV UTF-8"') from exc
    except csv.Error as exc:
        raise _refuse(path, f"is not a readable CSV file: {exc}") from exc


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only needed for spreadsheets

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _refuse(path, "is not a readable Excel (.xlsx) file") from exc
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _refuse(path: Path, reason: str) -> ValidationError:
    return ValidationError([FieldProblem("", f"{path.name} {reason}")])


def read_table(path: Path) -> Table:
    """Read the whole file; refuses unreadable files and headers that are blank or repeated."""
    if not path.is_file():
        raise ValidationError([FieldProblem("", f"{path} does not exist")])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        cells = _read_xlsx(path)
    elif suffix in (".csv", ".txt", ""):
        cells = _read_csv(path)
    else:
        raise _refuse(path, "is neither a .csv nor an .xlsx file")
    while cells and not any(cells[0]):
        cells.pop(0)
    if not cells:
        raise _refuse(path, "is empty: it needs a header row naming the columns")
    headers = cells[0]
    while headers and not headers[-1]:
        headers = headers[:-1]
    keys = [header_key(h) for h in headers]
    problems = []
    for i, key in enumerate(keys):
        if not key:
            problems.append(FieldProblem(f"column {i + 1}", "the header is blank", row=1))
        elif key in keys[:i]:
            problems.append(FieldProblem(headers[i], "this column appears twice", row=1))
    if problems:
        raise ValidationError(problems)
    rows = []
    for number, cells_row in enumerate(cells[1:], start=2):
        if not any(c.strip() for c in cells_row):
            continue
        extra = [c for c in cells_row[len(keys) :] if c.strip()]
        values = {k: (cells_row[i] if i < len(cells_row) else "") for i, k in enumerate(keys)}
        if extra:
            values["\0extra"] = ", ".join(extra)
        rows.append((number, values))
    return Table(path, headers, keys, rows)
