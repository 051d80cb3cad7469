"""`ncdesk import people` follows the contract in DESIGN §5 to the letter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from ncdesk.core.services.people import get_person_by_ref
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

GOOD = (
    "Person_Ref,First Name,LAST_NAME,Date_of_Birth,gender,postcode,phone,email,disability,"
    "ethnicity,consent_contact,notes\n"
    "T001,Ada,Lovelace,10/12/1935,Female,cb75ab,07700 900001,ada@example.org,no,White British,yes,"
    "likes tea\n"
    "T002,Bert,Smith,1940-01-02,male,,,,,,,\n"
    "T003,Cy,,3/4/1951,Prefer not to say,SY3 9AB,,,yes,,no,\n"
)


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    assert ncdesk("demo", "--db", path).code == 0
    return path


def person(db_file: Path, ref: str):
    db = reopen(db_file)
    try:
        return get_person_by_ref(db, ref)
    finally:
        db.close()


def test_csv_with_bom_mixed_case_headers_and_uk_dates_is_imported(ncdesk, db_file, tmp_path):
    result = ncdesk(
        "import", "people", write_csv(tmp_path / "p.csv", GOOD, bom=True), "--db", db_file
    )
    assert result.code == 0, result.err
    assert "3 people were added" in result.out
    ada = person(db_file, "T001")
    assert (ada.first_name, ada.last_name) == ("Ada", "Lovelace")
    assert ada.date_of_birth == date(1935, 12, 10)
    assert ada.postcode == "CB7 5AB"
    assert ada.gender == "female"
    assert ada.disability is False and ada.consent_contact is True
    assert person(db_file, "T003").date_of_birth == date(1951, 4, 3)
    assert person(db_file, "T003").gender == "prefer not to say"


def test_importing_the_same_file_twice_changes_nothing(ncdesk, db_file, tmp_path):
    csv = write_csv(tmp_path / "p.csv", GOOD)
    ncdesk("import", "people", csv, "--db", db_file)
    before = content(db_file)
    result = ncdesk("import", "people", csv, "--db", db_file)
    assert result.code == 0
    assert "0 people were added, 0 updated, 3 already up to date" in result.out
    assert content(db_file) == before


def test_reimport_updates_people_by_person_ref(ncdesk, db_file, tmp_path):
    ncdesk("import", "people", write_csv(tmp_path / "p.csv", GOOD), "--db", db_file)
    changed = write_csv(
        tmp_path / "q.csv", "person_ref,first_name,last_name,postcode\nT002,Bert,Smythe,PE16 1AA\n"
    )
    result = ncdesk("import", "people", changed, "--db", db_file)
    assert "0 people were added, 1 updated" in result.out
    bert = person(db_file, "T002")
    assert (bert.last_name, bert.postcode) == ("Smythe", "PE16 1AA")
    assert bert.date_of_birth == date(1940, 1, 2)  # a column the file left out is kept


def test_xlsx_first_sheet_with_real_date_cells_is_imported(ncdesk, db_file, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["person_ref", "first_name", "last_name", "date_of_birth", "phone"])
    sheet.append(["X1", "Dora", "Jones", date(1948, 7, 1), "07700900123"])
    sheet.append(["X2", "Eli", "Green", "25/12/1950", None])
    book.create_sheet("Notes").append(["ignored"])
    book.save(tmp_path / "p.xlsx")
    result = ncdesk("import", "people", tmp_path / "p.xlsx", "--db", db_file)
    assert result.code == 0, result.err
    assert person(db_file, "X1").date_of_birth == date(1948, 7, 1)
    assert person(db_file, "X1").phone == "07700 900123"
    assert person(db_file, "X2").date_of_birth == date(1950, 12, 25)


def test_a_file_with_bad_rows_lists_every_problem_and_writes_nothing(ncdesk, db_file, tmp_path):
    bad = write_csv(
        tmp_path / "bad.csv",
        "person_ref,first_name,last_name,date_of_birth,gender,postcode,email\n"
        "B1,Ann,Lee,31/02/1950,female,CB7 5AB,ann@example.org\n"  # row 2: no such date
        "B2,,,1950-01-01,,,\n"  # row 3: no name
        "B3,Cat,Day,1950-01-01,woman,,\n"  # row 4: gender not in the list
        "B4,Dan,Eve,1950-01-01,,NOT A CODE,\n"  # row 5: postcode
        ",Eve,Fox,,,,\n"  # row 6: person_ref missing
        "B1,Ann,Lee-Other,1950-01-01,,,\n",  # row 7: same ref as row 2, different content
    )
    before = content(db_file)
    result = ncdesk("import", "people", bad, "--db", db_file)
    assert result.code == 1
    assert "nothing was written" in result.err
    for expected in (
        "row 2, column date_of_birth (value '31/02/1950'): this date does not exist",
        "row 3, column first_name",
        "row 4, column gender (value 'woman')",
        "row 5, column postcode (value 'NOT A CODE')",
        "row 6, column person_ref: a value is required",
        "row 7, column person_ref (value 'B1'): repeats row 2 with different details",
    ):
        assert expected in result.err
    assert content(db_file) == before


def test_a_missing_required_column_is_refused(ncdesk, db_file, tmp_path):
    result = ncdesk(
        "import", "people", write_csv(tmp_path / "p.csv", "first_name\nAnn\n"), "--db", db_file
    )
    assert result.code == 1
    assert "row 1, column person_ref: required column is missing" in result.err


def test_unknown_columns_are_refused_unless_ignored(ncdesk, db_file, tmp_path):
    csv = write_csv(tmp_path / "p.csv", "person_ref,first_name,shoe_size\nU1,Ann,5\n")
    refused = ncdesk("import", "people", csv, "--db", db_file)
    assert refused.code == 1
    assert "shoe_size: unknown column" in refused.err
    accepted = ncdesk("import", "people", csv, "--db", db_file, "--ignore-unknown")
    assert accepted.code == 0
    assert "p.csv: 1 row read; 1 people were added" in accepted.out
    assert person(db_file, "U1").first_name == "Ann"


def test_dry_run_counts_but_writes_nothing(ncdesk, db_file, tmp_path):
    before = content(db_file)
    result = ncdesk(
        "import", "people", write_csv(tmp_path / "p.csv", GOOD), "--db", db_file, "--dry-run"
    )
    assert result.code == 0
    assert "3 people would be added" in result.out
    assert content(db_file) == before


def test_a_file_saved_by_excel_as_plain_csv_is_read_in_its_encoding(ncdesk, db_file, tmp_path):
    latin = tmp_path / "p.csv"
    latin.write_bytes("person_ref,first_name\nL1,Zo\xeb\n".encode("cp1252"))
    result = ncdesk("import", "people", latin, "--db", db_file)
    assert result.code == 0, result.err
    assert person(db_file, "L1").first_name == "Zo\xeb"


def test_a_broken_spreadsheet_is_refused_plainly(ncdesk, db_file, tmp_path):
    broken = tmp_path / "p.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not really a workbook")
    result = ncdesk("import", "people", broken, "--db", db_file)
    assert result.code == 1
    assert "not a readable Excel" in result.err


def test_a_missing_file_is_refused_plainly(ncdesk, db_file, tmp_path):
    result = ncdesk("import", "people", tmp_path / "nope.csv", "--db", db_file)
    assert result.code == 1
    assert "nope.csv does not exist" in result.err


def test_an_unknown_kind_is_a_usage_error(ncdesk, db_file, tmp_path):
    result = ncdesk("import", "pets", write_csv(tmp_path / "p.csv", GOOD), "--db", db_file)
    assert result.code == 2


def test_an_unknown_column_and_bad_rows_are_reported_together(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "p.csv", "person_ref,first_name,town,date_of_birth\nV1,Val,Ely,31/02/1950\n"
    )
    result = ncdesk("import", "people", csv, "--db", db_file)
    assert result.code == 1
    assert "row 1, column town: unknown column" in result.err
    assert "row 2, column date_of_birth (value '31/02/1950')" in result.err


def test_file_problems_read_plainly(ncdesk, db_file, tmp_path):
    result = ncdesk("import", "people", tmp_path / "nothere.csv", "--db", db_file)
    assert f"ncdesk: {tmp_path / 'nothere.csv'} does not exist" in result.err
