"""Type-ahead search over the people register: what the desk sees after each keystroke."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ncdesk.core.models import Person
from ncdesk.core.models.base import utcnow
from ncdesk.core.search_text import digits, fold, squash
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import (
    mark_seen,
    search_people,
    set_archived,
    update_person,
)
from ncdesk.core.services.people_search import search_text_for
from ncdesk.core.services.person_fields import PersonDetails
from tests.databases import reopen


def names(results):
    return [r.name for r in results]


def refs(results):
    return [r.person_ref for r in results]


# --- folding -------------------------------------------------------------------------------------


def test_folded_text_is_lower_case_without_accents_or_punctuation():
    assert fold("Zoë  O'Brien-Smith") == "zoe o brien smith"
    assert fold(None) == ""


def test_squashed_text_drops_the_spaces_as_well():
    assert squash("O'Neill") == "oneill"


def test_digits_keeps_only_the_digits_of_a_phone_number():
    assert digits("(01632) 960-123") == "01632960123"


# --- finding ---------------------------------------------------------------------------------


def test_the_start_of_a_first_name_finds_the_person(db, add):
    add("Mary", "Smith")
    add("Peter", "Jones")
    assert names(search_people(db, "mar")) == ["Mary Smith"]


def test_the_start_of_a_last_name_finds_the_person(db, add):
    add("Mary", "Smith")
    add("Peter", "Jones")
    assert names(search_people(db, "jon")) == ["Peter Jones"]


def test_first_name_and_the_start_of_the_last_name_put_that_person_first(db, add):
    add("Mary", "Smith")
    add("Mary", "Jones")
    assert names(search_people(db, "mary j"))[0] == "Mary Jones"


def test_search_ignores_case(db, add):
    add("Mary", "Smith")
    assert names(search_people(db, "MARY SMITH")) == ["Mary Smith"]


def test_search_without_the_accent_finds_an_accented_name(db, add):
    add("Zoë", "Ward")
    assert names(search_people(db, "zoe")) == ["Zoë Ward"]


def test_search_with_an_accent_finds_a_name_typed_without_one(db, add):
    add("Zoe", "Ward")
    assert names(search_people(db, "Zoë")) == ["Zoe Ward"]


def test_a_name_with_an_apostrophe_is_found_typed_without_it(db, add):
    add("Sean", "O'Neill")
    assert names(search_people(db, "oneill")) == ["Sean O'Neill"]
    assert names(search_people(db, "o'neill")) == ["Sean O'Neill"]


def test_known_as_name_finds_the_person(db, add):
    add("Margaret", "Jones", known_as="Peggy")
    assert names(search_people(db, "peggy")) == ["Margaret Jones (Peggy)"]


def test_small_typos_in_a_full_name_still_find_the_person(db, add):
    add("Mary", "Smith")
    add("Peter", "Jones")
    assert names(search_people(db, "Mray Smtih")) == ["Mary Smith"]


def test_a_full_postcode_finds_the_person_with_or_without_the_space(db, add):
    add("Mary", "Smith", postcode="CB7 5AB")
    add("Peter", "Jones", postcode="CB7 4XY")
    assert names(search_people(db, "cb7 5ab")) == ["Mary Smith"]
    assert names(search_people(db, "CB75AB")) == ["Mary Smith"]


def test_a_postcode_district_finds_everyone_in_it(db, add):
    add("Mary", "Smith", postcode="CB7 5AB")
    add("Peter", "Jones", postcode="CB7 4XY")
    add("Ann", "Lee", postcode="PE15 8QZ")
    assert sorted(names(search_people(db, "cb7"))) == ["Mary Smith", "Peter Jones"]


def test_the_end_of_a_phone_number_finds_the_person(db, add):
    add("Mary", "Smith", phone="07700 900123")
    add("Peter", "Jones", phone="07700 900456")
    assert names(search_people(db, "900123")) == ["Mary Smith"]


def test_a_whole_phone_number_typed_any_way_finds_the_person(db, add):
    add("Mary", "Smith", phone="07700 900123")
    add("Peter", "Jones", phone="07700 900456")
    assert names(search_people(db, "07700900123")) == ["Mary Smith"]
    assert names(search_people(db, "07700 900123")) == ["Mary Smith"]


def test_a_reference_finds_the_person(db, add):
    add("Mary", "Smith")
    peter = add("Peter", "Jones")
    assert refs(search_people(db, peter.person_ref.lower())) == [peter.person_ref]


def test_nothing_typed_finds_nothing(db, add):
    add("Mary", "Smith")
    assert search_people(db, "  ") == []


def test_a_name_nobody_has_finds_nothing(db, add):
    add("Mary", "Smith")
    assert search_people(db, "xylophone") == []


def test_results_stop_at_the_limit(db, add):
    for n in range(8):
        add("Mary", f"Smith{n}")
    assert len(search_people(db, "mary", limit=5)) == 5


def test_a_result_shows_reference_postcode_and_phone(db, add):
    mary = add("Mary", "Smith", postcode="CB7 5AB", phone="07700 900123")
    [found] = search_people(db, "mary")
    assert (found.id, found.person_ref, found.postcode, found.phone) == (
        mary.id,
        mary.person_ref,
        "CB7 5AB",
        "07700 900123",
    )


def test_two_letters_swapped_in_a_first_name_still_find_the_person(db, add):
    add("Katie", "Hill")
    add("Kath", "Lowry")
    assert names(search_people(db, "kaite")) == ["Katie Hill"]
    assert names(search_people(db, "kaite hi")) == ["Katie Hill"]


def test_a_nickname_finds_the_full_name(db, add):
    add("David", "Powell")
    add("Margaret", "Jones")
    add("Peter", "Dawson")
    assert names(search_people(db, "dave")) == ["David Powell"]
    assert names(search_people(db, "peggy")) == ["Margaret Jones"]
    assert names(search_people(db, "Bill")) == []


def test_a_nickname_and_the_start_of_the_surname_find_the_person(db, add):
    add("David", "Powell")
    add("David", "Jones")
    assert names(search_people(db, "dave pow")) == ["David Powell"]


def test_a_name_starting_with_the_text_ranks_before_a_nickname_match(db, add):
    add("Davey", "Jones")
    david = add("David", "Powell")
    with db.transaction() as s:
        mark_seen(s, david.id)
    assert names(search_people(db, "dave")) == ["Davey Jones", "David Powell"]


def make_ref(db, ref: str, first: str, last: str) -> None:
    """A person with a reference of our choosing, as an import brings them in."""
    with db.transaction() as s:
        person = Person(person_ref=ref, first_name=first, last_name=last, search_text="")
        person.search_text = search_text_for(person)
        s.add(person)


def test_a_reference_typed_without_its_zeros_finds_the_person(db, add):
    make_ref(db, "P00058", "Ann", "Lee")
    make_ref(db, "P00580", "Bob", "Hall")
    for typed in ("p58", "P58", "p058", "P0058", "p00058"):
        assert refs(search_people(db, typed))[:1] == ["P00058"], typed
    assert refs(search_people(db, "p58")) == ["P00058"]
    assert refs(search_people(db, "p0058")) == ["P00058", "P00580"]  # the exact one first


# --- ranking ---------------------------------------------------------------------------------


def test_an_exact_name_ranks_before_a_close_spelling_seen_more_recently(db, add):
    add("Mary", "Smith")
    marty = add("Marty", "Smith")
    with db.transaction() as s:
        mark_seen(s, marty.id)
    assert names(search_people(db, "mary smith")) == ["Mary Smith", "Marty Smith"]


def test_a_name_starting_with_the_text_ranks_before_one_containing_it(db, add):
    add("Ann", "Lee")
    joanne = add("Joanne", "Baker")
    with db.transaction() as s:
        mark_seen(s, joanne.id)
    assert names(search_people(db, "ann")) == ["Ann Lee", "Joanne Baker"]


def test_a_word_starting_with_the_text_ranks_before_a_close_spelling(db, add):
    add("Peter", "Smithson")
    smyth = add("Peter", "Smyth")
    with db.transaction() as s:
        mark_seen(s, smyth.id)
    assert names(search_people(db, "peter smith")) == ["Peter Smithson", "Peter Smyth"]


def test_among_equal_matches_the_person_seen_most_recently_comes_first(db, add):
    first = add("John", "Brown", postcode="CB7 5AB")
    second = add("John", "Brown", postcode="PE15 8QZ")
    with db.transaction() as s:
        mark_seen(s, second.id)
    assert refs(search_people(db, "john brown")) == [second.person_ref, first.person_ref]
    with db.transaction() as s:
        mark_seen(s, first.id)
    assert refs(search_people(db, "john brown")) == [first.person_ref, second.person_ref]


def test_among_people_never_seen_results_are_in_name_order(db, add):
    add("Mary", "Young")
    add("Mary", "Adams")
    add("Mary", "Hill")
    assert names(search_people(db, "mary")) == ["Mary Adams", "Mary Hill", "Mary Young"]


def test_a_check_in_shows_as_last_seen_on_the_result(db, add):
    mary = add("Mary", "Smith")
    before = utcnow()
    with db.transaction() as s:
        mark_seen(s, mary.id)
    [found] = search_people(db, "mary")
    assert before <= found.last_seen_at <= utcnow() + timedelta(seconds=1)


# --- archived people -------------------------------------------------------------------------


def test_archived_people_are_hidden_from_search(db, add):
    mary = add("Mary", "Smith")
    add("Mary", "Jones")
    set_archived(db, mary.id)
    assert names(search_people(db, "mary")) == ["Mary Jones"]


def test_archived_people_are_found_when_asked_for(db, add):
    mary = add("Mary", "Smith")
    set_archived(db, mary.id)
    [found] = search_people(db, "mary", include_archived=True)
    assert (found.name, found.archived) == ("Mary Smith", True)


def test_a_person_brought_back_from_the_archive_is_found_again(db, add):
    mary = add("Mary", "Smith")
    set_archived(db, mary.id)
    assert search_people(db, "mary") == []
    set_archived(db, mary.id, archived=False)
    assert names(search_people(db, "mary")) == ["Mary Smith"]


def test_a_merged_duplicate_is_no_longer_offered(db, add):
    mary = add("Mary", "Smith", phone="07700 900123")
    dup = add("Mary", "Smyth")
    assert len(search_people(db, "mary")) == 2
    merge_people(db, mary.id, dup.id)
    assert refs(search_people(db, "mary")) == [mary.person_ref]


# --- keeping up with changes ------------------------------------------------------------------


def test_someone_added_after_the_first_search_is_found(db, add):
    add("Mary", "Smith")
    assert names(search_people(db, "peter")) == []
    add("Peter", "Jones")
    assert names(search_people(db, "peter")) == ["Peter Jones"]


def test_a_renamed_person_is_found_by_the_new_name_only(db, add):
    mary = add("Mary", "Smith")
    assert names(search_people(db, "smith")) == ["Mary Smith"]
    update_person(db, mary.id, PersonDetails(last_name="Jones", given={"last_name"}))
    assert names(search_people(db, "jones")) == ["Mary Jones"]
    assert search_people(db, "smith") == []


def test_a_new_phone_number_is_searchable_straight_away(db, add):
    mary = add("Mary", "Smith")
    assert search_people(db, "900123") == []
    update_person(db, mary.id, PersonDetails(phone="07700 900123", given={"phone"}))
    assert names(search_people(db, "900123")) == ["Mary Smith"]


def test_a_change_made_through_another_connection_is_noticed(db, db_path, add):
    mary = add("Mary", "Smith")
    assert names(search_people(db, "mary")) == ["Mary Smith"]
    other = reopen(db_path)
    try:
        update_person(other, mary.id, PersonDetails(first_name="Maria", given={"first_name"}))
    finally:
        other.close()
    assert names(search_people(db, "maria")) == ["Maria Smith"]


def test_an_international_style_uk_number_finds_the_person(db, add):
    mary = add("Mary", "Phone", phone="07700 900123")
    assert [p.id for p in search_people(db, "+44 7700 900123")][:1] == [mary.id]


def test_warming_builds_the_index_before_the_first_keystroke(db, add):
    from ncdesk.core.services.people import warm_search

    add("Mary", "Smith")
    add("Tom", "Jones")
    assert warm_search(db) == 2


def test_an_erased_person_is_not_found_by_their_old_name_phone_or_reference(db, add):
    from ncdesk.core.services.data_protection import erase_person

    gone = add("Tamsin", "Oddbody", phone="07700 900654")
    add("Tamsin", "Other")
    assert names(search_people(db, "oddb")) == ["Tamsin Oddbody"]
    done = erase_person(db, gone.person_ref)
    for typed in ("oddbody", "tamsin odd", "900654", gone.person_ref):
        assert search_people(db, typed, include_archived=True) == [] or all(
            p.person_ref != done.new_ref for p in search_people(db, typed, include_archived=True)
        ), typed
    assert names(search_people(db, "tamsin")) == ["Tamsin Other"]


def test_people_likely_at_the_session_come_first_among_equal_matches(db, add):
    seen_lately = add("Mary", "Abbot")
    regular = add("Mary", "Zeal")
    with db.transaction() as s:
        s.get(Person, seen_lately.id).last_seen_at = datetime(2026, 11, 1, tzinfo=timezone.utc)  # type: ignore[union-attr]
    assert names(search_people(db, "mary")) == ["Mary Abbot", "Mary Zeal"]
    assert names(search_people(db, "mary", prefer={regular.id: 5})) == ["Mary Zeal", "Mary Abbot"]
    # a typed reference is the one meant: it beats a preferred name start
    assert names(search_people(db, seen_lately.person_ref, prefer={regular.id: 5})) == [
        "Mary Abbot"
    ]


def test_at_the_desk_a_regular_whose_name_starts_so_beats_a_stranger_of_that_name(db, add):
    add("Ann", "Stranger")
    regular = add("Annabel", "Often")
    assert names(search_people(db, "ann")) == ["Ann Stranger", "Annabel Often"]
    assert names(search_people(db, "ann", prefer={regular.id: 3})) == [
        "Annabel Often",
        "Ann Stranger",
    ]
    # only among names: a reference typed in full still puts its owner first
    stranger_ref = search_people(db, "ann stranger")[0].person_ref
    assert names(search_people(db, stranger_ref, prefer={regular.id: 3}))[0] == "Ann Stranger"


def test_the_prefix_index_moves_only_what_changed() -> None:
    from ncdesk.core.prefix_index import PrefixIndex

    index = PrefixIndex()
    index.load([(1, ["mary", "smith"]), (2, ["marian", "smithson"])])
    assert index.starting("mar") == {1, 2} and index.starting("smiths") == {2}
    index.put(1, ["maria", "smyth"])
    assert index.starting("smith") == {2} and index.starting("smy") == {1}
    index.put(3, ["zed"])
    assert index.starting("z") == {3} and index.starting("q") == set()


def test_someone_added_at_a_pc_whose_clock_is_behind_is_still_found(db, add):
    """On a shared server another desk's clock may lag this one's: a person it adds carries
    an older stamp than the newest this desk has seen, and must be found all the same."""
    add("Ann", "Lee")
    assert [p.name for p in search_people(db, "lee")] == ["Ann Lee"]
    bob = add("Bob", "Lee")
    with db.transaction() as s:
        s.get(Person, bob.id).updated_at = datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert sorted(p.name for p in search_people(db, "lee")) == ["Ann Lee", "Bob Lee"]
