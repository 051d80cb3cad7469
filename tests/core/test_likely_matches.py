"""Likely matches: who someone new may already be, best first, with plain reasons.

A first-timer at the desk often gives only a name, so a close name is enough: a typo, a
dropped letter, a nickname, a spelling that sounds the same, or the same surname and postcode.
"""

from __future__ import annotations

from datetime import date

import pytest

from ncdesk.core.name_match import compare, deletions, keys_for
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import LIKELY_MATCHES_SHOWN, find_similar
from ncdesk.core.services.person_fields import PersonDetails


def likely(db, first="", last="", **details):
    found = find_similar(db, PersonDetails(first_name=first, last_name=last, **details))
    return [(m.person.display_name, m.reasons) for m in found]


def keys(first, last="", known="", **facts):
    return keys_for(0, first, last, known, **facts)


# --- a name alone is enough ------------------------------------------------------------------


def test_a_dropped_letter_in_the_surname_is_one_letter_different(db, add):
    add("David", "Powell")
    assert likely(db, "david", "powel") == [("David Powell", ("one letter different",))]


def test_two_letters_swapped_are_one_letter_different(db, add):
    add("Katie", "Hill")
    assert likely(db, "Kaite", "Hill") == [("Katie Hill", ("one letter different",))]


def test_a_slip_in_each_name_is_two_letters_different(db, add):
    add("Mary", "Smith")
    assert likely(db, "Mray", "Smtih") == [("Mary Smith", ("two letters different",))]


@pytest.mark.parametrize(
    ("typed", "registered", "reason"),
    [
        ("Dave", "David", "Dave is a nickname of David"),
        ("Bill", "William", "Bill is a nickname of William"),
        ("Peggy", "Margaret", "Peggy is a nickname of Margaret"),
        ("Katie", "Katy", "Katie is a nickname of Katy"),
        ("Kate", "Kathy", "Kate and Kathy are both short for Katherine"),
        ("Meg", "Maggie", "Meg and Maggie are both short for Margaret"),
        ("David", "Dave", "Dave is a nickname of David"),
    ],
)
def test_a_nickname_of_the_first_name_is_a_likely_match(db, add, typed, registered, reason):
    add(registered, "Powell")
    assert likely(db, typed, "Powell") == [(f"{registered} Powell", (reason,))]


@pytest.mark.parametrize(
    ("typed", "registered"),
    [("Steven", "Stephen"), ("Kayley", "Kayleigh"), ("Mohammed", "Muhammad")],
)
def test_a_first_name_that_sounds_the_same_is_a_likely_match(db, add, typed, registered):
    add(registered, "Ashworth")
    assert likely(db, typed, "Ashworth") == [(f"{registered} Ashworth", ("sounds the same",))]


def test_a_phonetic_spelling_one_letter_off_says_so(db, add):
    add("Kayleigh", "Brennan")
    add("Katie", "Brennan")
    assert likely(db, "Kaleigh", "Brennan") == [("Kayleigh Brennan", ("one letter different",))]
    assert likely(db, "Kate", "Brennan") == [("Katie Brennan", ("one letter different",))]


def test_a_surname_that_sounds_the_same_and_a_nickname_are_both_said(db, add):
    add("Kayleigh", "Smith")
    add("Margaret", "Thompson")
    assert likely(db, "Peggy", "Thomson") == [
        ("Margaret Thompson", ("Peggy is a nickname of Margaret", "one letter different"))
    ]


def test_the_same_surname_and_postcode_is_a_likely_match(db, add):
    add("John", "Wetherby", postcode="CB7 5AB")
    add("Ann", "Wetherby", postcode="PE15 8QZ")
    assert likely(db, "Mary", "Wetherby", postcode="CB7 5AB") == [
        ("John Wetherby", ("same surname and postcode",))
    ]


def test_a_known_as_name_is_matched_as_well(db, add):
    add("Margaret", "Jones", known_as="Peggy")
    assert likely(db, "Peggy", "Jones") == [("Margaret Jones (Peggy)", ("known as Peggy",))]


def test_someone_known_by_one_name_matches_the_same_single_name(db, add):
    add("", "", known_as="Smudge")
    assert likely(db, "", "", known_as="smudge") == [("Smudge", ("same name",))]


