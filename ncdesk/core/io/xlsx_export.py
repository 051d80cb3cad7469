"""Writing lists to XLSX safely: header styling, widths, frozen header, and text that can never
become a formula (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from ncdesk.core.files import output_file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
    leading apostrophe, the usual guard against formula injection; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_table(
    path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """One sheet: bold shaded header, frozen, filter on, columns sized to their content."""
    from openpyxl import Workbook  # slow to import: loaded on the first export, not at start-up
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E4E7EB")
    for row in rows:
        sheet.append([safe_text(v) for v in row])
    for col, header in enumerate(headers, start=1):
        values = [header] + [row[col - 1] for row in rows]
        width = max(len(_shown(v)) for v in values)
        sheet.column_dimensions[get_column_letter(col)].width = min(60, max(8, width + 2))
        for cell in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell[0].value, (date, datetime)):
                cell[0].number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    with output_file(path) as partial:
        book.save(partial)


def _shown(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return "00/00/0000"
    return "" if value is None else str(value)
