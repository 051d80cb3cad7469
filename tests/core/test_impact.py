"""Impact figures (DESIGN §6) for constructed cases with known answers: outcome changes (one
score, a latest score after the period, no change, measures where lower is better), the
deprivation of where people live (no postcode, a postcode not in the lookup), who referred
them; and every one of them unchanged by an erasure."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ncdesk.core.errors import ValidationError
from ncdesk.core.models import Place
from ncdesk.core.reports.drilldown import drill_down
from ncdesk.core.reports.metrics import compute, scope_for
from ncdesk.core.services import activities as A
from ncdesk.core.services import desk as D
from ncdesk.core.services.data_protection import erase_person
from ncdesk.core.services.outcomes import outcomes_due, record_scores
from ncdesk.core.services.people import update_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.settings import get_settings, save_settings

START, END = date(2026, 4, 1), date(2026, 6, 30)
LIFE, ANXIOUS, UCLA = "wellbeing_life_satisfaction", "wellbeing_anxious", "loneliness_ucla3"


@pytest.fixture
def world(db, add):
    """Six people who all came to a drop-in in the quarter, with scores and postcodes."""
    with db.transaction() as s:
        s.add_all(
            [
                Place(postcode="CB75AA", ward="Soham North", lsoa="E01000001", imd_decile=1),
                Place(postcode="CB75AB", ward="Soham South", lsoa="E01000002", imd_decile=2),
                Place(postcode="PE158QZ", ward="March East", lsoa="E01000003", imd_decile=7),
            ]
        )
    people = {
        "ann": add("Ann", "Able", postcode="CB7 5AA", referred_by="GP"),
        "bob": add("Bob", "Baker", postcode="cb75ab", referred_by="Social prescriber"),
        "cat": add("Cat", "Cole", postcode="PE15 8QZ", referred_by="Self"),
        "dan": add("Dan", "Dale", postcode="CB7 9ZZ"),  # a postcode not in the lookup
        "eve": add("Eve", "East"),  # no postcode at all
        "fay": add("Fay", "Ford", postcode="CB7 5AA", referred_by="gp"),  # the same source
    }
    activity = A.save_activity(db, A.ActivityInput("Lunch club", "Hall", "weekly", weekday=2))
    session = A.open_session(db, activity.id, date(2026, 5, 6))
    for person in people.values():
        D.check_in(db, session.id, person.id)
    scores = {
        # two scores, latest in the period, up from 5 to 8: improved by 3
        "ann": [(date(2026, 1, 10), LIFE, 5), (date(2026, 5, 6), LIFE, 8)],
        # one score only: not counted
        "bob": [(date(2026, 5, 6), LIFE, 6)],
        # the latest score is after the period: latest up to the end is before it, so out
        "cat": [(date(2026, 2, 1), LIFE, 4), (date(2026, 8, 1), LIFE, 9)],
        # no change: counted, not improved
        "dan": [(date(2026, 3, 1), LIFE, 7), (date(2026, 6, 1), LIFE, 7)],
        # anxiety down from 8 to 3 and loneliness 9 to 6: lower is better, so improved
        "eve": [
            (date(2026, 1, 5), ANXIOUS, 8),
            (date(2026, 4, 20), ANXIOUS, 3),
            (date(2026, 1, 5), UCLA, 9),
            (date(2026, 4, 20), UCLA, 6),
        ],
        # anxiety up from 2 to 6: worse; a middle score does not matter, only first and latest
        "fay": [
            (date(2025, 12, 1), ANXIOUS, 2),
            (date(2026, 3, 1), ANXIOUS, 9),
            (date(2026, 6, 30), ANXIOUS, 6),
        ],
    }
    for name, answers in scores.items():
        for day, measure, score in answers:
            record_scores(db, people[name].id, day, {measure: score})
    return people


def figures(db):
    return compute(db, scope_for(db, START, END))


def test_outcome_changes_follow_the_definitions(db, world) -> None:
    f = figures(db)
    assert f[f"outcomes.{LIFE}.people"] == 2  # Ann and Dan
    assert f[f"outcomes.{LIFE}.improved"] == 1  # Ann
    assert f[f"outcomes.{LIFE}.mean_change"] == 1.5  # (3 + 0) / 2
    assert f[f"outcomes.{ANXIOUS}.people"] == 2  # Eve and Fay
    assert f[f"outcomes.{ANXIOUS}.improved"] == 1  # Eve: lower is better
    assert f[f"outcomes.{ANXIOUS}.mean_change"] == -0.5  # (-5 + 4) / 2
    assert (f[f"outcomes.{UCLA}.people"], f[f"outcomes.{UCLA}.improved"]) == (1, 1)
    assert f[f"outcomes.{UCLA}.mean_change"] == -3.0
    # every measure is always present, 0 when nobody has a change to show
    assert f["outcomes.loneliness_direct.people"] == 0
    assert f["outcomes.loneliness_direct.mean_change"] == 0.0


def test_deprivation_and_referral_sources_follow_the_definitions(db, world) -> None:
    f = figures(db)
    assert [f[f"reach.imd_decile.{d}"] for d in range(1, 11)] == [2, 1, 0, 0, 0, 0, 1, 0, 0, 0]
    assert f["reach.imd_decile.unknown"] == 2  # Dan (not in the lookup) and Eve (no postcode)
    assert f["reach.most_deprived_20pc"] == 3
    assert f["reach.referred_by.gp"] == 2
    assert f["reach.referred_by.social_prescriber"] == 1
    assert f["reach.referred_by.unknown"] == 2


def test_the_records_behind_the_impact_figures_are_the_ones_counted(db, world) -> None:
    scope = scope_for(db, START, END)
    f = compute(db, scope)
    for metric_id in (
        f"outcomes.{LIFE}.people",
        f"outcomes.{LIFE}.improved",
        f"outcomes.{LIFE}.mean_change",
        f"outcomes.{ANXIOUS}.mean_change",
        "reach.imd_decile.1",
        "reach.imd_decile.unknown",
        "reach.most_deprived_20pc",
        "reach.referred_by.gp",
    ):
        assert drill_down(db, scope, metric_id).total == f[metric_id], metric_id


def test_a_changed_postcode_moves_the_person_to_their_new_place(db, world) -> None:
    moved = PersonDetails(postcode="PE15 8QZ")
    moved.given.add("postcode")
    update_person(db, world["ann"].id, moved)
    f = figures(db)
    assert (f["reach.imd_decile.1"], f["reach.imd_decile.7"]) == (1, 2)


def test_every_impact_figure_is_unchanged_by_erasure(db, world) -> None:
    before = figures(db)
    for name in ("ann", "eve", "fay"):
        erase_person(db, world[name].person_ref)
    assert figures(db) == before


def test_someone_never_asked_or_asked_long_ago_is_due(db, world) -> None:
    assert outcomes_due(db, world["bob"].id, on=date(2026, 5, 20)) is False
    assert outcomes_due(db, world["bob"].id, on=date(2026, 9, 1)) is True
    assert outcomes_due(db, world["ann"].id, on=date(2026, 5, 7)) is False


def test_how_often_to_ask_again_is_a_setting_and_zero_asks_only_once(db, world) -> None:
    save_settings(db, replace(get_settings(db), outcomes_every_months=6))
    assert outcomes_due(db, world["bob"].id, on=date(2026, 9, 1)) is False
    assert outcomes_due(db, world["bob"].id, on=date(2026, 11, 6)) is True
    save_settings(db, replace(get_settings(db), outcomes_every_months=0))
    assert outcomes_due(db, world["bob"].id, on=date(2030, 1, 1)) is False


def test_a_score_off_its_scale_is_refused_and_nothing_is_written(db, world) -> None:
    with pytest.raises(ValidationError) as refused:
        record_scores(db, world["bob"].id, date(2026, 6, 1), {"loneliness_ucla3": 2})
    assert "from 3 to 9" in str(refused.value.problems[0].message)
    assert outcomes_due(db, world["bob"].id, on=date(2026, 9, 1)) is True
