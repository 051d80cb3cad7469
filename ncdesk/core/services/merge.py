"""Merging two records of one person: the duplicate's history moves to the survivor, in one
transaction, through one explicit list of steps.

Every foreign key to `person.id` in the models must be moved by a step here (`MERGE_STEPS`
names the columns each step moves); a test walks the models' metadata and fails for any
column no step claims, so a new domain cannot be forgotten. Steps live here rather than
registering themselves from their own modules, so nothing depends on import order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, Update, or_, select, update
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.models import (
    Attendance,
    Booking,
    BorrowerQualification,
    DifferentPeople,
    Exchange,
    Listing,
    Loan,
    OutcomeScore,
    Person,
    Referral,
    Reservation,
    TimebankAccount,
    TimebankMatch,
    VolunteerShift,
)
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.ledger import void_in_session
from ncdesk.core.services.people import PersonRecord, get_in_session
from ncdesk.core.services.people_search import search_text_for

# Details the survivor takes from the duplicate where its own are blank.
FILLED_FROM_DUPLICATE = (
    "date_of_birth",
    "age_band",
    "gender",
    "ethnicity",
    "disability",
    "postcode",
    "phone",
    "email",
    "consent_contact",
    "consent_date",
    "known_as",
)


@dataclass(frozen=True)
class MergeStep:
    """Moves one domain's records from the duplicate to the survivor; returns how many."""

    domain: str
    # The person foreign keys ('table.column') this step moves.
    moves: tuple[str, ...]
    run: Callable[[Session, int, int, str], int]


def _move_dropin(s: Session, survivor_id: int, duplicate_id: int, _actor: str) -> int:
    """Attendances and volunteer shifts move. Where both came to the same session, the
    survivor's attendance keeps the signposting of both and the duplicate's is removed (it
    was the same visit counted twice); a shared shift keeps the longer time."""
    moved = 0
    for attendance in s.scalars(
        select(Attendance).where(Attendance.person_id == duplicate_id)
    ).all():
        twin = s.scalar(
            select(Attendance).where(
                Attendance.session_id == attendance.session_id, Attendance.person_id == survivor_id
            )
        )
        if twin is None:
            attendance.person_id = survivor_id
        else:
            have = set(
                s.scalars(
                    select(Referral.referral_type_id).where(Referral.attendance_id == twin.id)
                )
            )
            for referral in s.scalars(
                select(Referral).where(Referral.attendance_id == attendance.id)
            ).all():
                if referral.referral_type_id in have:
                    s.delete(referral)
                else:
                    referral.attendance_id = twin.id
            if attendance.help_given:
                twin.help_given = "\n".join(
                    x for x in (twin.help_given, attendance.help_given) if x
                )
            s.flush()
            s.delete(attendance)
        moved += 1
    for shift in s.scalars(
        select(VolunteerShift).where(VolunteerShift.person_id == duplicate_id)
    ).all():
        twin_shift = s.scalar(
            select(VolunteerShift).where(
                VolunteerShift.session_id == shift.session_id,
                VolunteerShift.person_id == survivor_id,
            )
        )
        if twin_shift is None:
            shift.person_id = survivor_id
        else:
            twin_shift.minutes = max(twin_shift.minutes, shift.minutes)
            s.delete(shift)
        moved += 1
    s.flush()
    return moved


