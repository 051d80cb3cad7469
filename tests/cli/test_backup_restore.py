"""`ncdesk backup` and `ncdesk restore`: checked copies, and nothing lost on the way back."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncdesk.core.db import open_database
from ncdesk.core.services.people import add_person, search_people
from ncdesk.core.services.person_fields import PersonDetails
from tests.cli.conftest import content

pytestmark = pytest.mark.sqlite_only("backup and restore copy database files (a server: pg_dump)")


def test_backup_is_a_checked_copy_taken_while_the_database_is_open(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    db = open_database(db_file)  # a desk still has it open
    add_person(db, PersonDetails(first_name="Late", last_name="Arrival"))
    result = ncdesk("backup", "--db", db_file, "--to", tmp_path / "b.db")
    db.close()
    assert result.code == 0 and "checked" in result.out
    assert content(tmp_path / "b.db") == content(db_file)


def test_restore_keeps_the_current_database_aside(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    ncdesk("backup", "--db", db_file, "--to", tmp_path / "b.db")
    db = open_database(db_file)
    add_person(db, PersonDetails(first_name="After", last_name="Backup"))
    db.close()
    result = ncdesk("restore", "--db", db_file, "--from", tmp_path / "b.db")
    assert result.code == 0
    [kept] = list(tmp_path.glob("d.before-restore-*.db"))
    db = open_database(db_file)
    assert not search_people(db, "after backup")
    db.close()
    old = open_database(kept)
    assert search_people(old, "after backup")
    old.close()


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    before = content(db_file)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 2000)
    result = ncdesk("restore", "--db", db_file, "--from", bad)
    assert result.code == 1
    assert content(db_file) == before
    assert not list(tmp_path.glob("d.before-restore-*"))


def test_backup_to_the_database_itself_is_refused(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    assert ncdesk("backup", "--db", db_file, "--to", db_file).code == 1


def test_backup_to_a_new_folder_makes_it_and_names_the_file_by_date(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    result = ncdesk("backup", "--db", db_file, "--to", f"{tmp_path}/backups/")
    assert result.code == 0
    [made] = list((tmp_path / "backups").glob("d-backup-*.db"))
    assert content(made) == content(db_file)
