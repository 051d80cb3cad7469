"""The drop-in desk: check people in, add first-timers, count anonymous visitors, undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError, NotFound, ValidationError
from ncdesk.core.models import (
    Activity,
    Attendance,
    DropInSession,
    Person,
    Referral,
    ReferralType,
)
from ncdesk.core.security import audit
from ncdesk.core.security.roles import VOLUNTEER, needs
from ncdesk.core.services.bookings import BOOKED, booked_ids
from ncdesk.core.services.people import (
    PersonRecord,
    create_person,
    find_similar,
    mark_seen,
)
from ncdesk.core.services.people import PossibleDuplicate as PossibleDuplicate
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.person_view import shown_to


@dataclass(frozen=True)
class CheckIn:
    attendance_id: int
    person_id: int
    name: str
    # True when the person was already checked in to this session: nothing was added.
    already: bool


@dataclass(frozen=True)
class Attendee:
    """One row of the desk's 'who is here' list."""

    attendance_id: int
    person_id: int
    person_ref: str
    name: str
    checked_in_at: datetime
    help_given: str
    referrals: tuple[str, ...]
    first_visit: bool


def _open_session(s: Session, session_id: int) -> DropInSession:
    row = s.get(DropInSession, session_id)
    if row is None:
        raise NotFound("That session no longer exists.")
    if row.cancelled:
        raise ValidationError(
            [
                FieldProblem(
                    "session", "this session was cancelled; take the cancellation back first"
                )
            ]
        )
    return row


def check_in_in_session(s: Session, session_id: int, person_id: int, actor: str) -> CheckIn:
    """Check in within the caller's transaction; a second check-in returns the first."""
    person = s.get(Person, person_id)
    if person is None:
        raise NotFound("That person is no longer in the register.")
    existing = s.scalar(
        select(Attendance).where(
            Attendance.session_id == session_id, Attendance.person_id == person_id
        )
    )
    if existing is not None:
        return CheckIn(existing.id, person_id, person.display_name, already=True)
    attendance = Attendance(
        session_id=session_id, person_id=person_id, help_given="", entered_by=actor
    )
    s.add(attendance)
    s.flush()
    mark_seen(s, person_id)
    audit.record(
        s,
        actor,
        "check in",
        "attendance",
        attendance.id,
        f"{person.person_ref} session {session_id}",
    )
    return CheckIn(attendance.id, person_id, person.display_name, already=False)


@needs(VOLUNTEER, "check people in")
def check_in(db: Database, session_id: int, person_id: int) -> CheckIn:
    """Check a registered person in; checking in twice is harmless (returns `already`)."""
    with db.transaction() as s:
        _open_session(s, session_id)
        return check_in_in_session(s, session_id, person_id, db.actor)


@needs(VOLUNTEER, "add first-timers")
def add_first_timer(
    db: Database, session_id: int, details: PersonDetails, *, allow_duplicate: bool = False
) -> tuple[PersonRecord, CheckIn]:
    """Register someone new from the desk and check them in, in one transaction.
    Raises PossibleDuplicate first when they look like someone already registered."""
    if not allow_duplicate and (matches := find_similar(db, details)):
        raise PossibleDuplicate(matches)
    with db.transaction() as s:
        _open_session(s, session_id)
        person = create_person(s, details, db.actor)
        checked = check_in_in_session(s, session_id, person.id, db.actor)
        return shown_to(db, PersonRecord.of(person)), checked


class HelpWouldBeLost(NcdeskError):
    """Undoing this check-in would also delete the help and signposting noted on it; the
    desk asks first. `what` lists them in plain words."""

    def __init__(self, name: str, what: list[str]):
        self.name, self.what = name, what
        super().__init__(
            f"The visit of {name} has {', '.join(what)} noted; taking the check-in back "
            "deletes them too."
        )


