"""Reading a person's details from text, shared by the People form and `ncdesk import people`.

One reader for both means a date, postcode or phone number is accepted or refused the same way
whether it was typed at the desk or came in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ncdesk.core.contact import normalise_email, normalise_phone, normalise_postcode
from ncdesk.core.errors import FieldProblem
from ncdesk.core.models import AGE_BANDS, GENDERS, Person, ReferralSource
from ncdesk.core.parsing import ParseError, parse_date, parse_yes_no, today
from ncdesk.core.text_limits import max_length, too_long

TEXT_FIELDS = (
    "first_name",
    "last_name",
    "known_as",
    "ethnicity",
    "notes",
    "how_heard",
    "referred_by",
)
# Fields stored as typed, so the register's column lengths apply to the text itself.
MAX_LENGTH = {
    name: limit
    for name in (*TEXT_FIELDS, "email")
    if (
        limit := max_length(getattr(Person, name) if name != "referred_by" else ReferralSource.name)
    )
    is not None
}

LABELS = {
    "person_ref": "Reference",
    "first_name": "First name",
    "last_name": "Last name",
    "known_as": "Known as",
    "date_of_birth": "Date of birth",
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "postcode": "Postcode",
    "phone": "Phone",
    "email": "Email",
    "consent_contact": "Happy to be contacted",
    "notes": "Notes",
    "how_heard": "How they heard about us",
    "referred_by": "Referred by",
}

_GENDER_ALIASES = {"nonbinary": "non-binary", "non binary": "non-binary"}


@dataclass(slots=True)  # an import holds one per row: no per-object dict
class PersonDetails:
    """Everything about a person that can be typed in; only a name is required."""

    first_name: str = ""
    last_name: str = ""
    known_as: str = ""
    date_of_birth: date | None = None
    age_band: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    disability: bool | None = None
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    consent_contact: bool | None = None
    notes: str = ""
    how_heard: str = ""
    # Who referred them in: a name on the organisation's list (added to it if new).
    referred_by: str = ""
    # Which fields the source actually supplied; an import leaves the others as they are.
    given: set[str] = field(default_factory=set)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.given}


def parse_gender(text: str) -> str:
    s = " ".join(text.strip().lower().split())
    s = _GENDER_ALIASES.get(s, s)
    if s not in GENDERS:
        raise ParseError("use one of: " + ", ".join(GENDERS))
    return s


def parse_birth_date(text: str) -> date:
    born = parse_date(text)
    if born > today():
        raise ParseError("a date of birth cannot be in the future")
    if born.year < 1900:
        raise ParseError("a date of birth before 1900 is surely a typing mistake")
    return born


def parse_age_band(text: str) -> str:
    s = text.strip().replace(" ", "")
    if s not in AGE_BANDS:
        raise ParseError("use one of: " + ", ".join(AGE_BANDS))
    return s


PARSERS: dict[str, Callable[[str], Any]] = {
    "date_of_birth": parse_birth_date,
    "age_band": parse_age_band,
    "gender": parse_gender,
    "disability": parse_yes_no,
    "postcode": normalise_postcode,
    "phone": normalise_phone,
    "email": normalise_email,
    "consent_contact": parse_yes_no,
}


def read_person_details(
    raw: Mapping[str, str | None], *, row: int | None = None
) -> tuple[PersonDetails, list[FieldProblem]]:
    """Parse the fields present in `raw`; blank means 'not known'. Returns details and problems."""
    details = PersonDetails()
    problems: list[FieldProblem] = []
    for name, value in raw.items():
        if name not in LABELS or name == "person_ref":
            continue
        text = (value or "").strip()
        details.given.add(name)
        if problem := too_long(name, text, MAX_LENGTH.get(name), row):
            problems.append(problem)
            continue
        if name in TEXT_FIELDS:
            setattr(details, name, text if name != "ethnicity" else (text or None))
            continue
        if not text:
            setattr(details, name, None)
            continue
        try:
            setattr(details, name, PARSERS[name](text))
        except ParseError as exc:
            problems.append(FieldProblem(name, str(exc), text, row))
    if {"first_name", "last_name", "known_as"} & details.given and not (
        details.first_name or details.last_name or details.known_as
    ):
        problems.append(
            FieldProblem("first_name", "a name is needed (first, last or known as)", "", row)
        )
    if details.date_of_birth:
        details.age_band = None
    return details, problems
