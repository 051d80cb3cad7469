"""`ncdesk import items` and `ncdesk import loans` per DESIGN §5."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncdesk.core.services.fleet import fleet_figures, item_statuses
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

ITEMS = (
    "item_ref,name,category,serial,acquired,check_every_days\n"
    "SC01,Pride scooter,Mobility scooter,PR-1,01/06/2024,90\n"
    "SC02,Kymco scooter,mobility SCOOTER,,2024-07-01,\n"
    "WC01,Folding wheelchair,Wheelchair,,,180\n"
    "RL01,Rollator,Rollators,,,\n"
)
LOANS = (
    "item_ref,person_ref,start,due,returned,deposit\n"
    "SC01,P00001,01/03/2025,15/03/2025,03/03/2025,£20\n"
    "SC01,P00002,04/03/2025,,10/03/2025,\n"
    "sc02,P00003,2025-05-01,2025-05-31,,20.50\n"
)


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    people = "person_ref,first_name,last_name\n" + "".join(
        f"P0000{i},Person{i},Test\n" for i in range(1, 6)
    )
    assert ncdesk("import", "people", write_csv(tmp_path / "p.csv", people), "--db", path).code == 0
    result = ncdesk("import", "items", write_csv(tmp_path / "i.csv", ITEMS), "--db", path)
    assert result.code == 0, result.err
    return path


def test_items_are_registered_with_categories_matched_in_any_case(ncdesk, db_file, tmp_path):
    db = reopen(db_file)
    rows = {r.item_ref: r for r in item_statuses(db)}
    db.close()
    assert set(rows) == {"SC01", "SC02", "WC01", "RL01"}
    assert rows["SC02"].category == "Mobility scooter"
    assert rows["RL01"].category == "Rollators"


def test_reimporting_items_changes_nothing(ncdesk, db_file, tmp_path):
    before = content(db_file)
    result = ncdesk("import", "items", write_csv(tmp_path / "i.csv", ITEMS), "--db", db_file)
    assert "0 items were added, 0 updated, 4 already up to date" in result.out
    assert content(db_file) == before


def test_loans_import_history_returned_one_day_out_the_next(ncdesk, db_file, tmp_path):
    result = ncdesk("import", "loans", write_csv(tmp_path / "l.csv", LOANS), "--db", db_file)
    assert result.code == 0, result.err
    assert "3 loans were added" in result.out
    db = reopen(db_file)
    from datetime import date

    figures = {f.item_ref: f for f in fleet_figures(db, date(2025, 3, 1), date(2025, 3, 31))}
    db.close()
    assert figures["SC01"].days_on_loan == 3 + 7  # 1–3 March and 4–10 March
    again = ncdesk("import", "loans", write_csv(tmp_path / "l.csv", LOANS), "--db", db_file)
    assert "0 loans were added, 0 updated, 3 already up to date" in again.out


def test_overlapping_loans_are_refused_in_the_file_and_against_the_database(
    ncdesk, db_file, tmp_path
):
    ncdesk("import", "loans", write_csv(tmp_path / "l.csv", LOANS), "--db", db_file)
    before = content(db_file)
    bad = write_csv(
        tmp_path / "bad.csv",
        "item_ref,person_ref,start,due,returned,deposit\n"
        "SC01,P00004,05/03/2025,,08/03/2025,\n"  # row 2: inside the 4–10 March loan in the database
        "WC01,P00004,01/04/2025,,10/04/2025,\n"
        "WC01,P00005,10/04/2025,,12/04/2025,\n"  # row 4: starts the day row 3 returns
        "SC02,P00005,01/07/2025,,,\n"  # row 5: SC02 has an open loan from 1 May
        "XX99,P00005,01/07/2025,,,\n"  # row 6: unknown item
        "WC01,NOBODY,01/08/2025,,,\n"  # row 7: unknown person
        "WC01,P00005,01/09/2025,,31/08/2025,\n"  # row 8: returned before start
        "WC01,P00005,01/10/2025,,,-5\n",  # row 9: negative deposit
    )
    result = ncdesk("import", "loans", bad, "--db", db_file)
    assert result.code == 1
    for expected in (
        "row 2, column start (value '05/03/2025'): overlaps the loan of SC01 from 04/03/2025",
        "row 4, column start (value '10/04/2025'): overlaps the loan of WC01 on row 3",
        "row 5, column start (value '01/07/2025'): overlaps the loan of SC02 from 01/05/2025",
        "row 6, column item_ref (value 'XX99')",
        "row 7, column person_ref (value 'NOBODY')",
        "row 8, column returned (value '31/08/2025'): is before the start",
        "row 9, column deposit (value '-5')",
    ):
        assert expected in result.err
    assert content(db_file) == before


def test_a_loan_before_the_item_was_acquired_is_imported_with_a_warning(ncdesk, db_file, tmp_path):
    early = write_csv(
        tmp_path / "l.csv",
        "item_ref,person_ref,start,returned\nSC01,P00001,01/01/2024,05/01/2024\n",
    )
    result = ncdesk("import", "loans", early, "--db", db_file)
    assert result.code == 0
    assert "before it was acquired (01/06/2024)" in result.out


def test_items_with_bad_values_are_refused(ncdesk, db_file, tmp_path):
    bad = write_csv(
        tmp_path / "i.csv",
        "item_ref,name,acquired,check_every_days\nZ1,,01/01/2024,90\nZ2,Frame,32/01/2024,0\n",
    )
    result = ncdesk("import", "items", bad, "--db", db_file)
    assert result.code == 1
    assert "row 2, column name: a value is required" in result.err
    assert "row 3, column acquired (value '32/01/2024')" in result.err
    assert "row 3, column check_every_days (value '0')" in result.err
