"""`ncdesk import people`: register or update people by person_ref."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.io.importing import (
    CHECKING,
    Importer,
    ImportSummary,
    Row,
    register,
)
from ncdesk.core.models import Person
from ncdesk.core.security import audit
from ncdesk.core.services.people import apply_details
from ncdesk.core.services.people_search import search_text_for
from ncdesk.core.services.person_fields import read_person_details

BATCH = 500  # new people written at a time


@register
class PeopleImporter(Importer):
    kind = "people"
    noun = "people"
    # known_as and age_band are optional extras beyond DESIGN §5's list (see docs/import.md).
    columns = (
        "person_ref",
        "first_name",
        "last_name",
        "date_of_birth",
        "gender",
        "postcode",
        "phone",
        "email",
        "disability",
        "ethnicity",
        "consent_contact",
        "notes",
        "known_as",
        "age_band",
        "referred_by",
    )
    required = ("person_ref",)
    free_text = frozenset({"notes"})
    stored_in = {
        "person_ref": Person.person_ref,
        "first_name": Person.first_name,
        "last_name": Person.last_name,
        "known_as": Person.known_as,
        "ethnicity": Person.ethnicity,
        "email": Person.email,
    }

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        keyed = []
        for number, row in rows:
            ref = row.get("person_ref", "")
            if not any(row.get(c) for c in ("first_name", "last_name", "known_as")):
                self.problem(number, "first_name", "a name is needed (first_name or last_name)")
            keyed.append((number, ref, row))
        skip = self.skip_repeats(keyed, "person_ref")
        prepared = []
        # Rows mostly give the same columns: one set of names for all of them, not one each
        # (a 100,000-row file would hold 70 MB of identical sets). Nothing here changes them.
        shared: dict[frozenset[str], set[str]] = {}
        for number, row in self.ticking(CHECKING, rows):
            details, problems = read_person_details(row, row=number)
            details.given = shared.setdefault(frozenset(details.given), details.given)
            self.problems += [p for p in problems if p.field != "first_name" or p.value]
            if number not in skip and row.get("person_ref"):
                prepared.append((number, row["person_ref"], details))
        return prepared

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        refs = [ref for _, ref, _ in prepared]
        existing: dict[str, Person] = {}
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            existing.update(
                (p.person_ref, p)
                for p in session.scalars(select(Person).where(Person.person_ref.in_(chunk)))
            )
        added: list[Person] = []  # flushed together: one INSERT round per batch, not per row
        for number, ref, details in self.ticking(self.writing_step, prepared):
            person = existing.get(ref)
            if person is None:
                person = Person(person_ref=ref, first_name="", last_name="", known_as="", notes="")
                apply_details(session, person, details)
                person.search_text = search_text_for(person)
                session.add(person)
                added.append(person)
                summary.created += 1
                if len(added) >= BATCH:
                    _audit_added(session, added, actor, summary.file)
                continue
            self.keep_blanks(number, {c: getattr(person, c) for c in self.blanks(number)})
            if changed := apply_details(session, person, details):
                audit.record(
                    session,
                    actor,
                    "update",
                    "person",
                    person.id,
                    f"import {summary.file}: " + ", ".join(sorted(changed)),
                )
                summary.updated += 1
            else:
                summary.unchanged += 1
        _audit_added(session, added, actor, summary.file)


def _audit_added(session: Session, added: list[Person], actor: str, file: str) -> None:
    """Write the people added so far, then an audit event for each (they need their ids)."""
    if not added:
        return
    session.flush()
    for person in added:
        audit.record(session, actor, "create", "person", person.id, f"import {file}")
    added.clear()
