"""Finding, opening and guarding the database file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from ncdesk.core import db as dbmod
from ncdesk.core import db_location
from ncdesk.core.cipher import connect
from ncdesk.core.db import integrity_problems, open_database, resolve_url
from ncdesk.core.errors import DatabaseError, DatabaseTooNew, NotAnNcdeskDatabase
from ncdesk.core.models import Person
from ncdesk.core.services.people import add_person
from ncdesk.core.services.person_fields import PersonDetails


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's bytes and what else lies next to it (a -wal or -shm would be a change too)."""
    siblings = sorted(p.name for p in path.parent.iterdir() if p != path)
    return hashlib.sha256(path.read_bytes()).hexdigest(), siblings


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(db_location.ENV_VAR, raising=False)


@pytest.fixture
def user_data(monkeypatch, tmp_path, no_env) -> Path:
    """The per-user data folder, pointed at a temporary one."""
    folder = tmp_path / "user-data" / "ncdesk"
    monkeypatch.setattr(db_location.platformdirs, "user_data_path", lambda *a, **k: folder)
    return folder


# --- where the database is ---------------------------------------------------------------------


def test_the_default_database_lives_in_the_user_data_folder(user_data):
    assert resolve_url() == f"sqlite:///{user_data / 'ncdesk.db'}"


def test_opening_the_default_database_creates_its_folder(user_data):
    db = open_database()
    db.close()
    assert (user_data / "ncdesk.db").is_file()


def test_the_ncdesk_db_variable_chooses_the_database(monkeypatch, tmp_path, user_data):
    monkeypatch.setenv("NCDESK_DB", str(tmp_path / "from-env.db"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'from-env.db'}"


def test_a_path_given_on_the_command_line_wins_over_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("NCDESK_DB", str(tmp_path / "from-env.db"))
    assert resolve_url(tmp_path / "given.db") == f"sqlite:///{tmp_path / 'given.db'}"


def test_a_relative_path_is_made_absolute(monkeypatch, tmp_path, no_env):
    monkeypatch.chdir(tmp_path)
    assert resolve_url("desk.db") == f"sqlite:///{tmp_path.resolve() / 'desk.db'}"


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://desk@server/ncdesk", "sqlite:////srv/shared/ncdesk.db"]
)
def test_a_database_url_is_used_as_given(url, no_env):
    assert resolve_url(url) == url


def test_opening_a_missing_file_without_create_is_refused_and_creates_nothing(tmp_path):
    with pytest.raises(DatabaseError, match="There is no database"):
        open_database(tmp_path / "missing.db", create=False)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_given_as_the_database_is_refused_plainly(tmp_path):
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(tmp_path)


# --- connections ---------------------------------------------------------------------------------


@pytest.mark.sqlite_only("SQLite's pragmas")
def test_every_connection_uses_wal_foreign_keys_and_waits_when_busy(db):
    with db.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "synchronous": 1,
    }


def test_a_broken_link_between_records_is_refused(db):
    with pytest.raises(IntegrityError, match="(?i)foreign key"), db.transaction() as s:
        s.add(Person(person_ref="P00001", first_name="A", search_text="a", merged_into_id=999))


def test_a_new_database_is_at_the_current_schema_version(db):
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert stored == dbmod.head_revision()


# --- refusing files that are not ours ---------------------------------------------------------


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "accounts.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER)")
        conn.execute("INSERT INTO ledger (amount) VALUES (12)")
    conn.close()
    before = fingerprint(path)
    with pytest.raises(NotAnNcdeskDatabase, match="not an ncdesk database"):
        open_database(path)
    assert fingerprint(path) == before


def test_a_file_of_random_bytes_is_refused_with_a_plain_message_and_left_untouched(tmp_path):
    path = tmp_path / "photo.db"
    path.write_bytes(os.urandom(8192))
    before = fingerprint(path)
    with pytest.raises(DatabaseError) as refused:
        open_database(path)
    message = str(refused.value)
    assert "not an ncdesk database" in message and str(path) in message
    assert "Traceback" not in message and "sqlite3" not in message
    assert fingerprint(path) == before


def _stamp_future(path: Path, journal_mode: str) -> None:
    db = open_database(path)
    add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    conn.commit()
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.close()


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path, journal_mode):
    # "delete" is how backup copies are written, so a restored backup looks like this.
    path = tmp_path / "newer.db"
    _stamp_future(path, journal_mode)
    before = fingerprint(path)
    with pytest.raises(DatabaseTooNew, match="newer version of ncdesk"):
        open_database(path)
    assert fingerprint(path) == before


# --- transactions and integrity ----------------------------------------------------------------


def test_an_action_that_fails_part_way_leaves_nothing_written(db):
    with pytest.raises(RuntimeError), db.transaction() as s:
        s.add(Person(person_ref="P00001", first_name="Ann", search_text="ann"))
        s.flush()
        raise RuntimeError("power cut")
    with db.session() as s:
        assert s.scalar(select(func.count(Person.id))) == 0


def test_a_sound_file_has_no_integrity_problems(db):
    add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))
    assert integrity_problems(db.engine) == []


@pytest.mark.sqlite_only("breaks a link through a bare connection to the file")
def test_a_broken_link_shows_up_as_an_integrity_problem(db, db_path):
    add_person(db, PersonDetails(first_name="Ann", last_name="Lee"))
    conn = connect(db_path, db.key)  # a bare connection: foreign keys are off by default
    conn.execute("UPDATE person SET merged_into_id = 999")
    conn.commit()
    conn.close()
    assert integrity_problems(db.engine) == ["broken link in table person row 1 to person"]
