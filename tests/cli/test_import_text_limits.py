"""Text longer than its database column allows is refused in every kind, CSV or XLSX, with
the limit taken from the model's String(n) in the message."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from ncdesk.core.models import (
    Activity,
    EquipmentCategory,
    Exchange,
    Item,
    Person,
    ReferralType,
    SkillCategory,
)
from tests.cli.conftest import content, write_csv
from tests.databases import copy_database, url_of

# kind, header, a good row with {} where the long text goes, the column, the model attribute
CASES = [
    (
        "people",
        "person_ref,first_name,last_name",
        ["L9", "Ada", "{}"],
        "last_name",
        Person.last_name,
    ),
    (
        "people",
        "person_ref,first_name,email",
        ["L9", "Ada", "{}@example.org"],
        "email",
        Person.email,
    ),
    ("people", "person_ref,first_name", ["{}", "Ada"], "person_ref", Person.person_ref),
    (
        "attendance",
        "date,activity,person_ref",
        ["03/11/2025", "{}", "L1"],
        "activity",
        Activity.name,
    ),
    (
        "attendance",
        "date,activity,person_ref,signposted_to",
        ["03/11/2025", "Lunch club", "L1", "Food bank; {}"],
        "signposted_to",
        ReferralType.name,
    ),
    (
        "members",
        "person_ref,joined,offers",
        ["L2", "01/01/2025", "{}"],
        "offers",
        SkillCategory.name,
    ),
    (
        "exchanges",
        "date,giver_ref,receiver_ref,hours,category,exchange_ref",
        ["05/03/2025", "L1", "CHEST", "1", "Gardening", "{}"],
        "exchange_ref",
        Exchange.exchange_ref,
    ),
    (
        "exchanges",
        "date,giver_ref,receiver_ref,hours,category",
        ["05/03/2025", "L1", "CHEST", "1", "{}"],
        "category",
        SkillCategory.name,
    ),
    ("items", "item_ref,name", ["{}", "Scooter"], "item_ref", Item.item_ref),
    ("items", "item_ref,name", ["SC09", "{}"], "name", Item.name),
    ("items", "item_ref,name,serial", ["SC09", "Scooter", "{}"], "serial", Item.serial),
    (
        "items",
        "item_ref,name,category",
        ["SC09", "Scooter", "{}"],
        "category",
        EquipmentCategory.name,
    ),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """People L1 and L2 (L1 a timebank member), so lookups pass and only lengths are wrong."""
    from ncdesk.cli import main

    folder = tmp_path_factory.mktemp("limits")
    path = folder / "seed.db"
    people = write_csv(folder / "p.csv", "person_ref,first_name\nL1,Ann\nL2,Ben\n")
    members = write_csv(folder / "m.csv", "person_ref,joined\nL1,01/01/2025\n")
    assert main(["import", "people", str(people), "--db", url_of(path)]) == 0
    assert main(["import", "members", str(members), "--db", url_of(path)]) == 0
    return path


@pytest.fixture
def db_file(seeded: Path, tmp_path: Path) -> Path:
    return copy_database(seeded, tmp_path / "d.db")


def csv_text(header: str, row: list[str]) -> str:
    out = io.StringIO()
    out.write(header + "\n")
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue()


def long_row(row: list[str], attribute, extra: int) -> list[str]:
    """The row with its placeholder filled so the stored text is `limit + extra` long."""
    limit = attribute.property.columns[0].type.length
    cell = next(c for c in row if "{}" in c)
    filler_len = limit + extra - len(cell.replace("{}", "").split(";")[-1].strip())
    return [c.replace("{}", "x" * filler_len) for c in row]


@pytest.mark.parametrize(("kind", "header", "row", "column", "attribute"), CASES)
def test_text_longer_than_its_column_is_refused(
    ncdesk, db_file, tmp_path, kind, header, row, column, attribute
):
    limit = attribute.property.columns[0].type.length
    before = content(db_file)
    path = write_csv(tmp_path / "f.csv", csv_text(header, long_row(row, attribute, 1)))
    result = ncdesk("import", kind, path, "--db", db_file)
    assert result.code == 1, result.out
    assert f"row 2, column {column}" in result.err
    assert f"longer than {limit} characters" in result.err
    assert content(db_file) == before


@pytest.mark.parametrize(("kind", "header", "row", "column", "attribute"), CASES)
def test_text_exactly_as_long_as_its_column_is_imported(
    ncdesk, db_file, tmp_path, kind, header, row, column, attribute
):
    path = write_csv(tmp_path / "f.csv", csv_text(header, long_row(row, attribute, 0)))
    result = ncdesk("import", kind, path, "--db", db_file)
    assert result.code == 0, result.err


def test_an_xlsx_cell_follows_the_same_limit(ncdesk, db_file, tmp_path):
    book = Workbook()
    book.active.append(["item_ref", "name"])
    book.active.append(["SC09", "x" * 201])
    book.save(tmp_path / "i.xlsx")
    result = ncdesk("import", "items", tmp_path / "i.xlsx", "--db", db_file)
    assert result.code == 1
    assert "row 2, column name (value 'xxxxxxxxxxxxxxxxxxxx…'): longer than 200 characters" in (
        result.err
    )
