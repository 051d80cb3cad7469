"""What a file reader hands to `read_table`: the cells, and the problems only its format shows."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Protocol

from ncdesk.core.errors import FieldProblem, ValidationError


class Grid(Protocol):
    """Cells as text, row by row from the top of the file (index 0 is row 1)."""

    cells: list[list[str]]
    # Why a file with no non-blank row is refused, in the format's own words.
    empty: str

    def problems(
        self, header: int, names: list[str], free_text: Collection[str]
    ) -> tuple[list[FieldProblem], set[int]]:
        """Problems below the header row (index `header`, columns `names`), and the row
        numbers that must not be read at all. `free_text` columns may hold line breaks."""
        ...


def refuse(path: Path, reason: str) -> ValidationError:
    """The whole file is refused: `reason` follows the file's name."""
    return ValidationError([FieldProblem("", f"{path.name} {reason}")])
