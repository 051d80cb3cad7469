"""Activities, their schedules and their sessions.

A session is recorded when it is opened at the desk, started ad hoc, imported or cancelled in
advance; the schedule only says which sessions to expect. So `dropin.sessions` counts sessions
that were really held (or at least opened), never ones that exist only on a timetable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import (
    SCHEDULES,
    Activity,
    Attendance,
    Booking,
    DropInSession,
    Venue,
    VolunteerShift,
)
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NTH_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


@dataclass(frozen=True)
class ActivityInput:
    """What the activity form or a script supplies."""

    name: str
    venue: str = ""
    schedule: str = "weekly"
    weekday: int | None = None
    nth: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    notes: str = ""


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    name: str
    venue: str
    schedule: str
    weekday: int | None
    nth: int | None
    starts_on: date | None
    ends_on: date | None
    start_time: time | None
    end_time: time | None
    archived: bool
    notes: str

    @property
    def schedule_text(self) -> str:
        """'Every Tuesday 10:00–12:00', 'Second Wednesday of the month', 'One-off on 03/03/2026'."""
        day = WEEKDAYS[self.weekday] if self.weekday is not None else ""
        if self.schedule == "weekly":
            text = f"Every {day}"
        elif self.schedule == "fortnightly":
            text = f"Every other {day}"
        elif self.schedule == "monthly":
            text = f"{NTH_NAMES.get(self.nth or 1, '').capitalize()} {day} of the month"
        else:
            text = f"One-off on {self.starts_on:%d/%m/%Y}" if self.starts_on else "One-off"
        if self.start_time and self.end_time:
            text += f" {self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return text


@dataclass(frozen=True)
class SessionInfo:
    """A session as the desk shows it; `id` is None for one the schedule expects but nobody
    has opened yet."""

    id: int | None
    activity_id: int
    activity: str
    venue: str
    date: date
    start_time: time | None
    end_time: time | None
    cancelled: bool
    cancel_reason: str
    anonymous_count: int
    attendances: int
    volunteers: int
    note: str
    booked: int = 0  # people booked for it (services/bookings.py)

    @property
    def minutes(self) -> int | None:
        if self.start_time and self.end_time and self.end_time > self.start_time:
            start = datetime.combine(self.date, self.start_time)
            return int((datetime.combine(self.date, self.end_time) - start).total_seconds() // 60)
        return None

    @property
    def label(self) -> str:
        times = f" {self.start_time:%H:%M}" if self.start_time else ""
        return f"{self.activity}, {self.date:%a %d/%m/%Y}{times}"


def _validate(data: ActivityInput) -> list[FieldProblem]:
    problems = []
    if not data.name.strip():
        problems.append(FieldProblem("name", "the activity needs a name"))
    if data.schedule not in SCHEDULES:
        problems.append(FieldProblem("schedule", "choose weekly, fortnightly, monthly or one-off"))
    if data.schedule in ("weekly", "fortnightly", "monthly") and data.weekday is None:
        problems.append(FieldProblem("weekday", "choose the day of the week it meets"))
    if data.schedule == "monthly" and data.nth not in NTH_NAMES:
        problems.append(FieldProblem("nth", "choose first, second, third, fourth or last"))
    if data.schedule in ("one-off", "fortnightly") and data.starts_on is None:
        problems.append(FieldProblem("starts_on", "give the date of the first session"))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        problems.append(FieldProblem("ends_on", "the end date is before the start date"))
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        problems.append(FieldProblem("end_time", "the session ends before it starts"))
    return problems


def _venue_id(s: Session, name: str) -> int | None:
    name = name.strip()
    if not name:
        return None
    venue = s.scalar(select(Venue).where(func.lower(Venue.name) == name.lower()))
    if venue is None:
        venue = Venue(name=name, address="")
        s.add(venue)
        s.flush()
    return venue.id


def _get_activity(s: Session, activity_id: int) -> Activity:
    activity = s.get(Activity, activity_id)
    if activity is None:
        raise NotFound("That activity no longer exists.")
    return activity


def _venue_name(s: Session, venue_id: int | None) -> str:
    venue = s.get(Venue, venue_id) if venue_id is not None else None
    return venue.name if venue is not None else ""


def _info(a: Activity, venue: str) -> ActivityInfo:
    return ActivityInfo(
        a.id,
        a.name,
        venue,
        a.schedule,
        a.weekday,
        a.nth,
        a.starts_on,
        a.ends_on,
        a.start_time,
        a.end_time,
        a.archived,
        a.notes,
    )


@needs(COORDINATOR, "set up activities")
def save_activity(
    db: Database, data: ActivityInput, activity_id: int | None = None
) -> ActivityInfo:
    """Create an activity, or change one (its recorded sessions stay as they were)."""
    if problems := _validate(data):
        raise ValidationError(problems)
    with db.transaction() as s:
        clash = s.scalar(
            select(Activity.id).where(func.lower(Activity.name) == data.name.strip().lower())
        )
        if clash is not None and clash != activity_id:
            raise ValidationError([FieldProblem("name", "another activity already has this name")])
        if activity_id is None:
            activity = Activity(name=data.name.strip(), archived=False, notes="")
            s.add(activity)
        else:
            activity = _get_activity(s, activity_id)
        activity.name = data.name.strip()
        activity.venue_id = _venue_id(s, data.venue)
        for name in (
            "schedule",
            "weekday",
            "nth",
            "starts_on",
            "ends_on",
            "start_time",
            "end_time",
            "notes",
        ):
            setattr(activity, name, getattr(data, name))
        s.flush()
        audit.record(
            s,
            db.actor,
            "create" if activity_id is None else "update",
            "activity",
            activity.id,
            activity.name,
        )
        return _info(activity, data.venue.strip())


def find_or_create_activity(s: Session, name: str) -> Activity:
    """The activity called `name` (any case); made, with no schedule, if missing (imports)."""
    activity = s.scalar(select(Activity).where(func.lower(Activity.name) == name.strip().lower()))
    if activity is None:
        activity = Activity(name=name.strip(), schedule="one-off", archived=False, notes="")
        s.add(activity)
        s.flush()
    return activity


@needs(VOLUNTEER)
def list_activities(db: Database, *, include_archived: bool = False) -> list[ActivityInfo]:
    query = select(Activity, Venue.name).outerjoin(Venue).order_by(Activity.name)
    if not include_archived:
        query = query.where(Activity.archived.is_(False))
    with db.session() as s:
        return [_info(a, v or "") for a, v in s.execute(query)]


@needs(COORDINATOR, "set up activities")
def set_activity_archived(db: Database, activity_id: int, archived: bool = True) -> None:
    with db.transaction() as s:
        activity = _get_activity(s, activity_id)
        activity.archived = archived
        audit.record(s, db.actor, "archive" if archived else "unarchive", "activity", activity_id)


def scheduled_dates(a: ActivityInfo | Activity, start: date, end: date) -> list[date]:
    """The dates the schedule expects between `start` and `end` inclusive."""
    first = max(start, a.starts_on) if a.starts_on else start
    last = min(end, a.ends_on) if a.ends_on else end
    if first > last:
        return []
    if a.schedule == "one-off":
        return [a.starts_on] if a.starts_on and first <= a.starts_on <= last else []
    if a.weekday is None:
        return []
    from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday  # not needed at start-up

    if a.schedule == "monthly":
        rule = rrule(MONTHLY, dtstart=first, until=last, byweekday=weekday(a.weekday, a.nth or 1))
    else:
        anchor = a.starts_on or first
        rule = rrule(
            WEEKLY,
            interval=2 if a.schedule == "fortnightly" else 1,
            dtstart=anchor,
            until=last,
            byweekday=a.weekday,
        )
    return [d.date() for d in rule if d.date() >= first]


def _session_info(s: Session, row: DropInSession, activity: Activity, venue: str) -> SessionInfo:
    attendances = s.scalar(select(func.count()).where(Attendance.session_id == row.id)) or 0
    volunteers = s.scalar(select(func.count()).where(VolunteerShift.session_id == row.id)) or 0
    return SessionInfo(
        row.id,
        activity.id,
        activity.name,
        venue,
        row.date,
        row.start_time,
        row.end_time,
        row.cancelled,
        row.cancel_reason,
        row.anonymous_count,
        attendances,
        volunteers,
        row.note,
    )


@needs(VOLUNTEER)
def sessions_between(db: Database, start: date, end: date) -> list[SessionInfo]:
    """Recorded sessions from `start` to `end`, plus the ones active schedules expect there
    but nobody has opened yet (with `id` None), in date and time order."""
    with db.session() as s:
        rows = s.execute(
            select(DropInSession, Activity, Venue.name)
            .join(Activity, DropInSession.activity_id == Activity.id)
            .outerjoin(Venue, Activity.venue_id == Venue.id)
            .where(DropInSession.date.between(start, end))
        ).all()
        result = [_session_info(s, row, a, v or "") for row, a, v in rows]
        recorded = {(info.activity_id, info.date) for info in result}
        active = s.execute(
            select(Activity, Venue.name).outerjoin(Venue).where(Activity.archived.is_(False))
        )
        for a, v in active:
            for day in scheduled_dates(a, start, end):
                if (a.id, day) not in recorded:
                    result.append(
                        SessionInfo(
                            None,
                            a.id,
                            a.name,
                            v or "",
                            day,
                            a.start_time,
                            a.end_time,
                            False,
                            "",
                            0,
                            0,
                            0,
                            "",
                        )
                    )
        booked: dict[tuple[int, date], int] = {
            (activity_id, day): n
            for activity_id, day, n in s.execute(
                select(Booking.activity_id, Booking.date, func.count(Booking.id))
                .where(Booking.date.between(start, end))
                .group_by(Booking.activity_id, Booking.date)
            )
        }
    if booked:
        result = [replace(i, booked=booked.get((i.activity_id, i.date), 0)) for i in result]
    return sorted(result, key=lambda i: (i.date, i.start_time or time(0), i.activity))


@needs(VOLUNTEER)
def sessions_on(db: Database, day: date) -> list[SessionInfo]:
    """The desk's list for one day."""
    return sessions_between(db, day, day)


