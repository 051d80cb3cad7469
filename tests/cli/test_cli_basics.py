"""`ncdesk --version`, `demo` and `check` as DESIGN §5 describes them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ncdesk import __version__
from ncdesk.core.db import head_revision
from ncdesk.core.services.people import search_people
from tests.databases import reopen, url_of


def test_version_is_printed_by_the_installed_entry_point():
    run = subprocess.run(
        [sys.executable, "-m", "ncdesk", "--version"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0
    assert run.stdout.strip() == f"ncdesk {__version__}"


def test_demo_creates_a_small_searchable_database(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    result = ncdesk("demo", "--db", db_file, "--scale", "small")
    assert result.code == 0
    assert "150 people" in result.out
    db = reopen(db_file)
    try:
        assert len(search_people(db, "a", limit=500)) > 100
    finally:
        db.close()


def test_demo_with_the_same_seed_makes_the_same_people(ncdesk, tmp_path: Path):
    names = []
    for name in ("a.db", "b.db"):
        assert ncdesk("demo", "--db", tmp_path / name, "--seed", "7").code == 0
        db = reopen(tmp_path / name)
        names.append([p.name for p in search_people(db, "s", limit=20)])
        db.close()
    assert names[0] == names[1]


@pytest.mark.sqlite_only("compares the file's bytes")
def test_demo_refuses_to_overwrite_an_existing_database(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    assert ncdesk("demo", "--db", db_file).code == 0
    before = db_file.read_bytes()
    result = ncdesk("demo", "--db", db_file)
    assert result.code == 1
    assert "already exists" in result.err
    assert db_file.read_bytes() == before


def test_check_reports_schema_and_integrity_of_a_good_database(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    result = ncdesk("check", "--db", db_file)
    assert result.code == 0
    assert f"Schema version: {head_revision()} (current)" in result.out
    assert "Integrity: ok" in result.out


@pytest.mark.sqlite_only("damages the file")
def test_check_fails_on_a_damaged_file_without_changing_it(ncdesk, tmp_path: Path):
    db_file = tmp_path / "d.db"
    ncdesk("demo", "--db", db_file)
    data = bytearray(db_file.read_bytes())
    data[4096 : 4096 + 2000] = b"\x07" * 2000  # scribble over the second page
    db_file.write_bytes(bytes(data))
    result = ncdesk("check", "--db", db_file)
    assert result.code == 1
    assert "DAMAGED" in result.out
    assert db_file.read_bytes() == bytes(data)


@pytest.mark.sqlite_only("a file that is not a database")
def test_check_on_a_file_that_is_not_a_database_says_so(ncdesk, tmp_path: Path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("shopping list: tea, milk\n" * 100)
    result = ncdesk("check", "--db", bogus)
    assert result.code == 1
    assert "not an ncdesk database" in result.out


@pytest.mark.sqlite_only("a missing file")
def test_check_on_a_missing_file_is_refused_plainly(ncdesk, tmp_path: Path):
    result = ncdesk("check", "--db", tmp_path / "nowhere.db")
    assert result.code == 1
    assert "There is no database" in result.err


@pytest.mark.sqlite_only("a folder given as the file")
def test_check_and_backup_of_a_folder_say_it_is_a_folder(ncdesk, tmp_path: Path):
    folder = tmp_path / "Documents"
    folder.mkdir()
    for command in (("check",), ("backup", "--to", str(tmp_path / "copy.db"))):
        result = ncdesk(*command, "--db", folder)
        assert result.code == 1
        assert f"{folder} is a folder, not a database file." in result.err
    assert list(tmp_path.iterdir()) == [folder]


def test_db_may_come_from_the_environment(ncdesk, tmp_path: Path, monkeypatch):
    db_file = tmp_path / "env.db"
    monkeypatch.setenv("NCDESK_DB", url_of(db_file))
    ncdesk("demo", "--db", db_file)
    assert ncdesk("check").code == 0
