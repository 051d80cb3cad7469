"""One desk of the two-desk tests, run as its own process: `python -m tests.postgres.desk URL
NAME START PLAN`. It waits until START (a Unix time) so both desks begin at once, then checks
everyone in, records exchanges and tries to lend every scooter, and prints what happened as
JSON: what it did and every plain refusal it was given."""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta

from ncdesk.core.db import open_database
from ncdesk.core.errors import NcdeskError
from ncdesk.core.services.desk import check_in
from ncdesk.core.services.ledger import ExchangeInput, record_exchange
from ncdesk.core.services.lending import LoanInput, lend_item


def main(url: str, name: str, start: float, plan_json: str) -> None:
    plan = json.loads(plan_json)
    db = open_database(url)
    done: dict[str, list[object]] = {"checked_in": [], "already": [], "exchanges": [],
                                      "lent": [], "refused": []}  # fmt: skip
    time.sleep(max(0.0, start - time.time()))
    order = plan["people"] if name == "a" else list(reversed(plan["people"]))
    members = plan["members"]
    scooters = plan["scooters"]
    for round_, person_id in enumerate(order):
        arrival = check_in(db, plan["session"], person_id)
        done["already" if arrival.already else "checked_in"].append(person_id)
        giver, receiver = members[round_ % len(members)], members[(round_ + 1) % len(members)]
        recorded = record_exchange(
            db, ExchangeInput(date.today(), giver, receiver, 15 + round_, None, f"desk {name}")
        )
        done["exchanges"] += recorded.ids
        if round_ < len(scooters):
            scooter = scooters[round_]
            try:
                loan = LoanInput(scooter, person_id, date.today(), date.today() + timedelta(7))
                done["lent"].append([scooter, lend_item(db, loan)])
            except NcdeskError as refused:
                done["refused"].append([scooter, str(refused)])
    db.close()
    print(json.dumps(done))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4])
