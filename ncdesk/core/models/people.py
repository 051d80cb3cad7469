"""The people register: everyone the organisation works with, whatever the activity."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ncdesk.core.models.base import Base, UTCDateTime, utcnow
from ncdesk.core.models.impact import Place, ReferralSource, postcode_key

GENDERS = ("female", "male", "non-binary", "other", "prefer not to say")
AGE_BANDS = ("0-17", "18-24", "25-49", "50-64", "65-74", "75-84", "85+")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_ref: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    known_as: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    # Used only when the date of birth is not known (a first-timer may give just a band).
    age_band: Mapped[str | None] = mapped_column(String(10))
    gender: Mapped[str | None] = mapped_column(String(30))
    ethnicity: Mapped[str | None] = mapped_column(String(100))
    disability: Mapped[bool | None] = mapped_column(Boolean)
    postcode: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    consent_contact: Mapped[bool | None] = mapped_column(Boolean)
    consent_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # How a first-timer heard about us (drop-in desk), kept for outreach figures.
    how_heard: Mapped[str] = mapped_column(String(200), default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Lower-case, accent-free text the type-ahead search looks in; rebuilt on every save.
    search_text: Mapped[str] = mapped_column(Text, default="")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Bumped by every write, so caches can tell cheaply whether anything changed.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Set when the person asked to be erased: what identified them is gone, what the
    # figures are built from stays (DESIGN §3).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who referred them in (the organisation's list).
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("referral_source.id"))
    # Where their postcode places them (from the place lookup), kept on the record so the
    # figures built from it stay the same after an erasure takes the full postcode away.
    ward: Mapped[str | None] = mapped_column(String(100))
    lsoa: Mapped[str | None] = mapped_column(String(20))
    imd_decile: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_person_last_first", "last_name", "first_name"),
        Index("ix_person_updated_at", "updated_at"),
    )

    referral_source: Mapped[ReferralSource | None] = relationship()

    @property
    def referred_by(self) -> str:
        """Who referred them in, as the organisation's list names it ('' when not known)."""
        return self.referral_source.name if self.referral_source is not None else ""

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.known_as)


class DifferentPeople(Base):
    """Two records a coordinator has said belong to different people, so the possible-
    duplicates review stops offering them as a pair. Stored once, the lower id first."""

    __tablename__ = "different_people"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    marked_by: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (CheckConstraint("person_id < other_id", name="in_order"),)


def display_name(first: str | None, last: str | None, known_as: str | None) -> str:
    """'Mary Smith', 'Mary Smith (Molly)' or just 'Molly': how a person is shown everywhere."""
    full = " ".join(p for p in (first, last) if p)
    if known_as and known_as != full:
        return f"{full} ({known_as})" if full else known_as
    return full


@event.listens_for(Session, "before_flush")
def _place_follows_postcode(session: Session, _context: object, _instances: object) -> None:
    """Whenever a person's postcode is set or changed, by any path (a form, the desk, an
    import, a merge), their ward, LSOA and decile are looked up again. An erased person
    keeps the place they had: their postcode is cut to its district, but the figures built
    on where they lived must not move."""
    for person in (*session.new, *session.dirty):
        if not isinstance(person, Person) or person.erased_at is not None:
            continue
        if person in session.dirty and not inspect(person).attrs.postcode.history.has_changes():
            continue
        with session.no_autoflush:
            place = session.get(Place, postcode_key(person.postcode)) if person.postcode else None
        person.ward = place.ward if place else None
        person.lsoa = place.lsoa if place else None
        person.imd_decile = place.imd_decile if place else None
