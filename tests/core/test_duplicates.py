"""Possible duplicates across the register: found by the desk's rules, best first, and never
offered again once marked as different people (a mark that survives merges)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import select

from ncdesk.core.errors import ValidationError
from ncdesk.core.models import AuditEvent, DifferentPeople
from ncdesk.core.name_match import compare, keys_for
from ncdesk.core.services.duplicates import (
    ScanCancelled,
    candidate_pairs,
    different_pairs,
    mark_different,
    possible_duplicates,
)
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import set_archived


def shown(pairs):
    return [(p.keep.display_name, p.other.display_name, p.reasons) for p in pairs]


def test_a_planted_pair_is_found_with_its_reasons_and_the_older_record_kept(db, add):
    add("Ann", "Lee")
    older = add("David", "Powell", postcode="CB7 5AB")
    add("Peter", "Jones")
    newer = add("Dave", "Powell")
    [pair] = possible_duplicates(db)
    assert (pair.keep.id, pair.other.id) == (older.id, newer.id)
    assert pair.reasons == ("Dave is a nickname of David",)


def test_pairs_come_best_first(db, add):
    add("Mary", "Smith", phone="07700 900123")
    add("Mary", "Smith", phone="07700 900123")
    add("Kayleigh", "Brennan")
    add("Kaleigh", "Brennan")
    add("John", "Wetherby", postcode="CB7 5AB")
    add("Mary", "Wetherby", postcode="CB7 5AB")
    assert shown(possible_duplicates(db)) == [
        ("Mary Smith", "Mary Smith", ("same phone", "same name")),
        ("Kayleigh Brennan", "Kaleigh Brennan", ("one letter different",)),
        ("John Wetherby", "Mary Wetherby", ("same surname and postcode",)),
    ]


def test_different_dates_of_birth_keep_a_pair_out(db, add):
    add("Mary", "Smith", date_of_birth=date(1950, 1, 1))
    add("Mary", "Smith", date_of_birth=date(1961, 5, 5))
    assert possible_duplicates(db) == []


def test_archived_and_merged_records_are_left_out(db, add):
    keep, dup = add("David", "Powell"), add("Dave", "Powell")
    gone = add("Davy", "Powell")
    set_archived(db, gone.id)
    merge_people(db, keep.id, dup.id)
    assert possible_duplicates(db) == []


def test_a_pair_marked_as_different_people_is_not_offered_again(db, add):
    first, second = add("John", "Brown"), add("John", "Brown")
    third = add("Jon", "Brown")
    mark_different(db, second.id, first.id)
    mark_different(db, first.id, second.id)  # twice is harmless
    pairs = {(p.keep.id, p.other.id) for p in possible_duplicates(db)}
    assert pairs == {(first.id, third.id), (second.id, third.id)}
    assert different_pairs(db) == {(first.id, second.id)}
    with db.session() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "mark different"))
    assert event.detail == "P00001 and P00002 are different people"


def test_a_record_cannot_be_marked_different_from_itself(db, add):
    john = add("John", "Brown")
    with pytest.raises(ValidationError):
        mark_different(db, john.id, john.id)


def test_the_scan_reports_progress_and_can_be_stopped(db, add):
    for n in range(60):
        add(f"Person{n}", f"Surname{n}")
    steps: list[tuple[str, int, int]] = []
    possible_duplicates(db, lambda step, done, total: steps.append((step, done, total)))
    assert steps[-1] == ("Comparing names…", 60, 60)
    with pytest.raises(ScanCancelled):
        possible_duplicates(db, cancelled=lambda: True)


# --- merging keeps the marks true --------------------------------------------------------------


def test_marks_on_a_merged_record_move_to_the_survivor(db, add):
    a, b, c = add("John", "Brown"), add("Jon", "Brown"), add("Johnny", "Brown")
    mark_different(db, a.id, c.id)
    mark_different(db, a.id, b.id)
    merge_people(db, b.id, a.id)  # A was B all along
    assert different_pairs(db) == {(b.id, c.id)}


def test_a_mark_the_survivor_already_has_is_not_doubled(db, add):
    a, b, c = add("John", "Brown"), add("Jon", "Brown"), add("Johnny", "Brown")
    mark_different(db, a.id, c.id)
    mark_different(db, b.id, c.id)
    merge_people(db, b.id, a.id)
    assert different_pairs(db) == {(b.id, c.id)}
    with db.session() as s:
        assert len(s.scalars(select(DifferentPeople)).all()) == 1


# --- not quadratic ----------------------------------------------------------------------------

FIRST = ["Mary", "Margaret", "Peggy", "John", "Jon", "David", "Dave", "Katie", "Kate", "Susan"]
LAST = ["Smith", "Smyth", "Jones", "Powell", "Powel", "Brown", "Taylor", "Wilson", "Hughes"]


def test_only_people_who_share_a_group_are_compared_and_no_likely_pair_is_missed() -> None:
    rng = random.Random(7)
    people = [
        keys_for(
            n,
            rng.choice(FIRST),
            rng.choice(LAST) + rng.choice(["", "", "", "e", "son", "ley"]),
            "",
            postcode=rng.choice(["CB7 5AB", "CB7 4XY", "PE15 8QZ", "", ""]),
        )
        for n in range(600)
    ]
    candidates = candidate_pairs(people, lambda *_: None)
    every_pair = len(people) * (len(people) - 1) // 2
    assert len(candidates) < every_pair / 4
    likely = {
        (a.id, b.id)
        for i, a in enumerate(people)
        for b in people[i + 1 :]
        if compare(a, b) is not None
    }
    assert likely <= candidates
