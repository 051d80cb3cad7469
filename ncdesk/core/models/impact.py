"""Impact (DESIGN §4): outcome scores people give on a date, the postcode lookup that places
them in a ward, an LSOA and an IMD decile, and who referred people in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ncdesk.core.models.base import Base, UTCDateTime, utcnow

DEFAULT_REFERRAL_SOURCES = (
    "GP",
    "Social prescriber",
    "Social worker",
    "Self",
    "Family or friend",
    "Other",
)


class ReferralSource(Base):
    """The organisation's own list of who refers people in."""

    __tablename__ = "referral_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class OutcomeScore(Base):
    """One answer to one outcome measure on one day, with the wording that was asked."""

    __tablename__ = "outcome_score"
    __table_args__ = (UniqueConstraint("person_id", "day", "measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(40), index=True)
    score: Mapped[int] = mapped_column(Integer)
    wording: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Place(Base):
    """One postcode of the organisation's area from the official lookups: its ward, its
    LSOA and the LSOA's Index of Multiple Deprivation decile (1 = most deprived)."""

    __tablename__ = "place"
    __table_args__ = (
        CheckConstraint("imd_decile IS NULL OR imd_decile BETWEEN 1 AND 10", name="decile"),
    )

    # Upper case without spaces, so 'cb7 5ab' and 'CB75AB' are one place.
    postcode: Mapped[str] = mapped_column(String(10), primary_key=True)
    ward: Mapped[str] = mapped_column(String(100), default="")
    lsoa: Mapped[str] = mapped_column(String(20), default="")
    imd_decile: Mapped[int | None] = mapped_column(Integer)


def postcode_key(postcode: str | None) -> str:
    """A postcode as the place lookup files it: upper case, no spaces."""
    return "".join((postcode or "").split()).upper()
