"""UK postcodes and phone numbers: checked and stored in one canonical form."""

from __future__ import annotations

import re

from ncdesk.core.parsing import ParseError

# The UK postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA) and GIR 0AA.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$|^(GIR)(0AA)$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(text: str) -> str:
    """'cb75ab' → 'CB7 5AB'. A district alone ('CB7') is accepted: some people give only that."""
    s = re.sub(r"\s+", "", text).upper()
    if _DISTRICT.match(s):
        return s
    m = _POSTCODE.match(s)
    if not m:
        raise ParseError("not a UK postcode (for example CB7 5AB)")
    outward, inward = (m[1], m[2]) if m[1] else (m[3], m[4])
    return f"{outward} {inward}"


def postcode_district(postcode: str | None) -> str:
    """The outward part kept after an erasure and used for 'nearness': 'CB7 5AB' → 'CB7'."""
    return (postcode or "").split(" ")[0]


def normalise_phone(text: str) -> str:
    """A UK or international number in its usual written form: '07700900123' → '07700 900123'."""
    import phonenumbers  # its tables take a while to load: only once a phone is typed

    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        raise ParseError("not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise ParseError("not a possible phone number (check the number of digits)")
    if number.country_code == 44:
        # Ofcom's drama ranges are not 'valid' to phonenumbers, so only the length is checked
        # there; a UK number a digit short would otherwise be kept without its leading 0.
        if not phonenumbers.is_valid_number(number) and len(str(number.national_number)) != 10:
            raise ParseError("not a possible phone number (check the number of digits)")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(text: str) -> str:
    s = text.strip()
    if not _EMAIL.match(s):
        raise ParseError("not an email address")
    return s  # its length is checked against the register's column (person_fields)
