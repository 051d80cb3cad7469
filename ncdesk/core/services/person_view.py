"""What of a person each role may see (DESIGN §9): a volunteer sees names, contact details
and an age band, never the date of birth, ethnicity, disability or notes. Every service that
hands out a person passes it through here, so no screen has a rule of its own."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from ncdesk.core.db import Database
from ncdesk.core.parsing import age_band, age_on, today
from ncdesk.core.security.roles import COORDINATOR, NotAllowed, may, who_may

# Held about a person but shown only to coordinators and admins.
RESTRICTED = ("date_of_birth", "ethnicity", "disability", "notes")

T = TypeVar("T")


def sees_everything(db: Database) -> bool:
    return may(db, COORDINATOR)


def shown_to(db: Database, person: T) -> T:
    """`person` (a record or a summary) as the signed-in user may see it."""
    if sees_everything(db):
        return person
    changes: dict[str, object] = {}
    born = getattr(person, "date_of_birth", None)
    if born is not None and hasattr(person, "age_band") and not person.age_band:
        changes["age_band"] = age_band(age_on(born, today()))
    for name in RESTRICTED:
        if hasattr(person, name):
            changes[name] = "" if name == "notes" else None
    return replace(person, **changes)  # type: ignore[type-var]


def refuse_restricted(db: Database, given: set[str]) -> None:
    """A volunteer may change what they can see, but not the fields kept from them."""
    if sees_everything(db):
        return
    hidden = [name.replace("_", " ") for name in sorted(set(given) & set(RESTRICTED))]
    if hidden:
        raise NotAllowed(f"Only {who_may(COORDINATOR)} may change {', '.join(hidden)}.")
