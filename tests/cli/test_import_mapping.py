"""`ncdesk import KIND FILE --guess / --map` (DESIGN §5, import mapping): a charity's own
headers and words are read as ours, explicit maps win, and mistakes are refused plainly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from ncdesk.core.services.people import get_person_by_ref
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

OURS = (
    "person_ref,first_name,last_name,date_of_birth,gender,postcode,phone,email,disability,"
    "consent_contact,notes\n"
    "R001,Ada,Lovelace,10/12/1935,female,CB7 5AB,07700 900001,ada@example.org,no,yes,likes tea\n"
    "R002,Bert,Smith,1940-01-02,male,,,,yes,no,\n"
)
# The same register as a charity's own spreadsheet gives it: other headers, other words.
COMMON = (
    "Reference No,Forename,Surname,D.O.B.,Sex,Post Code,Tel,E-mail,Disabled,Consent,Remarks\n"
    "R001,Ada,Lovelace,10/12/1935,F,cb75ab,07700 900001,ada@example.org,N,Y,likes tea\n"
    "R002,Bert,Smith,2 Jan 1940,M,,,,Yes,No,\n"
)
# Headers no synonym list would know.
ODD = (
    "Our No,Christian,Family,Birthday (DD/MM/YYYY),Gndr,Area,Ring on,Mailbox,Disab,OK2contact,"
    "Bits\n"
    "R001,Ada,Lovelace,10/12/1935,Female,CB7 5AB,07700 900001,ada@example.org,no,yes,likes tea\n"
    "R002,Bert,Smith,02/01/1940,Male,,,,yes,no,\n"
)
ODD_MAPS = (
    "Our No=person_ref",
    "Christian=first_name",
    "Family=last_name",
    "Birthday (DD/MM/YYYY)=date_of_birth",
    "Gndr=gender",
    "Area=postcode",
    "Ring on=phone",
    "Mailbox=email",
    "Disab=disability",
    "OK2contact=consent_contact",
    "Bits=notes",
)
FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "postcode",
    "phone",
    "email",
    "disability",
    "consent_contact",
    "notes",
)


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    assert ncdesk("demo", "--db", path).code == 0
    return path


def people(db_file: Path, *refs: str) -> list[tuple[object, ...]]:
    db = reopen(db_file)
    try:
        found = [get_person_by_ref(db, ref) for ref in refs]
        return [tuple(getattr(p, f) for f in FIELDS) for p in found]
    finally:
        db.close()


def map_args(*maps: str) -> list[str]:
    return [word for m in maps for word in ("--map", m)]


def test_common_headers_with_guess_give_the_same_people_as_our_own_headers(
    ncdesk, tmp_path, db_file
):
    ours_db, guessed_db, mapped_db = db_file, tmp_path / "g.db", tmp_path / "m.db"
    for path in (guessed_db, mapped_db):
        assert ncdesk("demo", "--db", path).code == 0
    ours = ncdesk("import", "people", write_csv(tmp_path / "o.csv", OURS), "--db", ours_db)
    assert ours.code == 0, ours.err
    guessed = ncdesk(
        "import", "people", write_csv(tmp_path / "c.csv", COMMON), "--db", guessed_db, "--guess"
    )
    assert guessed.code == 0, guessed.err
    mapped = ncdesk(
        "import",
        "people",
        write_csv(tmp_path / "odd.csv", ODD),
        "--db",
        mapped_db,
        *map_args(*ODD_MAPS),
    )
    assert mapped.code == 0, mapped.err
    expected = people(ours_db, "R001", "R002")
    assert expected[0][:4] == ("Ada", "Lovelace", date(1935, 12, 10), "female")
    assert people(guessed_db, "R001", "R002") == expected
    assert people(mapped_db, "R001", "R002") == expected


def test_the_summary_says_what_was_read_as_what(ncdesk, tmp_path, db_file):
    result = ncdesk(
        "import", "people", write_csv(tmp_path / "c.csv", COMMON), "--db", db_file, "--guess"
    )
    assert "2 people were added" in result.out
    for pair in (
        "Surname → last_name (guessed)",
        "D.O.B. → date_of_birth (guessed)",
        "Post Code → postcode (guessed)",
        "Tel → phone (guessed)",
        "Reference No → person_ref (guessed)",
        "Remarks → notes (guessed)",
    ):
        assert pair in result.out
    odd = ncdesk(
        "import",
        "people",
        write_csv(tmp_path / "odd.csv", ODD),
        "--db",
        db_file,
        *map_args(*ODD_MAPS),
    )
    assert "Gndr → gender (as mapped)" in odd.out


def test_without_guess_or_map_other_headers_are_refused_by_name_and_nothing_written(
    ncdesk, tmp_path, db_file
):
    before = content(db_file)
    result = ncdesk("import", "people", write_csv(tmp_path / "c.csv", COMMON), "--db", db_file)
    assert result.code == 1
    assert "nothing was written" in result.err
    for header in ("Surname", "D.O.B.", "Post Code", "Tel", "Forename"):
        assert f"column {header}: unknown column" in result.err
    assert "--guess" in result.err
    assert content(db_file) == before


def test_a_map_to_a_column_that_does_not_exist_is_a_usage_mistake(ncdesk, tmp_path, db_file):
    before = content(db_file)
    result = ncdesk(
        "import",
        "people",
        write_csv(tmp_path / "c.csv", COMMON),
        "--db",
        db_file,
        "--guess",
        "--map",
        "Tel=telephone_number",
    )
    assert result.code == 2
    assert "no column 'telephone_number'" in result.err
    assert content(db_file) == before


def test_a_map_without_an_equals_sign_or_naming_no_header_is_a_usage_mistake(
    ncdesk, tmp_path, db_file
):
    csv = write_csv(tmp_path / "c.csv", COMMON)
    assert ncdesk("import", "people", csv, "--db", db_file, "--map", "Tel").code == 2
    missing = ncdesk("import", "people", csv, "--db", db_file, "--map", "Mobile=phone")
    assert missing.code == 2
    assert "'Mobile', which is not a header of the file" in missing.err


def test_an_explicit_map_wins_over_a_guess(ncdesk, tmp_path, db_file):
    csv = write_csv(
        tmp_path / "p.csv",
        "Ref,Surname,Tel,Mobile\nW1,Wren,01353 720000,07700 900777\n",
    )
    result = ncdesk("import", "people", csv, "--db", db_file, "--guess", "--map", "Mobile=phone")
    assert result.code == 1  # Tel also looks like phone, and is not read twice
    assert "column Tel: unknown column (looks like phone, which is read from Mobile" in result.err
    result = ncdesk(
        "import",
        "people",
        csv,
        "--db",
        db_file,
        "--guess",
        "--map",
        "Mobile=phone",
        "--map",
        "Tel=",
    )
    assert result.code == 0, result.err
    assert "Mobile → phone (as mapped)" in result.out
    assert "Columns left out: Tel." in result.out
    db = reopen(db_file)
    try:
        assert get_person_by_ref(db, "W1").phone == "07700 900777"
    finally:
        db.close()


def test_a_problem_in_a_mapped_column_names_both_headers(ncdesk, tmp_path, db_file):
    csv = write_csv(tmp_path / "p.csv", "Ref,Surname,D.O.B.\nE1,Eve,31/02/1950\n")
    result = ncdesk("import", "people", csv, "--db", db_file, "--guess")
    assert result.code == 1
    assert (
        "row 2, column D.O.B. (date_of_birth) (value '31/02/1950'): this date does not exist"
        in result.err
    )


def test_excel_serial_numbers_and_dates_in_words_are_read_as_dates(ncdesk, tmp_path, db_file):
    csv = write_csv(
        tmp_path / "p.csv",
        "Ref,Surname,DOB\nS1,Serial,13128\nS2,Words,3rd March 1951\nS3,Dotted,04.05.1952\n"
        "S4,Timed,05/06/1953 00:00\n",
    )
    result = ncdesk("import", "people", csv, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    db = reopen(db_file)
    try:
        born = [get_person_by_ref(db, f"S{i}").date_of_birth for i in range(1, 5)]
    finally:
        db.close()
    assert born == [date(1935, 12, 10), date(1951, 3, 3), date(1952, 5, 4), date(1953, 6, 5)]


def test_timebank_and_loans_headers_are_guessed(ncdesk, tmp_path, db_file):
    people_csv = write_csv(tmp_path / "p.csv", "Ref,Surname\nM1,Giver\nM2,Taker\n")
    assert ncdesk("import", "people", people_csv, "--db", db_file, "--guess").code == 0
    members = write_csv(tmp_path / "m.csv", "Member no,Date joined\nM1,01/01/2024\nM2,01/01/2024\n")
    result = ncdesk("import", "members", members, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    exchanges = write_csv(
        tmp_path / "x.csv",
        "Date,Given by,Received by,Time (hrs),Details\n"
        "02/02/2024,M1,M2,1 hour 30 mins,Shopping\n03/02/2024,M2,M1,2,Lift\n",
    )
    result = ncdesk("import", "exchanges", exchanges, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    assert "Time (hrs) → hours (guessed)" in result.out
    assert "2 exchanges were added" in result.out
    items = write_csv(tmp_path / "i.csv", "Asset tag,Equipment,Type\nA-1,Blue scooter,Scooter\n")
    result = ncdesk("import", "items", items, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    assert "Asset tag → item_ref (guessed)" in result.out
    loans = write_csv(tmp_path / "l.csv", "Item no,Borrower,Date out\nA-1,M1,01/03/2024\n")
    result = ncdesk("import", "loans", loans, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    assert "Date out → start (guessed)" in result.out


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
        ("latin-1", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_a_csv_file_in_any_common_encoding_is_read(ncdesk, tmp_path, db_file, encoding, bom):
    text = "Ref,Forename,Surname,Remarks\nZ1,Zoë,Brontë,Paid £5 – thanks\n"
    if encoding == "latin-1":
        text = text.replace("–", "-")  # Latin-1 has no dash
    path = tmp_path / "p.csv"
    path.write_bytes(bom + text.encode(encoding))
    result = ncdesk("import", "people", path, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    db = reopen(db_file)
    try:
        zoe = get_person_by_ref(db, "Z1")
    finally:
        db.close()
    assert (zoe.first_name, zoe.last_name) == ("Zoë", "Brontë")
    assert zoe.notes.startswith("Paid £5")


def test_a_workbook_sheet_and_header_row_can_be_chosen(ncdesk, tmp_path, db_file):
    book = Workbook()
    book.active.append(["Contents"])
    sheet = book.create_sheet("Register 2024")
    sheet.append(["Soham drop-in register"])
    sheet.append([])
    sheet.append(["Ref", "Surname", "D.O.B."])
    sheet.append(["H1", "Header", 13128])  # a date typed as a number
    book.save(tmp_path / "r.xlsx")
    result = ncdesk(
        "import",
        "people",
        tmp_path / "r.xlsx",
        "--db",
        db_file,
        "--guess",
        "--sheet",
        "Register 2024",
        "--header-row",
        "3",
    )
    assert result.code == 0, result.err
    db = reopen(db_file)
    try:
        assert get_person_by_ref(db, "H1").date_of_birth == date(1935, 12, 10)
    finally:
        db.close()
    missing = ncdesk("import", "people", tmp_path / "r.xlsx", "--db", db_file, "--sheet", "Nope")
    assert missing.code == 1
    assert "no sheet named 'Nope'" in missing.err


def test_attendance_outcomes_and_places_headers_are_guessed(ncdesk, tmp_path, db_file):
    people_csv = write_csv(tmp_path / "p.csv", "Client ID,Surname\nG1,Guess\n")
    assert ncdesk("import", "people", people_csv, "--db", db_file, "--guess").code == 0
    attendance = write_csv(
        tmp_path / "a.csv",
        "Session date,Group,Attendee,Walk-ins,Referred to\n"
        "05/03/2024,Knit and natter,G1,,Food bank voucher\n"
        "05/03/2024,Knit and natter,,3,\n",
    )
    result = ncdesk("import", "attendance", attendance, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    for pair in (
        "Session date → date (guessed)",
        "Group → activity (guessed)",
        "Walk-ins → anonymous_count (guessed)",
        "Referred to → signposted_to (guessed)",
    ):
        assert pair in result.out
    outcomes = write_csv(
        tmp_path / "o.csv",
        "Client ID,Survey date,Question,Rating\nG1,1 Feb 2024,wellbeing_happy,7\n",
    )
    result = ncdesk("import", "outcomes", outcomes, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    assert "Rating → score (guessed)" in result.out
    places = write_csv(
        tmp_path / "pl.csv", "pcds,WD22NM,LSOA21CD,IMD decile\nCB7 5AB,Soham North,E01018300,6\n"
    )
    result = ncdesk("import", "places", places, "--db", db_file, "--guess")
    assert result.code == 0, result.err
    assert "pcds → postcode (guessed)" in result.out
