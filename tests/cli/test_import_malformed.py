"""Files that are not what they claim, or hold nothing, are refused with a plain message (exit
1, nothing written), never a traceback or an 'unexpected error'."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.cli.conftest import content, write_csv


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    people = write_csv(tmp_path / "seed.csv", "person_ref,first_name\nM1,Ann\n")
    assert ncdesk("import", "people", people, "--db", path).code == 0
    return path


def workbook_parts(folder: Path) -> dict[str, bytes]:
    book = Workbook()
    book.active.append(["person_ref", "first_name"])
    book.active.append(["M2", "Bea"])
    book.save(folder / "base.xlsx")
    with zipfile.ZipFile(folder / "base.xlsx") as z:
        return {name: z.read(name) for name in z.namelist()}


def zipped(folder: Path, name: str, change: Callable[[dict[str, bytes]], None]) -> Path:
    parts = workbook_parts(folder)
    change(parts)
    path = folder / name
    with zipfile.ZipFile(path, "w") as z:
        for part, data in parts.items():
            z.writestr(part, data)
    return path


def no_sheets(parts: dict[str, bytes]) -> None:
    parts["xl/workbook.xml"] = re.sub(
        rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"]
    )


def nothing_inside(parts: dict[str, bytes]) -> None:
    parts.clear()
    parts["readme.txt"] = b"not a workbook"


def broken_sheet_xml(parts: dict[str, bytes]) -> None:
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row r='1'><c r='A1'"


def shared_string_missing(parts: dict[str, bytes]) -> None:
    parts["xl/worksheets/sheet1.xml"] = (
        b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        b"<sheetData><row r='1'><c r='A1' t='s'><v>99</v></c></row></sheetData></worksheet>"
    )


def chart_only(folder: Path) -> Path:
    book = Workbook()
    book.create_chartsheet()
    book.remove(book.active)
    book.save(folder / "chart.xlsx")
    return folder / "chart.xlsx"


def empty_first_sheet(folder: Path) -> Path:
    book = Workbook()
    book.create_sheet("People").append(["person_ref", "first_name"])
    book.save(folder / "empty.xlsx")
    return folder / "empty.xlsx"


def written(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return make


def text_xlsx_named_csv(folder: Path) -> Path:
    zipped(folder, "book.xlsx", lambda parts: None).rename(folder / "book.csv")
    return folder / "book.csv"


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty CSV": (written("p.csv", b""), "is empty"),
    "BOM only": (written("p.csv", b"\xef\xbb\xbf"), "is empty"),
    "blank lines only": (written("p.csv", b"\n\r\n,,\n"), "is empty"),
    "UTF-16 without its BOM": (
        written("p.csv", "person_ref,first_name\nM3,Zoë\n".encode("utf-16-le")),
        "NUL",
    ),
    "UTF-16 cut short": (
        written("p.csv", "person_ref,first_name\nM3,Zoë\n".encode("utf-16")[:-1]),
        "damaged",
    ),
    "NUL bytes": (written("p.csv", b"person_ref,first_name\nM3,Zo\x00e\n"), "NUL"),
    "huge cell": (written("p.csv", b'person_ref,first_name\nM3,"' + b"x" * 200_000), "row 2"),
    "text named .xlsx": (written("p.xlsx", b"person_ref,first_name\nM3,Cy\n"), "not a readable"),
    "truncated .xlsx": (written("p.xlsx", b"PK\x03\x04\x14\x00\x00\x00"), "not a readable"),
    "zip that is no workbook": (lambda f: zipped(f, "p.xlsx", nothing_inside), "not a readable"),
    "workbook with no sheets": (lambda f: zipped(f, "p.xlsx", no_sheets), "no sheets"),
    "only a chart sheet": (chart_only, "not a readable"),
    "sheet XML cut short": (lambda f: zipped(f, "p.xlsx", broken_sheet_xml), "not a readable"),
    "missing shared string": (
        lambda f: zipped(f, "p.xlsx", shared_string_missing),
        "cannot be read",
    ),
    "empty first sheet": (empty_first_sheet, "nothing on its first sheet (Sheet)"),
    "a workbook named .csv": (text_xlsx_named_csv, "name it .xlsx"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_file_is_refused_plainly(ncdesk, db_file, tmp_path, case):
    make, expected = CASES[case]
    before = content(db_file)
    result = ncdesk("import", "people", make(tmp_path), "--db", db_file)
    assert result.code == 1, result.out
    assert expected in result.err
    assert "unexpected error" not in result.err
    assert content(db_file) == before
