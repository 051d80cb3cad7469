"""Signing in from the command line (DESIGN §5): --user / NCDESK_USER with NCDESK_PASSWORD,
the user, encrypt, recover and audit commands, refusals that say which role may, and a
tampered audit trail found by `check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ncdesk.core.db import resolve_url
from tests.cli.conftest import write_csv
from tests.databases import url_of

ADMIN_PW, COORD_PW, VOL_PW = "admin's long phrase", "coordinator phrase", "volunteer phrase"
PERIOD = ("--from", "2026-01-01", "--to", "2026-11-30")


@pytest.fixture
def accounts_db(ncdesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo database with an admin, a coordinator and a volunteer."""
    db = tmp_path / "d.db"
    assert ncdesk("demo", "--db", db).code == 0
    monkeypatch.setenv("NCDESK_NEW_PASSWORD", ADMIN_PW)
    assert ncdesk("user", "add", "ada", "--role", "admin", "--db", db).code == 0  # the first
    monkeypatch.setenv("NCDESK_PASSWORD", ADMIN_PW)
    for login, role, password in (("cody", "coordinator", COORD_PW), ("vic", "volunteer", VOL_PW)):
        monkeypatch.setenv("NCDESK_NEW_PASSWORD", password)
        made = ncdesk("user", "add", login, "--role", role, "--db", db, "--user", "ada")
        assert made.code == 0, made.err
    monkeypatch.delenv("NCDESK_PASSWORD")
    monkeypatch.delenv("NCDESK_NEW_PASSWORD")
    return db


def as_user(monkeypatch: pytest.MonkeyPatch, login: str, password: str) -> None:
    monkeypatch.setenv("NCDESK_USER", login)
    monkeypatch.setenv("NCDESK_PASSWORD", password)


def test_the_first_user_must_be_an_admin_and_needs_no_login(ncdesk, tmp_path, monkeypatch):
    db = tmp_path / "d.db"
    ncdesk("demo", "--db", db)
    monkeypatch.setenv("NCDESK_NEW_PASSWORD", VOL_PW)
    refused = ncdesk("user", "add", "vic", "--role", "volunteer", "--db", db)
    assert refused.code == 1 and "first account must be an admin" in refused.err


def test_once_there_are_accounts_every_command_needs_a_user(ncdesk, accounts_db, tmp_path):
    result = ncdesk("report", "--db", accounts_db, *PERIOD)
    assert result.code == 1
    assert "has user accounts" in result.err and "--user LOGIN" in result.err


def test_a_wrong_password_is_refused_plainly(ncdesk, accounts_db, monkeypatch):
    as_user(monkeypatch, "cody", "not it at all")
    result = ncdesk("report", "--db", accounts_db, *PERIOD)
    assert result.code == 1 and "The login or password is not right." in result.err


def test_a_volunteer_is_refused_reports_imports_and_backups_with_who_may(
    ncdesk, accounts_db, tmp_path, monkeypatch
):
    as_user(monkeypatch, "vic", VOL_PW)
    people = write_csv(tmp_path / "p.csv", "person_ref,first_name\nX1,Tamsin\n")
    for command in (
        ("report", "--db", accounts_db, *PERIOD),
        ("import", "people", people, "--db", accounts_db),
        ("backup", "--db", accounts_db, "--to", tmp_path / "b.db"),
    ):
        result = ncdesk(*command)
        assert result.code == 1, command
        assert "Only a coordinator or an admin may" in result.err
        assert "vic is signed in as a volunteer" in result.err
    assert not (tmp_path / "b.db").exists()


def test_a_coordinator_may_report_but_not_manage_users(ncdesk, accounts_db, monkeypatch):
    as_user(monkeypatch, "cody", COORD_PW)
    assert ncdesk("report", "--db", accounts_db, *PERIOD).code == 0
    listed = ncdesk("user", "list", "--db", accounts_db)
    assert listed.code == 1 and "Only an admin may" in listed.err


