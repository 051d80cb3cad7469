"""People register use cases: add, edit, archive, merge, find, and the likely-match warning."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError, NotFound, ValidationError
from ncdesk.core.models import Person, RefCounter, ReferralSource
from ncdesk.core.models.base import utcnow
from ncdesk.core.name_match import keys_for
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, may, needs, require
from ncdesk.core.services.org_lists import find_or_create
from ncdesk.core.services.people_search import (
    PersonSummary,
    index_for,
    search_text_for,
    summary_of,
)
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.person_view import refuse_restricted, sees_everything, shown_to

REF_PREFIX = "P"
REF_WIDTH = 5


@dataclass(frozen=True)
class PersonRecord:
    """Everything held about one person, detached from the database."""

    id: int
    person_ref: str
    first_name: str
    last_name: str
    known_as: str
    date_of_birth: date | None
    age_band: str | None
    gender: str | None
    ethnicity: str | None
    disability: bool | None
    postcode: str | None
    phone: str | None
    email: str | None
    consent_contact: bool | None
    consent_date: date | None
    notes: str
    how_heard: str
    referred_by: str
    archived: bool
    merged_into_id: int | None
    last_seen_at: datetime | None
    created_at: datetime
    display_name: str
    # Set once they were erased (a data-protection request): nothing identifies them now.
    erased_at: datetime | None = None

    @classmethod
    def of(cls, p: Person) -> PersonRecord:
        return cls(**{f.name: getattr(p, f.name) for f in fields(cls)})


LIKELY_MATCHES_SHOWN = 5


@dataclass(frozen=True)
class Match:
    """An existing person who looks like the one being added, why, and how likely (higher is
    likelier: the rules and points are in `ncdesk.core.name_match`)."""

    person: PersonRecord
    reasons: tuple[str, ...]
    score: int = 0


class PossibleDuplicate(NcdeskError):
    """The new person looks like someone already registered; the user decides."""

    def __init__(self, matches: list[Match]):
        self.matches = matches
        names = ", ".join(f"{m.person.display_name} ({m.person.person_ref})" for m in matches)
        super().__init__(f"This looks like someone already registered: {names}")


def next_ref(session: Session, prefix: str = REF_PREFIX, width: int = REF_WIDTH) -> str:
    """The next unused reference such as P00042 (skipping any that an import brought in)."""
    counter = session.get(RefCounter, prefix)
    if counter is None:
        counter = RefCounter(prefix=prefix, last_value=0)
        session.add(counter)
    while True:
        counter.last_value += 1
        ref = f"{prefix}{counter.last_value:0{width}d}"
        if session.scalar(select(Person.id).where(Person.person_ref == ref)) is None:
            return ref


def apply_details(s: Session, person: Person, details: PersonDetails) -> list[str]:
    """Copy the given details onto the row; returns the names of fields that changed. A
    referral source not on the organisation's list yet is added to it."""
    changed = []
    for name, value in details.values().items():
        if name == "referred_by":
            source = find_or_create(s, ReferralSource, value)[0] if value else None
            if person.referral_source is not source:
                person.referral_source = source
                changed.append(name)
        elif getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    if "consent_contact" in changed:
        person.consent_date = utcnow().date() if person.consent_contact is not None else None
    if changed:
        person.search_text = search_text_for(person)
        person.version = (person.version or 0) + 1
    return changed


def _refuse_new_source(db: Database, s: Session, details: PersonDetails) -> None:
    """'Referred by' names one of the organisation's list; only a role that may change the
    list (add_referral_source) adds a new name to it by typing one on a person."""
    name = " ".join(details.referred_by.split())
    if "referred_by" not in details.given or not name or may(db, COORDINATOR):
        return
    known = s.scalar(
        select(ReferralSource.id).where(func.lower(ReferralSource.name) == name.lower())
    )
    if known is None:
        require(db, COORDINATOR, "add to the list of who refers people")


def _require_name(details: PersonDetails) -> None:
    if not (details.first_name or details.last_name or details.known_as):
        raise ValidationError(
            [FieldProblem("first_name", "a name is needed (first, last or known as)")]
        )


@needs(VOLUNTEER, "add people")
def add_person(
    db: Database, details: PersonDetails, *, allow_duplicate: bool = False
) -> PersonRecord:
    """Register someone new. Raises PossibleDuplicate unless the user has confirmed."""
    _require_name(details)
    if not allow_duplicate and (matches := find_similar(db, details)):
        raise PossibleDuplicate(matches)
    with db.transaction() as s:
        _refuse_new_source(db, s, details)
        return shown_to(db, PersonRecord.of(create_person(s, details, db.actor)))


def create_person(s: Session, details: PersonDetails, actor: str) -> Person:
    """Add a person inside the caller's transaction (a desk check-in adds and checks in at once)."""
    _require_name(details)
    # A new person takes every field (blank ones are just 'not known'), not only `given`,
    # which says what an edit or import may overwrite on an existing person.
    details = replace(details, given={f.name for f in fields(details) if f.name != "given"})
    person = Person(person_ref=next_ref(s), search_text="")
    apply_details(s, person, details)
    person.search_text = search_text_for(person)
    s.add(person)
    s.flush()
    audit.record(s, actor, "create", "person", person.id, person.person_ref)
    return person


