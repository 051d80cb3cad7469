"""The reservations list: promises of an item, or of any item of a category, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound
from ncdesk.core.models import EquipmentCategory, Item, Person, Reservation
from ncdesk.core.parsing import today
from ncdesk.core.security.roles import VOLUNTEER, needs


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


@needs(VOLUNTEER)
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


@needs(VOLUNTEER)
def reservation_row(db: Database, reservation_id: int) -> ReservationRow:
    found = reservation_rows(db, reservation_id=reservation_id, active_only=False)
    if not found:
        raise NotFound("That reservation no longer exists.")
    return found[0]
