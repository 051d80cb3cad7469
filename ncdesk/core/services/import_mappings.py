"""Remembered and named column mappings for the import wizard (DESIGN §5, import mapping).

A mapping is remembered for a file *shape*: the set of its headers, compared as the mapping
compares them, so next month's register with the same columns in any order is read the same
way. A preset is a mapping saved under a name, offered for any file of its kind.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.io.synonyms import normalise
from ncdesk.core.models import ImportMapping
from ncdesk.core.models.base import utcnow
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.text_limits import max_length

PRESET_NAME_LIMIT = max_length(ImportMapping.name) or 100


@dataclass(frozen=True)
class SavedMapping:
    """A mapping as saved: normalised header → our column ('' for a column left out)."""

    kind: str
    name: str  # "" for one remembered by shape
    columns: dict[str, str]
    saved_by: str
    saved_at: datetime


def file_shape(headers: Iterable[str]) -> str:
    """The set of a file's headers as one short key (order, case and punctuation ignored)."""
    names = sorted({normalise(h) for h in headers})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def _saved(row: ImportMapping) -> SavedMapping:
    return SavedMapping(
        row.kind, row.name or "", json.loads(row.columns), row.saved_by, row.saved_at
    )


@needs(COORDINATOR, "import files")
def remembered_mapping(db: Database, kind: str, headers: Iterable[str]) -> SavedMapping | None:
    """The mapping last used for a file of this kind and shape, if any."""
    with db.session() as s:
        row = s.scalar(
            select(ImportMapping).where(
                ImportMapping.kind == kind, ImportMapping.shape == file_shape(headers)
            )
        )
        return _saved(row) if row is not None else None


@needs(COORDINATOR, "import files")
def remember_mapping(
    db: Database, kind: str, headers: Iterable[str], columns: Mapping[str, str]
) -> None:
    """Keep `columns` for files of this kind and shape (replacing what was kept)."""
    with db.transaction() as s:
        _keep(s, db.actor, kind, columns, shape=file_shape(headers))


@needs(COORDINATOR, "import files")
def save_preset(db: Database, kind: str, name: str, columns: Mapping[str, str]) -> SavedMapping:
    """Save `columns` under `name` for this kind (replacing a preset of that name)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError([FieldProblem("name", "give the mapping a name")])
    if len(name) > PRESET_NAME_LIMIT:
        raise ValidationError(
            [FieldProblem("name", f"longer than {PRESET_NAME_LIMIT} characters", name)]
        )
    with db.transaction() as s:
        row = _keep(s, db.actor, kind, columns, name=name)
        s.flush()
        return _saved(row)


def _keep(
    s: Session, actor: str, kind: str, columns: Mapping[str, str], **key: str
) -> ImportMapping:
    """The kind's mapping with this shape or name, made if new, holding `columns` now."""
    row = s.scalar(select(ImportMapping).filter_by(kind=kind, **key))
    if row is None:
        row = ImportMapping(kind=kind, **key)
        s.add(row)
    row.columns = json.dumps(dict(columns), sort_keys=True)
    row.saved_by, row.saved_at = actor, utcnow()
    return row


@needs(COORDINATOR, "import files")
def list_presets(db: Database, kind: str) -> list[SavedMapping]:
    """The named mappings for this kind, by name."""
    with db.session() as s:
        rows = s.scalars(
            select(ImportMapping)
            .where(ImportMapping.kind == kind, ImportMapping.name.is_not(None))
            .order_by(ImportMapping.name)
        )
        return [_saved(r) for r in rows]


@needs(COORDINATOR, "import files")
def delete_preset(db: Database, kind: str, name: str) -> None:
    with db.transaction() as s:
        row = s.scalar(
            select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.name == name)
        )
        if row is None:
            raise NotFound(f"There is no saved mapping called {name!r}.")
        s.delete(row)
