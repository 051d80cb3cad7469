"""Two desks on one PostgreSQL server at the same moment: two PROCESSES (tests/postgres/desk.py)
check the same people in, record exchanges between the same members and try to lend the same
scooters, then the database is checked: no write lost, no one checked in twice, no scooter
lent twice, the ledger adding up to zero, and one unbroken audit chain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ncdesk.core.db import open_database
from ncdesk.core.models import Attendance, AuditEvent, Exchange, Loan
from ncdesk.core.security.audit import first_break
from ncdesk.core.services.activities import ActivityInput, open_session_id, save_activity
from ncdesk.core.services.equipment import ItemInput, save_item
from ncdesk.core.services.people import add_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.timebank_accounts import balances, join_member

ROOT = Path(__file__).resolve().parents[2]
PEOPLE, MEMBERS, SCOOTERS = 30, 6, 12


@pytest.fixture
def shared(pg):
    """A server database with a session today, people, members and scooters."""
    url = pg.create("two_desks")
    db = open_database(url)
    people = [
        add_person(db, PersonDetails(first_name=f"Desk{i}", last_name="Tester"),
                   allow_duplicate=True).id
        for i in range(PEOPLE)
    ]  # fmt: skip
    activity = save_activity(db, ActivityInput("Two-desk drop-in", weekday=date.today().weekday()))
    session = open_session_id(db, activity.id, date.today())
    members = [join_member(db, p, date(2026, 1, 1)).id for p in people[:MEMBERS]]
    scooters = [
        save_item(db, ItemInput(f"SC{i:02}", f"Scooter {i}", category="Test scooters"))
        for i in range(SCOOTERS)
    ]
    db.close()
    plan = {"people": people, "session": session, "members": members, "scooters": scooters}
    yield url, plan
    pg.drop("two_desks")


def run_two_desks(url: str, plan: dict[str, object]) -> list[dict[str, list]]:
    start = time.time() + 3  # both processes are importing by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    desks = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.postgres.desk", url, name, str(start), json.dumps(plan)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("a", "b")
    ]  # fmt: skip
    results = []
    for desk in desks:
        out, err = desk.communicate(timeout=240)
        assert desk.returncode == 0, err
        assert "Traceback" not in err
        results.append(json.loads(out))
    return results


def test_two_desks_at_once_lose_nothing_double_nothing_and_keep_the_ledger_at_zero(shared):
    url, plan = shared
    a, b = run_two_desks(url, plan)
    db = open_database(url)
    try:
        with db.session() as s:
            arrivals = s.execute(
                select(Attendance.person_id).where(Attendance.session_id == plan["session"])
            ).scalars().all()  # fmt: skip
            exchanges = set(s.scalars(select(Exchange.id)))
            open_loans = s.execute(
                select(Loan.item_id, Loan.id).where(Loan.returned.is_(None))
            ).all()  # fmt: skip
            chain = s.execute(select(AuditEvent.prev_hash)).scalars().all()
            broken = first_break(s)
            total = s.scalar(select(func.sum(Exchange.minutes)))
        ledger = balances(db)
    finally:
        db.close()

    # Everyone checked in exactly once, by one desk; the other was told they were already in.
    assert Counter(arrivals) == Counter(plan["people"])
    assert sorted(a["checked_in"] + b["checked_in"]) == sorted(plan["people"])
    assert len(a["already"]) + len(b["already"]) == PEOPLE
    # Every exchange either desk was told it recorded is there, and nothing else.
    assert exchanges == set(a["exchanges"]) | set(b["exchanges"])
    assert len(exchanges) == 2 * PEOPLE and total
    assert sum(ledger.values()) == 0
    # Each scooter went out once; the other desk got a plain refusal naming it as out.
    lent = [scooter for scooter, _loan in a["lent"] + b["lent"]]
    assert sorted(lent) == sorted(plan["scooters"])
    assert sorted(item for item, _ in open_loans) == sorted(plan["scooters"])
    refused = a["refused"] + b["refused"]
    assert len(refused) == SCOOTERS
    assert all("Traceback" not in why and why for _scooter, why in refused)
    # One chain: no two entries follow the same one, and every entry still fits.
    assert broken is None
    assert len(chain) == len(set(chain))