def _merge_timebank(s: Session, survivor_id: int, duplicate_id: int, actor: str) -> int:
    """The duplicate's membership becomes the survivor's. When both were members, the
    duplicate's exchanges, offers, requests and matches move to the survivor's account, so its
    balance is the sum of the two; an exchange between the two records (one person on both
    sides) is voided with a reversal, which keeps the ledger's total at zero."""
    dup = s.scalar(select(TimebankAccount).where(TimebankAccount.person_id == duplicate_id))
    if dup is None:
        return 0
    keep = s.scalar(select(TimebankAccount).where(TimebankAccount.person_id == survivor_id))
    if keep is None:
        dup.person_id = survivor_id
        return 1
    between = s.scalars(
        select(Exchange).where(
            or_(
                (Exchange.credited_id == keep.id) & (Exchange.debited_id == dup.id),
                (Exchange.credited_id == dup.id) & (Exchange.debited_id == keep.id),
            ),
            Exchange.kind != "reversal",
            Exchange.voided_at.is_(None),
        )
    ).all()
    for exchange in between:
        void_in_session(s, exchange, "merged: one person on both sides", actor)
    moved = len(between)
    for column in (Exchange.credited_id, Exchange.debited_id):
        other = Exchange.debited_id if column is Exchange.credited_id else Exchange.credited_id
        moved += _updated(
            s, update(Exchange).where(column == dup.id, other != keep.id).values({column: keep.id})
        )
    for model, column in (
        (Listing, Listing.account_id),
        (TimebankMatch, TimebankMatch.helper_account_id),
    ):
        moved += s.execute(update(model).where(column == dup.id).values({column: keep.id})).rowcount  # type: ignore[attr-defined]
    keep.joined = min(keep.joined, dup.joined)
    keep.notes = "\n".join(x for x in (keep.notes, dup.notes) if x)
    dup.status = "left"
    s.flush()
    return moved


def _move_loans(s: Session, survivor_id: int, duplicate_id: int, _actor: str) -> int:
    """Loans (open or returned), reservations and borrower qualifications move as they are."""
    moved = 0
    for model in (Loan, Reservation, BorrowerQualification):
        moved += _updated(
            s, update(model).where(model.person_id == duplicate_id).values(person_id=survivor_id)
        )
    return moved


def _move_different_marks(s: Session, survivor_id: int, duplicate_id: int, _actor: str) -> int:
    """'Different people' marks on the duplicate now speak for the survivor (A and C were
    different people, A is B, so B and C are); a mark between the two records themselves goes,
    as does one the survivor already has."""
    marks = s.scalars(
        select(DifferentPeople).where(
            or_(DifferentPeople.person_id == duplicate_id, DifferentPeople.other_id == duplicate_id)
        )
    ).all()
    moved = 0
    for mark in marks:
        other = mark.other_id if mark.person_id == duplicate_id else mark.person_id
        low, high = sorted((survivor_id, other))
        s.delete(mark)
        s.flush()
        if other == survivor_id or s.get(DifferentPeople, (low, high)) is not None:
            continue
        s.add(
            DifferentPeople(
                person_id=low, other_id=high, marked_at=mark.marked_at, marked_by=mark.marked_by
            )
        )
        s.flush()
        moved += 1
    return moved


def _move_unless_twin(
    s: Session,
    model: type[Booking] | type[OutcomeScore],
    survivor_id: int,
    duplicate_id: int,
    same: tuple[str, ...],
    keep: Callable[[Any, Any], None] | None = None,
) -> int:
    """The duplicate's rows of `model` move to the survivor, except where the survivor has a
    row with the same `same` columns: that one stands (`keep(twin, row)` may take what the
    duplicate's row adds) and the duplicate's goes."""
    moved = 0
    rows: list[Any] = list(s.scalars(select(model).where(model.person_id == duplicate_id)))
    for row in rows:
        twin = s.scalar(
            select(model).where(
                model.person_id == survivor_id,
                *(getattr(model, name) == getattr(row, name) for name in same),
            )
        )
        if twin is None:
            row.person_id = survivor_id
        else:
            if keep is not None:
                keep(twin, row)
            s.delete(row)
        moved += 1
    s.flush()
    return moved


def _both_notes(twin: Booking, booking: Booking) -> None:
    if booking.note and booking.note not in twin.note:
        twin.note = "; ".join(n for n in (twin.note, booking.note) if n)


