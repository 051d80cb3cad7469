"""Paths that used to lose or spoil data while reporting success: an output written over the
database, a restore under a live writer or from an empty file, a backup over anything, an
empty --db; and the known faults (locked, read-only, full disk, too new) said plainly, with
no personal data in the message. Each test reads the files' bytes before and after."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli.conftest import content, write_csv
from tests.disks import fill_up

pytestmark = pytest.mark.sqlite_only("database files and their companions, backups, full disks")

PERIOD = ("--from", "2026-01-01", "--to", "2026-11-30")
SECRET_NAME, SECRET_PHONE = "Zebedee", "07700 900999"


@pytest.fixture
def demo_db(ncdesk, tmp_path: Path) -> Path:
    db = tmp_path / "d.db"
    assert ncdesk("demo", "--db", db).code == 0
    return db


def people_file(tmp_path: Path, rows: int = 1) -> Path:
    lines = ["person_ref,first_name,last_name,phone,notes"]
    lines += [f"Y{i:05d},{SECRET_NAME},Quartermain,{SECRET_PHONE},{'x' * 200}" for i in range(rows)]
    return write_csv(tmp_path / "people.csv", "\n".join(lines) + "\n")


def assert_private(message: str) -> None:
    assert SECRET_NAME not in message and "900999" not in message


# --- outputs never land on the database ------------------------------------------------------


@pytest.mark.parametrize("flag", ["--json", "--pdf", "--xlsx"])
@pytest.mark.parametrize("companion", ["", "-wal", "-shm"])
def test_a_report_written_to_the_database_or_its_files_is_refused(
    ncdesk, demo_db: Path, flag: str, companion: str
) -> None:
    target = demo_db.with_name(demo_db.name + companion)
    target.touch()
    before = demo_db.read_bytes()
    result = ncdesk("report", "--db", demo_db, *PERIOD, flag, target)
    assert result.code == 1
    assert "the database ncdesk has open" in result.err
    assert demo_db.read_bytes() == before


def test_a_report_over_another_database_is_refused(ncdesk, demo_db: Path, tmp_path) -> None:
    other = tmp_path / "other.db"
    ncdesk("backup", "--db", demo_db, "--to", other)
    before = other.read_bytes()
    result = ncdesk("report", "--db", demo_db, *PERIOD, "--xlsx", other)
    assert result.code == 1 and "is a database" in result.err
    assert other.read_bytes() == before


def test_a_report_on_a_full_disk_leaves_no_partial_file_and_the_old_one_intact(
    ncdesk, demo_db: Path, small_disk: Path
) -> None:
    old = small_disk / "return.pdf"
    old.write_bytes(b"%PDF-1.4 last quarter's return")
    fill_up(small_disk)
    result = ncdesk("report", "--db", demo_db, *PERIOD, "--pdf", old)
    assert result.code == 1 and "the disk is full" in result.err
    assert old.read_bytes() == b"%PDF-1.4 last quarter's return"
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast", "return.pdf"]


def test_a_report_to_a_missing_folder_says_so(ncdesk, demo_db: Path, tmp_path: Path) -> None:
    result = ncdesk("report", "--db", demo_db, *PERIOD, "--json", tmp_path / "nope" / "r.json")
    assert result.code == 1
    assert f"the folder {tmp_path / 'nope'} does not exist" in result.err


def test_a_report_reaching_the_end_of_the_calendar_is_written(ncdesk, demo_db, tmp_path) -> None:
    out = tmp_path / "far.pdf"
    result = ncdesk("report", "--db", demo_db, "--from", "9999-01-01", "--to", "9999-12-31",
                    "--pdf", out)  # fmt: skip
    assert result.code == 0 and out.read_bytes().startswith(b"%PDF")


# --- restore ---------------------------------------------------------------------------------

HOLD_OPEN = textwrap.dedent(
    """
    import sys
    from ncdesk.core.db import open_database
    from ncdesk.core.services.people import add_person
    from ncdesk.core.services.person_fields import PersonDetails
    db = open_database(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()
    add_person(db, PersonDetails(first_name="Written", last_name="Meanwhile"), allow_duplicate=True)
    db.close()
    print("written", flush=True)
    """
)


def test_restore_is_refused_while_another_ncdesk_has_the_database_open(
    ncdesk, demo_db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.db"
    ncdesk("backup", "--db", demo_db, "--to", backup)
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(demo_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "open"
        result = ncdesk("restore", "--db", demo_db, "--from", backup)
        assert result.code == 1
        assert "another ncdesk (a window or a command) has" in result.err
        assert "nothing was changed" in result.err
        other.communicate("go\n", timeout=60)
    finally:
        other.kill()
    assert other.returncode == 0
    assert "Meanwhile" in content(demo_db)  # the other desk's work stands
    assert not list(tmp_path.glob("d.before-restore-*"))


def test_restore_under_another_program_writing_waits_then_refuses(
    ncdesk, demo_db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "b.db"
    ncdesk("backup", "--db", demo_db, "--to", backup)
    writer = sqlite3.connect(demo_db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE setting SET value = 'mid-write' WHERE key = 'organisation_name'")
    try:
        result = ncdesk("restore", "--db", demo_db, "--from", backup)
        writer.commit()
    finally:
        writer.close()
    assert result.code == 1 and "try again when it has finished" in result.err
    assert "mid-write" in content(demo_db)


@pytest.mark.parametrize("kind", ["empty", "header only", "another program's database"])
def test_restore_from_something_that_is_not_a_whole_ncdesk_database_is_refused(
    ncdesk, demo_db: Path, tmp_path: Path, kind: str
) -> None:
    source = tmp_path / "source.db"
    if kind == "empty":
        source.touch()
    elif kind == "header only":
        source.write_bytes(demo_db.read_bytes()[:100])
    else:
        other = sqlite3.connect(source)
        other.execute("CREATE TABLE notes (text)")
        other.commit()
        other.close()
    before = content(demo_db)
    result = ncdesk("restore", "--db", demo_db, "--from", source)
    assert result.code == 1 and "not a complete ncdesk database" in result.err
    assert content(demo_db) == before
    assert not list(tmp_path.glob("d.before-restore-*"))


# --- backup targets --------------------------------------------------------------------------


def test_backup_over_a_file_that_is_not_a_backup_is_refused(ncdesk, demo_db, tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    result = ncdesk("backup", "--db", demo_db, "--to", notes)
    assert result.code == 1 and "is not an ncdesk backup" in result.err
    assert notes.read_text() == "my notes"


def test_backup_never_writes_onto_a_device(ncdesk, demo_db: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks-like-a-file.db"
    link.symlink_to("/dev/null")
    for target in (Path("/dev/null"), link):
        result = ncdesk("backup", "--db", demo_db, "--to", target)
        assert result.code == 1 and "not a regular file" in result.err
    assert link.is_symlink()


def test_an_older_backup_is_replaced_only_with_force(ncdesk, demo_db, tmp_path) -> None:
    target = tmp_path / "b.db"
    ncdesk("backup", "--db", demo_db, "--to", target)
    old = target.read_bytes()
    ncdesk("import", "people", people_file(tmp_path), "--db", demo_db)
    result = ncdesk("backup", "--db", demo_db, "--to", target)
    assert result.code == 1 and "add --force" in result.err
    assert target.read_bytes() == old
    assert ncdesk("backup", "--db", demo_db, "--to", target, "--force").code == 0
    assert SECRET_NAME in content(target)


# --- --db and demo ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["demo"],
        ["check"],
        ["import", "people", "x.csv"],
        ["report", *PERIOD],
        ["backup", "--to", "b"],
    ],
)
def test_an_empty_db_value_is_a_usage_mistake(ncdesk, command, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    result = ncdesk(*command, "--db", "")
    assert result.code == 2 and "--db" in result.err
    assert not (tmp_path / "home").exists()


def test_demo_never_fills_a_database_that_holds_records(ncdesk, tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    ncdesk("import", "people", people_file(tmp_path), "--db", db)
    db_url = f"sqlite:///{db}"  # a URL gets past the file-exists check; the data check holds
    before = content(db)
    result = ncdesk("demo", "--db", db_url)
    assert result.code == 1 and "already holds records" in result.err
    assert content(db) == before


def test_an_unknown_url_scheme_is_a_usage_mistake(ncdesk) -> None:
    result = ncdesk("check", "--db", "mysqlx://somewhere/ncdesk")
    assert result.code == 2 and "does not know the database kind 'mysqlx'" in result.err


# --- known faults, said plainly and privately ------------------------------------------------


def test_an_import_while_another_program_writes_says_so_without_personal_data(
    ncdesk, demo_db: Path, tmp_path: Path
) -> None:
    people = people_file(tmp_path)
    writer = sqlite3.connect(demo_db)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = ncdesk("import", "people", people, "--db", demo_db)
    finally:
        writer.rollback()
        writer.close()
    assert result.code == 1
    assert "another ncdesk is writing to this database; try again" in result.err
    assert_private(result.err)


def test_an_import_onto_a_full_disk_changes_nothing_and_says_so(
    ncdesk, demo_db: Path, tmp_path: Path, small_disk: Path
) -> None:
    db = small_disk / "d.db"
    db.write_bytes(demo_db.read_bytes())
    before = db.read_bytes()
    result = ncdesk("import", "people", people_file(tmp_path, rows=5000), "--db", db)
    assert result.code == 1 and "the disk is full: nothing was changed" in result.err
    assert_private(result.err)
    assert db.read_bytes() == before
    assert ncdesk("check", "--db", db).code == 0


def test_a_database_in_a_read_only_folder_is_refused_plainly_and_checks_healthy(
    ncdesk, demo_db: Path, tmp_path: Path, read_only_folder
) -> None:
    folder, make_read_only = read_only_folder
    db = folder / "d.db"
    db.write_bytes(demo_db.read_bytes())
    make_read_only()
    result = ncdesk("import", "people", people_file(tmp_path), "--db", db)
    assert result.code == 1 and f"ncdesk cannot write to {folder}" in result.err
    checked = ncdesk("check", "--db", db)
    assert checked.code == 0 and "Integrity: ok" in checked.out
    assert "DAMAGED" not in checked.out


def test_a_database_from_a_newer_ncdesk_is_not_called_damaged(ncdesk, demo_db: Path) -> None:
    raw = sqlite3.connect(demo_db)
    raw.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    raw.commit()
    raw.close()
    result = ncdesk("check", "--db", demo_db)
    assert result.code == 1
    assert "newer version of ncdesk" in result.out and "DAMAGED" not in result.out
