"""Equipment loans: items, their safety checks, borrowers' requirements, loans, reservations
and service jobs. An item's status is derived from these, never typed by hand.

Dates are whole days and inclusive: a loan occupies its item from `start` to `returned` (an
open loan from `start` on); a reservation from `start` to `end`; a service job from `sent_on`
to `back_on`. So an item returned on 3 March can go out again on 4 March.
"""

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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ncdesk.core.models.base import Base, UTCDateTime, utcnow


class EquipmentCategory(Base):
    __tablename__ = "equipment_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Item(Base):
    __tablename__ = "item"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_ref: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("equipment_category.id"), index=True)
    serial: Mapped[str] = mapped_column(String(100), default="")
    acquired: Mapped[date | None] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str] = mapped_column(Text, default="")
    # An item's own general safety check interval (imports' check_every_days), on top of
    # the checks its category requires.
    check_every_days: Mapped[int | None] = mapped_column(Integer)
    retired_on: Mapped[date | None] = mapped_column(Date)
    retired_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SafetyCheckType(Base):
    """A check every item of a category needs, e.g. battery and brakes every 90 days."""

    __tablename__ = "safety_check_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("equipment_category.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    interval_days: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SafetyCheck(Base):
    """A check done on an item. `check_type_id` None is the item's own general check."""

    __tablename__ = "safety_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    check_type_id: Mapped[int | None] = mapped_column(ForeignKey("safety_check_type.id"))
    done_on: Mapped[date] = mapped_column(Date)
    done_by: Mapped[str] = mapped_column(String(100), default="")
    passed: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BorrowerRequirement(Base):
    """Something a borrower needs before taking an item of a category (e.g. scooter training)."""

    __tablename__ = "borrower_requirement"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("equipment_category.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # How long it stays valid once achieved (None: for good).
    valid_days: Mapped[int | None] = mapped_column(Integer)
    # Stopped requirements are no longer asked for; records of them stay.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))


class BorrowerQualification(Base):
    __tablename__ = "borrower_qualification"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("borrower_requirement.id"))
    achieved_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class Loan(Base):
    __tablename__ = "loan"
    __table_args__ = (
        CheckConstraint("deposit_pence >= 0", name="deposit_not_negative"),
        Index("ix_loan_item_start", "item_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start: Mapped[date] = mapped_column(Date, index=True)
    due: Mapped[date | None] = mapped_column(Date, index=True)
    returned: Mapped[date | None] = mapped_column(Date, index=True)
    condition_out: Mapped[str] = mapped_column(Text, default="")
    condition_in: Mapped[str] = mapped_column(Text, default="")
    deposit_pence: Mapped[int] = mapped_column(Integer, default=0)
    deposit_refunded_pence: Mapped[int | None] = mapped_column(Integer)
    deposit_kept_reason: Mapped[str] = mapped_column(Text, default="")
    agreement_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    reservation_id: Mapped[int | None] = mapped_column(ForeignKey("reservation.id"))
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str] = mapped_column(Text, default="")


class Reservation(Base):
    """A promise of a particular item, or of any item of a category, for some days."""

    __tablename__ = "reservation"
    __table_args__ = (
        CheckConstraint("item_id IS NOT NULL OR category_id IS NOT NULL", name="item_or_category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("equipment_category.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    # active, cancelled, or lent (turned into a loan)
    status: Mapped[str] = mapped_column(String(20), default="active")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ServiceJob(Base):
    """An item sent to a partner (e.g. a local garage) for servicing or repair."""

    __tablename__ = "service_job"
    __table_args__ = (CheckConstraint("cost_pence >= 0", name="cost_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    partner: Mapped[str] = mapped_column(String(200))
    work: Mapped[str] = mapped_column(Text, default="")
    sent_on: Mapped[date] = mapped_column(Date)
    back_on: Mapped[date | None] = mapped_column(Date)
    cost_pence: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
