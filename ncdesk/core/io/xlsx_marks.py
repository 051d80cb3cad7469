"""Where a sheet's formulas lack a stored value, and which of its cells are merged.

Read from the sheet's own XML, because openpyxl's read-only mode (the only one fast enough for
large files) hides both. Most sheets have neither, and a byte scan proves it without parsing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

# A formula (<f>) or merged range (<mergeCell>) element, with or without a namespace prefix.
# Markup cannot hide inside text ("<" is escaped there), so finding none means there are none.
_MARKER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:f|mergeCell)[\s/>]")
_CHUNK = 1 << 20


@dataclass
class Marks:
    """Cell positions are (row, column), both counted from 1 as a spreadsheet shows them."""

    uncalculated: list[tuple[int, int]] = field(default_factory=list)
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # e.g. "#N/A"
    # (first column, first row, last column, last row), as openpyxl's range_boundaries gives.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def sheet_marks(path: Path, member: str) -> Marks:
    """The marks of sheet `member` (its path inside the workbook's zip)."""
    with zipfile.ZipFile(path) as archive:
        with archive.open(member) as source:
            if not _has_markers(source):
                return Marks()
        with archive.open(member) as source:
            return _find_marks(source)


def _has_markers(source: IO[bytes]) -> bool:
    tail = b""
    while chunk := source.read(_CHUNK):
        if _MARKER.search(tail + chunk):
            return True
        tail = chunk[-64:]  # a marker split between two chunks
    return False


def _find_marks(source: IO[bytes]) -> Marks:
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    marks = Marks()
    row = column = 0
    formulas: list[tuple[int | None, int, Element]] = []  # in the row being read
    for _, element in iterparse(source):
        tag = _local(element.tag)
        if tag == "c":
            cell_row: int | None = None
            if ref := element.get("r"):
                cell_row, column = coordinate_to_tuple(ref)
            else:  # placed by order, as the format allows
                column += 1
            if any(_local(child.tag) == "f" for child in element):
                formulas.append((cell_row, column, element))
        elif tag == "row":
            row = int(element.get("r") or row + 1)
            for cell_row, cell_column, cell in formulas:
                _mark_formula(marks, cell_row or row, cell_column, cell)
            formulas, column = [], 0
            element.clear()
        elif tag == "mergeCell":
            bounds = range_boundaries(element.get("ref", ""))
            if all(isinstance(b, int) for b in bounds):
                marks.merged.append(bounds)
    return marks


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _mark_formula(marks: Marks, row: int, column: int, cell: Element) -> None:
    value = next((child.text or "" for child in cell if _local(child.tag) == "v"), "")
    kind = cell.get("t", "n")
    if kind == "e" and value:
        marks.errors.append((row, column, value))
    elif not value and kind != "str":  # an empty text result ("") is a stored value
        marks.uncalculated.append((row, column))
