"""The items list: every item with the fleet's status and how its safety checks stand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.models import Item
from ncdesk.core.parsing import today
from ncdesk.core.security.roles import VOLUNTEER, needs
from ncdesk.core.services.fleet import ItemRow, item_statuses
from ncdesk.core.services.loan_views.safety import (
    SafetySummary,
    check_states_for,
    summarise_checks,
)


@dataclass(frozen=True)
class ItemListRow:
    """One line of the items list: where the item is (the fleet's derived status) and how its
    safety checks stand."""

    item: ItemRow
    safety: SafetySummary

    @property
    def id(self) -> int:
        return self.item.id


@needs(VOLUNTEER)
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
        states = check_states_for(needs, s)
    return [ItemListRow(r, summarise_checks(states.get(r.id, []), on)) for r in rows]
