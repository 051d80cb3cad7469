"""How long a piece of text may be, read from the models' String(n) columns.

Forms and imports both ask here, so they refuse the same text, and a limit changes in one
place (the model and its migration) instead of in hand-written numbers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import QueryableAttribute

from ncdesk.core.errors import FieldProblem


def max_length(attribute: QueryableAttribute[Any]) -> int | None:
    """The column's String(n) length; None for Text or anything that is not text."""
    column_type = attribute.expression.type
    return column_type.length if isinstance(column_type, String) else None


def too_long(
    field: str, text: str, limit: int | None, row: int | None = None
) -> FieldProblem | None:
    """The problem with `text` if it is longer than `limit`, showing only its start."""
    if limit is None or len(text) <= limit:
        return None
    shown = text if len(text) <= 20 else text[:20] + "…"
    return FieldProblem(field, f"longer than {limit} characters", shown, row)