def _move_bookings(s: Session, survivor_id: int, duplicate_id: int, _actor: str) -> int:
    """Bookings move; where both records were booked for the same session, the survivor's
    booking stands, with the duplicate's note added to its own."""
    return _move_unless_twin(
        s, Booking, survivor_id, duplicate_id, ("activity_id", "date"), _both_notes
    )


def _updated(s: Session, statement: Update) -> int:
    """Run an UPDATE; returns how many rows it changed."""
    result: CursorResult[Any] = s.execute(statement)  # type: ignore[assignment]
    return result.rowcount


def _move_outcomes(s: Session, survivor_id: int, duplicate_id: int, _actor: str) -> int:
    """Outcome scores move; where both records answered a measure on the same day, the
    survivor's answer stands (it was the same sitting)."""
    return _move_unless_twin(s, OutcomeScore, survivor_id, duplicate_id, ("day", "measure"))


MERGE_STEPS: tuple[MergeStep, ...] = (
    MergeStep("drop-in", ("attendance.person_id", "volunteer_shift.person_id"), _move_dropin),
    MergeStep("bookings", ("booking.person_id",), _move_bookings),
    MergeStep("timebank", ("timebank_account.person_id",), _merge_timebank),
    MergeStep(
        "loans",
        ("loan.person_id", "reservation.person_id", "borrower_qualification.person_id"),
        _move_loans,
    ),
    MergeStep("outcomes", ("outcome_score.person_id",), _move_outcomes),
    MergeStep(
        "possible duplicates",
        ("different_people.person_id", "different_people.other_id"),
        _move_different_marks,
    ),
)
# Person keys the merge itself sets rather than moves.
SET_BY_MERGE = ("person.merged_into_id",)


@needs(COORDINATOR, "merge people")
def merge_people(db: Database, survivor_id: int, duplicate_id: int) -> PersonRecord:
    """Fold a duplicate record into the survivor: history moves, blanks are filled, the duplicate
    is archived and points at the survivor (so its old reference still leads somewhere)."""
    if survivor_id == duplicate_id:
        raise ValidationError([FieldProblem("person", "choose two different people to merge")])
    with db.transaction() as s:
        survivor, dup = get_in_session(s, survivor_id), get_in_session(s, duplicate_id)
        if dup.merged_into_id is not None:
            raise ValidationError([FieldProblem("person", f"{dup.person_ref} was already merged")])
        if survivor.merged_into_id is not None:  # else two records could point at each other
            raise ValidationError(
                [FieldProblem("person", f"{survivor.person_ref} was merged into another record")]
            )
        filled = _fill_blanks(survivor, dup)
        moved = sum(step.run(s, survivor.id, dup.id, db.actor) for step in MERGE_STEPS)
        dup.merged_into_id = survivor.id
        dup.archived = True
        dup.version += 1
        survivor.search_text = search_text_for(survivor)
        survivor.version += 1
        detail = f"{dup.person_ref} merged into {survivor.person_ref}; {moved} records moved"
        if filled:
            detail += "; filled " + ", ".join(filled)
        audit.record(s, db.actor, "merge", "person", survivor.id, detail)
        return PersonRecord.of(survivor)


def _fill_blanks(survivor: Person, dup: Person) -> list[str]:
    """Copy the duplicate's details into the survivor's blanks; returns the fields filled."""
    filled = []
    for name in FILLED_FROM_DUPLICATE:
        if getattr(survivor, name) in (None, "") and getattr(dup, name) not in (None, ""):
            if name == "age_band" and survivor.date_of_birth:
                continue  # a known date of birth makes a band pointless
            setattr(survivor, name, getattr(dup, name))
            filled.append(name)
    if dup.notes:
        survivor.notes = "\n".join(x for x in (survivor.notes, dup.notes) if x)
    if dup.last_seen_at and (not survivor.last_seen_at or dup.last_seen_at > survivor.last_seen_at):
        survivor.last_seen_at = dup.last_seen_at
    return filled
