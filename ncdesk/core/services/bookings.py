"""Bookings: people expected at an activity on a date (an appointment at an advice drop-in, a
place kept at a class).

A booking names the activity and the date, not a session row, because a session is recorded
only when it is opened: booking someone never makes a session count as held in a grant
return (docs/metrics.md). At the desk, booked people come first among the matches and are
marked as booked (`desk.likely_here`); the sign-in sheet prints them with the regulars.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import Activity, Attendance, Booking, DropInSession, Person
from ncdesk.core.parsing import format_date, today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import VOLUNTEER, needs
from ncdesk.core.services.activities import scheduled_dates

# What a booking adds to someone's likelihood in `desk.likely_here`: more than any count of
# visits, so booked people come before the regulars.
BOOKED = 1_000_000


@dataclass(frozen=True)
class BookingInfo:
    """One row of a session's bookings."""

    id: int
    person_id: int
    person_ref: str
    name: str
    note: str
    booked_by: str
    booked_at: datetime
    here: bool  # already checked in to that session


def _refused(message: str) -> ValidationError:
    return ValidationError([FieldProblem("booking", message)])


def _session_row(s: Session, activity_id: int, day: date) -> DropInSession | None:
    return s.scalar(
        select(DropInSession).where(
            DropInSession.activity_id == activity_id, DropInSession.date == day
        )
    )


def _check_bookable(s: Session, activity: Activity, day: date) -> None:
    """Refuses a date that has passed, a day the activity does not meet, or a cancelled
    session, each in words the desk can read out."""
    when = f"{activity.name} on {day:%A} {format_date(day)}"
    if day < today():
        raise _refused(f"{when} has already happened: bookings are for today or later")
    if activity.archived:
        raise _refused(f"{activity.name} is archived: it has no more sessions to book")
    row = _session_row(s, activity.id, day)
    if row is not None and row.cancelled:
        raise _refused(f"{when} is cancelled")
    if row is None and day not in scheduled_dates(activity, day, day):
        raise _refused(f"{activity.name} does not meet on {day:%A} {format_date(day)}")


def booked_ids(s: Session, activity_id: int, day: date) -> set[int]:
    """Who is booked for the activity on the day (the desk's search puts them first)."""
    return set(
        s.scalars(
            select(Booking.person_id).where(Booking.activity_id == activity_id, Booking.date == day)
        )
    )


@needs(VOLUNTEER, "book people in")
def book(db: Database, activity_id: int, day: date, person_id: int, note: str = "") -> BookingInfo:
    """Book someone for the activity's session on `day`, in one transaction."""
    with db.transaction() as s:
        activity = s.get(Activity, activity_id)
        if activity is None:
            raise NotFound("That activity no longer exists.")
        _check_bookable(s, activity, day)
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound("That person is no longer in the register.")
        if person.archived:
            raise _refused(f"{person.display_name} is archived; bring them back first")
        taken = s.scalar(
            select(Booking.id).where(
                Booking.activity_id == activity_id,
                Booking.date == day,
                Booking.person_id == person_id,
            )
        )
        if taken is not None:
            raise _refused(f"{person.display_name} is already booked for that session")
        row = _session_row(s, activity_id, day)
        if row is not None and s.scalar(
            select(Attendance.id).where(
                Attendance.session_id == row.id, Attendance.person_id == person_id
            )
        ):
            raise _refused(f"{person.display_name} is already checked in to that session")
        booking = Booking(
            activity_id=activity_id,
            date=day,
            person_id=person_id,
            note=note.strip(),
            booked_by=db.actor,
        )
        s.add(booking)
        s.flush()
        audit.record(
            s, db.actor, "book", "booking", booking.id, f"{person.person_ref} {activity.name} {day}"
        )
        return BookingInfo(
            booking.id,
            person.id,
            person.person_ref,
            person.display_name,
            booking.note,
            booking.booked_by,
            booking.booked_at,
            here=False,
        )


@needs(VOLUNTEER, "take bookings back")
def cancel_booking(db: Database, booking_id: int) -> str:
    """Take a booking back; returns the person's name for the desk's message."""
    with db.transaction() as s:
        booking = s.get(Booking, booking_id)
        if booking is None:
            raise NotFound("That booking was already taken back.")
        person = s.get(Person, booking.person_id)
        activity = s.get(Activity, booking.activity_id)
        name = person.display_name if person is not None else "them"
        s.execute(delete(Booking).where(Booking.id == booking_id))
        detail = " ".join((person.person_ref if person else "", activity.name if activity else ""))
        audit.record(
            s, db.actor, "cancel booking", "booking", booking_id, f"{detail} {booking.date}".strip()
        )
        return name


@needs(VOLUNTEER)
def bookings_on(db: Database, activity_id: int, day: date) -> list[BookingInfo]:
    """The activity's bookings on the day, by name, with whether each has arrived."""
    with db.session() as s:
        row = _session_row(s, activity_id, day)
        arrived = (
            set(s.scalars(select(Attendance.person_id).where(Attendance.session_id == row.id)))
            if row is not None
            else set()
        )
        found = s.execute(
            select(Booking, Person)
            .join(Person, Person.id == Booking.person_id)
            .where(Booking.activity_id == activity_id, Booking.date == day)
            .order_by(Person.last_name, Person.first_name)
        ).all()
        return [
            BookingInfo(
                b.id,
                p.id,
                p.person_ref,
                p.display_name,
                b.note,
                b.booked_by,
                b.booked_at,
                p.id in arrived,
            )
            for b, p in found
        ]


@dataclass(frozen=True)
class PersonBooking:
    """One of a person's coming bookings, for their page."""

    id: int
    activity: str
    date: date
    note: str


@needs(VOLUNTEER)
def bookings_of(db: Database, person_id: int) -> list[PersonBooking]:
    """A person's bookings from today on, soonest first: their page says when they are
    expected (a phone call asking "when is my appointment?")."""
    with db.session() as s:
        return [
            PersonBooking(booking_id, activity, day, note)
            for booking_id, activity, day, note in s.execute(
                select(Booking.id, Activity.name, Booking.date, Booking.note)
                .join(Activity, Activity.id == Booking.activity_id)
                .where(Booking.person_id == person_id, Booking.date >= today())
                .order_by(Booking.date, Activity.name)
            )
        ]
