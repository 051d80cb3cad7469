"""Help given and signposting at an attendance, the organisation's list of referral types, and
the follow-ups list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import (
    Activity,
    Attendance,
    DropInSession,
    Person,
    Referral,
    ReferralSource,
    ReferralType,
)
from ncdesk.core.models.base import utcnow
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs
from ncdesk.core.services.org_lists import (
    ListEntry,
    add_entry,
    entries,
    find_or_create,
    rename_entry,
    set_entry_archived,
)

ReferralTypeInfo = ListEntry


@dataclass(frozen=True)
class ReferralInput:
    """One ticked referral type on the help form."""

    type_id: int
    note: str = ""
    follow_up: bool = False


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    type_id: int
    type_name: str
    note: str
    follow_up: bool
    follow_up_done: bool


@dataclass(frozen=True)
class FollowUp:
    """A referral someone promised to follow up, with who to contact."""

    referral_id: int
    date: date
    activity: str
    person_id: int
    person_ref: str
    name: str
    phone: str | None
    type_name: str
    note: str
    done: bool


@needs(VOLUNTEER)
def referral_types(db: Database, *, include_archived: bool = False) -> list[ListEntry]:
    return entries(db, ReferralType, include_archived=include_archived)


def find_or_create_type(s: Session, name: str) -> tuple[ReferralType, bool]:
    """The referral type called `name` in any case; added to the list if new."""
    return find_or_create(s, ReferralType, name)


@needs(COORDINATOR, "change the referral types")
def add_referral_type(db: Database, name: str) -> ListEntry:
    return add_entry(db, ReferralType, name, "referral type")


@needs(COORDINATOR, "change the referral types")
def rename_referral_type(db: Database, type_id: int, name: str) -> None:
    rename_entry(db, ReferralType, type_id, name, "referral type")


@needs(COORDINATOR, "change the referral types")
def set_referral_type_archived(db: Database, type_id: int, archived: bool = True) -> None:
    set_entry_archived(db, ReferralType, type_id, archived, "referral type")


@needs(VOLUNTEER)
def referrals_for(db: Database, attendance_id: int) -> tuple[str, list[ReferralInfo]]:
    """The help noted at an attendance and its referrals."""
    with db.session() as s:
        attendance = s.get(Attendance, attendance_id)
        if attendance is None:
            raise NotFound("That check-in no longer exists.")
        rows = s.execute(
            select(Referral, ReferralType.name)
            .join(ReferralType)
            .where(Referral.attendance_id == attendance_id)
            .order_by(ReferralType.sort_order)
        ).all()
        return attendance.help_given, [
            ReferralInfo(
                r.id, r.referral_type_id, n, r.note, r.follow_up, r.follow_up_done_at is not None
            )
            for r, n in rows
        ]


@needs(VOLUNTEER, "record help and signposting")
def record_help(
    db: Database, attendance_id: int, help_given: str, referrals: list[ReferralInput]
) -> None:
    """Save the help given and exactly this set of referrals (one per type) for an attendance."""
    by_type = {}
    for r in referrals:
        if r.type_id in by_type:
            raise ValidationError([FieldProblem("referrals", "each type can be chosen once")])
        by_type[r.type_id] = r
    with db.transaction() as s:
        attendance = s.get(Attendance, attendance_id)
        if attendance is None:
            raise NotFound("That check-in no longer exists.")
        attendance.help_given = help_given.strip()
        existing = {
            r.referral_type_id: r
            for r in s.scalars(select(Referral).where(Referral.attendance_id == attendance_id))
        }
        for type_id, unwanted in existing.items():
            if type_id not in by_type:
                s.delete(unwanted)
        for type_id, wanted in by_type.items():
            if s.get(ReferralType, type_id) is None:
                raise NotFound("That referral type no longer exists.")
            row = existing.get(type_id)
            if row is None:
                row = Referral(attendance_id=attendance_id, referral_type_id=type_id)
                s.add(row)
            row.note = wanted.note.strip()
            row.follow_up = wanted.follow_up
        audit.record(
            s, db.actor, "update", "attendance", attendance_id, f"help and {len(by_type)} referrals"
        )


@needs(VOLUNTEER)
def follow_ups(db: Database, *, include_done: bool = False) -> list[FollowUp]:
    """Referrals flagged for follow-up, oldest first, with the person's phone number."""
    query = (
        select(Referral, ReferralType.name, DropInSession.date, Activity.name, Person)
        .join(ReferralType, Referral.referral_type_id == ReferralType.id)
        .join(Attendance, Referral.attendance_id == Attendance.id)
        .join(DropInSession, Attendance.session_id == DropInSession.id)
        .join(Activity, DropInSession.activity_id == Activity.id)
        .join(Person, Attendance.person_id == Person.id)
        .where(Referral.follow_up.is_(True))
        .order_by(DropInSession.date, Person.last_name)
    )
    if not include_done:
        query = query.where(Referral.follow_up_done_at.is_(None))
    with db.session() as s:
        return [
            FollowUp(
                r.id,
                d,
                a,
                p.id,
                p.person_ref,
                p.display_name,
                p.phone,
                t,
                r.note,
                r.follow_up_done_at is not None,
            )
            for r, t, d, a, p in s.execute(query)
        ]


@needs(VOLUNTEER, "mark follow-ups done")
def set_follow_up_done(db: Database, referral_id: int, done: bool = True) -> None:
    with db.transaction() as s:
        row = s.get(Referral, referral_id)
        if row is None:
            raise NotFound("That referral no longer exists.")
        row.follow_up_done_at = utcnow() if done else None
        audit.record(
            s, db.actor, "follow up done" if done else "follow up reopened", "referral", referral_id
        )


# --- who refers people in (the person form's "Referred by") ----------------------------------


@needs(VOLUNTEER)
def referral_sources(db: Database, *, include_archived: bool = False) -> list[ListEntry]:
    return entries(db, ReferralSource, include_archived=include_archived)


@needs(COORDINATOR, "change the referral sources")
def add_referral_source(db: Database, name: str) -> ListEntry:
    return add_entry(db, ReferralSource, name, "referral source")
