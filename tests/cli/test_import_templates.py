"""`ncdesk template KIND OUT`: a blank workbook that imports as it is once filled in."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ncdesk.core.io.imports import IMPORTERS
from ncdesk.core.services.people import get_person_by_ref
from tests.databases import reopen


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    assert ncdesk("demo", "--db", path).code == 0
    return path


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_every_kind_has_a_template_with_our_headers_and_an_explanation(
    ncdesk, db_file, tmp_path, kind
):
    out = tmp_path / f"{kind}.xlsx"
    result = ncdesk("template", kind, out, "--db", db_file)
    assert result.code == 0, result.err
    book = load_workbook(out)
    assert book.sheetnames[:2] == [kind, "About the columns"]
    headers = [c.value for c in book[kind][1]]
    assert headers == list(IMPORTERS[kind].columns)
    about = list(book["About the columns"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in about] == headers
    assert all(row[2] for row in about), "every column is explained"
    required = {row[0] for row in about if row[1] == "required"}
    assert required == set(IMPORTERS[kind].required)


def test_people_template_has_drop_down_lists_for_gender_and_yes_no(ncdesk, db_file, tmp_path):
    out = tmp_path / "people.xlsx"
    ncdesk("template", "people", out, "--db", db_file)
    book = load_workbook(out)
    sheet = book["people"]
    column = {c.value: c.column_letter for c in sheet[1]}
    checks = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    for name in ("gender", "disability", "consent_contact", "referred_by", "age_band"):
        assert f"{column[name]}2" in checks, name
    gender = checks[f"{column['gender']}2"]
    lists = book["Lists"]
    assert lists.sheet_state == "hidden"
    ref = gender.formula1.split("!")[1].replace("$", "")
    values = [c.value for row in lists[ref] for c in row]
    assert values == ["female", "male", "non-binary", "other", "prefer not to say"]
    assert gender.errorStyle == "stop"


def test_attendance_template_lists_the_organisations_referral_types(ncdesk, db_file, tmp_path):
    out = tmp_path / "attendance.xlsx"
    ncdesk("template", "attendance", out, "--db", db_file)
    book = load_workbook(out)
    sheet = book["attendance"]
    [check] = sheet.data_validations.dataValidation
    assert check.errorStyle == "warning"  # a new referral type is added on import
    ref = check.formula1.split("!")[1].replace("$", "")
    values = [c.value for row in book["Lists"][ref] for c in row]
    assert "Food bank voucher" in values


def test_a_filled_in_template_imports_as_it_is(ncdesk, db_file, tmp_path):
    out = tmp_path / "people.xlsx"
    ncdesk("template", "people", out, "--db", db_file)
    book = load_workbook(out)
    sheet = book["people"]
    column = {c.value: c.column for c in sheet[1]}
    for name, value in (("person_ref", "TP1"), ("last_name", "Template"), ("gender", "other")):
        sheet.cell(2, column[name], value)
    book.save(out)
    result = ncdesk("import", "people", out, "--db", db_file)
    assert result.code == 0, result.err
    assert "1 people were added" in result.out
    db = reopen(db_file)
    try:
        assert get_person_by_ref(db, "TP1").gender == "other"
    finally:
        db.close()


def test_a_template_for_an_unknown_kind_is_a_usage_mistake(ncdesk, db_file, tmp_path):
    assert ncdesk("template", "shoes", tmp_path / "x.xlsx", "--db", db_file).code == 2