@needs(VOLUNTEER, "take back check-ins")
def undo_check_in(db: Database, attendance_id: int, *, with_help: bool = False) -> str:
    """Take back a check-in made by mistake. When help or signposting was noted on it, that
    goes too only `with_help` (the user has been told); otherwise HelpWouldBeLost and nothing
    changes. Returns the name."""
    with db.transaction() as s:
        attendance = s.get(Attendance, attendance_id)
        if attendance is None:
            raise NotFound("That check-in was already undone.")
        person = s.get(Person, attendance.person_id)
        assert person is not None
        referred = list(
            s.scalars(
                select(ReferralType.name)
                .join(Referral, Referral.referral_type_id == ReferralType.id)
                .where(Referral.attendance_id == attendance_id)
                .order_by(ReferralType.name)
            )
        )
        if not with_help and (attendance.help_given.strip() or referred):
            what = (["help given"] if attendance.help_given.strip() else []) + [
                f"signposting to {', '.join(referred)}" if referred else ""
            ]
            raise HelpWouldBeLost(person.display_name, [w for w in what if w])
        s.execute(delete(Referral).where(Referral.attendance_id == attendance_id))
        s.delete(attendance)
        audit.record(
            s,
            db.actor,
            "undo check in",
            "attendance",
            attendance_id,
            f"{person.person_ref} session {attendance.session_id}",
        )
        return person.display_name


@needs(VOLUNTEER, "count visitors")
def set_anonymous_count(db: Database, session_id: int, count: int) -> int:
    """People who came but did not give a name; never below zero."""
    if count < 0:
        raise ValidationError([FieldProblem("anonymous_count", "cannot be below zero")])
    with db.transaction() as s:
        row = _open_session(s, session_id)
        row.anonymous_count = count
        audit.record(s, db.actor, "anonymous count", "session", session_id, str(count))
        return count


@needs(VOLUNTEER, "count visitors")
def change_anonymous_count(db: Database, session_id: int, delta: int) -> int:
    """The desk's +/− buttons: adjust the count in the database (safe with two desks)."""
    with db.transaction() as s:
        row = _open_session(s, session_id)
        row.anonymous_count = max(0, row.anonymous_count + delta)
        return row.anonymous_count


@needs(VOLUNTEER)
def attendees(db: Database, session_id: int) -> list[Attendee]:
    """Who is here, latest first, with what was noted for them."""
    with db.session() as s:
        session_row = s.get(DropInSession, session_id)
        if session_row is None:
            raise NotFound("That session no longer exists.")
        rows = s.execute(
            select(Attendance, Person)
            .join(Person, Attendance.person_id == Person.id)
            .where(Attendance.session_id == session_id)
            .order_by(Attendance.checked_in_at.desc(), Attendance.id.desc())
        ).all()
        ids = [a.id for a, _ in rows]
        types: dict[int, list[str]] = {}
        for attendance_id, name in s.execute(
            select(Referral.attendance_id, ReferralType.name)
            .join(ReferralType)
            .where(Referral.attendance_id.in_(ids))
            .order_by(ReferralType.sort_order)
        ):
            types.setdefault(attendance_id, []).append(name)
        person_ids = [p.id for _, p in rows]
        earlier = set(
            s.scalars(
                select(Attendance.person_id)
                .join(DropInSession)
                .where(
                    Attendance.person_id.in_(person_ids),
                    DropInSession.activity_id == session_row.activity_id,
                    DropInSession.date < session_row.date,
                )
            )
        )
        return [
            Attendee(
                a.id,
                p.id,
                p.person_ref,
                p.display_name,
                a.checked_in_at,
                a.help_given,
                tuple(types.get(a.id, ())),
                p.id not in earlier,
            )
            for a, p in rows
        ]


@dataclass(frozen=True)
class VisitRecord:
    """One line of a person's drop-in history."""

    attendance_id: int
    date: date
    activity: str
    help_given: str
    referrals: tuple[str, ...]


@needs(VOLUNTEER)
def attendance_history(db: Database, person_id: int) -> list[VisitRecord]:
    """Every drop-in a person came to, newest first, with the help and signposting noted."""
    with db.session() as s:
        rows = s.execute(
            select(Attendance.id, DropInSession.date, Activity.name, Attendance.help_given)
            .join(DropInSession, Attendance.session_id == DropInSession.id)
            .join(Activity, DropInSession.activity_id == Activity.id)
            .where(Attendance.person_id == person_id)
            .order_by(DropInSession.date.desc())
        ).all()
        types: dict[int, list[str]] = {}
        for attendance_id, name in s.execute(
            select(Referral.attendance_id, ReferralType.name)
            .join(ReferralType)
            .join(Attendance, Referral.attendance_id == Attendance.id)
            .where(Attendance.person_id == person_id)
        ):
            types.setdefault(attendance_id, []).append(name)
    return [VisitRecord(i, d, a, h, tuple(types.get(i, ()))) for i, d, a, h in rows]


