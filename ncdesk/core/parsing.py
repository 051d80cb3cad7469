"""Reading what people type or import: dates, hours, money, yes/no and lists.

Strict on purpose: a date that could mean two things is refused, never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


_DECIMAL = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


class ParseError(ValueError):
    """The text cannot be read as the kind of value asked for; the message says why."""


def parse_date(text: str) -> date:
    """`YYYY-MM-DD`, `DD/MM/YYYY` or `D/M/YYYY`; a day that does not exist is refused."""
    match = _ISO.match(text) or _DMY.match(text)
    if not match:
        raise ParseError("not a date: use DD/MM/YYYY or YYYY-MM-DD")
    a, b, c = (int(g) for g in match.groups())
    year, month, day = (a, b, c) if match.re is _ISO else (c, b, a)
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError("this date does not exist") from None


def format_date(value: date | None) -> str:
    """A date as people in the UK write it: DD/MM/YYYY."""
    return value.strftime("%d/%m/%Y") if value else ""


def parse_hours(text: str) -> int:
    """Hours as whole minutes: `1.5`, `1:30`, `90m` or a bare number of hours; must be > 0."""
    s = text.strip().lower().replace(" ", "")
    try:
        if m := re.fullmatch(r"(\d+):([0-5]\d)", s):
            minutes = int(m[1]) * 60 + int(m[2])
        elif m := re.fullmatch(r"(\d+)(m|min|mins|minutes)", s):
            minutes = int(m[1])
        else:
            s = re.sub(r"(h|hr|hrs|hours)$", "", s)
            if not _DECIMAL.fullmatch(s):  # no '1e2', 'inf' or 'nan'
                raise InvalidOperation
            minutes_dec = Decimal(s) * 60
            if not minutes_dec.is_finite():  # 'inf' and 'nan' parse as Decimals
                raise ParseError("not a number of hours: use 1.5, 1:30 or 90m")
            if minutes_dec != minutes_dec.to_integral_value():
                raise ParseError("hours must come to whole minutes")
            minutes = int(minutes_dec)
    except InvalidOperation:
        raise ParseError("not a number of hours: use 1.5, 1:30 or 90m") from None
    if minutes <= 0:
        raise ParseError("hours must be more than zero")
    return minutes


def format_minutes(minutes: int) -> str:
    """Whole minutes as hours for display: 90 → '1:30'."""
    sign = "-" if minutes < 0 else ""
    h, m = divmod(abs(minutes), 60)
    return f"{sign}{h}:{m:02d}"


def parse_pence(text: str) -> int:
    """An amount in pounds (`£12.50`, `12`) as whole pence; never negative."""
    s = text.strip().replace(",", "").lstrip("£").strip()
    try:
        if not _DECIMAL.fullmatch(s):
            raise InvalidOperation
        value = Decimal(s) * 100
    except InvalidOperation:
        raise ParseError("not an amount of money: use 12.50 or £12.50") from None
    if not value.is_finite():  # 'inf' and 'nan' parse as Decimals
        raise ParseError("not an amount of money: use 12.50 or £12.50")
    if value < 0:
        raise ParseError("an amount cannot be negative")
    if value != value.to_integral_value():
        raise ParseError("an amount has at most two decimal places")
    return int(value)


YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def parse_yes_no(text: str) -> bool:
    s = text.strip().lower()
    if s in YES:
        return True
    if s in NO:
        return False
    raise ParseError("answer yes or no")


def parse_list(text: str) -> list[str]:
    """A `;`-separated list inside one cell, spaces around items ignored, blanks dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]


def parse_count(text: str) -> int:
    """A count of people: a whole number above zero."""
    try:
        value = int(text.strip())
    except ValueError:
        raise ParseError("not a whole number") from None
    if value <= 0:
        raise ParseError("must be more than zero")
    return value


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day` (a 29 February birthday counts from 1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# Upper ages of DESIGN §6's bands, youngest first ("85+" above the last).
_BAND_TOPS = (
    (17, "0-17"),
    (24, "18-24"),
    (49, "25-49"),
    (64, "50-64"),
    (74, "65-74"),
    (84, "75-84"),
)


def age_band(age: int) -> str:
    """The reporting band of an age in years: '0-17' … '75-84', '85+'."""
    return next((band for top, band in _BAND_TOPS if age <= top), "85+")


def today() -> date:
    return datetime.now().date()


# Instants are stored in UTC and shown in the organisation's local time (DESIGN §3).
LOCAL_ZONE = ZoneInfo("Europe/London")


def local(instant: datetime) -> datetime:
    """A stored UTC instant in local time, for showing and printing."""
    return instant.astimezone(LOCAL_ZONE)
