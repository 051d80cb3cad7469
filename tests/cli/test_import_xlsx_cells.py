"""An XLSX cell whose value ncdesk cannot see (a formula never calculated, a merged cell) is
refused at its row and column instead of being read as blank."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ncdesk.core.services.people import get_person_by_ref
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    people = "person_ref,first_name,last_name\nX1,Ada,Testwood\n"
    assert ncdesk("import", "people", write_csv(tmp_path / "p.csv", people), "--db", path).code == 0
    return path


def workbook(path: Path, *rows: list[object]) -> Workbook:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return book


def rewrite_sheet(path: Path, change) -> None:
    """Edit the first sheet's XML, as another spreadsheet program might have written it."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts[SHEET] = change(parts[SHEET].decode()).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def refused(ncdesk, db_file: Path, path: Path) -> str:
    before = content(db_file)
    result = ncdesk("import", "people", path, "--db", db_file)
    assert result.code == 1, result.out
    assert "unexpected error" not in result.err
    assert content(db_file) == before
    return result.err


def first_name(db_file: Path, ref: str) -> str:
    db = reopen(db_file)
    try:
        return get_person_by_ref(db, ref).first_name
    finally:
        db.close()


def test_a_formula_never_calculated_is_refused_with_the_fix(ncdesk, db_file, tmp_path):
    # openpyxl, like many scripts, writes formulas without their values.
    path = tmp_path / "p.xlsx"
    workbook(path, ["person_ref", "first_name", "last_name"], ["X1", '="Ad"&"a"', "Testwood"])
    err = refused(ncdesk, db_file, path)
    assert "row 2, column first_name" in err
    assert "open and save the file in Excel or LibreOffice first" in err
    assert first_name(db_file, "X1") == "Ada"


def test_a_calculated_formula_is_read_as_its_value(ncdesk, db_file, tmp_path):
    path = tmp_path / "p.xlsx"
    workbook(path, ["person_ref", "first_name", "last_name"], ["X2", '="Bo"&"b"', "Testwood"])
    rewrite_sheet(path, lambda xml: xml.replace('<c r="B2"><f>', '<c r="B2" t="str"><f>'))
    rewrite_sheet(path, lambda xml: xml.replace("<v />", "<v>Bob</v>"))
    result = ncdesk("import", "people", path, "--db", db_file)
    assert result.code == 0, result.err
    assert first_name(db_file, "X2") == "Bob"


def test_a_formula_whose_result_is_an_error_is_refused(ncdesk, db_file, tmp_path):
    path = tmp_path / "p.xlsx"
    workbook(path, ["person_ref", "first_name", "last_name"], ["X3", "=VLOOKUP(1,Z1:Z2,2)", "T"])
    rewrite_sheet(path, lambda xml: xml.replace('<c r="B2"><f>', '<c r="B2" t="e"><f>'))
    rewrite_sheet(path, lambda xml: xml.replace("<v />", "<v>#N/A</v>"))
    err = refused(ncdesk, db_file, path)
    assert "row 2, column first_name (value '#N/A')" in err


def test_merged_cells_in_the_data_are_refused(ncdesk, db_file, tmp_path):
    path = tmp_path / "p.xlsx"
    book = workbook(
        path,
        ["person_ref", "first_name", "last_name", "notes"],
        ["X1", "Ada", "Testwood", "shared note"],
        ["X4", "Dot", "Dummett", None],
    )
    book.active.merge_cells("D2:D3")
    book.save(path)
    err = refused(ncdesk, db_file, path)
    assert "row 2, column notes" in err
    assert "unmerge the cells (rows 2 to 3, column notes)" in err


def test_merged_cells_across_columns_name_them(ncdesk, db_file, tmp_path):
    path = tmp_path / "p.xlsx"
    book = workbook(path, ["person_ref", "first_name", "last_name"], ["X5", "Eli Fakeham", None])
    book.active.merge_cells("B2:C2")
    book.save(path)
    err = refused(ncdesk, db_file, path)
    assert "unmerge the cells (row 2, columns first_name to last_name)" in err


def test_merged_blank_cells_above_the_header_are_fine(ncdesk, db_file, tmp_path):
    path = tmp_path / "p.xlsx"
    book = workbook(path, [None], ["person_ref", "first_name", "last_name"], ["X6", "Fay", "T"])
    book.active.merge_cells("A1:C1")
    book.save(path)
    result = ncdesk("import", "people", path, "--db", db_file)
    assert result.code == 0, result.err
    assert first_name(db_file, "X6") == "Fay"


def test_every_row_is_read_when_the_sheet_misstates_its_size(ncdesk, db_file, tmp_path):
    # Some programs write <dimension ref="A1"/> whatever the sheet holds.
    path = tmp_path / "p.xlsx"
    workbook(
        path,
        ["person_ref", "first_name", "last_name"],
        ["X7", "Gus", "Testwood"],
        ["X8", "Hal", "Testwood"],
    )
    rewrite_sheet(
        path, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1"/>', xml)
    )
    result = ncdesk("import", "people", path, "--db", db_file)
    assert result.code == 0, result.err
    assert "2 people were added" in result.out
    assert first_name(db_file, "X8") == "Hal"
