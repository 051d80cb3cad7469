"""Synthetic demo data: realistic enough to try ncdesk with, and never about real people."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from ncdesk.core.demo import DemoCancelled, fill_demo
from ncdesk.core.errors import NcdeskError
from ncdesk.core.models import Person
from ncdesk.core.parsing import age_on
from ncdesk.core.services.people import add_person, search_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.settings import OrgSettings, get_settings
from tests.databases import new_database

ON = date(2025, 6, 30)
DRAMA_NUMBER = re.compile(r"^(07700 900\d{3}|01632 960\d{3})$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The small demo database, made once for this module's read-only tests."""
    db = new_database(tmp_path_factory.mktemp("demo") / "demo.db")
    fill_demo(db, "small", seed=1, on=ON)
    yield db
    db.close()


@pytest.fixture(scope="module")
def demo_people(demo):
    with demo.session() as s:
        return list(s.scalars(select(Person)))


def people_count(db):
    with db.session() as s:
        return s.scalar(select(func.count(Person.id)))


def test_the_small_demo_has_about_150_people(demo_people):
    assert 140 <= len(demo_people) <= 160


def test_demo_phone_numbers_are_only_from_ofcom_drama_ranges(demo_people):
    phones = [p.phone for p in demo_people if p.phone]
    assert phones
    assert [x for x in phones if not DRAMA_NUMBER.match(x)] == []


def test_demo_email_addresses_are_all_at_example_org(demo_people):
    emails = [p.email for p in demo_people if p.email]
    assert emails
    assert [x for x in emails if not x.endswith("@example.org")] == []


def test_most_demo_people_with_a_date_of_birth_are_65_or_over(demo_people):
    ages = [age_on(p.date_of_birth, ON) for p in demo_people if p.date_of_birth]
    assert sum(age >= 65 for age in ages) > len(ages) / 2
    assert min(ages) >= 16 and max(ages) <= 100


@pytest.mark.parametrize("field", ["date_of_birth", "postcode", "phone", "email", "gender"])
def test_some_demo_people_leave_a_field_blank_as_real_records_do(demo_people, field):
    blank = [p for p in demo_people if getattr(p, field) in (None, "")]
    assert 0 < len(blank) < len(demo_people)


def test_demo_references_start_at_p00001(demo_people):
    assert sorted(p.person_ref for p in demo_people)[:2] == ["P00001", "P00002"]


def test_demo_people_can_be_found_by_name(demo, demo_people):
    someone = demo_people[10]
    found = search_people(demo, f"{someone.first_name} {someone.last_name}")
    assert someone.id in [r.id for r in found]


def test_the_demo_names_the_organisation(demo):
    assert "demo" in get_settings(demo).organisation_name


def test_the_same_seed_makes_the_same_people(tmp_path):
    made = []
    for name in ("a.db", "b.db"):
        db = new_database(tmp_path / name)
        fill_demo(db, "small", seed=7, on=ON)
        with db.session() as s:
            made.append(s.execute(select(Person.first_name, Person.last_name, Person.phone)).all())
        db.close()
    assert made[0] == made[1]


def test_a_person_added_after_the_demo_gets_the_next_reference(tmp_path):
    db = new_database(tmp_path / "d.db")
    counts = fill_demo(db, "small", on=ON)
    added = add_person(db, PersonDetails(first_name="Zed", last_name="Newcomer"))
    db.close()
    assert added.person_ref == f"P{counts['people'] + 1:05d}"


def test_demo_data_is_refused_for_a_database_that_already_has_people(db, add):
    add("Ann", "Lee")
    with pytest.raises(NcdeskError, match="already holds records"):
        fill_demo(db, "small", on=ON)
    assert people_count(db) == 1


def test_cancelled_demo_writes_nothing(db):
    with pytest.raises(DemoCancelled):
        fill_demo(db, "small", on=ON, cancelled=lambda: True)
    assert people_count(db) == 0
    assert get_settings(db) == OrgSettings()


def test_demo_cancelled_part_way_leaves_no_half_written_people(db):
    asked = []

    def cancel_on_second_batch() -> bool:
        asked.append(1)
        return len(asked) > 1

    progress = []
    with pytest.raises(DemoCancelled):
        fill_demo(
            db,
            "large",
            on=ON,
            cancelled=cancel_on_second_batch,
            progress=lambda step, done, total: progress.append((step, done, total)),
        )
    assert progress and progress[0][0] == "people" and progress[0][2] == 20_000
    assert people_count(db) == 0
