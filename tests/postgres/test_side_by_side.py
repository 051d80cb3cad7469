"""The same work on a SQLite file and on a PostgreSQL server gives the same answers: the
small demo's reports, the six imports of DESIGN §5 into a fresh server database, and a
database copied from a file to a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import write_csv

YEAR = ("--from", "2025-12-01", "--to", "2026-11-30")
IMPORTS = {
    "people": "person_ref,first_name,last_name,date_of_birth,gender,postcode\n"
    "P00001,Ada,Test,12/03/1948,female,CB7 5AA\n"
    "P00002,Bert,Test,1939-07-01,male,\n"
    "P00003,Cora,Test,,,CB6 1AB\n"
    "P00004,Dev,Test,01/01/1990,non-binary,\n"
    "P00005,Edna,Test,05/05/1955,female,\n",
    "attendance": "date,activity,person_ref,anonymous_count,signposted_to\n"
    "03/03/2026,Soham drop-in,P00001,,Food bank voucher\n"
    "03/03/2026,Soham drop-in,P00002,,\n"
    "03/03/2026,Soham drop-in,,4,\n"
    "10/03/2026,Soham drop-in,P00001,,Pension credit check\n",
    "members": "person_ref,joined,offers,requests\n"
    "P00001,01/01/2026,Gardening; lifts and transport,Computer and phone help\n"
    "P00002,2026-02-01,Dog walking,\n"
    "P00003,1/3/2026,,gardening\n",
    "exchanges": "date,giver_ref,receiver_ref,hours,category,description,exchange_ref\n"
    "05/03/2026,P00001,P00003,1:30,Gardening,weeding,S1\n"
    "06/03/2026,P00002,P00001,90m,,dog walk,\n"
    "08/03/2026,P00002,CHEST,0.5,,sorted the chest's paperwork,\n",
    # Rollators is a new category: the first row added to a list seeded with ids.
    "items": "item_ref,name,category,serial,acquired,check_every_days\n"
    "SC01,Pride scooter,Mobility scooter,PR-1,01/06/2024,90\n"
    "WC01,Folding wheelchair,Wheelchair,,,180\n"
    "RL01,Rollator,Rollators,,,\n",
    "loans": "item_ref,person_ref,start,due,returned,deposit\n"
    "SC01,P00001,01/03/2026,15/03/2026,03/03/2026,£20\n"
    "SC01,P00002,04/03/2026,,10/03/2026,\n"
    "RL01,P00003,2026-05-01,2026-05-31,,20.50\n",
}


def report(ncdesk, db: object, out: Path, *extra: str) -> dict:
    result = ncdesk("report", "--db", db, *YEAR, "--json", out, *extra)
    assert result.code == 0, result.err
    return json.loads(out.read_text())


def test_the_small_demo_gives_the_same_report_on_sqlite_and_postgresql(ncdesk, pg, tmp_path):
    server = pg.create_blank("demo_side")  # migrated from nothing by the command itself
    for db in (tmp_path / "demo.db", server):
        assert ncdesk("demo", "--db", db, "--seed", "4").code == 0
    on_file = report(ncdesk, tmp_path / "demo.db", tmp_path / "file.json")
    on_server = report(ncdesk, server, tmp_path / "server.json")
    assert on_file == on_server and on_file["metrics"]["dropin.attendances"] > 0


def test_the_six_imports_work_on_a_fresh_server_database_as_on_a_file(ncdesk, pg, tmp_path):
    server = pg.create_blank("imports_side")
    for db in (tmp_path / "imports.db", server):
        for kind, text in IMPORTS.items():
            result = ncdesk("import", kind, write_csv(tmp_path / f"{kind}.csv", text), "--db", db)
            assert result.code == 0, f"{kind}: {result.err}"
    on_file = report(ncdesk, tmp_path / "imports.db", tmp_path / "file.json")
    on_server = report(ncdesk, server, tmp_path / "server.json")
    assert on_file == on_server
    assert on_server["metrics"]["loans.started"] == 3


def test_a_file_copied_to_a_server_gives_the_same_reports_and_refuses_a_second_copy(
    ncdesk, pg, tmp_path
):
    source = tmp_path / "desk.db"
    assert ncdesk("demo", "--db", source).code == 0
    server = pg.create_blank("copy_side")
    copied = ncdesk("copy", "--db", source, "--to", server)
    assert copied.code == 0, copied.err
    assert "the same number of rows in every table" in copied.out
    assert "not encrypted by ncdesk" in copied.out
    on_file = report(ncdesk, source, tmp_path / "a.json")
    assert on_file == report(ncdesk, server, tmp_path / "b.json")
    assert ncdesk("check", "--db", server).code == 0  # the audit chain came across whole
    # The copy is a working database: the next person gets the next reference.
    person = write_csv(tmp_path / "p.csv", "person_ref,first_name\nZ1,Newcomer\n")
    assert ncdesk("import", "people", person, "--db", server).code == 0
    again = ncdesk("copy", "--db", source, "--to", server)
    assert again.code == 1 and "already holds ncdesk records" in again.err


def test_copying_a_database_with_accounts_needs_an_admin(ncdesk, pg, tmp_path, monkeypatch):
    source = tmp_path / "desk.db"
    assert ncdesk("demo", "--db", source).code == 0
    monkeypatch.setenv("NCDESK_NEW_PASSWORD", "correct horse battery")
    monkeypatch.setenv("NCDESK_PASSWORD", "correct horse battery")
    assert ncdesk("user", "add", "ada", "--role", "admin", "--db", source).code == 0
    assert ncdesk("user", "add", "cody", "--role", "coordinator", "--db", source,
                  "--user", "ada").code == 0  # fmt: skip
    server = pg.create_blank("copy_roles")
    refused = ncdesk("copy", "--db", source, "--to", server, "--user", "cody")
    assert refused.code == 1 and "Only an admin may copy the database" in refused.err
    done = ncdesk("copy", "--db", source, "--to", server, "--user", "ada")
    assert done.code == 0, done.err
    # The same accounts sign in on the server, and a volunteer's rules are the same there.
    assert ncdesk("report", "--db", server, *YEAR, "--user", "cody").code == 0
    assert ncdesk("report", "--db", server, *YEAR).code == 1


def test_an_encrypted_file_is_copied_by_someone_signed_in(ncdesk, pg, tmp_path, monkeypatch):
    pytest.importorskip("sqlcipher3")
    monkeypatch.setenv("NCDESK_NEW_PASSWORD", "correct horse battery")
    monkeypatch.setenv("NCDESK_PASSWORD", "correct horse battery")
    source = tmp_path / "locked.db"
    assert ncdesk("demo", "--db", source, "--encrypt").code == 0
    server = pg.create_blank("copy_encrypted")
    done = ncdesk("copy", "--db", source, "--to", server, "--user", "admin")
    assert done.code == 0, done.err
    assert report(ncdesk, source, tmp_path / "a.json", "--user", "admin") == report(
        ncdesk, server, tmp_path / "b.json", "--user", "admin"
    )
