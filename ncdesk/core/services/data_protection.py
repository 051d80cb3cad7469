"""The data-protection duties: subject access (everything held about a person), erasure
(what identifies them goes, what the figures are built from stays), and the retention review
(people not seen for years).

Erasure follows DESIGN §3: the name, contact details, the full postcode (the district is
kept), notes and every free-text note about them go, on their own record, on any record
merged into it, and on every record of theirs (`person_records.PERSON_RECORDS`); date of
birth, gender, disability, ethnicity and all their activity stay, so every report for any
period gives the same figures afterwards. The reference is replaced by a new E-number, so a
reference written on paper no longer leads to them. SQLite's `secure_delete` is on and the
write-ahead log is folded back and emptied afterwards, so the erased values are in none of
the database's files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select, union_all
from sqlalchemy.orm import Session

from ncdesk.core.contact import postcode_district
from ncdesk.core.db import Database
from ncdesk.core.errors import NcdeskError, NotFound
from ncdesk.core.models import (
    Attendance,
    AuditEvent,
    DropInSession,
    Exchange,
    Loan,
    Person,
    TimebankAccount,
    VolunteerShift,
)
from ncdesk.core.models.base import utcnow
from ncdesk.core.parsing import local, today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import ADMIN, COORDINATOR, needs
from ncdesk.core.services.people import next_ref
from ncdesk.core.services.people_search import search_text_for
from ncdesk.core.services.person_records import PERSON_RECORDS, Row

ERASED_NAME = "(erased)"
ERASED_PREFIX = "E"
DETAIL_FIELDS = (
    ("person_ref", "Reference"),
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("known_as", "Known as"),
    ("date_of_birth", "Date of birth"),
    ("age_band", "Age band"),
    ("gender", "Gender"),
    ("ethnicity", "Ethnicity"),
    ("disability", "Disability"),
    ("postcode", "Postcode"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("consent_contact", "Happy to be contacted"),
    ("consent_date", "Consent recorded on"),
    ("how_heard", "How they heard about us"),
    ("referred_by", "Referred by"),
    ("ward", "Ward (from the postcode)"),
    ("imd_decile", "Deprivation decile of the area (1 = most deprived)"),
    ("notes", "Notes"),
    ("archived", "Archived"),
    ("created_at", "Registered"),
    ("last_seen_at", "Last seen"),
)


@dataclass(frozen=True)
class PersonFile:
    """Everything held about one person, as plain values, for a subject access response."""

    person_ref: str
    name: str
    made_at: datetime
    made_by: str
    details: list[tuple[str, str]]
    merged_records: list[str]  # references of duplicate records merged into this one
    sections: dict[str, list[Row]] = field(default_factory=dict)
    audit: list[Row] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "person_ref": self.person_ref,
            "made_at": self.made_at.isoformat(),
            "made_by": self.made_by,
            "details": dict(self.details),
            "merged_records": self.merged_records,
            "records": self.sections,
            "audit_entries": self.audit,
        }


def _shown(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{local(value):%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _person_by_ref(s: Session, ref: str) -> Person:
    person = s.scalar(select(Person).where(func.upper(Person.person_ref) == ref.strip().upper()))
    if person is None:
        raise NotFound(f"There is nobody with reference {ref.strip()}.")
    return person


def _with_merged(s: Session, person: Person) -> list[int]:
    """The person's id and those of every duplicate record merged into them, at any depth."""
    ids, frontier = [person.id], [person.id]
    while frontier:
        frontier = list(s.scalars(select(Person.id).where(Person.merged_into_id.in_(frontier))))
        ids += frontier
    return ids


@needs(COORDINATOR, "export everything held about a person")
def subject_access(db: Database, ref: str) -> PersonFile:
    """Everything held about the person with reference `ref` (audited as a person export)."""
    with db.transaction() as s:
        person = _person_by_ref(s, ref)
        people = _with_merged(s, person)
        merged = [p.person_ref for p in s.scalars(select(Person).where(Person.id.in_(people[1:])))]
        details = [(label, _shown(getattr(person, name))) for name, label in DETAIL_FIELDS]
        sections = {r.section: r.rows(s, people) for r in PERSON_RECORDS}
        refs = [person.person_ref, *merged]
        about = s.scalars(
            select(AuditEvent)
            .where(
                or_(
                    (AuditEvent.entity == "person") & AuditEvent.entity_id.in_(people),
                    *(AuditEvent.detail.contains(r) for r in refs),
                )
            )
            .order_by(AuditEvent.id)
        )
        trail = [
            {"when": _shown(e.at), "who": e.actor, "action": e.action, "detail": e.detail}
            for e in about
        ]
        audit.record(s, db.actor, "person export", "person", person.id, person.person_ref)
        return PersonFile(
            person.person_ref,
            person.display_name or person.person_ref,
            utcnow(),
            db.actor,
            details,
            merged,
            sections,
            trail,
        )


@dataclass(frozen=True)
class Erased:
    old_ref: str
    new_ref: str
    records_cleared: int


