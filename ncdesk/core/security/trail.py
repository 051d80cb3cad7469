"""Reading the audit trail: the Admin screen's filters and `ncdesk audit`, and its export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import or_, select

from ncdesk.core.db import Database
from ncdesk.core.files import write_text
from ncdesk.core.io.xlsx_export import safe_text
from ncdesk.core.models import AuditEvent, Person
from ncdesk.core.parsing import LOCAL_ZONE, local
from ncdesk.core.security import audit
from ncdesk.core.security.roles import ADMIN, needs


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    detail: str

    @property
    def at_local(self) -> datetime:
        return local(self.at)

    @property
    def what(self) -> str:
        """'person 42', 'settings': what the entry is about."""
        return self.entity if self.entity_id is None else f"{self.entity} {self.entity_id}"


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, LOCAL_ZONE)


@needs(ADMIN, "read the audit trail")
def audit_entries(
    db: Database,
    *,
    start: date | None = None,
    end: date | None = None,
    actor: str = "",
    action: str = "",
    person_ref: str = "",
    limit: int | None = None,
) -> list[AuditEntry]:
    """Entries newest first, filtered by local dates (both included), who did it, the kind
    of action, and the person they concern (entries about them, or naming their reference)."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if start is not None:
        query = query.where(AuditEvent.at >= _start_of(start))
    if end is not None:
        query = query.where(AuditEvent.at < _start_of(end + timedelta(days=1)))
    if actor.strip():
        query = query.where(AuditEvent.actor == actor.strip())
    if action.strip():
        query = query.where(AuditEvent.action == action.strip())
    with db.session() as s:
        if person_ref.strip():
            ref = person_ref.strip().upper()
            person_id = s.scalar(select(Person.id).where(Person.person_ref == ref))
            about = AuditEvent.detail.contains(ref)
            if person_id is not None:
                about = or_(
                    about, (AuditEvent.entity == "person") & (AuditEvent.entity_id == person_id)
                )
            query = query.where(about)
        if limit is not None:
            query = query.limit(limit)
        return [
            AuditEntry(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.detail)
            for e in s.scalars(query)
        ]


@needs(ADMIN, "see who has used ncdesk")
def audit_choices(db: Database) -> tuple[list[str], list[str]]:
    """(everyone who appears in the trail, every kind of action), for the screen's filters."""
    with db.session() as s:
        actors = list(s.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))
        actions = list(s.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
    return actors, actions


@needs(ADMIN, "export the audit trail")
def write_audit_csv(db: Database, entries: list[AuditEntry], path: Path) -> None:
    """The entries as CSV (local times; formula-safe), and the export itself audited."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["When (local time)", "Who", "Action", "What", "Detail", "Entry"])
    for e in entries:
        writer.writerow(
            [
                f"{e.at_local:%Y-%m-%d %H:%M:%S}",
                safe_text(e.actor),
                safe_text(e.action),
                safe_text(e.what),
                safe_text(e.detail),
                e.id,
            ]
        )
    write_text(path, out.getvalue())
    with db.transaction() as s:
        audit.record(s, db.actor, "export", "audit", None, f"{len(entries)} entries to {path.name}")
