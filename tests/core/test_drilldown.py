"""The records behind each figure are exactly the ones it counts: on the small demo, for every
figure, the rows listed (or the total of the summed column) equal the figure `compute` gives,
for a year, a quarter, and a grant that covers one activity and neither timebank nor loans."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.demo import fill_demo
from ncdesk.core.errors import NcdeskError
from ncdesk.core.models import AuditEvent, Person
from ncdesk.core.reports.drilldown import (
    PEOPLE_HEADERS,
    can_drill,
    drill_down,
    export_drilldown,
)
from ncdesk.core.reports.grant_return import build_return
from ncdesk.core.reports.metrics import Scope, compute, scope_for
from ncdesk.core.services.activities import list_activities
from ncdesk.core.services.grants import GrantInput, save_grant
from tests.databases import new_database

DEMO_DAY = date(2026, 3, 31)
YEAR = (date(2025, 4, 1), date(2026, 3, 31))
QUARTER = (date(2025, 10, 1), date(2025, 12, 31))

# The figures the issue names; each must have records behind it in the demo year.
NAMED = (
    "dropin.unique_people",
    "dropin.new_people",
    "dropin.sessions",
    "reach.unique_people",
    "reach.age.65-74",
    "reach.gender.female",
    "volunteers.people",
    "timebank.active_members",
    "loans.borrowers",
    "loans.items",
    "referrals.by_type.food_bank_voucher",
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = new_database(tmp_path_factory.mktemp("drill") / "demo.db")
    fill_demo(db, "small", seed=1, on=DEMO_DAY)
    activity = list_activities(db)[0]
    save_grant(
        db,
        GrantInput(
            "ONE-ACT",
            "Parish Council",
            date(2025, 4, 1),
            date(2026, 3, 31),
            activity_ids=(activity.id,),
        ),
    )
    yield db
    db.close()


def scopes(db: Database) -> dict[str, Scope]:
    return {
        "year": scope_for(db, *YEAR),
        "quarter": scope_for(db, *QUARTER),
        "grant quarter": scope_for(db, *QUARTER, "ONE-ACT"),
    }


@pytest.mark.parametrize("which", ["year", "quarter", "grant quarter"])
def test_every_figure_equals_the_records_listed_behind_it(demo: Database, which: str) -> None:
    scope = scopes(demo)[which]
    figures = compute(demo, scope)
    differ = {}
    for metric_id, value in figures.items():
        assert can_drill(metric_id), metric_id
        drill = drill_down(demo, scope, metric_id)
        if drill.total != value:
            differ[metric_id] = (value, drill.total)
    assert differ == {}


@pytest.mark.parametrize("metric_id", NAMED)
def test_named_figures_have_one_row_per_thing_counted(demo: Database, metric_id: str) -> None:
    scope = scopes(demo)["year"]
    drill = drill_down(demo, scope, metric_id)
    assert drill.sum_column is None
    assert len(drill.rows) == compute(demo, scope)[metric_id] > 0


def test_new_people_in_a_quarter_are_fewer_than_the_people_who_came(demo: Database) -> None:
    scope = scopes(demo)["quarter"]
    came = {row[0] for row in drill_down(demo, scope, "dropin.unique_people").rows}
    new = drill_down(demo, scope, "dropin.new_people")
    assert {row[0] for row in new.rows} < came
    assert all(QUARTER[0] <= row[-1] <= QUARTER[1] for row in new.rows)  # first visit


def test_hours_and_attendances_are_the_total_of_a_column(demo: Database) -> None:
    scope = scopes(demo)["year"]
    figures = compute(demo, scope)
    hours = drill_down(demo, scope, "volunteers.hours")
    assert hours.headers[hours.sum_column or 0] == "Hours"
    assert hours.total == figures["volunteers.hours"]
    sessions = drill_down(demo, scope, "dropin.attendances")
    assert len(sessions.rows) == figures["dropin.sessions"]
    assert "total of 'Attendances'" in sessions.explanation


def test_a_grant_without_the_timebank_lists_no_exchanges(demo: Database) -> None:
    scope = scopes(demo)["grant quarter"]
    assert drill_down(demo, scope, "timebank.exchanges").rows == ()
    assert drill_down(demo, scope, "loans.borrowers").rows == ()


def test_lists_of_people_hold_no_phone_numbers_or_full_postcodes(demo: Database) -> None:
    scope = scopes(demo)["year"]
    drill = drill_down(demo, scope, "reach.unique_people")
    assert drill.headers[: len(PEOPLE_HEADERS)] == PEOPLE_HEADERS
    with demo.session() as s:
        private = {
            value
            for phone, email, postcode in s.execute(
                select(Person.phone, Person.email, Person.postcode)
            )
            for value in (phone, email, postcode)
            if value and " " in value or value and "@" in value
        }
    shown = {cell for row in drill.rows for cell in row}
    assert private and not private & shown


def test_reach_rows_say_how_each_person_was_reached(demo: Database) -> None:
    drill = drill_down(demo, scopes(demo)["year"], "reach.unique_people")
    ways = {part for row in drill.rows for part in row[-1].split(", ")}
    assert ways == {"drop-in", "volunteer", "timebank", "loan"}


def test_an_unknown_figure_is_refused_in_plain_words(demo: Database) -> None:
    with pytest.raises(NcdeskError, match="cannot list"):
        drill_down(demo, scopes(demo)["year"], "dropin.nonsense")


def test_export_writes_the_rows_and_notes_it_in_the_audit_trail(
    demo: Database, tmp_path: Path
) -> None:
    drill = drill_down(demo, scopes(demo)["year"], "volunteers.hours")
    path = tmp_path / "hours.xlsx"
    export_drilldown(demo, drill, path)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(drill.headers)
    assert sheet.max_row == len(drill.rows) + 1
    total = sum(row[4].value for row in sheet.iter_rows(min_row=2))
    assert round(total, 2) == drill.total
    with demo.session() as s:
        details = list(s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "export")))
    assert any("volunteers.hours" in d and "hours.xlsx" in d for d in details)


def test_the_methods_note_has_one_plain_line_per_family_of_figures(demo: Database) -> None:
    methods = build_return(demo, scope_for(demo, *YEAR)).methods()
    families = {metric_id: label for metric_id, label, _ in methods if metric_id.endswith("*")}
    assert families["referrals.by_type.*"] == "Referrals to …"
    assert families["reach.age.*"] == "People reached aged …"
    assert len([m for m, _, _ in methods if m.startswith("referrals.by_type.")]) == 1
