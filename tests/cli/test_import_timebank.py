"""`ncdesk import members` and `ncdesk import exchanges` per DESIGN §5."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncdesk.core.services.ledger import exchange_ids, exchange_rows
from ncdesk.core.services.skills import listings
from ncdesk.core.services.timebank_accounts import balances, list_accounts
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

MEMBERS = (
    "person_ref,joined,offers,requests\n"
    "P00001,01/01/2026,Gardening; lifts and transport,Computer and phone help\n"
    "P00002,2026-02-01,Dog walking,\n"
    "P00003,1/3/2026,,gardening\n"
)
EXCHANGES = (
    "date,giver_ref,receiver_ref,hours,category,description,exchange_ref\n"
    "05/03/2026,P00001,P00003,1:30,Gardening,weeding,S1\n"
    "06/03/2026,P00002,P00001,90m,,dog walk,\n"
    "07/03/2026,P00003,P00002,2,,,\n"
    "08/03/2026,P00002,CHEST,0.5,,sorted the chest's paperwork,\n"
)


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    people = "person_ref,first_name,last_name\n"
    people += "".join(f"P0000{i},Person{i},Test\n" for i in range(1, 6))
    assert ncdesk("import", "people", write_csv(tmp_path / "p.csv", people), "--db", path).code == 0
    assert (
        ncdesk("import", "members", write_csv(tmp_path / "m.csv", MEMBERS), "--db", path).code == 0
    )
    return path


def open_db(path: Path):
    return reopen(path)


def test_members_join_with_their_offers_and_requests(db_file):
    db = open_db(db_file)
    members = {a.person_ref: a for a in list_accounts(db, kinds=("member",))}
    assert set(members) == {"P00001", "P00002", "P00003"}
    offers = {(x.member, x.category) for x in listings(db, kind="offer")}
    assert any(cat == "Gardening" for _, cat in offers)
    assert any(cat == "Dog walking" for _, cat in offers)  # a new category joins the list
    assert [x.category for x in listings(db, kind="request", account_id=members["P00003"].id)] == [
        "Gardening"
    ]
    db.close()


def test_reimporting_members_changes_nothing(ncdesk, db_file, tmp_path):
    before = content(db_file)
    result = ncdesk("import", "members", write_csv(tmp_path / "m.csv", MEMBERS), "--db", db_file)
    assert "0 members were added, 0 updated, 3 already up to date" in result.out
    assert content(db_file) == before


def test_exchanges_are_imported_as_whole_minutes_and_balances_follow(ncdesk, db_file, tmp_path):
    result = ncdesk(
        "import", "exchanges", write_csv(tmp_path / "e.csv", EXCHANGES), "--db", db_file
    )
    assert result.code == 0, result.err
    assert "4 exchanges were added" in result.out
    db = open_db(db_file)
    rows = exchange_rows(db, exchange_ids(db))
    assert sorted(r.minutes for r in rows) == [30, 90, 90, 120]
    refs = {a.ref: a.id for a in list_accounts(db)}
    money = balances(db)
    assert money[refs["P00001"]] == 90 - 90  # gave 1:30 gardening, received a 90m dog walk
    assert money[refs["P00002"]] == 90 - 120 + 30  # the giver is credited, whoever received
    assert money[refs["CHEST"]] == -30
    assert sum(money.values()) == 0
    db.close()


def test_importing_the_same_exchanges_twice_changes_nothing(ncdesk, db_file, tmp_path):
    csv = write_csv(tmp_path / "e.csv", EXCHANGES)
    ncdesk("import", "exchanges", csv, "--db", db_file)
    before = content(db_file)
    result = ncdesk("import", "exchanges", csv, "--db", db_file)
    assert "0 exchanges were added, 0 updated, 4 already up to date" in result.out
    assert content(db_file) == before


def test_bad_exchanges_are_listed_and_nothing_is_written(ncdesk, db_file, tmp_path):
    bad = write_csv(
        tmp_path / "bad.csv",
        "date,giver_ref,receiver_ref,hours\n"
        "05/03/2026,P00001,P00003,0\n"  # row 2: zero hours
        "05/03/2026,P00001,P00003,-1\n"  # row 3: negative
        "05/03/2026,P00001,P00003,lots\n"  # row 4: unreadable
        "05/03/2026,NOBODY,P00003,1\n"  # row 5: unknown member
        "05/03/2026,P00004,P00003,1\n"  # row 6: a person who is not a member
        "30/02/2026,P00001,P00003,1\n"  # row 7: impossible date
        "05/03/2026,P00001,P00001,1\n",  # row 8: same giver and receiver
    )
    before = content(db_file)
    result = ncdesk("import", "exchanges", bad, "--db", db_file)
    assert result.code == 1
    for expected in (
        "row 2, column hours (value '0')",
        "row 3, column hours (value '-1')",
        "row 4, column hours (value 'lots')",
        "row 5, column giver_ref (value 'NOBODY'): no member has this reference",
        "row 6, column giver_ref (value 'P00004'): this person is not a timebank member",
        "row 7, column date (value '30/02/2026'): this date does not exist",
        "row 8, column receiver_ref",
    ):
        assert expected in result.err
    assert content(db_file) == before


def test_an_exchange_ref_cannot_be_reused_for_different_details(ncdesk, db_file, tmp_path):
    ncdesk("import", "exchanges", write_csv(tmp_path / "e.csv", EXCHANGES), "--db", db_file)
    clash = write_csv(
        tmp_path / "c.csv",
        "date,giver_ref,receiver_ref,hours,exchange_ref\n09/03/2026,P00001,P00002,3,S1\n",
    )
    result = ncdesk("import", "exchanges", clash, "--db", db_file)
    assert result.code == 1
    assert (
        "row 2, column exchange_ref (value 'S1'): already recorded with different details"
        in result.err
    )


def test_an_exchange_before_the_member_joined_is_imported_with_a_warning(ncdesk, db_file, tmp_path):
    early = write_csv(
        tmp_path / "e.csv", "date,giver_ref,receiver_ref,hours\n01/01/2025,P00001,P00002,1\n"
    )
    result = ncdesk("import", "exchanges", early, "--db", db_file)
    assert result.code == 0
    assert "Warning: row 2: P00001 joined on 01/01/2026" in result.out


def test_members_for_unknown_people_are_refused(ncdesk, db_file, tmp_path):
    bad = write_csv(tmp_path / "m.csv", "person_ref,joined\nNOBODY,01/01/2026\nP00005,31/04/2026\n")
    result = ncdesk("import", "members", bad, "--db", db_file)
    assert result.code == 1
    assert "row 2, column person_ref (value 'NOBODY')" in result.err
    assert "row 3, column joined (value '31/04/2026'): this date does not exist" in result.err
