"""Every Alembic revision runs on PostgreSQL, one at a time from an empty database: the
batch operations, the lists seeded with their ids (whose sequences must move past them),
and 0007's back-filling of the audit hash chain over entries written before it."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from ncdesk.core import db as dbmod
from ncdesk.core.models import Base
from ncdesk.core.security.audit import first_break

OLD_ENTRIES = [
    (datetime(2025, 1, 2, 9, 30, 0, 123456), "desk (local)", "create", "person", 1, "P00001"),
    (datetime(2025, 1, 2, 9, 31, 5, 1), "desk (local)", "update", "person", 1, "phone"),
    (datetime(2025, 2, 3, 14, 0), "desk (local)", "export", "people", None, ""),
]


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(dbmod._alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_each_revision_upgrades_a_server_database_in_turn(pg):
    engine = create_engine(pg.create_blank("each_revision"))
    try:
        for revision in revisions():
            with engine.begin() as conn:
                command.upgrade(dbmod._alembic_config(conn), revision)
                if revision == "0001":
                    conn.execute(
                        text(
                            "INSERT INTO audit_event (at, actor, action, entity, entity_id, "
                            "detail) VALUES (:at, :actor, :action, :entity, :id, :detail)"
                        ),
                        [dict(zip(("at", "actor", "action", "entity", "id", "detail"), e,
                                  strict=True)) for e in OLD_ENTRIES],
                    )  # fmt: skip
                if revision == "0004":  # a list seeded with ids still takes a new entry
                    conn.execute(text("INSERT INTO equipment_category (name) VALUES ('Hoists')"))
            with engine.connect() as conn:
                assert MigrationContext.configure(conn).get_current_revision() == revision
        with Session(engine) as s:
            hashes = s.execute(text("SELECT prev_hash, hash FROM audit_event ORDER BY id")).all()
            assert len(hashes) == len(OLD_ENTRIES) and all(h for _, h in hashes)
            assert [p for p, _ in hashes[1:]] == [h for _, h in hashes[:-1]]
            assert first_break(s) is None
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        engine.dispose()


def test_opening_a_new_server_database_brings_it_to_the_head_with_sequences_in_step(pg):
    url = pg.create_blank("opened")
    dbmod.open_database(url).close()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            new = conn.execute(
                text("INSERT INTO equipment_category (name) VALUES ('Hoists') RETURNING id")
            ).scalar()
            assert new == 4  # after the three seeded with their ids
    finally:
        engine.dispose()
