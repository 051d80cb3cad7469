"""A CSV whose shape is broken (a stray quote, a short row) is refused, never half-read.

Every test imports a good file first, so a refusal can be shown to change nothing, and to leave
the people already registered exactly as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ncdesk.core.services.people import get_person_by_ref
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

HEADER = "person_ref,first_name,last_name,postcode,phone,notes\n"
GOOD = (
    HEADER + "Q1,Ada,Testwood,CB7 5AB,07700 900001,likes tea\n"
    "Q2,Bert,Samplefield,PE16 1AA,07700 900002,\n"
    "Q3,Cyd,Mockley,SY3 9AB,,\n"
)


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    result = ncdesk("import", "people", write_csv(tmp_path / "good.csv", GOOD), "--db", path)
    assert result.code == 0, result.err
    return path


def refused(ncdesk, db_file: Path, path: Path) -> str:
    """Import `path`, check it was refused with nothing written, and return the messages."""
    before = content(db_file)
    result = ncdesk("import", "people", path, "--db", db_file)
    assert result.code == 1, result.out
    assert "nothing was written" in result.err
    assert "unexpected error" not in result.err
    assert content(db_file) == before
    return result.err


def test_an_unclosed_quote_that_swallows_the_rows_after_it_is_refused(ncdesk, db_file, tmp_path):
    # Row 3's first_name opens a quote that is never closed: rows 4-5 would vanish into it.
    csv = write_csv(
        tmp_path / "p.csv",
        HEADER
        + 'Q1,Ada,Testwood,,,\nQ2,"Bert,Samplefield,,,\nQ3,Cyd,Mockley,,,\nQ4,Dot,Dummett,,,\n',
    )
    err = refused(ncdesk, db_file, csv)
    assert "row 3, column first_name" in err
    assert "quote" in err


def test_a_stray_quote_closed_by_a_later_cell_is_refused(ncdesk, db_file, tmp_path):
    # The quote opened on row 2 is "closed" by the quote that opens a cell on row 4.
    csv = write_csv(
        tmp_path / "p.csv",
        HEADER + 'Q1,"Ada,Testwood,,,\nQ2,Bert,Samplefield,,,\nQ3,Cyd,"Mockley, jr",,,\n',
    )
    err = refused(ncdesk, db_file, csv)
    assert "row 2, column first_name" in err
    assert "quote" in err


def test_rows_swallowed_into_a_notes_cell_are_refused(ncdesk, db_file, tmp_path):
    # A quote opened in row 2's notes pairs with a stray inch mark at the end of row 4: the
    # csv module reads rows 3-4 as part of row 2's note without any error of its own.
    csv = write_csv(
        tmp_path / "p.csv",
        HEADER
        + 'Q1,Ada,Testwood,CB7 5AB,,"likes tea\n'
        + "Q2,Bert,Samplefield,PE16 1AA,,\n"
        + 'Q3,Cyd,Mockley,SY3 9AB,,height 60"\n',
    )
    err = refused(ncdesk, db_file, csv)
    assert "row 2, column notes" in err
    assert "quote" in err


def test_a_quote_left_open_at_the_end_of_the_file_is_refused(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "p.csv", HEADER + "Q1,Ada,Testwood,,,\n" + 'Q2,Bert,Samplefield,,,"late\nnote'
    )
    err = refused(ncdesk, db_file, csv)
    assert "row 3, column notes" in err
    assert "never closed" in err


def test_text_after_a_closing_quote_is_refused(ncdesk, db_file, tmp_path):
    csv = write_csv(tmp_path / "p.csv", HEADER + 'Q1,"Ada" Lovelace,Testwood,,,\n')
    err = refused(ncdesk, db_file, csv)
    assert "row 2, column first_name" in err


def test_a_note_written_over_several_lines_in_quotes_is_read_whole(ncdesk, db_file, tmp_path):
    note = 'Prefers mornings.\nAsk about the "Tuesday" group, lunch, and transport.'
    quoted = '"' + note.replace('"', '""') + '"'
    csv = write_csv(tmp_path / "p.csv", HEADER + f"Q4,Dot,Dummett,,,{quoted}\n")
    result = ncdesk("import", "people", csv, "--db", db_file)
    assert result.code == 0, result.err
    db = reopen(db_file)
    try:
        assert get_person_by_ref(db, "Q4").notes == note
    finally:
        db.close()


def test_a_row_with_fewer_cells_than_the_header_is_refused_and_erases_nothing(
    ncdesk, db_file, tmp_path
):
    # Q1 already has a postcode, phone and note: a short row must not read as "all blank".
    csv = write_csv(
        tmp_path / "p.csv", HEADER + "Q2,Bert,Samplefield,PE16 1AA,,\nQ1,Ada,Lovelace\n"
    )
    err = refused(ncdesk, db_file, csv)
    assert "row 3" in err
    assert "3 cells" in err and "postcode, phone, notes" in err
    db = reopen(db_file)
    try:
        ada = get_person_by_ref(db, "Q1")
    finally:
        db.close()
    assert (ada.last_name, ada.postcode, ada.phone) == ("Testwood", "CB7 5AB", "07700 900001")


def test_row_numbers_count_blank_lines_before_the_header(ncdesk, db_file, tmp_path):
    csv = write_csv(tmp_path / "p.csv", "\n\n" + HEADER + "Q5,Eli,Fakeham,NOT A CODE,,\n")
    err = refused(ncdesk, db_file, csv)
    assert "row 4, column postcode" in err


def test_a_stray_quote_before_a_huge_cell_is_refused_plainly(ncdesk, db_file, tmp_path):
    # Found by the property test: strict reading stops at the stray quote, but reading the
    # row again as a spreadsheet would runs into the csv module's cell size limit.
    csv = write_csv(tmp_path / "p.csv", HEADER + 'Q1,"Ada"x,"' + "x" * 150_000 + "\nQ2\n")
    err = refused(ncdesk, db_file, csv)
    assert "row 2" in err
    assert "quote" in err
