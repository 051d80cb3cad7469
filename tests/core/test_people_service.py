"""The people register: adding, editing, archiving and merging, and the duplicate warning."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from ncdesk.core.errors import NotFound, ValidationError
from ncdesk.core.models import AuditEvent, Person
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import (
    PossibleDuplicate,
    add_person,
    count_people,
    find_similar,
    get_person,
    get_person_by_ref,
    list_people,
    search_people,
    set_archived,
    summaries,
    update_person,
)
from ncdesk.core.services.person_fields import PersonDetails, read_person_details


def audit_trail(db, action=None):
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    with db.session() as s:
        return list(s.scalars(query))


def people_count(db):
    with db.session() as s:
        return s.scalar(select(func.count(Person.id)))


# --- adding ----------------------------------------------------------------------------------


def test_new_people_get_references_in_order(db, add):
    assert [add("Ann", "Lee").person_ref, add("Bob", "Hall").person_ref] == ["P00001", "P00002"]


def test_a_new_reference_skips_one_an_import_already_used(db, add):
    with db.transaction() as s:
        s.add(Person(person_ref="P00002", first_name="Imported", search_text="imported"))
    assert [add("Ann", "Lee").person_ref, add("Bob", "Hall").person_ref] == ["P00001", "P00003"]


def test_a_new_person_keeps_every_detail_given(db):
    details = PersonDetails(
        first_name="Ann",
        last_name="Lee",
        date_of_birth=date(1950, 1, 2),
        gender="female",
        postcode="CB7 5AB",
        phone="07700 900123",
        email="ann@example.org",
        disability=False,
        notes="Prefers mornings",
    )
    ann = add_person(db, details)
    stored = get_person(db, ann.id)
    assert (stored.date_of_birth, stored.gender, stored.postcode, stored.phone, stored.email) == (
        date(1950, 1, 2),
        "female",
        "CB7 5AB",
        "07700 900123",
        "ann@example.org",
    )
    assert (stored.disability, stored.notes, stored.archived) == (False, "Prefers mornings", False)


def test_a_new_person_read_from_the_form_keeps_every_detail(db):
    details, problems = read_person_details(
        {"first_name": "Ann", "date_of_birth": "02/01/1950", "postcode": "cb75ab"}
    )
    assert problems == []
    ann = add_person(db, details)
    assert (ann.date_of_birth, ann.postcode) == (date(1950, 1, 2), "CB7 5AB")


def test_consent_to_contact_is_dated_when_given(db):
    ann = add_person(db, PersonDetails(first_name="Ann", consent_contact=True))
    assert ann.consent_contact is True
    assert ann.consent_date is not None


def test_a_known_as_name_alone_is_enough(db):
    assert add_person(db, PersonDetails(known_as="Smudge")).display_name == "Smudge"


def test_a_person_without_any_name_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        add_person(db, PersonDetails(postcode="CB7 5AB"))
    assert "name" in refused.value.for_field("first_name")
    assert people_count(db) == 0


def test_adding_someone_writes_an_audit_event(db, add):
    ann = add("Ann", "Lee")
    [event] = audit_trail(db, "create")
    assert (event.entity, event.entity_id, event.detail) == ("person", ann.id, ann.person_ref)
    assert event.actor == db.actor


def test_a_person_can_be_found_by_reference(db, add):
    ann = add("Ann", "Lee")
    assert get_person_by_ref(db, f" {ann.person_ref} ").id == ann.id


def test_an_unknown_reference_is_reported_plainly(db):
    with pytest.raises(NotFound, match="P09999"):
        get_person_by_ref(db, "P09999")


# --- duplicate warning -------------------------------------------------------------------------


def test_a_similar_name_with_the_same_date_of_birth_is_flagged(db):
    add_person(
        db, PersonDetails(first_name="Mary", last_name="Smith", date_of_birth=date(1945, 2, 1))
    )
    with pytest.raises(PossibleDuplicate) as warned:
        add_person(
            db, PersonDetails(first_name="Marie", last_name="Smith", date_of_birth=date(1945, 2, 1))
        )
    [match] = warned.value.matches
    assert match.person.display_name == "Mary Smith"
    assert match.reasons == ("same date of birth", "Marie is a nickname of Mary")
    assert "Mary Smith (P00001)" in str(warned.value)
    assert people_count(db) == 1


def test_a_similar_name_at_the_same_postcode_is_flagged(db):
    add_person(db, PersonDetails(first_name="Mary", last_name="Smith", postcode="CB7 5AB"))
    with pytest.raises(PossibleDuplicate) as warned:
        add_person(db, PersonDetails(first_name="Mary", last_name="Smyth", postcode="CB7 5AB"))
    assert warned.value.matches[0].reasons == ("same postcode", "one letter different")


def test_a_similar_name_with_the_same_phone_typed_differently_is_flagged(db):
    add_person(db, PersonDetails(first_name="Mary", last_name="Smith", phone="07700 900123"))
    with pytest.raises(PossibleDuplicate) as warned:
        add_person(db, PersonDetails(first_name="Mari", last_name="Smith", phone="07700900123"))
    assert warned.value.matches[0].reasons == ("same phone", "one letter different")


def test_exactly_the_same_name_is_flagged_even_with_nothing_else_known(db):
    add_person(db, PersonDetails(first_name="John", last_name="Brown"))
    with pytest.raises(PossibleDuplicate) as warned:
        add_person(db, PersonDetails(first_name="john", last_name="BROWN"))
    assert warned.value.matches[0].reasons == ("same name",)


def test_someone_with_a_known_as_name_is_still_flagged_as_a_duplicate(db):
    add_person(
        db,
        PersonDetails(
            first_name="Mary", last_name="Smith", known_as="Molly", date_of_birth=date(1945, 2, 1)
        ),
    )
    with pytest.raises(PossibleDuplicate):
        add_person(
            db, PersonDetails(first_name="Mary", last_name="Smith", date_of_birth=date(1945, 2, 1))
        )


def test_a_different_person_is_not_flagged(db):
    add_person(db, PersonDetails(first_name="Mary", last_name="Smith", postcode="CB7 5AB"))
    peter = add_person(db, PersonDetails(first_name="Peter", last_name="Jones", postcode="CB7 5AB"))
    assert peter.person_ref == "P00002"


def test_a_similar_name_with_nothing_in_common_is_not_flagged(db):
    add_person(
        db, PersonDetails(first_name="Mary", last_name="Smith", date_of_birth=date(1945, 2, 1))
    )
    marie = add_person(
        db, PersonDetails(first_name="Marie", last_name="Smith", date_of_birth=date(1980, 5, 5))
    )
    assert marie.person_ref == "P00002"


def test_the_user_can_add_a_flagged_person_anyway(db):
    add_person(db, PersonDetails(first_name="John", last_name="Brown"))
    second = add_person(
        db, PersonDetails(first_name="John", last_name="Brown"), allow_duplicate=True
    )
    assert second.person_ref == "P00002"
    assert people_count(db) == 2


# --- editing ---------------------------------------------------------------------------------


def test_an_edit_changes_only_the_fields_given(db, add):
    ann = add("Ann", "Lee", postcode="CB7 5AB", phone="07700 900123")
    update_person(db, ann.id, PersonDetails(postcode="PE15 8QZ", given={"postcode"}))
    stored = get_person(db, ann.id)
    assert (stored.first_name, stored.postcode, stored.phone) == ("Ann", "PE15 8QZ", "07700 900123")


def test_an_edit_writes_an_audit_event_naming_the_fields_changed(db, add):
    ann = add("Ann", "Lee")
    update_person(
        db, ann.id, PersonDetails(last_name="Hall", gender="female", given={"last_name", "gender"})
    )
    [event] = audit_trail(db, "update")
    assert (event.entity_id, event.detail) == (ann.id, "gender, last_name")


def test_saving_without_changes_writes_no_audit_event(db, add):
    ann = add("Ann", "Lee")
    update_person(db, ann.id, PersonDetails(first_name="Ann", given={"first_name"}))
    assert audit_trail(db, "update") == []


def test_an_edit_that_removes_every_name_is_refused_and_changes_nothing(db, add):
    ann = add("Ann", "", postcode="CB7 5AB")
    with pytest.raises(ValidationError):
        update_person(
            db,
            ann.id,
            PersonDetails(first_name="", postcode="PE15 8QZ", given={"first_name", "postcode"}),
        )
    stored = get_person(db, ann.id)
    assert (stored.first_name, stored.postcode) == ("Ann", "CB7 5AB")


def test_editing_someone_who_does_not_exist_is_reported_plainly(db):
    with pytest.raises(NotFound):
        update_person(db, 999, PersonDetails(first_name="X", given={"first_name"}))


# --- archiving -------------------------------------------------------------------------------


def test_an_archived_person_leaves_the_list_but_is_kept(db, add):
    ann = add("Ann", "Lee")
    bob = add("Bob", "Hall")
    set_archived(db, ann.id)
    assert list_people(db) == [bob.id]
    assert set(list_people(db, include_archived=True)) == {ann.id, bob.id}
    assert get_person(db, ann.id).archived is True
    assert count_people(db) == 1  # the status bar's count leaves the archived out too


def test_an_archived_person_can_be_brought_back(db, add):
    ann = add("Ann", "Lee")
    set_archived(db, ann.id)
    assert set_archived(db, ann.id, archived=False).archived is False
    assert list_people(db) == [ann.id]


def test_archiving_and_bringing_back_are_both_audited(db, add):
    ann = add("Ann", "Lee")
    set_archived(db, ann.id)
    set_archived(db, ann.id)  # already archived: nothing to record
    set_archived(db, ann.id, archived=False)
    assert [e.action for e in audit_trail(db)] == ["create", "archive", "unarchive"]


def test_the_people_list_is_in_surname_order(db, add):
    add("Zoe", "Young")
    add("Ann", "Adams")
    add("Bob", "Hall")
    rows = summaries(db, list_people(db))
    assert [r.name for r in rows] == ["Ann Adams", "Bob Hall", "Zoe Young"]


# --- merging ---------------------------------------------------------------------------------


def test_merging_fills_blanks_on_the_survivor_from_the_duplicate(db, add):
    keep = add("Mary", "Smith", postcode="CB7 5AB", notes="Uses a walker")
    dup = add("Mary", "Smyth", postcode="PE15 8QZ", phone="07700 900123", notes="Has a cat")
    merged = merge_people(db, keep.id, dup.id)
    assert (merged.postcode, merged.phone) == ("CB7 5AB", "07700 900123")
    assert merged.notes == "Uses a walker\nHas a cat"


def test_the_merged_duplicate_is_archived_and_points_at_the_survivor(db, add):
    keep = add("Mary", "Smith")
    dup = add("Mary", "Smyth")
    merge_people(db, keep.id, dup.id)
    gone = get_person(db, dup.id)
    assert (gone.archived, gone.merged_into_id) == (True, keep.id)


def test_the_survivor_is_found_by_details_it_took_from_the_duplicate(db, add):
    keep = add("Mary", "Smith")
    dup = add("Mary", "Smyth", phone="07700 900123")
    merge_people(db, keep.id, dup.id)
    assert [r.id for r in search_people(db, "900123")] == [keep.id]


def test_a_merge_is_audited_with_what_happened(db, add):
    keep = add("Mary", "Smith")
    dup = add("Mary", "Smyth", phone="07700 900123")
    merge_people(db, keep.id, dup.id)
    [event] = audit_trail(db, "merge")
    assert event.entity_id == keep.id
    assert event.detail == "P00002 merged into P00001; 0 records moved; filled phone"


def test_a_duplicate_cannot_be_merged_twice(db, add):
    keep = add("Mary", "Smith")
    other = add("Mary", "Smithe")
    dup = add("Mary", "Smyth")
    merge_people(db, keep.id, dup.id)
    with pytest.raises(ValidationError, match="already merged"):
        merge_people(db, other.id, dup.id)


def test_nobody_can_be_merged_into_a_record_that_was_itself_merged(db, add):
    keep = add("Mary", "Smith")
    dup = add("Mary", "Smyth")
    merge_people(db, keep.id, dup.id)
    with pytest.raises(ValidationError, match="merged into another record"):
        merge_people(db, dup.id, keep.id)
    assert get_person(db, keep.id).merged_into_id is None


def test_a_person_cannot_be_merged_with_themselves(db, add):
    mary = add("Mary", "Smith")
    with pytest.raises(ValidationError, match="two different people"):
        merge_people(db, mary.id, mary.id)


def test_the_same_name_with_a_different_birth_date_is_not_a_duplicate(db, add):
    add("Mary", "Smith", date_of_birth=date(1950, 1, 1))
    details = PersonDetails(first_name="Mary", last_name="Smith", date_of_birth=date(1961, 5, 5))
    assert find_similar(db, details) == []


def test_merge_does_not_copy_an_age_band_onto_someone_with_a_birth_date(db, add):
    keep = add("Mary", "Smith", date_of_birth=date(1950, 1, 1))
    dup = add("Mary", "Smyth", age_band="75-84")
    merged = merge_people(db, keep.id, dup.id)
    assert merged.age_band is None
