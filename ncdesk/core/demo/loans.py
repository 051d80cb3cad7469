"""Synthetic loan scheme: scooters, wheelchairs and walking aids with their safety checks,
a history of loans (some out now, a few overdue), reservations and service jobs."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ncdesk.core.models import (
    BorrowerQualification,
    BorrowerRequirement,
    EquipmentCategory,
    Item,
    Loan,
    Reservation,
    SafetyCheck,
    SafetyCheckType,
    ServiceJob,
)
from ncdesk.core.models.base import utcnow

KINDS = {
    "Mobility scooter": ("SC", ["Pride Colt scooter", "Kymco mini scooter", "TGA Breeze scooter"]),
    "Wheelchair": ("WC", ["Folding wheelchair", "Transit wheelchair", "Lightweight wheelchair"]),
    "Walking aid": ("WA", ["Rollator with seat", "Walking frame", "Tri-walker"]),
}
PARTNERS = ["Soham Mobility Repairs", "Ely Garage & MOT", "Shrewsbury Mobility Centre"]


def add_loans(
    s: Session,
    rng: random.Random,
    people: int,
    on: date,
    *,
    items: int,
    loans: int,
    years: int,
    step: Callable[[int, int], None],
) -> int:
    """Items with checks kept up to date, and `loans` loans that never overlap. Returns count."""
    categories = {c.name: c.id for c in s.scalars(select(EquipmentCategory))}
    start = on - timedelta(days=365 * years)
    now = utcnow()
    item_rows = []
    counters = dict.fromkeys(KINDS, 0)
    for _ in range(items):
        kind = rng.choices(list(KINDS), weights=[5, 3, 2])[0]
        counters[kind] += 1
        prefix, names = KINDS[kind]
        item_rows.append(
            {
                "item_ref": f"{prefix}{counters[kind]:03d}"
                if items > 99
                else f"{prefix}{counters[kind]:02d}",
                "name": rng.choice(names),
                "category_id": categories[kind],
                "serial": f"SN{rng.randint(10000, 99999)}",
                "acquired": start - timedelta(days=rng.randint(0, 400)),
                "location": "Store room",
                "notes": "",
                "photo_path": "",
                "retired_reason": "",
                "created_at": now,
            }
        )
    s.execute(insert(Item), item_rows)
    stored = s.execute(select(Item.id, Item.category_id)).all()
    check_types = s.execute(
        select(SafetyCheckType.id, SafetyCheckType.category_id, SafetyCheckType.interval_days)
    ).all()
    checks = []
    for item_id, category_id in stored:
        for type_id, type_category, interval in check_types:
            if type_category != category_id:
                continue
            day = start
            while day < on:
                checks.append(
                    {
                        "item_id": item_id,
                        "check_type_id": type_id,
                        "done_on": day,
                        "done_by": "demo",
                        "passed": True,
                        "notes": "",
                        "recorded_at": now,
                    }
                )
                day += timedelta(days=interval - rng.randint(5, 20))
    for chunk in range(0, len(checks), 20_000):
        s.execute(insert(SafetyCheck), checks[chunk : chunk + 20_000])
    # Scooter borrowers need training: give it to everyone who borrows one.
    training = s.scalar(
        select(BorrowerRequirement.id).where(BorrowerRequirement.name == "Scooter training")
    )
    borrowers = rng.sample(range(1, people + 1), min(people, max(30, loans // 10)))
    if training:
        s.execute(
            insert(BorrowerQualification),
            [
                {
                    "person_id": p,
                    "requirement_id": training,
                    "achieved_on": on - timedelta(days=rng.randint(10, 300)),
                    "expires_on": on + timedelta(days=rng.randint(200, 700)),
                    "notes": "",
                }
                for p in borrowers
            ],
        )
    per_item = max(1, loans // max(1, len(stored)))
    loan_rows, made = [], 0
    span = (on - start).days
    cycle = span / per_item  # each item goes out about `per_item` times over the years
    for index, (item_id, _) in enumerate(stored):
        day = start + timedelta(days=rng.randint(0, int(cycle)))
        while made < loans and day < on:
            due = day + timedelta(
                days=rng.randint(max(2, int(cycle * 0.4)), max(3, int(cycle * 0.8)))
            )
            returned = due + timedelta(days=rng.choice([-2, -1, 0, 0, 0, 1, 3]))
            if returned >= on:
                # Still out: most due back later, some overdue.
                loan_rows.append(_loan(item_id, rng.choice(borrowers), day, due, None, now, rng))
                made += 1
                break
            loan_rows.append(
                _loan(item_id, rng.choice(borrowers), day, due, max(returned, day), now, rng)
            )
            made += 1
            day = max(returned, day) + timedelta(days=rng.randint(1, max(2, int(cycle * 0.4))))
        if len(loan_rows) >= 10_000:
            s.execute(insert(Loan), loan_rows)
            loan_rows = []
            step(index + 1, len(stored))
    if loan_rows:
        s.execute(insert(Loan), loan_rows)
    step(len(stored), len(stored))
    # A category reservation a month ahead, and past service jobs with their costs.
    s.execute(
        insert(Reservation),
        [
            {
                "item_id": None,
                "category_id": categories["Walking aid"],
                "person_id": rng.choice(borrowers),
                "start": on + timedelta(days=30),
                "end": on + timedelta(days=44),
                "status": "active",
                "note": "after a hip operation",
                "created_at": now,
            }
        ],
    )
    jobs = []
    for item_id, _ in rng.sample(stored, max(1, len(stored) // 4)):
        sent = start + timedelta(days=rng.randint(0, span - 30))
        jobs.append(
            {
                "item_id": item_id,
                "partner": rng.choice(PARTNERS),
                "work": "Annual service",
                "sent_on": sent,
                "back_on": sent,
                "cost_pence": rng.choice([0, 2500, 4500, 8000]),
                "notes": "",
                "created_at": now,
            }
        )
    s.execute(insert(ServiceJob), jobs)
    return made


def _loan(
    item_id: int,
    person_id: int,
    start: date,
    due: date,
    returned: date | None,
    now: object,
    rng: random.Random,
) -> dict[str, object]:
    return {
        "item_id": item_id,
        "person_id": person_id,
        "start": start,
        "due": due,
        "returned": returned,
        "condition_out": "good",
        "condition_in": "good" if returned else "",
        "deposit_pence": rng.choice([0, 2000]),
        "deposit_refunded_pence": None,
        "deposit_kept_reason": "",
        "agreement_signed": True,
        "entered_by": "demo",
        "created_at": now,
    }
