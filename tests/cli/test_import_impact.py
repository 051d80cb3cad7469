"""`ncdesk import outcomes` and `ncdesk import places` (DESIGN §5): bad rows (a score off its
scale, an unknown measure, a decile outside 1 to 10) are refused with nothing written; good
files import, again without change, and the figures use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from ncdesk.core.models import OutcomeScore, Person
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

PERIOD = ("--from", "2025-12-01", "--to", "2026-11-30")


@pytest.fixture
def demo(ncdesk, tmp_path: Path) -> Path:
    db = tmp_path / "d.db"
    assert ncdesk("demo", "--db", db).code == 0
    return db


def test_bad_outcome_rows_are_refused_and_nothing_is_written(ncdesk, demo, tmp_path) -> None:
    bad = write_csv(
        tmp_path / "scores.csv",
        "person_ref,date,measure,score\n"
        "P00012,2026-05-01,wellbeing_happy,11\n"
        "P00012,2026-05-01,wellbeing_cheerful,5\n"
        "P00012,2026-05-01,loneliness_ucla3,2\n"
        "P99999,2026-05-01,wellbeing_happy,5\n"
        "P00012,2026-05-01,wellbeing_happy,five\n",
    )
    before = content(demo)
    result = ncdesk("import", "outcomes", bad, "--db", demo)
    assert result.code == 1
    for line in (
        "row 2, column score (value '11'): must be a whole number from 0 to 10",
        "row 3, column measure (value 'wellbeing_cheerful'): is not a measure ncdesk knows",
        "row 4, column score (value '2'): must be a whole number from 3 to 9",
        "row 5, column person_ref",
        "row 6, column score (value 'five')",
    ):
        assert line in result.err, line
    assert content(demo) == before


def _unscored(path: Path) -> str:
    """A demo person with no outcome scores yet (the demo gives some regulars scores)."""
    db = reopen(path)
    try:
        with db.session() as s:
            scored = select(OutcomeScore.person_id)
            return (
                s.scalars(
                    select(Person.person_ref).where(Person.id.not_in(scored)).order_by(Person.id)
                ).first()
                or ""
            )
    finally:
        db.close()


def test_outcomes_import_once_and_count_in_the_return(ncdesk, demo, tmp_path) -> None:
    measure = "outcomes.wellbeing_life_satisfaction"
    before = json.loads(ncdesk("report", "--db", demo, *PERIOD).out)["metrics"]
    ref = _unscored(demo)
    scores = write_csv(
        tmp_path / "scores.csv",
        "person_ref,date,measure,score\n"
        f"{ref},2026-01-10,wellbeing_life_satisfaction,4\n"
        f"{ref},2026-11-01,wellbeing_life_satisfaction,7\n",
    )
    first = ncdesk("import", "outcomes", scores, "--db", demo)
    assert first.code == 0 and "2 scores were added" in first.out
    again = ncdesk("import", "outcomes", scores, "--db", demo)
    assert "0 scores were added, 0 updated, 2 already up to date" in again.out
    after = json.loads(ncdesk("report", "--db", demo, *PERIOD).out)["metrics"]
    assert after[f"{measure}.people"] == before[f"{measure}.people"] + 1
    assert after[f"{measure}.improved"] == before[f"{measure}.improved"] + 1
    people = before[f"{measure}.people"]
    total = before[f"{measure}.mean_change"] * people + 3  # means are kept to 2 decimals
    assert after[f"{measure}.mean_change"] == pytest.approx(total / (people + 1), abs=0.011)


def test_a_decile_outside_one_to_ten_is_refused(ncdesk, demo, tmp_path) -> None:
    bad = write_csv(
        tmp_path / "places.csv",
        "postcode,ward,lsoa,imd_decile\nCB7 5AB,Soham,E01017890,11\nCB7,Soham,E01017891,3\n",
    )
    before = content(demo)
    result = ncdesk("import", "places", bad, "--db", demo)
    assert result.code == 1
    assert "row 2, column imd_decile (value '11'): must be from 1 to 10" in result.err
    assert "row 3, column postcode (value 'CB7'): give the whole postcode" in result.err
    assert content(demo) == before


def test_places_place_people_and_count_in_the_return(ncdesk, demo, tmp_path) -> None:
    db = reopen(demo)
    with db.session() as s:
        postcodes = sorted({p for p in s.scalars(select(Person.postcode)) if p and " " in p})[:5]
    db.close()
    lines = ["postcode,ward,lsoa,imd_decile"]
    lines += [
        f"{pc.lower().replace(' ', '')},Ward {i},E0100000{i},{i + 1}"
        for i, pc in enumerate(postcodes)
    ]
    places = write_csv(tmp_path / "places.csv", "\n".join(lines) + "\n")
    result = ncdesk("import", "places", places, "--db", demo)
    assert result.code == 0, result.err
    assert "5 rows read; 0 postcodes were added, 5 updated" in result.out  # the demo has them
    db = reopen(demo)
    with db.session() as s:
        for i, pc in enumerate(postcodes):
            people = s.scalars(select(Person).where(Person.postcode == pc)).all()
            assert people and {(p.ward, p.imd_decile) for p in people} == {(f"Ward {i}", i + 1)}
    db.close()
    metrics = json.loads(ncdesk("report", "--db", demo, *PERIOD).out)["metrics"]
    placed = sum(metrics[f"reach.imd_decile.{d}"] for d in range(1, 11))
    assert placed > 0
    assert placed + metrics["reach.imd_decile.unknown"] == metrics["reach.unique_people"]
