"""Volunteers' hours at drop-in sessions (the figure funders ask for as 'hours given')."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import DropInSession, Person, VolunteerShift
from ncdesk.core.security import audit
from ncdesk.core.security.roles import VOLUNTEER, needs
from ncdesk.core.services.activities import get_session


@dataclass(frozen=True)
class Shift:
    id: int
    person_id: int
    person_ref: str
    name: str
    minutes: int
    role: str


@needs(VOLUNTEER, "record volunteers' hours")
def record_volunteer(
    db: Database, session_id: int, person_id: int, minutes: int | None = None, role: str = ""
) -> Shift:
    """Note a volunteer at a session; hours default to the session's length. Recording the
    same person again changes their hours rather than adding a second shift."""
    if minutes is None:
        minutes = get_session(db, session_id).minutes
        if minutes is None:
            raise ValidationError(
                [FieldProblem("minutes", "the session has no times: enter the hours")]
            )
    if minutes <= 0:
        raise ValidationError([FieldProblem("minutes", "hours must be more than zero")])
    if minutes > 24 * 60:
        raise ValidationError([FieldProblem("minutes", "more than 24 hours in one session")])
    with db.transaction() as s:
        if s.get(DropInSession, session_id) is None:
            raise NotFound("That session no longer exists.")
        person = s.get(Person, person_id)
        if person is None:
            raise NotFound("That person is no longer in the register.")
        shift = s.scalar(
            select(VolunteerShift).where(
                VolunteerShift.session_id == session_id, VolunteerShift.person_id == person_id
            )
        )
        if shift is None:
            shift = VolunteerShift(session_id=session_id, person_id=person_id)
            s.add(shift)
        shift.minutes = minutes
        shift.role = role.strip()
        s.flush()
        audit.record(
            s,
            db.actor,
            "volunteer hours",
            "volunteer_shift",
            shift.id,
            f"{person.person_ref} {minutes} min session {session_id}",
        )
        return Shift(
            shift.id, person.id, person.person_ref, person.display_name, minutes, shift.role
        )


@needs(VOLUNTEER, "record volunteers' hours")
def remove_volunteer(db: Database, shift_id: int) -> None:
    with db.transaction() as s:
        shift = s.get(VolunteerShift, shift_id)
        if shift is None:
            raise NotFound("That volunteer entry was already removed.")
        s.delete(shift)
        audit.record(s, db.actor, "remove volunteer", "volunteer_shift", shift_id)


@needs(VOLUNTEER)
def volunteers(db: Database, session_id: int) -> list[Shift]:
    with db.session() as s:
        rows = s.execute(
            select(VolunteerShift, Person)
            .join(Person, VolunteerShift.person_id == Person.id)
            .where(VolunteerShift.session_id == session_id)
            .order_by(Person.last_name, Person.first_name)
        ).all()
        return [Shift(v.id, p.id, p.person_ref, p.display_name, v.minutes, v.role) for v, p in rows]
