"""Lending, returning, extending and reserving equipment, with every rule that keeps an unsafe
or already-promised item at home. Each refusal says exactly why, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import EquipmentCategory, Item, Loan, Person, Reservation, ServiceJob
from ncdesk.core.models.base import utcnow
from ncdesk.core.parsing import today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs
from ncdesk.core.services.equipment import borrower_problem, safety_problem
from ncdesk.core.services.people import mark_seen


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Inclusive day ranges; an end of None runs on for ever."""
    return a_start <= (b_end or date.max) and b_start <= (a_end or date.max)


@dataclass(frozen=True)
class LoanInput:
    item_id: int
    person_id: int
    start: date
    due: date | None
    condition_out: str = ""
    deposit_pence: int = 0
    agreement_signed: bool = False
    returned: date | None = None  # for recording a past loan in one go
    reservation_id: int | None = None


def _name(s: Session, person_id: int) -> str:
    person = s.get(Person, person_id)
    return person.display_name if person else "someone"


def occupancy_problem(
    s: Session,
    item: Item,
    start: date,
    end: date | None,
    *,
    promise_end: date | None = None,
    expected_back: bool = False,
    ignore_loan: int | None = None,
    ignore_reservation: int | None = None,
    person_id: int | None = None,
    reservations: bool = True,
) -> str | None:
    """Why the item is not free from `start` to `end` (loans, service, reservations), or None.
    A reservation by `person_id` themselves does not stand in their way; reservations are
    checked up to `promise_end` when given (a loan's due date). With `expected_back` (for
    promises of future days) an item out on loan counts as busy only until it is due back,
    or until today if it is overdue."""
    if item.retired_on is not None and item.retired_on <= (end or date.max):
        return f"{item.item_ref} was retired on {item.retired_on:%d/%m/%Y}"
    for loan in s.scalars(select(Loan).where(Loan.item_id == item.id, Loan.voided_at.is_(None))):
        held_until = loan.returned
        if held_until is None and expected_back and loan.due is not None:
            held_until = max(loan.due, today())
        if loan.id != ignore_loan and overlaps(start, end, loan.start, held_until):
            if loan.returned is not None and loan.returned == start:
                return (
                    f"{item.item_ref} came back from {_name(s, loan.person_id)} on "
                    f"{loan.returned:%d/%m/%Y}; a loan counts its return day, so it can go out "
                    f"again from {loan.returned + timedelta(days=1):%d/%m/%Y}"
                )
            until = (
                f"returned {loan.returned:%d/%m/%Y}"
                if loan.returned
                else (f"due back {loan.due:%d/%m/%Y}" if loan.due else "not yet returned")
            )
            return (
                f"{item.item_ref} is on loan to {_name(s, loan.person_id)} from "
                f"{loan.start:%d/%m/%Y} ({until})"
            )
    for job in s.scalars(select(ServiceJob).where(ServiceJob.item_id == item.id)):
        if overlaps(start, end, job.sent_on, job.back_on):
            return (
                f"{item.item_ref} is with {job.partner} for servicing from {job.sent_on:%d/%m/%Y}"
            )
    if not reservations:
        return None
    for res in s.scalars(
        select(Reservation).where(Reservation.item_id == item.id, Reservation.status == "active")
    ):
        if (
            res.id != ignore_reservation
            and res.person_id != person_id
            and overlaps(start, promise_end or end, res.start, res.end)
        ):
            return (
                f"{item.item_ref} is reserved for {_name(s, res.person_id)} from "
                f"{res.start:%d/%m/%Y} to {res.end:%d/%m/%Y}"
            )
    return None


