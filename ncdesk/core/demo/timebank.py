"""Synthetic timebank: members drawn from the people register, offers and requests, and a
history of exchanges between neighbours, a few voided, donations to the chest."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ncdesk.core.models import Exchange, Listing, SkillCategory, TimebankAccount
from ncdesk.core.models.base import utcnow

DESCRIPTIONS = {
    "Befriending and visits": ["cup of tea and a chat", "weekly visit", "phone call"],
    "Lifts and transport": ["lift to the GP", "lift to the hospital", "trip to the shops"],
    "Shopping and errands": ["weekly shop", "prescription collection", "post office run"],
    "Gardening": ["weeding", "mowing the lawn", "hedge trimming"],
    "DIY and small repairs": ["put up shelves", "fixed a dripping tap", "changed light bulbs"],
    "Cooking and meals": ["batch cooking", "Sunday lunch", "soup for the week"],
    "Computer and phone help": ["set up video calls", "online banking help", "new phone set-up"],
    "Form filling and admin": ["helped with a PIP form", "sorted letters", "blue badge form"],
    "Pet care": ["dog walking", "fed the cat", "took the dog to the vet"],
}


def add_timebank(
    s: Session,
    rng: random.Random,
    people: int,
    on: date,
    *,
    members: int,
    exchanges: int,
    years: int,
    step: Callable[[int, int], None],
) -> int:
    """Members join over the years; exchanges between them up to yesterday. Returns count."""
    categories = {c.name: c.id for c in s.scalars(select(SkillCategory))}
    used = [n for n in DESCRIPTIONS if n in categories]
    start = on - timedelta(days=365 * years)
    person_ids = rng.sample(range(1, people + 1), members)
    now = utcnow()
    account_rows = [
        {
            "kind": "member",
            "person_id": pid,
            "name": "",
            "joined": start + timedelta(days=rng.randint(0, 60)),
            "status": "active" if rng.random() < 0.92 else rng.choice(["paused", "left"]),
            "notes": "",
            "created_at": now,
        }
        for pid in person_ids
    ]
    s.execute(insert(TimebankAccount), account_rows)
    accounts = s.execute(
        select(TimebankAccount.id, TimebankAccount.joined).where(TimebankAccount.kind == "member")
    ).all()
    ids = [a for a, _ in accounts]
    joined = dict(accounts)
    offers = {}
    listing_rows = []
    for account_id in ids:
        skills = rng.sample(used, rng.randint(1, 3))
        offers[account_id] = skills
        for name in skills:
            listing_rows.append(
                {
                    "account_id": account_id,
                    "kind": "offer",
                    "category_id": categories[name],
                    "description": rng.choice(DESCRIPTIONS[name]),
                    "availability": "",
                    "active": True,
                    "created_at": now,
                }
            )
        if rng.random() < 0.3:
            name = rng.choice(used)
            listing_rows.append(
                {
                    "account_id": account_id,
                    "kind": "request",
                    "category_id": categories[name],
                    "description": rng.choice(DESCRIPTIONS[name]),
                    "availability": "weekdays",
                    "active": True,
                    "created_at": now,
                }
            )
    s.execute(insert(Listing), listing_rows)
    span = (on - start).days - 1
    rows = []
    for n in range(exchanges):
        giver, receiver = rng.sample(ids, 2)
        day = start + timedelta(days=rng.randint(0, span))
        day = max(day, joined[giver], joined[receiver])
        if day >= on:
            day = on - timedelta(days=1)
        name = rng.choice(offers[giver])
        rows.append(
            {
                "date": day,
                "kind": "service",
                "credited_id": giver,
                "debited_id": receiver,
                "minutes": rng.choice([30, 45, 60, 60, 60, 90, 120, 180]),
                "category_id": categories[name],
                "description": rng.choice(DESCRIPTIONS[name]),
                "entered_by": "demo",
                "entered_at": now,
            }
        )
        if len(rows) == 20_000 or n == exchanges - 1:
            s.execute(insert(Exchange), rows)
            rows = []
            step(n + 1, exchanges)
    return exchanges