def find_or_create_session(s: Session, activity: Activity, day: date) -> DropInSession:
    """The session of `activity` on `day`, recorded now if it was not yet."""
    row = s.scalar(
        select(DropInSession).where(
            DropInSession.activity_id == activity.id, DropInSession.date == day
        )
    )
    if row is None:
        row = DropInSession(
            activity_id=activity.id,
            date=day,
            start_time=activity.start_time,
            end_time=activity.end_time,
            cancelled=False,
            cancel_reason="",
            anonymous_count=0,
            note="",
        )
        s.add(row)
        s.flush()
    return row


@needs(VOLUNTEER, "open sessions")
def open_session(db: Database, activity_id: int, day: date) -> SessionInfo:
    """Open (record) the session of an activity on a day: the desk's 'Start session'."""
    with db.transaction() as s:
        activity = _get_activity(s, activity_id)
        row = find_or_create_session(s, activity, day)
        return _session_info(s, row, activity, _venue_name(s, activity.venue_id))


@needs(VOLUNTEER, "open sessions")
def open_session_id(db: Database, activity_id: int, day: date) -> int:
    """The id of the session of an activity on a day, recording it first if need be: what the
    first check-in, count or paper sheet in an expected session does."""
    with db.transaction() as s:
        return find_or_create_session(s, _get_activity(s, activity_id), day).id