def _category_shortfall(
    s: Session,
    item: Item,
    start: date,
    end: date | None,
    person_id: int,
    ignore_reservation: int | None,
) -> str | None:
    """Taking this item must leave enough free items for 'any item of the category' promises."""
    if item.category_id is None:
        return None
    promised = [
        r
        for r in s.scalars(
            select(Reservation).where(
                Reservation.category_id == item.category_id,
                Reservation.item_id.is_(None),
                Reservation.status == "active",
            )
        )
        if r.id != ignore_reservation
        and r.person_id != person_id
        and overlaps(start, end, r.start, r.end)
    ]
    if not promised:
        return None
    others = s.scalars(
        select(Item).where(Item.category_id == item.category_id, Item.id != item.id)
    ).all()
    for res in promised:
        free = [
            o
            for o in others
            if occupancy_problem(s, o, res.start, res.end, expected_back=True) is None
            and safety_problem(s, o, res.start, res.end) is None
        ]
        if len(free) < len(promised):
            return (
                f"every other free {_category_name(s, item.category_id).lower()} is promised "
                f"(e.g. to {_name(s, res.person_id)} from {res.start:%d/%m/%Y})"
            )
    return None


def _category_name(s: Session, category_id: int) -> str:
    category = s.get(EquipmentCategory, category_id)
    return category.name if category else "item"


def lending_problems(
    s: Session, data: LoanInput, *, ignore_loan: int | None = None
) -> list[FieldProblem]:
    """Every reason this loan cannot be made, in plain words (empty when it can)."""
    problems = []
    item = s.get(Item, data.item_id)
    if item is None:
        return [FieldProblem("item", "that item no longer exists")]
    if s.get(Person, data.person_id) is None:
        return [FieldProblem("borrower", "that person is no longer in the register")]
    if data.start > today():
        problems.append(
            FieldProblem("start", "a loan starts today or earlier; reserve it for later dates")
        )
    if data.due is not None and data.due < data.start:
        problems.append(FieldProblem("due", "the due date is before the start"))
    if data.returned is not None and (data.returned < data.start or data.returned > today()):
        problems.append(FieldProblem("returned", "must be between the start and today"))
    if data.deposit_pence < 0:
        problems.append(FieldProblem("deposit", "cannot be negative"))
    if problems:
        return problems
    end = data.returned or data.due
    # Until it is returned a loan holds the item from its start on; other people's promises
    # only matter up to the due date, when it should be back.
    taken = occupancy_problem(
        s,
        item,
        data.start,
        data.returned,
        promise_end=end,
        ignore_loan=ignore_loan,
        ignore_reservation=data.reservation_id,
        person_id=data.person_id,
    ) or _category_shortfall(s, item, data.start, end, data.person_id, data.reservation_id)
    if taken:
        problems.append(FieldProblem("item", taken))
    if data.returned is None and (reason := safety_problem(s, item, data.start, end)):
        problems.append(FieldProblem("item", f"{item.item_ref} cannot go out: {reason}"))
    if reason := borrower_problem(s, data.person_id, item.category_id, data.start, end):
        problems.append(FieldProblem("borrower", reason))
    return problems


def lend_refusal(s: Session, item: Item, on: date) -> str | None:
    """Why the item is not in the store to lend on `on` whoever asks (retired, out, back only
    today, away for servicing), or None. Safety checks are shown on their own, and a
    reservation is not a reason here: its holder may be the one borrowing."""
    return occupancy_problem(s, item, on, None, reservations=False)


@needs(VOLUNTEER, "lend equipment")
def lend_item(db: Database, data: LoanInput) -> int:
    """Lend an item, maybe backdated; anything unsafe or promised is refused, every reason given."""
    with db.transaction() as s:
        if problems := lending_problems(s, data):
            raise ValidationError(problems)
        loan = Loan(
            item_id=data.item_id,
            person_id=data.person_id,
            start=data.start,
            due=data.due,
            returned=data.returned,
            condition_out=data.condition_out.strip(),
            deposit_pence=data.deposit_pence,
            agreement_signed=data.agreement_signed,
            reservation_id=data.reservation_id,
            entered_by=db.actor,
        )
        s.add(loan)
        if data.reservation_id is not None:
            reservation = s.get(Reservation, data.reservation_id)
            if reservation is not None:
                reservation.status = "lent"
        s.flush()
        mark_seen(s, data.person_id)
        item = s.get(Item, data.item_id)
        audit.record(
            s,
            db.actor,
            "lend",
            "loan",
            loan.id,
            f"{item.item_ref if item else '?'} to person {data.person_id} from {data.start}",
        )
        return loan.id


