"""One item in full, as the item panel shows it: details, status, the loan out now,
reservations, the open service job, its checks and recent history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound
from ncdesk.core.models import (
    EquipmentCategory,
    Item,
    Loan,
    Reservation,
    SafetyCheck,
    SafetyCheckType,
    ServiceJob,
)
from ncdesk.core.parsing import today
from ncdesk.core.security.roles import VOLUNTEER, needs
from ncdesk.core.services.equipment import GENERAL_CHECK, CheckState, ItemInput
from ncdesk.core.services.fleet import Holding, holds, status_on
from ncdesk.core.services.lending import lend_refusal
from ncdesk.core.services.loan_views.loans_list import LoanRow, loan_rows
from ncdesk.core.services.loan_views.reservations import ReservationRow, reservation_rows
from ncdesk.core.services.loan_views.safety import (
    SafetySummary,
    check_states_for,
    summarise_checks,
)
from ncdesk.core.services.servicing import JobInfo


@dataclass(frozen=True)
class CheckRecord:
    """A safety check done, as the item's history shows it."""

    id: int
    done_on: date
    check: str
    passed: bool
    done_by: str
    notes: str


@dataclass(frozen=True)
class ItemDetail:
    id: int
    item_ref: str
    name: str
    category_id: int | None
    category: str
    serial: str
    acquired: date | None
    location: str
    notes: str
    photo_path: str
    check_every_days: int | None
    retired_on: date | None
    retired_reason: str
    status: str  # as the items list says: available, on loan, overdue, reserved, ...
    current_loan: LoanRow | None  # the loan not yet returned, if any
    reservations: list[ReservationRow]
    open_job: JobInfo | None
    checks: list[CheckState]
    safety: SafetySummary
    check_history: list[CheckRecord]
    recent_loans: list[LoanRow]
    # Why it cannot be lent today whoever asks (out, back only today, away, unsafe), or None.
    lend_refusal: str | None = None

    def as_input(self) -> ItemInput:
        """The details as the item form edits them."""
        return ItemInput(
            self.item_ref,
            self.name,
            self.category,
            self.serial,
            self.acquired,
            self.location,
            self.notes,
            self.check_every_days,
            self.photo_path,
        )


HISTORY_LENGTH = 20


@needs(VOLUNTEER)
def item_detail(db: Database, item_id: int, *, on: date | None = None) -> ItemDetail:
    """Everything the item panel shows: details, status, the loan out now, reservations, the
    open service job, where each check stands and why it cannot go out, and recent history."""
    on = on or today()
    with db.session() as s:
        found = s.execute(
            select(Item, EquipmentCategory.name)
            .outerjoin(EquipmentCategory)
            .where(Item.id == item_id)
        ).first()
        if found is None:
            raise NotFound("That item no longer exists.")
        item, category = found
        states = check_states_for([(item.id, item.category_id, item.check_every_days)], s)
        checks = states[item.id]
        type_names = dict(s.execute(select(SafetyCheckType.id, SafetyCheckType.name)).all())
        history = [
            CheckRecord(
                c.id,
                c.done_on,
                type_names.get(c.check_type_id, GENERAL_CHECK)
                if c.check_type_id is not None
                else GENERAL_CHECK,
                c.passed,
                c.done_by,
                c.notes,
            )
            for c in s.scalars(
                select(SafetyCheck)
                .where(SafetyCheck.item_id == item_id)
                .order_by(SafetyCheck.done_on.desc(), SafetyCheck.id.desc())
                .limit(HISTORY_LENGTH)
            )
        ]
        recent = list(
            s.scalars(
                select(Loan.id)
                .where(Loan.item_id == item_id, Loan.voided_at.is_(None))
                .order_by(Loan.start.desc(), Loan.id.desc())
                .limit(HISTORY_LENGTH)
            )
        )
        job = s.execute(
            select(ServiceJob)
            .where(
                ServiceJob.item_id == item_id,
                ServiceJob.sent_on <= on,
                ServiceJob.back_on.is_(None) | (ServiceJob.back_on >= on),
            )
            .order_by(ServiceJob.sent_on.desc())
            .limit(1)
        ).scalar()
        open_job = (
            JobInfo(
                job.id,
                item.id,
                item.item_ref,
                item.name,
                job.partner,
                job.work,
                job.sent_on,
                job.back_on,
                job.cost_pence,
            )
            if job
            else None
        )
        refusal = lend_refusal(s, item, on)
        reserved_today = (
            s.scalar(
                select(func.count(Reservation.id)).where(
                    Reservation.item_id == item_id,
                    Reservation.status == "active",
                    Reservation.start <= on,
                    Reservation.end >= on,
                )
            )
            or 0
        )
    loans = loan_rows(db, recent)
    occupying = next((r for r in loans if holds(r.start, r.returned, on)), None)
    open_loan = next((r for r in loans if r.returned is None), None)
    held = Holding(occupying.due, occupying.returned, occupying.borrower) if occupying else None
    status = status_on(item.retired_on, open_job is not None, held, bool(reserved_today), on)
    return ItemDetail(
        item.id,
        item.item_ref,
        item.name,
        item.category_id,
        category or "",
        item.serial,
        item.acquired,
        item.location,
        item.notes,
        item.photo_path,
        item.check_every_days,
        item.retired_on,
        item.retired_reason,
        status,
        open_loan,
        reservation_rows(db, item_id=item_id, on=on),
        open_job,
        checks,
        summarise_checks(checks, on),
        history,
        loans,
        refusal,
    )
