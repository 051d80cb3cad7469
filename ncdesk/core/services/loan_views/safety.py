"""How an item's safety checks stand, for many items at once: the state the lists show, and
the set queries the items list, the item panel and the due-soon list share. `equipment`
works out the same states one item at a time for the lending rules; tests check they agree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.models import SafetyCheck, SafetyCheckType
from ncdesk.core.services.equipment import GENERAL_CHECK, CheckState

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


def check_states_for(
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
