"""Reading the first sheet of an XLSX workbook into cells of text.

openpyxl's read-only mode streams the values a spreadsheet program stored (data_only), keeping
memory flat on large files, but it shows neither formulas nor merged cells: a formula never
calculated and the hidden parts of a merged cell both come back blank. So the sheet's XML is
scanned as bytes for any formula or merge (a fraction of a second on 100,000 rows), and parsed
for where they are only when it has some (see xlsx_marks).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ncdesk.core.errors import FieldProblem
from ncdesk.core.io.grid import refuse
from ncdesk.core.io.xlsx_marks import Marks, sheet_marks

NOT_CALCULATED = (
    "a formula whose value was never stored: open and save the file in Excel or LibreOffice "
    "first, so the formula's value is stored"
)
FORMULA_ERROR = "the formula's result is an error: correct the formula, or type the value"
# What openpyxl and zipfile raise on a file that is damaged or not a workbook at all.
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
    OSError,
    EOFError,
)


@dataclass
class XlsxGrid:
    cells: list[list[str]]
    marks: Marks = field(default_factory=Marks)
    empty: str = "has nothing on its first sheet: it needs a header row naming the columns"

    def problems(
        self, header: int, names: list[str], free_text: Collection[str]
    ) -> tuple[list[FieldProblem], set[int]]:
        """Formulas and merged cells in the data: from the header row to the last row with
        anything in it, across the header's columns."""
        width, top = len(names), header + 1
        bottom = max((i + 1 for i, row in enumerate(self.cells) if any(row)), default=0)

        def inside(row: int, column: int) -> bool:
            return top <= row <= bottom and column <= width

        problems = [
            FieldProblem(names[c - 1], NOT_CALCULATED, "", r)
            for r, c in self.marks.uncalculated
            if inside(r, c)
        ]
        problems += [
            FieldProblem(names[c - 1], FORMULA_ERROR, value, r)
            for r, c, value in self.marks.errors
            if inside(r, c)
        ]
        skip = {p.row for p in problems if p.row is not None}
        for first_col, first_row, last_col, last_row in self.marks.merged:
            if last_row < top or first_row > bottom or first_col > width:
                continue
            row = max(first_row, top)
            where = _rows(row, min(last_row, bottom)) + ", " + _columns(first_col, last_col, names)
            problems.append(
                FieldProblem(
                    names[first_col - 1], f"merged cells: unmerge the cells ({where})", "", row
                )
            )
            skip.update(range(row, min(last_row, bottom) + 1))
        return problems, skip


def _open_book(path: Path) -> Any:
    from openpyxl import load_workbook  # imported here: only needed for spreadsheets
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (*UNREADABLE, InvalidFileException) as exc:
        raise refuse(path, "is not a readable Excel (.xlsx) file") from exc


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheets of cells, in order (chart sheets are not listed)."""
    book = _open_book(path)
    try:
        return [sheet.title for sheet in book.worksheets]
    finally:
        book.close()


def read_xlsx(path: Path, sheet_name: str | None = None, *, limit: int | None = None) -> XlsxGrid:
    """The cells of the first sheet, or of `sheet_name`; with `limit`, only that many rows
    from the top (a preview)."""
    book = _open_book(path)
    try:
        if not book.worksheets:
            raise refuse(path, "has no sheets of cells to read")
        titles = [s.title for s in book.worksheets]
        if sheet_name is not None and sheet_name not in titles:
            raise refuse(
                path, f"has no sheet named {sheet_name!r}; its sheets are: {', '.join(titles)}"
            )
        sheet = book.worksheets[titles.index(sheet_name) if sheet_name else 0]
        which = "its first sheet" if sheet_name is None else "the sheet"
        # Some programs state a wrong size (e.g. "A1") for the sheet; read what is really there.
        sheet.reset_dimensions()
        try:
            rows = sheet.iter_rows(values_only=True, max_row=limit)
            cells = [[cell_text(v) for v in row] for row in rows]
            # Read-only sheets do not say where their XML is, except in this attribute.
            marks = Marks() if limit else sheet_marks(path, sheet._worksheet_path)
        except UNREADABLE as exc:
            raise refuse(path, f"is damaged: {which} cannot be read") from exc
        if sheet_name is None:
            empty = (
                f"has nothing on its first sheet ({sheet.title}); ncdesk reads the first sheet, "
                "which needs a header row naming the columns"
            )
        else:
            empty = (
                f"has nothing on its sheet {sheet.title}: it needs a header row naming the columns"
            )
        return XlsxGrid(cells, marks, empty)
    finally:
        book.close()


def _rows(first: int, last: int) -> str:
    return f"row {first}" if first == last else f"rows {first} to {last}"


def _columns(first: int, last: int, names: list[str]) -> str:
    from openpyxl.utils import get_column_letter

    def name(column: int) -> str:
        return names[column - 1] if column <= len(names) else get_column_letter(column)

    if first == last:
        return f"column {name(first)}"
    return f"columns {name(first)} to {name(last)}"


def cell_text(value: object) -> str:
    """A cell's value as the text a CSV file would hold (dates as YYYY-MM-DD)."""
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