# --- not likely ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        (("Mary", "Smith"), ("Mary", "Jones")),  # another surname
        (("Mary", "Smith"), ("Peter", "Smith")),  # another first name, nothing else shared
        (("Jon", "Lee"), ("Jane", "Lee")),  # short names a sound apart
        (("Megan", "Lee"), ("Rita", "Lee")),  # nicknames of one name that start differently
    ],
)
def test_people_who_only_share_part_of_a_name_are_not_likely(db, add, typed, registered):
    add(*registered)
    assert likely(db, *typed) == []


def test_a_different_date_of_birth_rules_out_even_the_same_name(db, add):
    add("Mary", "Smith", date_of_birth=date(1950, 1, 1))
    assert likely(db, "Mary", "Smith", date_of_birth=date(1961, 5, 5)) == []
    assert likely(db, "Mary", "Smith") == [("Mary Smith", ("same name",))]


def test_a_merged_duplicate_is_never_offered(db, add):
    keep, dup = add("David", "Powell"), add("Dave", "Powell")
    merge_people(db, keep.id, dup.id)
    assert likely(db, "Dave", "Powell") == [("David Powell", ("Dave is a nickname of David",))]


# --- best first, capped ----------------------------------------------------------------------


def test_matches_come_best_first_with_what_is_shared_before_the_name(db, add):
    add("Dave", "Powell")
    add("David", "Powel")
    add("David", "Powell", phone="07700 900123")
    add("David", "Powell")
    found = find_similar(
        db, PersonDetails(first_name="David", last_name="Powell", phone="07700900123")
    )
    assert [(m.person.person_ref, m.reasons) for m in found] == [
        ("P00003", ("same phone", "same name")),
        ("P00004", ("same name",)),
        ("P00001", ("Dave is a nickname of David",)),
        ("P00002", ("one letter different",)),
    ]
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_no_more_than_five_matches_are_offered(db, add):
    for _ in range(8):
        add("John", "Brown")
    assert len(likely(db, "John", "Brown")) == LIKELY_MATCHES_SHOWN == 5


def test_the_person_being_edited_is_not_their_own_match(db, add):
    mary = add("Mary", "Smith")
    details = PersonDetails(first_name="Mary", last_name="Smith")
    assert find_similar(db, details, exclude_id=mary.id) == []


def test_someone_added_after_the_index_was_built_is_matched(db, add):
    add("Ann", "Lee")
    assert likely(db, "David", "Powell") == []
    add("David", "Powell")
    assert likely(db, "Dave", "Powell") == [("David Powell", ("Dave is a nickname of David",))]


def test_a_renamed_person_is_matched_by_the_new_name_only(db, add):
    from ncdesk.core.services.people import update_person

    person = add("David", "Powell")
    update_person(db, person.id, PersonDetails(last_name="Ashworth", given={"last_name"}))
    assert likely(db, "David", "Powel") == []
    assert likely(db, "David", "Ashwort") == [("David Ashworth", ("one letter different",))]


# --- the rules on their own ------------------------------------------------------------------


def test_two_words_one_letter_apart_share_a_deletion():
    for a, b in [("powel", "powell"), ("smith", "smyth"), ("katie", "kaite"), ("hun", "hunt")]:
        assert deletions(a) & deletions(b)


def test_the_comparison_is_the_same_both_ways():
    pairs = [
        (keys("Dave", "Powell"), keys("David", "Powell")),
        (keys("Kaleigh", "Jones"), keys("Kayleigh", "Jones")),
        (keys("John", "Smith", postcode="CB7 5AB"), keys("Mary", "Smith", postcode="CB75AB")),
    ]
    for a, b in pairs:
        there, back = compare(a, b), compare(b, a)
        assert there is not None and back is not None
        assert there.score == back.score


def test_a_close_name_with_a_shared_date_of_birth_is_likely_as_before():
    born = date(1945, 2, 1)
    likeness = compare(keys("Mary", "Smithson", born=born), keys("Mary", "Smith", born=born))
    assert likeness is not None and likeness.reasons == ("same date of birth",)
    assert compare(keys("Mary", "Smithson"), keys("Mary", "Smith")) is None
