"""Funders, grants (what they cover and their targets), and saved report runs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from ncdesk.core.models.base import Base, UTCDateTime, utcnow

grant_activity = Table(
    "grant_activity",
    Base.metadata,
    Column("grant_id", ForeignKey("grant.id"), primary_key=True),
    Column("activity_id", ForeignKey("activity.id"), primary_key=True),
)


class Funder(Base):
    __tablename__ = "funder"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact: Mapped[str] = mapped_column(Text, default="")


class Grant(Base):
    __tablename__ = "grant"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    funder_id: Mapped[int] = mapped_column(ForeignKey("funder.id"))
    name: Mapped[str] = mapped_column(String(200), default="")
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    amount_pence: Mapped[int] = mapped_column(Integer, default=0)
    covers_timebank: Mapped[bool] = mapped_column(Boolean, default=False)
    covers_loans: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class GrantTarget(Base):
    """What the funder expects for one metric over the grant period."""

    __tablename__ = "grant_target"

    grant_id: Mapped[int] = mapped_column(ForeignKey("grant.id"), primary_key=True)
    metric_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    target: Mapped[float] = mapped_column(Float)


class ReportRun(Base):
    """A return as produced: period, grant and the figures, kept so it can be shown again."""

    __tablename__ = "report_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grant.id"))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    figures_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100), default="")
    exported_to: Mapped[str] = mapped_column(Text, default="")