def test_users_are_listed_disabled_and_given_new_passwords(ncdesk, accounts_db, monkeypatch):
    as_user(monkeypatch, "ada", ADMIN_PW)
    listed = ncdesk("user", "list", "--db", accounts_db)
    assert [line.split("\t")[:3] for line in listed.out.splitlines()] == [
        ["ada", "admin", "active"],
        ["cody", "coordinator", "active"],
        ["vic", "volunteer", "active"],
    ]
    assert ncdesk("user", "disable", "vic", "--db", accounts_db).code == 0
    as_user(monkeypatch, "vic", VOL_PW)
    refused = ncdesk("report", "--db", accounts_db, *PERIOD)
    assert refused.code == 1 and "has been disabled" in refused.err
    as_user(monkeypatch, "ada", ADMIN_PW)
    monkeypatch.setenv("NCDESK_NEW_PASSWORD", "vic's fresh phrase")
    assert ncdesk("user", "password", "vic", "--db", accounts_db).code == 0
    as_user(monkeypatch, "vic", "vic's fresh phrase")
    assert ncdesk("check", "--db", accounts_db).code == 0


@pytest.mark.sqlite_only("encryption is for database files")
def test_encrypt_then_recover_with_the_printed_key(ncdesk, accounts_db, tmp_path, monkeypatch):
    as_user(monkeypatch, "ada", ADMIN_PW)
    pdf = tmp_path / "recovery.pdf"
    done = ncdesk("encrypt", "--db", accounts_db, "--recovery-key-out", pdf)
    assert done.code == 0, done.err
    assert "cody, vic" in done.out  # they need new passwords to open the encrypted file
    assert b"Tamsin" not in accounts_db.read_bytes()
    assert ncdesk("report", "--db", accounts_db, *PERIOD).code == 0

    monkeypatch.setenv("NCDESK_NEW_PASSWORD", "remembered at last")
    recovered = ncdesk("recover", "--db", accounts_db, "--recovery-key", pdf, "--login", "ada")
    assert recovered.code == 0, recovered.err
    as_user(monkeypatch, "ada", "remembered at last")
    assert ncdesk("check", "--db", accounts_db).code == 0


@pytest.mark.sqlite_only("encryption is for database files")
def test_demo_encrypt_makes_an_encrypted_demo_with_one_admin(ncdesk, tmp_path, monkeypatch):
    db = tmp_path / "enc.db"
    monkeypatch.setenv("NCDESK_NEW_PASSWORD", ADMIN_PW)
    made = ncdesk("demo", "--db", db, "--encrypt")
    assert made.code == 0, made.err
    recovery = made.out.strip().splitlines()[-1]
    assert len(recovery.split("-")) == 13
    assert not db.read_bytes().startswith(b"SQLite format 3")
    as_user(monkeypatch, "admin", ADMIN_PW)
    report = ncdesk("report", "--db", db, *PERIOD)
    assert report.code == 0 and '"dropin.sessions"' in report.out


def test_check_finds_an_audit_entry_edited_behind_ncdesks_back(ncdesk, accounts_db, monkeypatch):
    as_user(monkeypatch, "ada", ADMIN_PW)
    assert ncdesk("check", "--db", accounts_db).code == 0
    raw = create_engine(resolve_url(url_of(accounts_db)))  # behind ncdesk's back
    with raw.begin() as conn:
        entry = conn.execute(
            text(
                "SELECT id FROM audit_event WHERE action = 'create' AND entity = 'user' "
                "AND detail LIKE 'cody%'"
            )
        ).scalar_one()
        conn.execute(
            text("UPDATE audit_event SET detail = 'cody as volunteer' WHERE id = :id"),
            {"id": entry},
        )
    raw.dispose()
    result = ncdesk("check", "--db", accounts_db)
    assert result.code == 1
    assert f"the audit trail was changed at entry {entry}: its content was edited" in result.out


def test_the_audit_trail_is_listed_and_exported(ncdesk, accounts_db, tmp_path, monkeypatch):
    as_user(monkeypatch, "ada", ADMIN_PW)
    listed = ncdesk("audit", "--db", accounts_db)
    assert listed.code == 0
    assert any("\tada\tlog-in\t" in line for line in listed.out.splitlines())
    out = tmp_path / "audit.csv"
    assert ncdesk("audit", "--db", accounts_db, "--csv", out).code == 0
    header = out.read_text().splitlines()[0]
    assert header == "When (local time),Who,Action,What,Detail,Entry"
    as_user(monkeypatch, "cody", COORD_PW)
    assert ncdesk("audit", "--db", accounts_db).code == 1
