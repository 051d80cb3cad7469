"""UK postcodes, phone numbers and email addresses: one stored form however they are typed."""

from __future__ import annotations

import pytest

from ncdesk.core.contact import (
    normalise_email,
    normalise_phone,
    normalise_postcode,
    postcode_district,
)
from ncdesk.core.parsing import ParseError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("cb75ab", "CB7 5AB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("CB7 5AB", "CB7 5AB"),
        (" pe15  8qz ", "PE15 8QZ"),
        ("m11ae", "M1 1AE"),
        ("ec1a 1bb", "EC1A 1BB"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcodes_are_stored_in_capitals_with_one_space(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(("typed", "stored"), [("cb7", "CB7"), ("sw1a", "SW1A"), ("PE15", "PE15")])
def test_a_postcode_district_alone_is_accepted(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
    "typed", ["CB7 5A", "12345", "hello", "CB7 5ABX", "", "7CB 5AB", "CB7-5AB"]
)
def test_something_that_is_not_a_uk_postcode_is_refused(typed):
    with pytest.raises(ParseError, match="not a UK postcode"):
        normalise_postcode(typed)


def test_the_district_is_the_part_before_the_space():
    assert postcode_district("CB7 5AB") == "CB7"
    assert postcode_district("CB7") == "CB7"
    assert postcode_district(None) == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("07700900123", "07700 900123"),
        ("07700 900 123", "07700 900123"),
        ("+44 7700 900123", "07700 900123"),
        ("0044 7700 900123", "07700 900123"),
        ("(01632) 960 123", "01632 960123"),
        ("01632960123", "01632 960123"),
        ("020 7946 0018", "020 7946 0018"),
    ],
)
def test_uk_phone_numbers_are_stored_in_their_usual_written_form(typed, stored):
    assert normalise_phone(typed) == stored


def test_every_number_in_the_ofcom_drama_ranges_is_accepted():
    for n in range(1000):
        assert normalise_phone(f"07700900{n:03d}") == f"07700 900{n:03d}"
        assert normalise_phone(f"01632960{n:03d}") == f"01632 960{n:03d}"


def test_a_number_from_abroad_keeps_its_country_code():
    assert normalise_phone("+33 1 23 45 67 89") == "+33 1 23 45 67 89"


@pytest.mark.parametrize("typed", ["abc", "", "123", "077009001234567", "phone me"])
def test_something_that_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(ParseError):
        normalise_phone(typed)


@pytest.mark.parametrize("typed", ["07700 90012", "01632 96012"])
def test_a_uk_number_with_a_digit_missing_is_refused_not_stored_without_its_zero(typed):
    with pytest.raises(ParseError, match="number of digits"):
        normalise_phone(typed)


def test_an_email_address_is_kept_as_typed_without_surrounding_spaces():
    assert normalise_email("  Ann.Lee@example.org ") == "Ann.Lee@example.org"


@pytest.mark.parametrize("typed", ["ann", "ann@", "ann@example", "ann lee@example.org", "@x.org"])
def test_something_that_is_not_an_email_address_is_refused(typed):
    with pytest.raises(ParseError, match="email"):
        normalise_email(typed)
