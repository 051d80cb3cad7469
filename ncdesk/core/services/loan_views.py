"""Read-only views of the loan scheme for the Loans screens: the items list with each item's
safety state, one item in full, the loans list a page at a time, reservations, checks falling
due, and figures per category.

Every function here only reads. The rules themselves (what blocks a loan, how a status is
derived) live in `equipment`, `lending` and `fleet`; these views follow them, and the tests
check that they agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound
from ncdesk.core.models import (
    EquipmentCategory,
    Item,
    Loan,
    Person,
    Reservation,
    SafetyCheck,
    SafetyCheckType,
    ServiceJob,
)
from ncdesk.core.parsing import today
from ncdesk.core.search_text import fold
from ncdesk.core.services.equipment import GENERAL_CHECK, CheckState, ItemInput
from ncdesk.core.services.fleet import FleetFigures, ItemRow, item_statuses, status_on
from ncdesk.core.services.servicing import JobInfo

# --- safety ---------------------------------------------------------------------------------

# How an item's checks stand, worst first.
SAFETY_FAILED = "failed"
SAFETY_NEVER = "never checked"
SAFETY_OVERDUE = "overdue"
SAFETY_DUE_SOON = "due soon"
SAFETY_OK = "ok"
SAFETY_NONE = "no checks"
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class SafetySummary:
    """An item's checks in one line: the worst state, the next date one falls due, and the
    reason (in the lending service's words) it cannot go out today, if there is one."""

    state: str
    next_due: date | None
    reason: str | None

    @property
    def blocks_lending(self) -> bool:
        return self.reason is not None


def summarise_checks(checks: Sequence[CheckState], on: date) -> SafetySummary:
    if not checks:
        return SafetySummary(SAFETY_NONE, None, None)
    reason = next((r for c in checks if (r := c.blocks(on, on)) is not None), None)
    dues = [c.due for c in checks if c.due is not None]
    next_due = min(dues) if dues else None
    if any(c.last_passed is False for c in checks):
        state = SAFETY_FAILED
    elif any(c.due is None for c in checks):
        state = SAFETY_NEVER
    elif next_due is not None and next_due < on:
        state = SAFETY_OVERDUE
    elif next_due is not None and next_due <= on + timedelta(days=DUE_SOON_DAYS):
        state = SAFETY_DUE_SOON
    else:
        state = SAFETY_OK
    return SafetySummary(state, next_due, reason)


def _needed_checks(s: Session) -> dict[int, list[tuple[int, str, int]]]:
    """Active check types by category: (type id, name, interval days)."""
    by_category: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for t in s.scalars(select(SafetyCheckType).where(SafetyCheckType.active.is_(True))):
        by_category[t.category_id].append((t.id, t.name, t.interval_days))
    return by_category


def _latest_checks(
    s: Session, item_ids: Iterable[int] | None
) -> dict[tuple[int, int | None], tuple[date, bool]]:
    """The latest check of each kind on each item: (item, type) → (done on, passed); of two
    on the same day, the one recorded last."""
    last = select(
        SafetyCheck.item_id, SafetyCheck.check_type_id, func.max(SafetyCheck.done_on).label("on")
    ).group_by(SafetyCheck.item_id, SafetyCheck.check_type_id)
    if item_ids is not None:
        last = last.where(SafetyCheck.item_id.in_(list(item_ids)))
    sub = last.subquery()
    rows = s.execute(
        select(
            SafetyCheck.id,
            SafetyCheck.item_id,
            SafetyCheck.check_type_id,
            SafetyCheck.done_on,
            SafetyCheck.passed,
        )
        .join(
            sub,
            (sub.c.item_id == SafetyCheck.item_id)
            & sub.c.check_type_id.is_not_distinct_from(SafetyCheck.check_type_id)
            & (sub.c.on == SafetyCheck.done_on),
        )
        .order_by(SafetyCheck.id)
    )
    return {(i, t): (d, bool(p)) for _id, i, t, d, p in rows}


def _check_states_for(
    items: Sequence[tuple[int, int | None, int | None]], s: Session
) -> dict[int, list[CheckState]]:
    """Check states for (item id, category id, own check interval) rows, in a few queries;
    the same result as `equipment.check_states` item by item."""
    needed = _needed_checks(s)
    latest = _latest_checks(s, [i for i, _, _ in items] if len(items) <= 500 else None)
    out: dict[int, list[CheckState]] = {}
    for item_id, category_id, own_days in items:
        wanted: list[tuple[int | None, str, int]] = list(needed.get(category_id or -1, []))
        if own_days:
            wanted.append((None, GENERAL_CHECK, own_days))
        states = []
        for type_id, name, interval in wanted:
            last = latest.get((item_id, type_id))
            done, passed = last if last else (None, None)
            due = done + timedelta(days=interval) if done and passed else None
            states.append(CheckState(type_id, name, interval, done, passed, due))
        out[item_id] = states
    return out


@dataclass(frozen=True)
class DueCheckRow:
    """One line of the due-soon list."""

    item_id: int
    item_ref: str
    item_name: str
    category: str
    location: str
    check: str
    check_type_id: int | None
    last_done: date | None
    due: date | None  # None: never passed
    failed: bool

    def state(self, on: date) -> str:
        if self.failed:
            return SAFETY_FAILED
        if self.due is None:
            return SAFETY_NEVER
        return SAFETY_OVERDUE if self.due < on else SAFETY_DUE_SOON


def due_checks(db: Database, within_days: int = 30, *, on: date | None = None) -> list[DueCheckRow]:
    """Checks failed, never done, overdue or falling due within `within_days`: what
    `equipment.check_states` says item by item, built in a few set queries so it stays quick
    for 2,000 items."""
    on = on or today()
    horizon = on + timedelta(days=within_days)
    with db.session() as s:
        items = s.execute(
            select(Item, EquipmentCategory.name)
            .outerjoin(EquipmentCategory)
            .where(Item.retired_on.is_(None))
        ).all()
        states = _check_states_for([(i.id, i.category_id, i.check_every_days) for i, _ in items], s)
    out = []
    for item, category in items:
        for c in states[item.id]:
            if c.last_passed is False or c.due is None or c.due <= horizon:
                out.append(
                    DueCheckRow(
                        item.id,
                        item.item_ref,
                        item.name,
                        category or "",
                        item.location,
                        c.name,
                        c.check_type_id,
                        c.last_done,
                        c.due,
                        c.last_passed is False,
                    )
                )
    return sorted(out, key=lambda d: (d.due or date.min, d.item_ref, d.check))


# --- the items list -------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemListRow:
    """One line of the items list: where the item is (the fleet's derived status) and how its
    safety checks stand."""

    item: ItemRow
    safety: SafetySummary

    @property
    def id(self) -> int:
        return self.item.id


def item_list(
    db: Database, *, on: date | None = None, include_retired: bool = False
) -> list[ItemListRow]:
    """Every item in reference order with its status (`fleet.item_statuses`) and how its
    safety checks stand."""
    on = on or today()
    rows = item_statuses(db, on=on, include_retired=include_retired)
    with db.session() as s:
        listed = {r.id for r in rows}
        needs = [
            (i, c, d)
            for i, c, d in s.execute(select(Item.id, Item.category_id, Item.check_every_days))
            if i in listed
        ]
        states = _check_states_for(needs, s)
    return [ItemListRow(r, summarise_checks(states.get(r.id, []), on)) for r in rows]


# --- loans ----------------------------------------------------------------------------------

LOAN_OUT = "out"  # not yet returned (overdue ones included)
LOAN_OVERDUE = "overdue"
LOAN_RETURNED = "returned"
LOAN_ALL = "all"
LOAN_SHOWS = (LOAN_OUT, LOAN_OVERDUE, LOAN_RETURNED, LOAN_ALL)
LOAN_ORDERS = ("start", "item", "borrower", "due", "returned", "deposit")


@dataclass(frozen=True)
class LoanRow:
    id: int
    item_id: int
    item_ref: str
    item_name: str
    person_id: int
    person_ref: str
    borrower: str
    phone: str | None
    email: str | None
    start: date
    due: date | None
    returned: date | None
    deposit_pence: int
    refunded_pence: int | None
    kept_reason: str
    condition_out: str
    condition_in: str
    agreement_signed: bool
    reservation_id: int | None

    def state(self, on: date) -> str:
        if self.returned is not None:
            return LOAN_RETURNED
        if self.due is not None and self.due < on:
            return LOAN_OVERDUE
        return LOAN_OUT

    @property
    def kept_pence(self) -> int:
        """Deposit kept back at the return (0 while out)."""
        if self.refunded_pence is None:
            return 0
        return self.deposit_pence - self.refunded_pence


def _loan_order(order: str) -> list[Any]:
    keys: dict[str, list[Any]] = {
        "start": [Loan.start],
        "item": [Item.item_ref, Loan.start],
        "borrower": [Person.last_name, Person.first_name, Loan.start],
        "due": [Loan.due, Loan.start],
        "returned": [Loan.returned, Loan.start],
        "deposit": [Loan.deposit_pence, Loan.start],
    }
    if order not in keys:
        raise ValueError(f"unknown loan order {order!r}")
    return keys[order]


def _loans_query(show: str, item_id: int | None, person_id: int | None, on: date) -> Select[Any]:
    if show not in LOAN_SHOWS:
        raise ValueError(f"unknown loans filter {show!r}")
    query = select(Loan.id).where(Loan.voided_at.is_(None))
    if show == LOAN_OUT:
        query = query.where(Loan.returned.is_(None))
    elif show == LOAN_OVERDUE:
        query = query.where(Loan.returned.is_(None), Loan.due < on)
    elif show == LOAN_RETURNED:
        query = query.where(Loan.returned.is_not(None))
    if item_id is not None:
        query = query.where(Loan.item_id == item_id)
    if person_id is not None:
        query = query.where(Loan.person_id == person_id)
    return query


def loan_ids(
    db: Database,
    *,
    show: str = LOAN_OUT,
    text: str = "",
    item_id: int | None = None,
    person_id: int | None = None,
    order: str = "start",
    descending: bool = True,
    on: date | None = None,
) -> list[int]:
    """Ids of the loans to list, sorted in SQL (blanks last), for a list that fetches rows a
    page at a time with `loan_rows`. `text` matches an item reference or name, or a borrower's
    name, reference or postcode."""
    on = on or today()
    query = _loans_query(show, item_id, person_id, on)
    keys = _loan_order(order)
    needs_item = order == "item" or bool(text.strip())
    needs_person = order == "borrower" or bool(text.strip())
    if needs_item:
        query = query.join(Item, Loan.item_id == Item.id)
    if needs_person:
        query = query.join(Person, Loan.person_id == Person.id)
    words = fold(text).split()
    for word in words:
        query = query.where(
            or_(
                func.lower(Item.item_ref).like(f"%{word}%"),
                func.lower(Item.name).like(f"%{word}%"),
                Person.search_text.like(f"%{word}%"),
            )
        )
    ordering: list[Any] = []
    for key in keys:
        ordering.append(key.is_(None))  # blanks last whichever way
        ordering.append(key.desc() if descending else key.asc())
    ordering.append(Loan.id.desc() if descending else Loan.id.asc())
    with db.session() as s:
        return list(s.scalars(query.order_by(*ordering)))


def loan_rows(db: Database, ids: Sequence[int]) -> list[LoanRow]:
    """Rows for a page of the loans list, in the order asked for."""
    if not ids:
        return []
    with db.session() as s:
        found = {
            loan.id: _loan_row(loan, item, person)
            for loan, item, person in s.execute(
                select(Loan, Item, Person)
                .join(Item, Loan.item_id == Item.id)
                .join(Person, Loan.person_id == Person.id)
                .where(Loan.id.in_(list(ids)))
            )
        }
    return [found[i] for i in ids if i in found]


def loan_row(db: Database, loan_id: int) -> LoanRow:
    rows = loan_rows(db, [loan_id])
    if not rows:
        raise NotFound("That loan does not exist.")
    return rows[0]


def _loan_row(loan: Loan, item: Item, person: Person) -> LoanRow:
    return LoanRow(
        loan.id,
        item.id,
        item.item_ref,
        item.name,
        person.id,
        person.person_ref,
        person.display_name,
        person.phone,
        person.email,
        loan.start,
        loan.due,
        loan.returned,
        loan.deposit_pence,
        loan.deposit_refunded_pence,
        loan.deposit_kept_reason,
        loan.condition_out,
        loan.condition_in,
        loan.agreement_signed,
        loan.reservation_id,
    )


# --- reservations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReservationRow:
    id: int
    item_id: int | None
    item_ref: str
    item_name: str
    category_id: int | None
    category: str
    person_id: int
    person_ref: str
    borrower: str
    phone: str | None
    start: date
    end: date
    status: str
    note: str


def reservation_rows(
    db: Database,
    *,
    item_id: int | None = None,
    reservation_id: int | None = None,
    active_only: bool = True,
    on: date | None = None,
) -> list[ReservationRow]:
    """Reservations soonest first. Active ones only (and not yet ended) unless told."""
    on = on or today()
    query = (
        select(Reservation, Item, EquipmentCategory, Person)
        .join(Person, Reservation.person_id == Person.id)
        .outerjoin(Item, Reservation.item_id == Item.id)
        .outerjoin(EquipmentCategory, Reservation.category_id == EquipmentCategory.id)
        .order_by(Reservation.start, Reservation.id)
    )
    if active_only:
        query = query.where(Reservation.status == "active", Reservation.end >= on)
    if item_id is not None:
        query = query.where(Reservation.item_id == item_id)
    if reservation_id is not None:
        query = query.where(Reservation.id == reservation_id)
    with db.session() as s:
        rows = s.execute(query).all()
        categories = dict(s.execute(select(EquipmentCategory.id, EquipmentCategory.name)).all())
    out = []
    for res, item, category, person in rows:
        category_id = category.id if category else (item.category_id if item else None)
        out.append(
            ReservationRow(
                res.id,
                item.id if item else None,
                item.item_ref if item else "",
                item.name if item else "",
                category_id,
                category.name if category else categories.get(category_id or -1, ""),
                person.id,
                person.person_ref,
                person.display_name,
                person.phone,
                res.start,
                res.end,
                res.status,
                res.note,
            )
        )
    return out


def reservation_row(db: Database, reservation_id: int) -> ReservationRow:
    found = reservation_rows(db, reservation_id=reservation_id, active_only=False)
    if not found:
        raise NotFound("That reservation no longer exists.")
    return found[0]


# --- one item in full -----------------------------------------------------------------------


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
        states = _check_states_for([(item.id, item.category_id, item.check_every_days)], s)
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
    occupying = next(
        (r for r in loans if r.start <= on and (r.returned is None or r.returned >= on)), None
    )
    open_loan = next((r for r in loans if r.returned is None), None)
    status = status_on(
        item.retired_on,
        open_job is not None,
        occupying is not None,
        occupying.due if occupying else None,
        bool(reserved_today),
        on,
    )
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
    )


def service_partners(db: Database) -> list[str]:
    """Partners used before, most used first: the choices when sending an item for service."""
    with db.session() as s:
        return list(
            s.scalars(
                select(ServiceJob.partner)
                .group_by(ServiceJob.partner)
                .order_by(func.count(ServiceJob.id).desc(), ServiceJob.partner)
            )
        )


# --- fleet figures per category -------------------------------------------------------------


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    items: int
    idle_items: int
    days_in_fleet: int
    days_on_loan: int
    loans: int
    service_cost_pence: int

    @property
    def utilisation(self) -> float:
        return self.days_on_loan / self.days_in_fleet if self.days_in_fleet else 0.0


def category_figures(figures: Sequence[FleetFigures]) -> list[CategoryFigures]:
    """Item figures added up by category (items out of the fleet all period are left out)."""
    totals: dict[str, list[int]] = {}
    for f in figures:
        if f.days_in_fleet == 0:
            continue
        row = totals.setdefault(f.category, [0, 0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += f.days_on_loan == 0
        row[2] += f.days_in_fleet
        row[3] += f.days_on_loan
        row[4] += f.loans
        row[5] += f.service_cost_pence
    return [CategoryFigures(name, *values) for name, values in sorted(totals.items())]
