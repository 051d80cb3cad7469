"""What the import wizard shows before anything is checked: a file's sheets, its headers,
a few values under each, and how its columns would be read.

Qt-free so the wizard's screens only show what this returns (and tests need no window).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ncdesk.core.errors import FieldProblem
from ncdesk.core.io.column_mapping import ColumnMapping, from_saved, map_columns
from ncdesk.core.io.importing import IMPORTERS, problem_text
from ncdesk.core.io.tabular import Source, is_workbook, read_table
from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.io.xlsx_grid import sheet_names

SAMPLES = 3  # values shown under each header
SAMPLE_LENGTH = 30
PREVIEW_ROWS = 200  # rows read for the preview below the header (the check reads them all)


@dataclass(frozen=True)
class FilePreview:
    """A file's table as far as the wizard needs it before checking."""

    path: Path
    headers: list[str]
    header_row: int
    samples: dict[str, list[str]] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)  # a workbook's; [] for CSV
    sheet: str | None = None
    encoding: str = ""  # a CSV file's


def preview_file(path: Path, source: Source = Source()) -> FilePreview:
    """Headers and a few values of each column; refuses a file `read_table` would refuse."""
    sheets = sheet_names(path) if is_workbook(path) else []
    table = read_table(path, source=source, limit=(source.header_row or 1) + PREVIEW_ROWS)
    samples: dict[str, list[str]] = {h: [] for h in table.headers}
    for _number, row in table.rows:
        for header, key in zip(table.headers, table.keys, strict=True):
            shown = samples[header]
            value = row.get(key, "").strip()
            if len(shown) < SAMPLES and value and _cut(value) not in shown:
                shown.append(_cut(value))
        if all(len(v) >= SAMPLES for v in samples.values()):
            break
    sheet = source.sheet or (sheets[0] if sheets else None)
    return FilePreview(
        path, table.headers, table.header_row, samples, sheets, sheet, table.encoding
    )


def _cut(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SAMPLE_LENGTH else value[: SAMPLE_LENGTH - 1] + "…"


def first_mapping(
    kind: str, headers: Sequence[str], saved: dict[str, str] | None = None
) -> ColumnMapping:
    """What the wizard offers first: a remembered or preset mapping, else its guesses; every
    column read as nothing is left out (the wizard warns about those, rather than refusing)."""
    columns = IMPORTERS[kind].columns
    if saved is not None:
        mapping = from_saved(kind, columns, headers, saved)
    else:
        mapping = map_columns(kind, columns, headers, guess=True)
    return leave_out_unknown(mapping)


def leave_out_unknown(mapping: ColumnMapping) -> ColumnMapping:
    """Every header read as nothing is one the user leaves out (the wizard shows them)."""
    unread = {c.header for c in mapping.columns if c.target is None}
    return ColumnMapping(mapping.kind, mapping.columns, frozenset(unread), values=True)


def write_problems(path: Path, problems: Sequence[FieldProblem], file_name: str) -> None:
    """The problems found in a file, one per row, as a workbook to work through."""
    rows = [
        [p.row or "", p.field, p.value, p.message, f"{file_name}: {problem_text(p)}"]
        for p in problems
    ]
    write_table(path, "Problems", ["Row", "Column", "Value", "Problem", "As listed"], rows)