def _erase(s: Session, person: Person, actor: str) -> Erased:
    if person.erased_at is not None:
        raise NcdeskError(f"{person.person_ref} was already erased.")
    people = _with_merged(s, person)
    cleared = sum(records.erase(s, people) for records in PERSON_RECORDS)
    old_ref, new_ref = person.person_ref, next_ref(s, ERASED_PREFIX)
    for row in s.scalars(select(Person).where(Person.id.in_(people))):
        district = postcode_district(row.postcode) or None
        row.first_name = row.last_name = ""
        row.known_as = ERASED_NAME
        row.phone = row.email = None
        row.postcode = district
        row.notes = row.how_heard = ""
        row.consent_contact = row.consent_date = None
        row.erased_at = utcnow()
        row.archived = True
        row.version += 1
        if row.id != person.id:
            row.person_ref = next_ref(s, ERASED_PREFIX)
    person.person_ref = new_ref
    for row in s.scalars(select(Person).where(Person.id.in_(people))):
        row.search_text = search_text_for(row)
    # The audit entry says what happened, and which references are gone, never who it was.
    audit.record(s, actor, "erase", "person", person.id, f"{old_ref} erased as {new_ref}")
    return Erased(old_ref, new_ref, cleared)


@needs(ADMIN, "erase people")
def erase_person(db: Database, ref: str) -> Erased:
    """Erase the person with reference `ref` (a data-protection request), in one transaction,
    then empty the write-ahead log so the old values are in no file."""
    with db.transaction() as s:
        done = _erase(s, _person_by_ref(s, ref), db.actor)
    _fold_wal(db)
    return done


@needs(ADMIN, "erase people")
def erase_people(db: Database, person_ids: list[int]) -> list[Erased]:
    """The retention review's batch erasure: all of them in one transaction, or none."""
    with db.transaction() as s:
        done = []
        for person_id in person_ids:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"No person with id {person_id}.")
            done.append(_erase(s, person, db.actor))
    _fold_wal(db)
    return done


def _fold_wal(db: Database) -> None:
    """Write the log's pages into the database and empty it (old page images would still
    hold erased values). Readers holding an old snapshot can delay it; it is retried."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        for _attempt in range(20):
            busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            if not busy:
                return
            time.sleep(0.1)  # let a reader finish


# --- the retention review ----------------------------------------------------------------------


@dataclass(frozen=True)
class Quiet:
    """Someone not seen for a long time: the last date anything was recorded with them."""

    person_id: int
    person_ref: str
    name: str
    last_contact: date
    archived: bool


def _last_contact(s: Session) -> dict[int, date]:
    """Each person's latest dated activity: a visit, a volunteering shift, a loan, or a
    timebank exchange (members are matched through their account)."""
    dated = union_all(
        select(Attendance.person_id.label("pid"), DropInSession.date.label("day")).join(
            DropInSession, DropInSession.id == Attendance.session_id
        ),
        select(VolunteerShift.person_id, DropInSession.date).join(
            DropInSession, DropInSession.id == VolunteerShift.session_id
        ),
        select(Loan.person_id, func.coalesce(Loan.returned, Loan.due, Loan.start)),
        select(TimebankAccount.person_id, Exchange.date).join(
            TimebankAccount,
            or_(
                TimebankAccount.id == Exchange.credited_id,
                TimebankAccount.id == Exchange.debited_id,
            ),
        ),
    ).subquery()
    return {
        pid: day
        for pid, day in s.execute(select(dated.c.pid, func.max(dated.c.day)).group_by(dated.c.pid))
        if pid is not None
    }


@needs(COORDINATOR, "review how long people are kept")
def retention_review(db: Database, years: int, *, on: date | None = None) -> list[Quiet]:
    """People with no contact for `years` years (nothing recorded with them since, and not
    registered since), not yet erased, longest quiet first."""
    on = on or today()
    cutoff = date(on.year - years, on.month, min(on.day, 28))
    with db.session() as s:
        last = _last_contact(s)
        out = []
        for person in s.scalars(
            select(Person).where(Person.erased_at.is_(None), Person.merged_into_id.is_(None))
        ):
            registered = local(person.created_at).date()
            seen = local(person.last_seen_at).date() if person.last_seen_at else registered
            contact = max(d for d in (last.get(person.id), seen, registered) if d is not None)
            if contact < cutoff:
                out.append(
                    Quiet(
                        person.id,
                        person.person_ref,
                        person.display_name,
                        contact,
                        person.archived,
                    )
                )
    return sorted(out, key=lambda q: (q.last_contact, q.person_ref))


@needs(COORDINATOR, "archive people")
def archive_people(db: Database, person_ids: list[int]) -> int:
    """Archive many at once (the retention review); returns how many were not archived yet."""
    with db.transaction() as s:
        changed = 0
        for person in s.scalars(select(Person).where(Person.id.in_(person_ids))):
            if not person.archived:
                person.archived = True
                person.version += 1
                changed += 1
                audit.record(s, db.actor, "archive", "person", person.id, "retention review")
        return changed
