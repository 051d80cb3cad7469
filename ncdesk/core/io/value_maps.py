"""Other words for our values: "M"/"F", "Y"/"N", dates as Excel serial numbers or in words.

Applied to a mapped file (`--guess`, `--map`, the import wizard) before the rows are checked:
a cell that reads clearly as one of our values is rewritten to it; anything else is left as
written, so the importer refuses it with its usual message. Nothing is guessed that could
mean two things: a day-first date stays day-first, and a two-digit year is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

GENDER_WORDS = {
    "m": "male",
    "man": "male",
    "boy": "male",
    "f": "female",
    "w": "female",
    "woman": "female",
    "girl": "female",
    "nb": "non-binary",
    "nonbinary": "non-binary",
    "non binary": "non-binary",
    "enby": "non-binary",
    "o": "other",
    "pnts": "prefer not to say",
    "prefer not to say": "prefer not to say",
    "rather not say": "prefer not to say",
    "prefers not to say": "prefer not to say",
    "not stated": "prefer not to say",
    "declined": "prefer not to say",
    "prefer not to disclose": "prefer not to say",
}
YES_WORDS = {"yes", "y", "true", "t", "1", "✓", "✔", "☑", "yes please", "ticked"}
NO_WORDS = {"no", "n", "false", "f", "0", "✗", "✘", "no thanks"}

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Excel counts days from 30/12/1899 (its 1900 leap-year bug is before any date we keep).
EXCEL_EPOCH = date(1899, 12, 30)
# Serial numbers from 1/1/1900 (1) to 31/12/2199: a bare number outside is not a date.
SERIAL_RANGE = range(1, 109_574)

_MIDNIGHT = re.compile(r"^(.*?)[ T]0{1,2}:00(:00(\.0+)?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DAY_NAME_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([a-z]+)\.?[\s\-/.,]+(\d{4})$")
_NAME_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_SERIAL = re.compile(r"^\d{1,6}(\.0+)?$")
_HOURS_WORDS = re.compile(
    r"^(?:(\d+)\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d+)\s*(?:m|min|mins|minute|minutes)?)?$"
)


def map_gender(text: str) -> str:
    key = " ".join(text.strip().lower().replace("-", " ").split())
    return GENDER_WORDS.get(key, text)


def map_yes_no(text: str) -> str:
    key = " ".join(text.strip().lower().split())
    if key in YES_WORDS:
        return "yes"
    if key in NO_WORDS:
        return "no"
    return text


def map_date(text: str) -> str:
    """A date written another way, as YYYY-MM-DD; left as it is when it is not clearly one."""
    s = text.strip().lower()
    if m := _MIDNIGHT.match(s):  # "31/01/1950 00:00" from a spreadsheet's date-time cell
        s = m[1].strip()
    if _SERIAL.match(s):
        serial = int(float(s))
        if serial in SERIAL_RANGE:
            return (EXCEL_EPOCH + timedelta(days=serial)).isoformat()
        return text
    parts: tuple[int, int, int] | None = None  # year, month, day
    if m := _DAY_MONTH_YEAR.match(s):
        parts = (int(m[3]), int(m[2]), int(m[1]))
    elif m := _YEAR_MONTH_DAY.match(s):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif (m := _DAY_NAME_YEAR.match(s)) and m[2] in MONTHS:
        parts = (int(m[3]), MONTHS[m[2]], int(m[1]))
    elif (m := _NAME_DAY_YEAR.match(s)) and m[1] in MONTHS:
        parts = (int(m[3]), MONTHS[m[1]], int(m[2]))
    if parts is None:
        stripped = s != text.strip().lower()  # "1950-01-31 00:00" → "1950-01-31"
        return s if stripped and _ISO_DAY.match(s) else text
    try:
        return date(*parts).isoformat()
    except ValueError:
        return text  # a day that does not exist: refused with the usual message


def map_hours(text: str) -> str:
    """'1 hour 30 mins', '1h30', '2 hours' as minutes ('90m'); other forms are left alone."""
    s = text.strip().lower()
    m = _HOURS_WORDS.match(s)
    if not s or not m or not (m[1] or m[2]) or not re.search(r"[a-z]", s):
        return text
    if m[1] is None:
        return text  # "90 mins" is read as it is
    return f"{int(m[1]) * 60 + int(m[2] or 0)}m"


GENDER, YES_NO, DATE, HOURS = "gender", "yes/no", "date", "hours"
MAPPERS: dict[str, Callable[[str], str]] = {
    GENDER: map_gender,
    YES_NO: map_yes_no,
    DATE: map_date,
    HOURS: map_hours,
}

# Which of each kind's columns hold which sort of value.
VALUE_KINDS: dict[str, dict[str, str]] = {
    "people": {
        "gender": GENDER,
        "disability": YES_NO,
        "consent_contact": YES_NO,
        "date_of_birth": DATE,
    },
    "attendance": {"date": DATE},
    "members": {"joined": DATE},
    "exchanges": {"date": DATE, "hours": HOURS},
    "items": {"acquired": DATE},
    "loans": {"start": DATE, "due": DATE, "returned": DATE},
    "outcomes": {"date": DATE},
    "places": {},
}


def value_mappers(kind: str) -> dict[str, Callable[[str], str]]:
    """Column → how its other words are read, for one kind of import."""
    return {column: MAPPERS[sort] for column, sort in VALUE_KINDS.get(kind, {}).items()}


def map_values(kind: str, rows: list[tuple[int, dict[str, str]]]) -> int:
    """Rewrite the cells of `rows` that use other words, in place; returns how many."""
    mappers = value_mappers(kind)
    changed = 0
    for _number, row in rows:
        for column, mapper in mappers.items():
            value = row.get(column)
            if value:
                mapped = mapper(value)
                if mapped != value:
                    row[column] = mapped
                    changed += 1
    return changed
