"""Synthetic people for the demo database.

Every name, address and number is made up: names from Faker's en_GB provider, phone numbers
from Ofcom's range reserved for drama (07700 900000–900999), emails at example.org.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ncdesk.core.models import Person, RefCounter
from ncdesk.core.models.base import utcnow
from ncdesk.core.parsing import age_band

if TYPE_CHECKING:
    from faker import Faker
from ncdesk.core.services.people import REF_PREFIX, REF_WIDTH
from ncdesk.core.services.people_search import search_text_for

# Districts around the kind of places ncdesk serves (Cambridgeshire, Shropshire, Scotland).
DISTRICTS = ["CB6", "CB7", "CB25", "PE15", "PE16", "PE28", "SY1", "SY3", "SY5", "TF9", "KW1", "IV2"]
ETHNICITIES = ["White British"] * 12 + [
    "White Irish",
    "White other",
    "Mixed",
    "Asian British",
    "Black British",
    "Chinese",
    "Other",
]
AGE_WEIGHTS = [((18, 49), 10), ((50, 64), 15), ((65, 74), 35), ((75, 84), 28), ((85, 99), 12)]

Choice = TypeVar("Choice")


def _pick_weighted(rng: random.Random, options: Sequence[tuple[Choice, int]]) -> Choice:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _birth_date(rng: random.Random, on: date) -> date:
    low, high = _pick_weighted(rng, AGE_WEIGHTS)
    age = rng.randint(low, high)
    return on - timedelta(days=age * 365 + rng.randint(0, 364))


def _band(age: int) -> str:
    return age_band(max(age, 18))  # demo adults only


def person_rows(rng: random.Random, fake: Faker, count: int, on: date) -> list[dict[str, object]]:
    rows = []
    mobiles = rng.sample(range(1000), 1000)  # each drama number used once at most
    now = utcnow()
    for n in range(1, count + 1):
        gender = _pick_weighted(
            rng,
            [("female", 58), ("male", 34), ("non-binary", 1), ("prefer not to say", 2), (None, 5)],
        )
        first = fake.first_name_female() if gender == "female" else fake.first_name_male()
        if gender not in ("female", "male"):
            first = fake.first_name()
        row: dict[str, object] = {
            "person_ref": f"{REF_PREFIX}{n:0{REF_WIDTH}d}",
            "first_name": first,
            "last_name": fake.last_name(),
            "known_as": "",
            "gender": gender,
            "notes": "",
            "archived": False,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        if rng.random() < 0.9:
            row["date_of_birth"] = _birth_date(rng, on)
        elif rng.random() < 0.5:
            row["age_band"] = _band(rng.randint(40, 95))
        if rng.random() < 0.05:
            row["known_as"] = fake.first_name()
        if rng.random() < 0.9:
            letters = "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
            row["postcode"] = f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{letters}"
        if rng.random() < 0.75 and mobiles:
            row["phone"] = f"07700 900{mobiles.pop():03d}"
        elif rng.random() < 0.3:
            row["phone"] = f"01632 960{rng.randint(0, 999):03d}"  # Ofcom drama landline range
        if rng.random() < 0.3:
            row["email"] = f"{first.lower()}.{str(row['last_name']).lower()}{n}@example.org"
        row["disability"] = _pick_weighted(rng, [(True, 30), (False, 55), (None, 15)])
        row["ethnicity"] = rng.choice(ETHNICITIES) if rng.random() < 0.8 else None
        consent = _pick_weighted(rng, [(True, 70), (False, 15), (None, 15)])
        row["consent_contact"] = consent
        row["consent_date"] = (
            on - timedelta(days=rng.randint(0, 700)) if consent is not None else None
        )
        row["search_text"] = search_text_for(Person(**row))
        rows.append(row)
    return rows


def add_people(
    s: Session, rng: random.Random, fake: Faker, count: int, on: date, step: Callable[[int], None]
) -> None:
    """Insert `count` people with refs P00001.. in batches, reporting progress after each."""
    batch = 2000
    for start in range(0, count, batch):
        rows = person_rows(rng, fake, min(batch, count - start), on)
        for i, row in enumerate(rows, start=start + 1):
            row["person_ref"] = f"{REF_PREFIX}{i:0{REF_WIDTH}d}"
            row["search_text"] = search_text_for(Person(**row))
        s.execute(insert(Person), rows)
        step(start + len(rows))
    s.merge(RefCounter(prefix=REF_PREFIX, last_value=count))
