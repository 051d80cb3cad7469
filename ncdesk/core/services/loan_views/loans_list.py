"""The loans list: which loans to show, sorted and filtered in SQL, and their rows a page at a
time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound
from ncdesk.core.models import Item, Loan, Person
from ncdesk.core.parsing import today
from ncdesk.core.search_text import fold
from ncdesk.core.security.roles import VOLUNTEER, needs

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


@needs(VOLUNTEER)
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


@needs(VOLUNTEER)
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


@needs(VOLUNTEER)
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
