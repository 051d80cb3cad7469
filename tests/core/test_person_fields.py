"""Reading a person's details as typed on the form or found in an import file."""

from __future__ import annotations

from datetime import date, timedelta

from ncdesk.core.services.person_fields import read_person_details


def test_typed_details_are_read_into_their_stored_form():
    details, problems = read_person_details(
        {
            "first_name": " Ann ",
            "date_of_birth": "2/1/1950",
            "gender": "Non binary",
            "postcode": "cb75ab",
            "phone": "07700900123",
            "disability": "no",
            "consent_contact": "Yes",
        }
    )
    assert problems == []
    assert (details.first_name, details.date_of_birth, details.gender) == (
        "Ann",
        date(1950, 1, 2),
        "non-binary",
    )
    assert (details.postcode, details.phone) == ("CB7 5AB", "07700 900123")
    assert (details.disability, details.consent_contact) == (False, True)


def test_every_problem_is_listed_with_its_field_and_row():
    _, problems = read_person_details(
        {"first_name": "Ann", "date_of_birth": "31/02/1950", "postcode": "nowhere", "phone": "12"},
        row=7,
    )
    assert [(p.field, p.row) for p in problems] == [
        ("date_of_birth", 7),
        ("postcode", 7),
        ("phone", 7),
    ]
    assert str(problems[0]) == "row 7, date_of_birth ('31/02/1950'): this date does not exist"


def test_a_blank_field_means_not_known():
    details, problems = read_person_details({"first_name": "Ann", "postcode": "  ", "phone": None})
    assert problems == []
    assert (details.postcode, details.phone) == (None, None)
    assert details.given == {"first_name", "postcode", "phone"}


def test_a_date_of_birth_in_the_future_is_refused():
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _, problems = read_person_details({"first_name": "Ann", "date_of_birth": tomorrow})
    assert problems[0].message == "a date of birth cannot be in the future"


def test_a_date_of_birth_before_1900_is_refused_as_a_typing_mistake():
    _, problems = read_person_details({"first_name": "Ann", "date_of_birth": "01/01/1850"})
    assert "1900" in problems[0].message


def test_an_unknown_gender_is_refused_with_the_choices():
    _, problems = read_person_details({"first_name": "Ann", "gender": "robot"})
    assert "female, male, non-binary" in problems[0].message


def test_a_date_of_birth_replaces_an_age_band():
    details, _ = read_person_details(
        {"first_name": "Ann", "date_of_birth": "02/01/1950", "age_band": "75-84"}
    )
    assert (details.date_of_birth, details.age_band) == (date(1950, 1, 2), None)


def test_an_age_band_alone_is_kept_when_the_date_of_birth_is_not_known():
    details, problems = read_person_details({"first_name": "Ann", "age_band": "75 - 84"})
    assert problems == []
    assert details.age_band == "75-84"


def test_blanking_every_name_is_a_problem():
    _, problems = read_person_details({"first_name": " ", "last_name": ""})
    assert problems[0].field == "first_name"


def test_a_name_too_long_for_the_register_is_refused():
    _, problems = read_person_details({"first_name": "A" * 101})
    assert problems[0].message == "longer than 100 characters"