@needs(VOLUNTEER, "take equipment back")
def return_item(
    db: Database,
    loan_id: int,
    returned: date,
    condition_in: str = "",
    refund_pence: int | None = None,
    kept_reason: str = "",
) -> None:
    """Record a return. Any deposit kept back needs a reason."""
    with db.transaction() as s:
        loan = s.get(Loan, loan_id)
        if loan is None or loan.voided_at is not None:
            raise NotFound("That loan does not exist.")
        problems = []
        if loan.returned is not None:
            problems.append(
                FieldProblem("returned", f"already returned on {loan.returned:%d/%m/%Y}")
            )
        if returned < loan.start:
            problems.append(FieldProblem("returned", "the return date is before the loan started"))
        if returned > today():
            problems.append(FieldProblem("returned", "cannot be in the future"))
        refund = loan.deposit_pence if refund_pence is None else refund_pence
        if refund < 0 or refund > loan.deposit_pence:
            problems.append(FieldProblem("refund", "refund between nothing and the whole deposit"))
        elif refund < loan.deposit_pence and not kept_reason.strip():
            problems.append(FieldProblem("kept_reason", "say why some of the deposit is kept"))
        later = s.scalar(
            select(func.min(Loan.start)).where(
                Loan.item_id == loan.item_id,
                Loan.id != loan.id,
                Loan.start > loan.start,
                Loan.voided_at.is_(None),
            )
        )
        if later is not None and returned >= later:
            problems.append(
                FieldProblem("returned", f"the item went out again on {later:%d/%m/%Y}")
            )
        if problems:
            raise ValidationError(problems)
        loan.returned = returned
        loan.condition_in = condition_in.strip()
        loan.deposit_refunded_pence = refund
        loan.deposit_kept_reason = kept_reason.strip()
        audit.record(s, db.actor, "return", "loan", loan_id, f"{returned}")


@needs(VOLUNTEER, "extend loans")
def extend_loan(db: Database, loan_id: int, new_due: date) -> None:
    """Give a borrower longer: the same rules as lending apply to the extra days."""
    with db.transaction() as s:
        loan = s.get(Loan, loan_id)
        if loan is None or loan.voided_at is not None:
            raise NotFound("That loan does not exist.")
        if loan.returned is not None:
            raise ValidationError([FieldProblem("due", "this loan has been returned")])
        if new_due < loan.start:
            raise ValidationError([FieldProblem("due", "the due date is before the start")])
        data = LoanInput(
            loan.item_id, loan.person_id, loan.start, new_due, reservation_id=loan.reservation_id
        )
        problems = [p for p in lending_problems(s, data, ignore_loan=loan.id) if p.field != "start"]
        if problems:
            raise ValidationError(problems)
        loan.due = new_due
        audit.record(s, db.actor, "extend", "loan", loan_id, f"due {new_due}")


@needs(COORDINATOR, "void loans")
def void_loan(db: Database, loan_id: int, reason: str) -> None:
    """A loan typed by mistake stops counting (kept, marked void); not for real returns."""
    if not reason.strip():
        raise ValidationError([FieldProblem("reason", "say why this loan is being voided")])
    with db.transaction() as s:
        loan = s.get(Loan, loan_id)
        if loan is None or loan.voided_at is not None:
            raise NotFound("That loan does not exist.")
        loan.voided_at = utcnow()
        loan.void_reason = reason.strip()
        audit.record(s, db.actor, "void", "loan", loan_id)  # the reason stays on the loan


@dataclass(frozen=True)
class ReservationInput:
    person_id: int
    start: date
    end: date
    item_id: int | None = None
    category_id: int | None = None
    note: str = ""


