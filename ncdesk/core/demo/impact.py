"""Synthetic impact data: who referred people in, a made-up place lookup for the demo's
postcodes (wards, LSOA codes and deciles invented, clearly not the official ones), and
outcome scores from some regulars, asked at their first visit and every few months after,
drifting a little better on the whole."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ncdesk.core.io.import_impact import relocate_everyone
from ncdesk.core.models import (
    Attendance,
    DropInSession,
    OutcomeScore,
    Person,
    Place,
    ReferralSource,
)
from ncdesk.core.models.impact import postcode_key
from ncdesk.core.outcomes import ASK_AGAIN_DAYS, MEASURES

SOURCE_WEIGHTS = {
    "GP": 25,
    "Social prescriber": 20,
    "Social worker": 10,
    "Self": 25,
    "Family or friend": 15,
    "Other": 5,
}
WARD_ENDINGS = ("North", "South")  # two made-up wards for each district
DECILE_WEIGHTS = (6, 8, 10, 12, 13, 13, 12, 10, 9, 7)  # a mixed Fenland-like spread
# Share of people who attended who are asked the outcome questions.
ASKED_SHARE = 0.3
MAX_ASKED = 2_000


def add_impact(s: Session, rng: random.Random, on: date, step: Callable[[int, int], None]) -> int:
    """Referral sources, places and outcome scores; returns how many scores were made."""
    _refer(s, rng)
    _places(s, rng)
    return _scores(s, rng, on, step)


def _refer(s: Session, rng: random.Random) -> None:
    sources = {name: sid for name, sid in s.execute(select(ReferralSource.name, ReferralSource.id))}
    names, weights = list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values())
    ids = list(s.scalars(select(Person.id).order_by(Person.id)))  # same seed, same data
    chosen: dict[int, list[int]] = {}
    for person_id in ids:
        if rng.random() < 0.7:
            source = sources[rng.choices(names, weights)[0]]
            chosen.setdefault(source, []).append(person_id)
    for source, people in chosen.items():
        for start in range(0, len(people), 900):
            s.execute(
                update(Person)
                .where(Person.id.in_(people[start : start + 900]))
                .values(referred_by_id=source)
            )


def _places(s: Session, rng: random.Random) -> None:
    postcodes = sorted(
        {postcode_key(p) for p in s.scalars(select(Person.postcode).distinct()) if p}
    )
    rows = []
    for i, postcode in enumerate(postcodes):
        if rng.random() < 0.05:
            continue  # a few outside the lookup, as in life
        district = postcode[:-3]
        rows.append(
            {
                "postcode": postcode,
                "ward": f"{district} {WARD_ENDINGS[int(postcode[-3]) % 2]} (demo)",
                "lsoa": f"X0{900000 + i // 12:06d}",
                "imd_decile": rng.choices(range(1, 11), DECILE_WEIGHTS)[0],
            }
        )
    if rows:
        s.execute(insert(Place), rows)
    relocate_everyone(s)


def _scores(s: Session, rng: random.Random, on: date, step: Callable[[int, int], None]) -> int:
    visits = s.execute(
        select(Attendance.person_id, func.min(DropInSession.date), func.max(DropInSession.date))
        .join(DropInSession, DropInSession.id == Attendance.session_id)
        .group_by(Attendance.person_id)
        .order_by(Attendance.person_id)
    ).all()
    asked = [v for v in visits if rng.random() < ASKED_SHARE][:MAX_ASKED]
    rows = []
    for n, (person_id, first, last) in enumerate(asked, start=1):
        base = {m.id: rng.randint(m.low, m.high) for m in MEASURES}
        day, sitting = first, 0
        while day <= min(last, on):
            for m in MEASURES:
                drift = sitting * rng.choice((0, 0, 1, 1, -1))
                better = drift if m.higher_is_better else -drift
                score = min(m.high, max(m.low, base[m.id] + better))
                rows.append(
                    {
                        "person_id": person_id,
                        "day": day,
                        "measure": m.id,
                        "score": score,
                        "wording": m.question,
                        "entered_by": "demo",
                    }
                )
            sitting += 1
            day += timedelta(days=ASK_AGAIN_DAYS + rng.randint(0, 30))
        if n % 200 == 0:
            step(n, len(asked))
    for start in range(0, len(rows), 5000):
        s.execute(insert(OutcomeScore), rows[start : start + 5000])
    step(len(asked), len(asked))
    return len(rows)
