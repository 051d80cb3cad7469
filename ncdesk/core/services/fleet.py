"""The fleet at a glance: each item's status today, overdue loans, and figures for a period
(days on loan, utilisation, idle items, service cost)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.models import EquipmentCategory, Item, Loan, Person, Reservation, ServiceJob
from ncdesk.core.parsing import today
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs


def days_inside(start: date, end: date | None, period_start: date, period_end: date) -> int:
    """Calendar days of [start, end] (open: to the period end) inside the period, inclusive.
    Whole dates, so a loan across the clocks changing counts the same as any other."""
    first = max(start, period_start)
    last = min(end or period_end, period_end)
    return max(0, (last - first).days + 1)


@dataclass(frozen=True)
class ItemRow:
    """One line of the items list."""

    id: int
    item_ref: str
    name: str
    category: str
    location: str
    status: str
    borrower: str
    due: date | None


@dataclass(frozen=True)
class Holding:
    """The loan that holds an item on a day: it started on or before it and was not back
    before it (a loan holds its item to its return day inclusive, DESIGN §5)."""

    due: date | None
    returned: date | None
    borrower: str


def holds(start: date, returned: date | None, on: date) -> bool:
    return start <= on and (returned is None or returned >= on)


def status_on(
    retired_on: date | None,
    in_service: bool,
    held: Holding | None,
    reserved: bool,
    on: date,
) -> str:
    """An item's status on a day, worst first: retired, in service, overdue or on loan,
    back today (in the store, free to go out again from tomorrow), reserved, available.
    Every list and panel reads an item's status from here."""
    if retired_on is not None and retired_on <= on:
        return "retired"
    if in_service:
        return "in service"
    if held is not None and held.returned == on:
        return "back today"
    if held is not None:
        return "overdue" if held.due and held.due < on else "on loan"
    return "reserved" if reserved else "available"


@needs(VOLUNTEER)
def item_statuses(
    db: Database, *, on: date | None = None, include_retired: bool = False
) -> list[ItemRow]:
    """Every item with its status on `on` (today), from loans, reservations and service jobs
    in a few narrow set queries (2,000 items in well under the 300 ms a list may take)."""
    on = on or today()
    with db.session() as s:
        query = (
            select(
                Item.id,
                Item.item_ref,
                Item.name,
                EquipmentCategory.name,
                Item.location,
                Item.retired_on,
            )
            .outerjoin(EquipmentCategory)
            .order_by(Item.item_ref)
        )
        if not include_retired:
            query = query.where(Item.retired_on.is_(None))
        items = s.execute(query).all()
        # Loans holding an item on `on`: not back yet, or back on or after that day. Filtered
        # by the return date in SQL and by the start here, which leaves SQLite free to use the
        # index on the return date rather than scan every loan through the start date.
        out_now: dict[int, Holding] = {}
        for item_id, start, due, returned, first, last in s.execute(
            select(
                Loan.item_id,
                Loan.start,
                Loan.due,
                Loan.returned,
                Person.first_name,
                Person.last_name,
            )
            .join(Person, Loan.person_id == Person.id)
            .where(Loan.voided_at.is_(None), Loan.returned.is_(None) | (Loan.returned >= on))
            .order_by(Loan.id)
        ):
            if holds(start, returned, on):
                out_now[item_id] = Holding(due, returned, f"{first} {last}".strip())
        servicing = set(
            s.scalars(
                select(ServiceJob.item_id).where(
                    ServiceJob.sent_on <= on,
                    ServiceJob.back_on.is_(None) | (ServiceJob.back_on >= on),
                )
            )
        )
        reserved = set(
            s.scalars(
                select(Reservation.item_id).where(
                    Reservation.status == "active", Reservation.start <= on, Reservation.end >= on
                )
            )
        )
    rows = []
    for item_id, ref, name, category, location, retired_on in items:
        held = out_now.get(item_id)
        status = status_on(retired_on, item_id in servicing, held, item_id in reserved, on)
        out = status in ("on loan", "overdue") and held is not None
        borrower, due = (held.borrower, held.due) if out and held else ("", None)
        rows.append(ItemRow(item_id, ref, name, category or "", location, status, borrower, due))
    return rows


@dataclass(frozen=True)
class OverdueLoan:
    loan_id: int
    item_ref: str
    item_name: str
    person_ref: str
    borrower: str
    phone: str | None
    email: str | None
    start: date
    due: date
    days_overdue: int


@needs(VOLUNTEER)
def overdue_loans(db: Database, *, on: date | None = None) -> list[OverdueLoan]:
    """Loans past their due date and not back, most overdue first, with how to reach them."""
    on = on or today()
    with db.session() as s:
        rows = s.execute(
            select(Loan, Item, Person)
            .join(Item, Loan.item_id == Item.id)
            .join(Person, Loan.person_id == Person.id)
            .where(Loan.voided_at.is_(None), Loan.returned.is_(None), Loan.due < on)
            .order_by(Loan.due)
        ).all()
        overdue = []
        for loan, item, p in rows:
            due = loan.due
            assert due is not None  # `Loan.due < on` leaves out loans with no due date
            overdue.append(
                OverdueLoan(
                    loan.id,
                    item.item_ref,
                    item.name,
                    p.person_ref,
                    p.display_name,
                    p.phone,
                    p.email,
                    loan.start,
                    due,
                    (on - due).days,
                )
            )
        return overdue


@dataclass(frozen=True)
class FleetFigures:
    item_id: int
    item_ref: str
    name: str
    category: str
    days_in_fleet: int
    days_on_loan: int
    loans: int
    service_cost_pence: int

    @property
    def utilisation(self) -> float:
        """Share of the days the item was in the fleet that it spent on loan."""
        return self.days_on_loan / self.days_in_fleet if self.days_in_fleet else 0.0


@needs(COORDINATOR, "see the fleet's figures")
def fleet_figures(db: Database, start: date, end: date) -> list[FleetFigures]:
    """Per item for the period: days in the fleet (acquired to retired), days on loan, loans
    started, and the cost of service jobs sent in the period. Idle items have 0 days on loan."""
    with db.session() as s:
        items = s.execute(
            select(Item, EquipmentCategory.name)
            .outerjoin(EquipmentCategory)
            .order_by(Item.item_ref)
        ).all()
        on_loan: dict[int, int] = {}
        started: dict[int, int] = {}
        for item_id, loan_start, returned in s.execute(
            select(Loan.item_id, Loan.start, Loan.returned).where(
                Loan.voided_at.is_(None),
                Loan.start <= end,
                (Loan.returned.is_(None)) | (Loan.returned >= start),
            )
        ):
            on_loan[item_id] = on_loan.get(item_id, 0) + days_inside(
                loan_start, returned, start, end
            )
            if loan_start >= start:
                started[item_id] = started.get(item_id, 0) + 1
        costs = dict(
            list(
                s.execute(
                    select(ServiceJob.item_id, func.sum(ServiceJob.cost_pence))
                    .where(ServiceJob.sent_on.between(start, end))
                    .group_by(ServiceJob.item_id)
                )
            )
        )
    out = []
    for item, category in items:
        in_fleet = days_inside(item.acquired or start, item.retired_on, start, end)
        out.append(
            FleetFigures(
                item.id,
                item.item_ref,
                item.name,
                category or "",
                in_fleet,
                on_loan.get(item.id, 0),
                started.get(item.id, 0),
                int(costs.get(item.id, 0)),
            )
        )
    return out
