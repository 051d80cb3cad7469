"""The order the check-in list shows matches in. Qt-free, so the keystroke benchmark ranks
people exactly as the desk does.

The people search already ranks by how well the text matches and by who was seen lately. At
the desk, whoever is already checked in to this session was seen *just now*, so they would
crowd the top of every search; they go below the people still in the queue instead. The one
exception: someone whose whole name was typed stays on top, marked as here, so typing a name
in full never checks in somebody else.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import TypeVar

from ncdesk.core.search_text import fold
from ncdesk.core.services.people_search import PersonSummary

Found = TypeVar("Found", bound=PersonSummary)


def desk_order(query: str, found: Sequence[Found], here: Container[int]) -> list[Found]:
    """`found` (search order) with people already here moved below the others."""
    typed = fold(query)

    def key(position_and_person: tuple[int, Found]) -> tuple[bool, bool, int]:
        position, person = position_and_person
        whole_name = typed != "" and typed in (fold(person.name), fold(person.person_ref))
        return (not whole_name, person.id in here, position)

    return [person for _, person in sorted(enumerate(found), key=key)]