@needs(VOLUNTEER, "change people's details")
def update_person(db: Database, person_id: int, details: PersonDetails) -> PersonRecord:
    refuse_restricted(db, details.given)
    with db.transaction() as s:
        _refuse_new_source(db, s, details)
        person = get_in_session(s, person_id)
        changed = apply_details(s, person, details)
        if not (person.first_name or person.last_name or person.known_as):
            raise ValidationError(
                [FieldProblem("first_name", "a name is needed (first, last or known as)")]
            )
        if changed:
            audit.record(s, db.actor, "update", "person", person.id, ", ".join(sorted(changed)))
        return shown_to(db, PersonRecord.of(person))


@needs(COORDINATOR, "archive people")
def set_archived(db: Database, person_id: int, archived: bool = True) -> PersonRecord:
    """Archive (hide from searches and lists) or bring back; nothing is deleted."""
    with db.transaction() as s:
        person = get_in_session(s, person_id)
        if person.archived != archived:
            person.archived = archived
            person.version += 1
            audit.record(s, db.actor, "archive" if archived else "unarchive", "person", person.id)
        return shown_to(db, PersonRecord.of(person))


@needs(VOLUNTEER)
def get_person(db: Database, person_id: int) -> PersonRecord:
    with db.session() as s:
        return shown_to(db, PersonRecord.of(get_in_session(s, person_id)))


@needs(VOLUNTEER)
def get_person_by_ref(db: Database, ref: str) -> PersonRecord:
    with db.session() as s:
        person = s.scalar(select(Person).where(Person.person_ref == ref.strip()))
        if person is None:
            raise NotFound(f"No person with reference {ref}.")
        return shown_to(db, PersonRecord.of(person))


def get_in_session(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound(f"No person with id {person_id}.")
    return person


@needs(VOLUNTEER)
def search_people(
    db: Database,
    query: str,
    *,
    limit: int = 50,
    include_archived: bool = False,
    prefer: Mapping[int, int] | None = None,
) -> list[PersonSummary]:
    """Type-ahead search by name, known-as, reference, postcode or phone; `prefer` (e.g.
    `desk.likely_here`) comes first among the exact and prefix matches."""
    found = index_for(db).search(
        query, limit=limit, include_archived=include_archived, prefer=prefer
    )
    return found if sees_everything(db) else [shown_to(db, p) for p in found]


@needs(VOLUNTEER)
def warm_search(db: Database) -> int:
    """Prepare type-ahead search in the background when a database is opened."""
    return index_for(db).warm()


@needs(VOLUNTEER)
def list_people(db: Database, *, include_archived: bool = False) -> list[int]:
    """Every person's id in name order: the People list before anything is typed."""
    query = select(Person.id).order_by(Person.last_name, Person.first_name, Person.known_as)
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    with db.session() as s:
        return list(s.scalars(query))


@needs(VOLUNTEER)
def count_people(db: Database) -> int:
    """How many people the register holds, archived ones left out: the status bar's count,
    counted by the database rather than by reading every id (it runs as the window opens)."""
    with db.session() as s:
        query = select(func.count()).select_from(Person).where(Person.archived.is_(False))
        return s.scalar(query) or 0


@needs(VOLUNTEER)
def summaries(db: Database, ids: list[int]) -> list[PersonSummary]:
    """Rows for a page of a list, in the order asked for."""
    with db.session() as s:
        found = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
    return [shown_to(db, summary_of(found[i])) for i in ids if i in found]


@needs(VOLUNTEER)
def find_similar(
    db: Database,
    details: PersonDetails,
    *,
    exclude_id: int | None = None,
    limit: int = LIKELY_MATCHES_SHOWN,
) -> list[Match]:
    """The people most likely to be the one in `details`, best first, with plain reasons: a
    typo, a nickname or the same sound in the name, the same surname and postcode, or a
    merely alike name with the same date of birth, phone or postcode. Someone whose date of
    birth differs from the one given is never offered."""
    keys = keys_for(
        0,
        details.first_name,
        details.last_name,
        details.known_as,
        details.date_of_birth,
        details.postcode,
        details.phone,
    )
    likely = index_for(db).likely(keys, exclude_id=exclude_id, limit=limit)
    if not likely:
        return []
    with db.session() as s:
        rows = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(dict(likely))))}
        return [
            Match(shown_to(db, PersonRecord.of(rows[pid])), likeness.reasons, likeness.score)
            for pid, likeness in likely
            if pid in rows and rows[pid].merged_into_id is None
        ]


def mark_seen(session: Session, person_id: int) -> None:
    """Note that the person was just seen (check-in, exchange, loan): ranks them higher."""
    session.execute(
        update(Person)
        .where(Person.id == person_id)
        .values(last_seen_at=utcnow(), updated_at=utcnow())
    )
