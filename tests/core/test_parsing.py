"""Reading dates, hours, money, yes/no and lists as people type them or spreadsheets hold them."""

from __future__ import annotations

from datetime import date

import pytest

from ncdesk.core.parsing import (
    ParseError,
    age_on,
    format_date,
    format_minutes,
    parse_count,
    parse_date,
    parse_hours,
    parse_list,
    parse_pence,
    parse_yes_no,
)

# --- dates -----------------------------------------------------------------------------------


def test_iso_date_is_read():
    assert parse_date("2025-03-04") == date(2025, 3, 4)


def test_uk_date_is_read_day_first():
    assert parse_date("04/03/2025") == date(2025, 3, 4)


def test_uk_date_without_leading_zeros_is_read():
    assert parse_date("4/3/2025") == date(2025, 3, 4)


def test_spaces_around_a_date_are_ignored():
    assert parse_date("  12/11/2024 ") == date(2024, 11, 12)


@pytest.mark.parametrize("text", ["31/02/2025", "2025-02-31", "29/02/2025", "31/04/2024"])
def test_a_day_that_does_not_exist_is_refused(text):
    with pytest.raises(ParseError, match="does not exist"):
        parse_date(text)


def test_29_february_is_accepted_in_a_leap_year():
    assert parse_date("29/02/2024") == date(2024, 2, 29)


def test_29_february_1900_is_refused_as_1900_was_not_a_leap_year():
    with pytest.raises(ParseError):
        parse_date("29/02/1900")


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "2025/03/04", "04-03-2025", "4/3/25", "03.04.2025", "20250304"]
)
def test_other_date_shapes_are_refused_rather_than_guessed(text):
    with pytest.raises(ParseError, match="not a date"):
        parse_date(text)


def test_dates_are_shown_day_first():
    assert format_date(date(2025, 3, 4)) == "04/03/2025"
    assert format_date(None) == ""


# --- hours -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1.5", 90),
        ("1:30", 90),
        ("90m", 90),
        ("90 mins", 90),
        ("2", 120),
        ("2h", 120),
        ("0.25", 15),
        ("0:45", 45),
    ],
)
def test_hours_are_stored_as_whole_minutes(text, minutes):
    assert parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["0", "0:00", "0m", "-1", "-0.5"])
def test_zero_or_negative_hours_are_refused(text):
    with pytest.raises(ParseError):
        parse_hours(text)


@pytest.mark.parametrize("text", ["abc", "", "1:75", "one hour", "inf", "nan"])
def test_unreadable_hours_are_refused_with_a_plain_message(text):
    with pytest.raises(ParseError):
        parse_hours(text)


def test_hours_that_do_not_come_to_whole_minutes_are_refused():
    with pytest.raises(ParseError, match="whole minutes"):
        parse_hours("0.001")


def test_minutes_are_shown_as_hours_and_minutes():
    assert format_minutes(90) == "1:30"
    assert format_minutes(-45) == "-0:45"


# --- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pence"),
    [("£12.50", 1250), ("12.50", 1250), ("12", 1200), (" £ 5 ", 500), ("£1,250.00", 125000)],
)
def test_amounts_are_stored_as_whole_pence(text, pence):
    assert parse_pence(text) == pence


@pytest.mark.parametrize("text", ["-5", "£-5"])
def test_negative_amounts_are_refused(text):
    with pytest.raises(ParseError, match="negative"):
        parse_pence(text)


@pytest.mark.parametrize("text", ["twelve", "", "£", "inf", "nan", "12.5.0"])
def test_unreadable_amounts_are_refused_with_a_plain_message(text):
    with pytest.raises(ParseError):
        parse_pence(text)


def test_fractions_of_a_penny_are_refused():
    with pytest.raises(ParseError, match="two decimal places"):
        parse_pence("1.005")


# --- yes/no, lists, counts ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "Yes", " Y ", "true", "1"])
def test_yes_answers_are_read_as_yes(text):
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["no", "NO", "n", "false", "0"])
def test_no_answers_are_read_as_no(text):
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["maybe", "", "yes please"])
def test_anything_else_is_not_taken_as_an_answer(text):
    with pytest.raises(ParseError, match="yes or no"):
        parse_yes_no(text)


def test_list_items_are_split_on_semicolons_with_spaces_trimmed():
    assert parse_list(" gardening ;lifts;  dog walking ") == ["gardening", "lifts", "dog walking"]


def test_blank_list_items_are_dropped():
    assert parse_list("food bank; ;;GP;") == ["food bank", "GP"]
    assert parse_list("") == []


def test_a_count_must_be_a_whole_number_above_zero():
    assert parse_count(" 7 ") == 7
    for text in ("0", "-2", "1.5", "several"):
        with pytest.raises(ParseError):
            parse_count(text)


# --- ages --------------------------------------------------------------------------------------


def test_age_goes_up_on_the_birthday_itself():
    born = date(1950, 6, 15)
    assert age_on(born, date(2025, 6, 14)) == 74
    assert age_on(born, date(2025, 6, 15)) == 75


def test_age_on_the_last_day_of_a_year_before_the_birthday():
    assert age_on(date(1960, 12, 31), date(2025, 12, 30)) == 64


def test_a_29_february_birthday_counts_from_1_march_in_other_years():
    born = date(2000, 2, 29)
    assert age_on(born, date(2025, 2, 28)) == 24
    assert age_on(born, date(2025, 3, 1)) == 25
    assert age_on(born, date(2024, 2, 29)) == 24


def test_hours_in_scientific_notation_are_refused():
    with pytest.raises(ParseError):
        parse_hours("1e2")