@needs(VOLUNTEER)
def get_session(db: Database, session_id: int) -> SessionInfo:
    with db.session() as s:
        row = s.get(DropInSession, session_id)
        if row is None:
            raise NotFound("That session no longer exists.")
        activity = s.get(Activity, row.activity_id)
        assert activity is not None
        return _session_info(s, row, activity, _venue_name(s, activity.venue_id))


@needs(VOLUNTEER, "cancel sessions")
def set_session_cancelled(db: Database, session_id: int, cancelled: bool, reason: str = "") -> None:
    """Cancel a session (it stops counting in returns) or take the cancellation back."""
    with db.transaction() as s:
        row = s.get(DropInSession, session_id)
        if row is None:
            raise NotFound("That session no longer exists.")
        if cancelled and s.scalar(select(func.count()).where(Attendance.session_id == session_id)):
            raise ValidationError(
                [
                    FieldProblem(
                        "cancelled",
                        "people are checked in to this session; undo their check-ins first",
                    )
                ]
            )
        row.cancelled = cancelled
        row.cancel_reason = reason.strip() if cancelled else ""
        audit.record(s, db.actor, "cancel" if cancelled else "uncancel", "session", row.id, reason)


@needs(VOLUNTEER, "change a session's details")
def set_session_details(
    db: Database,
    session_id: int,
    *,
    note: str | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
) -> None:
    with db.transaction() as s:
        row = s.get(DropInSession, session_id)
        if row is None:
            raise NotFound("That session no longer exists.")
        if note is not None:
            row.note = note.strip()
        if start_time is not None:
            row.start_time = start_time
        if end_time is not None:
            row.end_time = end_time
        if row.start_time and row.end_time and row.end_time <= row.start_time:
            raise ValidationError([FieldProblem("end_time", "the session ends before it starts")])


@needs(VOLUNTEER)
def upcoming_sessions(db: Database, start: date, days: int = 90) -> list[SessionInfo]:
    """What the schedules expect over the coming weeks, with recorded ones (cancelled too)."""
    return sessions_between(db, start, start + timedelta(days=days - 1))
