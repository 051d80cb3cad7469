"""The organisation's own short lists (referral types, skill categories, referral sources):
kept in order, matched in any case, added to by imports, archived rather than deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import ReferralSource, ReferralType, SkillCategory
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs

Entry = TypeVar("Entry", ReferralType, SkillCategory, ReferralSource)


@dataclass(frozen=True)
class ListEntry:
    id: int
    name: str
    archived: bool


def find_or_create(s: Session, model: type[Entry], name: str) -> tuple[Entry, bool]:
    """The entry called `name` in any case (spaces tidied); added at the end if new.
    Returns (entry, added)."""
    clean = " ".join(name.split())
    found = s.scalar(select(model).where(func.lower(model.name) == clean.lower()))
    if found is not None:
        return found, False
    order = (s.scalar(select(func.max(model.sort_order))) or 0) + 1
    created = model(name=clean, archived=False, sort_order=order)
    s.add(created)
    s.flush()
    return created, True


@needs(VOLUNTEER)
def entries(db: Database, model: type[Entry], *, include_archived: bool = False) -> list[ListEntry]:
    query = select(model).order_by(model.sort_order, model.name)
    if not include_archived:
        query = query.where(model.archived.is_(False))
    with db.session() as s:
        return [ListEntry(e.id, e.name, e.archived) for e in s.scalars(query)]


@needs(COORDINATOR, "change the organisation's lists")
def add_entry(db: Database, model: type[Entry], name: str, what: str) -> ListEntry:
    """Add to the list (or bring back an archived entry of that name)."""
    if not name.strip():
        raise ValidationError([FieldProblem("name", f"the {what} needs a name")])
    with db.transaction() as s:
        found, added = find_or_create(s, model, name)
        if not added and not found.archived:
            raise ValidationError([FieldProblem("name", f"{found.name!r} is already on the list")])
        found.archived = False
        audit.record(s, db.actor, "create", what, found.id, found.name)
        return ListEntry(found.id, found.name, False)


@needs(COORDINATOR, "change the organisation's lists")
def rename_entry(db: Database, model: type[Entry], entry_id: int, name: str, what: str) -> None:
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError([FieldProblem("name", f"the {what} needs a name")])
    with db.transaction() as s:
        row = s.get(model, entry_id)
        if row is None:
            raise NotFound(f"That {what} no longer exists.")
        clash = s.scalar(select(model.id).where(func.lower(model.name) == clean.lower()))
        if clash not in (None, entry_id):
            raise ValidationError([FieldProblem("name", f"{clean!r} is already on the list")])
        row.name = clean
        audit.record(s, db.actor, "update", what, entry_id, clean)


@needs(COORDINATOR, "change the organisation's lists")
def set_entry_archived(
    db: Database, model: type[Entry], entry_id: int, archived: bool, what: str
) -> None:
    """Take an entry off the list offered at the desk; records already made keep it."""
    with db.transaction() as s:
        row = s.get(model, entry_id)
        if row is None:
            raise NotFound(f"That {what} no longer exists.")
        row.archived = archived
        audit.record(s, db.actor, "archive" if archived else "unarchive", what, entry_id)
