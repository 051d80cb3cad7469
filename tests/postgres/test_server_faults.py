"""What a desk sees when the server is slow to hand over the write lock, drops its
connection or goes away: a plain message (an NcdeskError), nothing half-written, and the
next action working again once the server is back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from ncdesk.core import db as dbmod
from ncdesk.core import server
from ncdesk.core.db import open_database
from ncdesk.core.errors import DatabaseBusy, ServerUnreachable
from ncdesk.core.models import Person
from ncdesk.core.services.people import add_person, search_people
from ncdesk.core.services.person_fields import PersonDetails
from tests.pg_server import PgServer, unavailable


def people(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Person.id))) or 0


def test_a_write_waiting_too_long_for_another_desk_is_told_plainly(pg, monkeypatch):
    monkeypatch.setattr(server, "LOCK_WAIT", "300ms")
    url = pg.create("slow_desk")
    db, other = open_database(url), open_database(url)
    try:
        # The other desk is in the middle of a long write.
        with other.transaction(), pytest.raises(DatabaseBusy, match="another desk was saving"):
            add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))
        assert people(db) == 0
        add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))  # and now it can
        assert people(db) == 1
    finally:
        db.close()
        other.close()


def test_a_connection_dropped_mid_write_saves_nothing_and_the_next_action_reconnects(pg):
    url = pg.create("dropped")
    db = open_database(url)
    try:
        unreachable = pytest.raises(ServerUnreachable, match="cannot reach the database server")
        with unreachable, db.transaction() as s:
            s.add(Person(person_ref="P09999", first_name="Half", search_text="half"))
            s.flush()
            pg.terminate_connections("dropped")  # the Wi-Fi goes
            s.execute(text("SELECT 1"))
        assert people(db) == 0  # the pool makes a new connection: nothing half-written
        add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))
        assert [p.name for p in search_people(db, "ann")] == ["Ann Lee"]
    finally:
        db.close()


def test_a_server_that_went_away_is_a_plain_message_and_the_desk_carries_on_after(monkeypatch):
    """Its own server, stopped and started again under an open database."""
    monkeypatch.setattr(dbmod, "RECONNECT_WAITS", (0.1, 0.1))
    if (why := unavailable()) is not None:
        pytest.skip(why)
    own = PgServer().start()
    try:
        db = open_database(own.create("away"))
        add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))
        own.pause()
        with pytest.raises(ServerUnreachable, match="check this PC's network"):
            add_person(db, PersonDetails(first_name="Bob", last_name="Ray"))
        with pytest.raises(ServerUnreachable):
            search_people(db, "ann")
        own.resume()
        add_person(db, PersonDetails(first_name="Bob", last_name="Ray"))
        assert people(db) == 2
        db.close()
    finally:
        own.stop()