def reservation_problems(s: Session, data: ReservationInput) -> list[FieldProblem]:
    if data.end < data.start:
        return [FieldProblem("end", "the end is before the start")]
    if data.end < today():
        return [FieldProblem("end", "these dates are in the past")]
    if (data.item_id is None) == (data.category_id is None):
        return [FieldProblem("item", "reserve one item, or any item of one category")]
    if data.item_id is not None:
        item = s.get(Item, data.item_id)
        if item is None:
            return [FieldProblem("item", "that item no longer exists")]
        problems = []
        taken = occupancy_problem(
            s, item, data.start, data.end, expected_back=True
        ) or _category_shortfall(s, item, data.start, data.end, data.person_id, None)
        if taken:
            problems.append(FieldProblem("item", taken))
        if reason := safety_problem(s, item, data.start, data.end):
            problems.append(FieldProblem("item", f"{item.item_ref} cannot be promised: {reason}"))
        if reason := borrower_problem(s, data.person_id, item.category_id, data.start, data.end):
            problems.append(FieldProblem("borrower", reason))
        return problems
    assert data.category_id is not None
    items = s.scalars(select(Item).where(Item.category_id == data.category_id)).all()
    free = [
        i
        for i in items
        if occupancy_problem(s, i, data.start, data.end, expected_back=True) is None
        and safety_problem(s, i, data.start, data.end) is None
    ]
    already = [
        r
        for r in s.scalars(
            select(Reservation).where(
                Reservation.category_id == data.category_id,
                Reservation.item_id.is_(None),
                Reservation.status == "active",
            )
        )
        if overlaps(data.start, data.end, r.start, r.end)
    ]
    name = _category_name(s, data.category_id).lower()
    problems = []
    if len(free) <= len(already):
        problems.append(FieldProblem("item", f"no {name} is free and safe for all of those days"))
    if reason := borrower_problem(s, data.person_id, data.category_id, data.start, data.end):
        problems.append(FieldProblem("borrower", reason))
    return problems


@needs(VOLUNTEER, "reserve equipment")
def reserve(db: Database, data: ReservationInput) -> int:
    with db.transaction() as s:
        if problems := reservation_problems(s, data):
            raise ValidationError(problems)
        row = Reservation(
            item_id=data.item_id,
            category_id=data.category_id,
            person_id=data.person_id,
            start=data.start,
            end=data.end,
            status="active",
            note=data.note.strip(),
        )
        s.add(row)
        s.flush()
        audit.record(s, db.actor, "reserve", "reservation", row.id, f"{data.start}–{data.end}")
        return row.id


@needs(VOLUNTEER, "cancel reservations")
def cancel_reservation(db: Database, reservation_id: int) -> None:
    with db.transaction() as s:
        row = s.get(Reservation, reservation_id)
        if row is None:
            raise NotFound("That reservation no longer exists.")
        row.status = "cancelled"
        audit.record(s, db.actor, "cancel", "reservation", reservation_id)


@needs(VOLUNTEER, "lend equipment")
def lend_from_reservation(
    db: Database,
    reservation_id: int,
    item_id: int | None = None,
    *,
    due: date | None = None,
    condition_out: str = "",
    deposit_pence: int = 0,
    agreement_signed: bool = False,
) -> int:
    """Turn a reservation into a loan starting today (a category reservation needs an item)."""
    with db.session() as s:
        row = s.get(Reservation, reservation_id)
        if row is None or row.status != "active":
            raise NotFound("That reservation is no longer active.")
        chosen = row.item_id or item_id
        if chosen is None:
            raise ValidationError([FieldProblem("item", "choose which item to lend")])
        person_id, end = row.person_id, row.end
    return lend_item(
        db,
        LoanInput(
            chosen,
            person_id,
            today(),
            due or end,
            condition_out,
            deposit_pence,
            agreement_signed,
            reservation_id=reservation_id,
        ),
    )
