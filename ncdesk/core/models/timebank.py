"""Timebank: accounts (members, organisations, the community chest), skills, offers and
requests, matches, and the exchange ledger.

The ledger is in time credits: every exchange credits one account and debits another by the
same whole minutes, so the sum of all balances is always zero. For help given, the helper is
credited and the person helped is debited (one hour given = one credit). Nothing is deleted:
a mistake is voided, which adds a reversing entry and keeps the original visible.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ncdesk.core.models.base import Base, UTCDateTime, utcnow

ACCOUNT_KINDS = ("member", "organisation", "chest")
MEMBER_STATUSES = ("active", "paused", "left")
EXCHANGE_KINDS = ("service", "donation", "grant", "reversal")
DEFAULT_SKILL_CATEGORIES = (
    "Befriending and visits",
    "Lifts and transport",
    "Shopping and errands",
    "Gardening",
    "DIY and small repairs",
    "Cooking and meals",
    "Computer and phone help",
    "Form filling and admin",
    "Pet care",
    "Crafts and sewing",
    "Teaching and skill sharing",
    "Cleaning and housework",
    "Other",
)


class TimebankAccount(Base):
    __tablename__ = "timebank_account"
    __table_args__ = (CheckConstraint("kind IN ('member', 'organisation', 'chest')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="member")
    # Members are people from the register; organisations and the chest have only a name.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # A short code used by imports for non-person accounts (e.g. CHEST, ORG-PARISH).
    account_ref: Mapped[str | None] = mapped_column(String(20), unique=True)
    joined: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    # Optional warning thresholds in minutes (e.g. -600 = warn below minus ten hours).
    limit_low: Mapped[int | None] = mapped_column(Integer)
    limit_high: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SkillCategory(Base):
    __tablename__ = "skill_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Listing(Base):
    """An offer of help or a request for help, in one skill category."""

    __tablename__ = "timebank_listing"
    __table_args__ = (CheckConstraint("kind IN ('offer', 'request')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("timebank_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    category_id: Mapped[int] = mapped_column(ForeignKey("skill_category.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TimebankMatch(Base):
    """The broker put a request in touch with someone offering that help."""

    __tablename__ = "timebank_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("timebank_listing.id"), index=True)
    helper_account_id: Mapped[int] = mapped_column(ForeignKey("timebank_account.id"))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    made_by: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Exchange(Base):
    __tablename__ = "exchange"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes_positive"),
        CheckConstraint("credited_id <> debited_id", name="two_accounts"),
        # Covering indexes: every balance is a grouped sum over one of these, never the table.
        Index("ix_exchange_credited_cover", "credited_id", "minutes", "date", "kind", "voided_at"),
        Index("ix_exchange_debited_cover", "debited_id", "minutes", "date", "kind", "voided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_ref: Mapped[str | None] = mapped_column(String(40), unique=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="service")
    # Service: credited = the helper (giver), debited = the person helped (receiver).
    credited_id: Mapped[int] = mapped_column(ForeignKey("timebank_account.id"))
    debited_id: Mapped[int] = mapped_column(ForeignKey("timebank_account.id"))
    minutes: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("skill_category.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    # Entries made together (one member helping several, a group activity) share a group id.
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    void_reason: Mapped[str | None] = mapped_column(Text)
    reversal_of_id: Mapped[int | None] = mapped_column(ForeignKey("exchange.id"), unique=True)
