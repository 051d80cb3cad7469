"""Reading the first sheet of an XLSX workbook into cells of text."""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from ncdesk.core.errors import FieldProblem
from ncdesk.core.io.grid import refuse


@dataclass
class XlsxGrid:
    cells: list[list[str]]
    empty: str = "has nothing on its first sheet: it needs a header row naming the columns"

    def problems(
        self, header: int, names: list[str], free_text: Collection[str]
    ) -> tuple[list[FieldProblem], set[int]]:
        return [], set()


def read_xlsx(path: Path) -> XlsxGrid:
    from openpyxl import load_workbook  # imported here: only needed for spreadsheets

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise refuse(path, "is not a readable Excel (.xlsx) file") from exc
    try:
        sheet = book.worksheets[0]
        return XlsxGrid([[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)])
    finally:
        book.close()


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
