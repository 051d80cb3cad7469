"""Synthetic demo data at two scales (DESIGN §7), for trying ncdesk, screenshots, tests and
benchmarks. Everything is made up; see each part's module for how."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.errors import NcdeskError
from ncdesk.core.models import Activity, Exchange, Grant, Item, Person
from ncdesk.core.server import sequences_in_step
from ncdesk.core.services.settings import OrgSettings, save_settings

from .dropin import add_dropin
from .impact import add_impact
from .loans import add_loans
from .people import add_people
from .timebank import add_timebank

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    years: int
    activities: int
    per_session: int  # mean registered attendances per drop-in session
    members: int
    exchanges: int
    items: int
    loans: int


SCALES = {
    # A village scheme: ~150 people, a year of weekly drop-ins, 40 timebank members, 12 items.
    "small": Scale(
        "small",
        people=150,
        years=1,
        activities=2,
        per_session=14,
        members=40,
        exchanges=400,
        items=12,
        loans=120,
    ),
    # 20,000 people, 40 weekly drop-ins over 5 years (about 500,000 attendances), 5,000
    # timebank members with 200,000 exchanges, 2,000 items with 50,000 loans.
    "large": Scale(
        "large",
        people=20_000,
        years=5,
        activities=40,
        per_session=57,
        members=5_000,
        exchanges=200_000,
        items=2_000,
        loans=50_000,
    ),
}


class DemoCancelled(NcdeskError):
    """The user stopped the demo data before it was finished; nothing was written."""


# What a database in use holds (the lists every new database starts with do not count).
_RECORDS = (Person, Activity, Item, Exchange, Grant)


def fill_demo(
    db: Database,
    scale: str = "small",
    seed: int = 1,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    on: date | None = None,
) -> dict[str, int]:
    """Fill an empty database with synthetic records, in one transaction. Returns counts."""
    spec = SCALES[scale]
    on = on or date.today()
    rng = random.Random(seed)
    from faker import Faker  # slow to import (it lists every locale): only to make demo data

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    report = progress or (lambda _step, _done, _total: None)

    def step(name: str) -> Callable[..., None]:
        def tick(done: int, total: int | None = None) -> None:
            if cancelled and cancelled():
                raise DemoCancelled("Demo data was cancelled; nothing was written.")
            report(name, done, total or spec.people)

        return tick

    with db.transaction() as s:
        if any(s.scalar(select(func.count()).select_from(m)) for m in _RECORDS):
            raise NcdeskError(
                "This database already holds records; demo data goes into a new, empty one."
            )
        add_people(s, rng, fake, spec.people, on, step("people"))
        attendances = add_dropin(
            s,
            rng,
            spec.people,
            on,
            activities=spec.activities,
            years=spec.years,
            per_session=spec.per_session,
            step=step("drop-in sessions"),
        )
        exchanges = add_timebank(
            s,
            rng,
            spec.people,
            on,
            members=spec.members,
            exchanges=spec.exchanges,
            years=spec.years,
            step=step("timebank exchanges"),
        )
        loans = add_loans(
            s,
            rng,
            spec.people,
            on,
            items=spec.items,
            loans=spec.loans,
            years=spec.years,
            step=step("equipment loans"),
        )
        scores = add_impact(s, rng, on, step("outcome scores"))
        sequences_in_step(s.connection())  # attendances went in with their ids
    save_settings(db, OrgSettings(organisation_name="Fenland Village Care (demo)"))
    db.optimise()
    return {
        "people": spec.people,
        "attendances": attendances,
        "timebank exchanges": exchanges,
        "loans": loans,
        "outcome scores": scores,
    }