@needs(VOLUNTEER)
def regulars(
    db: Database, activity_id: int, before: date, *, sessions_back: int = 12, min_visits: int = 2
) -> list[tuple[int, str, str]]:
    """People who came at least `min_visits` times in the activity's last few sessions, and
    anyone booked for its session on `before`: the printed sign-in sheet's names. Returns
    (person id, ref, name) by surname."""
    with db.session() as s:
        booked = booked_ids(s, activity_id, before)
        recent = (
            select(DropInSession.id)
            .where(DropInSession.activity_id == activity_id, DropInSession.date < before)
            .order_by(DropInSession.date.desc())
            .limit(sessions_back)
            .subquery()
        )
        people = list(
            s.scalars(
                select(Person)
                .join(Attendance, Attendance.person_id == Person.id)
                .where(Attendance.session_id.in_(select(recent.c.id)), Person.archived.is_(False))
                .group_by(Person.id)
                .having(func.count(Attendance.id) >= min_visits)
            )
        )
        listed = {p.id for p in people}
        if booked - listed:
            people += s.scalars(
                select(Person).where(Person.id.in_(booked - listed), Person.archived.is_(False))
            )
        people.sort(key=lambda p: (p.last_name, p.first_name))
        return [(p.id, p.person_ref, p.display_name) for p in people]


@needs(VOLUNTEER)
def likely_here(
    db: Database, activity_id: int, day: date, *, sessions_back: int = 52
) -> dict[int, int]:
    """Who is likely at this session, and how likely: each person's visits to the activity's
    last year or so of sessions, and `BOOKED` more for anyone booked for it. The desk's
    search puts them first among equally good matches, booked people and then the most
    regular first, so a regular is on top after a few letters even among 20,000 people."""
    with db.session() as s:
        booked = booked_ids(s, activity_id, day)
        recent = (
            select(DropInSession.id)
            .where(DropInSession.activity_id == activity_id, DropInSession.date <= day)
            .order_by(DropInSession.date.desc())
            .limit(sessions_back)
            .subquery()
        )
        likely = {
            person_id: visits
            for person_id, visits in s.execute(
                select(Attendance.person_id, func.count(Attendance.id))
                .where(Attendance.session_id.in_(select(recent.c.id)))
                .group_by(Attendance.person_id)
            )
        }
        for person_id in booked:
            likely[person_id] = BOOKED + likely.get(person_id, 0)
        return likely


@dataclass(frozen=True)
class PaperSheetResult:
    checked_in: int
    already: int
    new_people: tuple[str, ...]


@needs(VOLUNTEER, "type in sign-in sheets")
def record_paper_sheet(
    db: Database,
    session_id: int,
    person_ids: list[int],
    new_people: list[PersonDetails],
    anonymous: int | None = None,
) -> PaperSheetResult:
    """Type in a filled paper sign-in sheet after the session: ticked people, names written on
    the blank rows, and the anonymous tally, all in one transaction. New names were already
    checked against the register by the screen (the user chose to add them)."""
    if anonymous is not None and anonymous < 0:
        raise ValidationError([FieldProblem("anonymous_count", "cannot be below zero")])
    with db.transaction() as s:
        row = _open_session(s, session_id)
        checked = already = 0
        for person_id in dict.fromkeys(person_ids):
            result = check_in_in_session(s, session_id, person_id, db.actor)
            already += result.already
            checked += not result.already
        added = []
        for details in new_people:
            person = create_person(s, details, db.actor)
            check_in_in_session(s, session_id, person.id, db.actor)
            added.append(f"{person.display_name} ({person.person_ref})")
        if anonymous is not None:
            row.anonymous_count = anonymous
        return PaperSheetResult(checked + len(added), already, tuple(added))
