"""Drop-ins: venues, activities with a schedule, sessions, attendances, signposting, volunteers,
bookings."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ncdesk.core.models.base import Base, UTCDateTime, utcnow

SCHEDULES = ("weekly", "fortnightly", "monthly", "one-off")
DEFAULT_REFERRAL_TYPES = (
    "Food bank voucher",
    "Social worker",
    "Benefits advice",
    "Social prescribing",
    "GP",
    "Housing",
    "Other",
)


class Venue(Base):
    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")


class Activity(Base):
    """A recurring drop-in, e.g. 'Touchpoint drop-in, Soham library', every Tuesday 10–12."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"))
    # weekly / fortnightly on `weekday`; monthly on the `nth` (1–4, or -1 for last) `weekday`.
    schedule: Mapped[str] = mapped_column(String(20), default="weekly")
    weekday: Mapped[int | None] = mapped_column(Integer)  # Monday = 0
    nth: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class DropInSession(Base):
    """One meeting of an activity on one date (the contract's key for a session)."""

    __tablename__ = "dropin_session"
    __table_args__ = (UniqueConstraint("activity_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # People who came but did not want to give a name.
    anonymous_count: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dropin_session.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    help_given: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(100), default="")


class ReferralType(Base):
    """The organisation's own list of places people are signposted to."""

    __tablename__ = "referral_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Referral(Base):
    """Signposting at an attendance: one per type per attendance."""

    __tablename__ = "referral"
    __table_args__ = (UniqueConstraint("attendance_id", "referral_type_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendance.id"), index=True)
    referral_type_id: Mapped[int] = mapped_column(ForeignKey("referral_type.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VolunteerShift(Base):
    __tablename__ = "volunteer_shift"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dropin_session.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(100), default="")


class Booking(Base):
    """Someone expected at an activity on a date (an appointment at an advice drop-in, a place
    kept at a class). Keyed on the activity and date, not on a session row: a session exists
    only once it is opened, so a booking never makes a session count as held."""

    __tablename__ = "booking"
    __table_args__ = (UniqueConstraint("activity_id", "date", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    booked_by: Mapped[str] = mapped_column(String(100), default="")
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
