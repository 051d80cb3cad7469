"""A blank cell on re-import never erases what ncdesk holds, in any kind that updates records;
the summary says how many stored values blank cells left as they were."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ncdesk.core.models import Item, Loan, Person
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

PEOPLE = (
    "person_ref,first_name,last_name,date_of_birth,gender,postcode,phone,email,disability,notes\n"
    "B1,Ada,Testwood,10/12/1935,female,CB7 5AB,07700 900001,ada@example.org,no,likes tea\n"
    "B2,Bert,Samplefield,,,PE16 1AA,,,,\n"
)
ITEMS = (
    "item_ref,name,category,serial,acquired,check_every_days\n"
    "SC01,Pride scooter,Mobility scooter,PR-1,01/06/2024,90\n"
)
LOANS = (
    "item_ref,person_ref,start,due,returned,deposit\nSC01,B1,01/03/2025,15/03/2025,10/03/2025,£20\n"
)


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    for kind, text in (("people", PEOPLE), ("items", ITEMS), ("loans", LOANS)):
        result = ncdesk("import", kind, write_csv(tmp_path / f"{kind}.csv", text), "--db", path)
        assert result.code == 0, result.err
    return path


def row(db_file: Path, model, **where):
    db = reopen(db_file)
    try:
        with db.session() as s:
            found = s.scalars(select(model).filter_by(**where)).one()
            s.expunge(found)
            return found
    finally:
        db.close()


def test_blank_cells_keep_a_persons_stored_details(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "again.csv",
        "person_ref,first_name,last_name,date_of_birth,gender,postcode,phone,email,disability,"
        "notes\n"
        "B1,Ada,Lovelace,,,,,,,\n"  # 7 blanks, each over a stored value
        "B2,Bert,Samplefield,,,,,,,\n",  # only the postcode was stored
    )
    result = ncdesk("import", "people", csv, "--db", db_file)
    assert result.code == 0, result.err
    assert "0 people were added, 1 updated, 1 already up to date" in result.out
    assert "8 blank cells left stored values as they were" in result.out
    ada = row(db_file, Person, person_ref="B1")
    assert ada.last_name == "Lovelace"
    assert (ada.date_of_birth, ada.gender, ada.postcode) == (
        date(1935, 12, 10),
        "female",
        "CB7 5AB",
    )
    assert (ada.phone, ada.email, ada.disability, ada.notes) == (
        "07700 900001",
        "ada@example.org",
        False,
        "likes tea",
    )
    assert row(db_file, Person, person_ref="B2").postcode == "PE16 1AA"


def test_a_dry_run_counts_the_blank_cells_too(ncdesk, db_file, tmp_path):
    csv = write_csv(tmp_path / "again.csv", "person_ref,first_name,postcode\nB1,Ada,\n")
    result = ncdesk("import", "people", csv, "--db", db_file, "--dry-run")
    assert "1 blank cell would leave a stored value as it is" in result.out


def test_blank_or_missing_item_columns_keep_what_the_register_holds(ncdesk, db_file, tmp_path):
    blanks = write_csv(
        tmp_path / "i.csv",
        "item_ref,name,category,serial,acquired,check_every_days\nSC01,Pride scooter,,,,\n",
    )
    result = ncdesk("import", "items", blanks, "--db", db_file)
    assert result.code == 0, result.err
    assert "1 already up to date" in result.out
    assert "4 blank cells left stored values as they were" in result.out
    # A file that leaves the columns out altogether keeps them too.
    short = write_csv(tmp_path / "j.csv", "item_ref,name\nSC01,Pride mobility scooter\n")
    assert ncdesk("import", "items", short, "--db", db_file).code == 0
    item = row(db_file, Item, item_ref="SC01")
    assert item.name == "Pride mobility scooter"
    assert (item.serial, item.acquired, item.check_every_days) == ("PR-1", date(2024, 6, 1), 90)
    assert item.category_id is not None


def test_a_loan_row_with_blank_details_matches_the_loan_recorded(ncdesk, db_file, tmp_path):
    before = content(db_file)
    csv = write_csv(
        tmp_path / "l.csv",
        "item_ref,person_ref,start,due,returned,deposit\nSC01,B1,01/03/2025,,,\n",
    )
    result = ncdesk("import", "loans", csv, "--db", db_file)
    assert result.code == 0, result.err
    assert "0 loans were added, 0 updated, 1 already up to date" in result.out
    assert "3 blank cells left stored values as they were" in result.out
    assert content(db_file) == before
    loan = row(db_file, Loan, start=date(2025, 3, 1))
    assert (loan.due, loan.returned, loan.deposit_pence) == (
        date(2025, 3, 15),
        date(2025, 3, 10),
        2000,
    )


def test_a_loan_row_giving_other_details_is_still_refused(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "l.csv",
        "item_ref,person_ref,start,due,returned,deposit\nSC01,B1,01/03/2025,20/03/2025,,\n",
    )
    result = ncdesk("import", "loans", csv, "--db", db_file)
    assert result.code == 1
    assert "already has a loan starting on this date with other details" in result.err


def test_blank_offers_leave_a_members_listings_and_are_counted(ncdesk, db_file, tmp_path):
    members = "person_ref,joined,offers,requests\nB1,01/01/2025,Gardening,Dog walking\n"
    assert (
        ncdesk("import", "members", write_csv(tmp_path / "m.csv", members), "--db", db_file).code
        == 0
    )
    before = content(db_file)
    again = write_csv(tmp_path / "n.csv", "person_ref,joined,offers,requests\nB1,01/01/2025,,\n")
    result = ncdesk("import", "members", again, "--db", db_file)
    assert result.code == 0, result.err
    assert "2 blank cells left stored values as they were" in result.out
    assert content(db_file) == before


def test_a_blank_signposting_cell_leaves_the_referrals_recorded(ncdesk, db_file, tmp_path):
    header = "date,activity,person_ref,anonymous_count,signposted_to\n"
    first = write_csv(tmp_path / "a.csv", header + "03/11/2025,Lunch club,B1,,Food bank\n")
    assert ncdesk("import", "attendance", first, "--db", db_file).code == 0
    before = content(db_file)
    again = write_csv(tmp_path / "b.csv", header + "03/11/2025,Lunch club,B1,,\n")
    result = ncdesk("import", "attendance", again, "--db", db_file)
    assert result.code == 0, result.err
    assert "1 blank cell left a stored value as it was" in result.out
    assert content(db_file) == before
