"""Make `ncdesk-schema-0001.db`: a database as ncdesk's first schema (migration 0001) left it.

The migration tests open a copy of it with today's code and check that everything survives the
upgrade. Run from the repository root, once; the file is committed and must not be remade after
later migrations exist, since it stands for what version 0001 wrote:

    .venv/bin/python tests/data/make_schema_0001_db.py

Only migration 0001 is run (not `open_database`, which would go on to the newest schema). The
rows are written with plain SQL in the columns 0001 had, with the search text 0001's code gave
them, so later changes to the models cannot leak in. All people are made up; the phone
number is from Ofcom's drama range. Finally the WAL is folded in and the journal switched back
to DELETE, so the file stands alone (no -wal or -shm beside it).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

TARGET = Path(__file__).with_name("ncdesk-schema-0001.db")
MIGRATIONS = Path(__file__).resolve().parents[2] / "ncdesk" / "migrations"
T = "2025-01-06 10:15:00.000000"  # how SQLAlchemy stored instants (naive UTC) in 0001

PEOPLE = [
    {
        "id": 1,
        "person_ref": "P00001",
        "first_name": "Mary",
        "last_name": "Smith",
        "known_as": "",
        "date_of_birth": "1944-03-12",
        "gender": "female",
        "postcode": "CB7 5AB",
        "phone": "07700 900123",
        "email": "mary.smith@example.org",
        "disability": 1,
        "consent_contact": 1,
        "consent_date": "2025-01-06",
        "notes": "Uses a walker",
        "archived": 0,
        "merged_into_id": None,
        "search_text": "mary smith p00001 cb7 5ab cb75ab 07700900123",
        "last_seen_at": "2025-01-13 10:30:00.000000",
    },
    {
        "id": 2,
        "person_ref": "P00002",
        "first_name": "Zoë",
        "last_name": "O'Neill",
        "known_as": "Zo",
        "date_of_birth": "1958-11-30",
        "gender": "female",
        "postcode": "PE15 8QZ",
        "phone": None,
        "email": None,
        "disability": 0,
        "consent_contact": 0,
        "consent_date": "2025-01-06",
        "notes": "",
        "archived": 0,
        "merged_into_id": None,
        "search_text": "zoe o neill zo p00002 pe15 8qz pe158qz oneill",
        "last_seen_at": None,
    },
    {  # a duplicate of P00001, merged into it and archived
        "id": 3,
        "person_ref": "P00003",
        "first_name": "Mary",
        "last_name": "Smyth",
        "known_as": "",
        "date_of_birth": None,
        "gender": None,
        "postcode": "CB7",
        "phone": None,
        "email": None,
        "disability": None,
        "consent_contact": None,
        "consent_date": None,
        "notes": "Came once with her neighbour",
        "archived": 1,
        "merged_into_id": 1,
        "search_text": "mary smyth p00003 cb7 cb7",
        "last_seen_at": None,
    },
]


def main() -> None:
    if TARGET.exists():
        sys.exit(f"{TARGET} exists; it stands for schema 0001 and is not remade.")
    engine = create_engine(f"sqlite:///{TARGET}")
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()

    conn = sqlite3.connect(TARGET)
    conn.execute("PRAGMA journal_mode=WAL")  # as ncdesk 0001 ran it
    with conn:
        columns = [*PEOPLE[0], "created_at", "updated_at", "version"]
        conn.executemany(
            f"INSERT INTO person ({', '.join(columns)})"
            f" VALUES ({', '.join(':' + c for c in columns)})",
            [{**person, "created_at": T, "updated_at": T, "version": 1} for person in PEOPLE],
        )
        conn.execute("INSERT INTO ref_counter (prefix, last_value) VALUES ('P', 3)")
        conn.execute(
            "INSERT INTO setting (key, value) VALUES ('organisation_name', 'Soham Drop-in')"
        )
        conn.executemany(
            "INSERT INTO audit_event (at, actor, action, entity, entity_id, detail)"
            " VALUES (?, 'volunteer (local)', ?, 'person', ?, ?)",
            [
                (T, "create", 1, "P00001"),
                (T, "create", 2, "P00002"),
                (T, "create", 3, "P00003"),
                (T, "merge", 1, "P00003 merged into P00001; 0 records moved"),
            ],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
