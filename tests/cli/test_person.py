"""`ncdesk person export` and `ncdesk person erase` (DESIGN §5): a subject access response as
PDF and JSON; erasure only with --yes, figures unchanged; unknown references refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import content

PERIOD = ("--from", "2025-12-01", "--to", "2026-11-30")


def test_person_export_writes_a_pdf_and_json(ncdesk, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    ncdesk("demo", "--db", db)
    result = ncdesk("person", "export", "p00012", "--db", db, "--out", tmp_path / "sar")
    assert result.code == 0, result.err
    [json_file] = (tmp_path / "sar").glob("P00012-subject-access-*.json")
    [pdf_file] = (tmp_path / "sar").glob("P00012-subject-access-*.pdf")
    held = json.loads(json_file.read_text())
    assert held["person_ref"] == "P00012" and held["details"]["Reference"] == "P00012"
    assert set(held["records"]) == {
        "Drop-in visits",
        "Volunteering",
        "Bookings",
        "Timebank",
        "Loans",
        "Reservations",
        "Borrower training",
        "Outcome scores",
        "Told apart from a look-alike",
    }
    assert pdf_file.read_bytes().startswith(b"%PDF")


def test_an_unknown_reference_is_refused(ncdesk, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    ncdesk("demo", "--db", db)
    for command in (("export", "P99999", "--out", tmp_path / "x"), ("erase", "P99999", "--yes")):
        result = ncdesk("person", *command, "--db", db)
        assert result.code == 1 and "reference P99999" in result.err


def test_erase_without_yes_changes_nothing(ncdesk, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    ncdesk("demo", "--db", db)
    before = content(db)
    result = ncdesk("person", "erase", "P00012", "--db", db)
    assert result.code == 1 and "add --yes to erase" in result.err
    assert content(db) == before


def test_erase_keeps_every_figure(ncdesk, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    ncdesk("demo", "--db", db)
    before = json.loads(ncdesk("report", "--db", db, *PERIOD).out)["metrics"]
    result = ncdesk("person", "erase", "P00012", "--db", db, "--yes")
    assert result.code == 0 and "P00012 is erased" in result.out
    after = json.loads(ncdesk("report", "--db", db, *PERIOD).out)["metrics"]
    assert after == before
    assert ncdesk("person", "export", "P00012", "--db", db, "--out", tmp_path / "x").code == 1
