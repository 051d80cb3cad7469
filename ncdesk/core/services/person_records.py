"""Everything held about one person, domain by domain, for the two data-protection duties:
subject access (what is held, shown in full) and erasure (what identifies them, cleared).

Like the merge registry, this is one explicit list, `PERSON_RECORDS`: each entry names the
person foreign keys it covers, reads that domain's rows about the person as plain values,
and clears their free text. A test walks every foreign key to `person.id` and fails for any
no entry covers, so a new kind of record about people is exported and erased from its first
day. Other people's names never appear in someone's export ("another member").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, aliased

from ncdesk.core.models import (
    Activity,
    Attendance,
    Booking,
    BorrowerQualification,
    BorrowerRequirement,
    DifferentPeople,
    DropInSession,
    Exchange,
    Item,
    Listing,
    Loan,
    OutcomeScore,
    Referral,
    ReferralType,
    Reservation,
    SkillCategory,
    TimebankAccount,
    TimebankMatch,
    VolunteerShift,
)
from ncdesk.core.parsing import format_minutes, local

Row = dict[str, Any]


@dataclass(frozen=True)
class PersonRecords:
    """One domain's records about a person."""

    section: str  # the heading in a subject access export
    # The person foreign keys ('table.column') whose rows this entry reads and erases.
    covers: tuple[str, ...]
    rows: Callable[[Session, list[int]], list[Row]]
    erase: Callable[[Session, list[int]], int]


def _when(value: Any) -> str:
    return f"{local(value):%d/%m/%Y %H:%M}" if value is not None else ""


# --- drop-in ---------------------------------------------------------------------------------


def _visits(s: Session, people: list[int]) -> list[Row]:
    out = []
    for attendance, day, activity in s.execute(
        select(Attendance, DropInSession.date, Activity.name)
        .join(DropInSession, DropInSession.id == Attendance.session_id)
        .join(Activity, Activity.id == DropInSession.activity_id)
        .where(Attendance.person_id.in_(people))
        .order_by(DropInSession.date)
    ):
        referrals = [
            {"to": kind, "note": note, "follow up": "yes" if follow else "no"}
            for kind, note, follow in s.execute(
                select(ReferralType.name, Referral.note, Referral.follow_up)
                .join(Referral, Referral.referral_type_id == ReferralType.id)
                .where(Referral.attendance_id == attendance.id)
                .order_by(ReferralType.name)
            )
        ]
        out.append(
            {
                "date": day.isoformat(),
                "activity": activity,
                "checked in at": _when(attendance.checked_in_at),
                "help given": attendance.help_given,
                "signposted to": referrals,
            }
        )
    return out


def _erase_visits(s: Session, people: list[int]) -> int:
    visits = select(Attendance.id).where(Attendance.person_id.in_(people))
    s.execute(update(Referral).where(Referral.attendance_id.in_(visits)).values(note=""))
    result = s.execute(
        update(Attendance).where(Attendance.person_id.in_(people)).values(help_given="")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _shifts(s: Session, people: list[int]) -> list[Row]:
    return [
        {
            "date": day.isoformat(),
            "activity": activity,
            "hours": format_minutes(minutes),
            "role": role,
        }  # fmt: skip
        for day, activity, minutes, role in s.execute(
            select(DropInSession.date, Activity.name, VolunteerShift.minutes, VolunteerShift.role)
            .join(DropInSession, DropInSession.id == VolunteerShift.session_id)
            .join(Activity, Activity.id == DropInSession.activity_id)
            .where(VolunteerShift.person_id.in_(people))
            .order_by(DropInSession.date)
        )
    ]


def _bookings(s: Session, people: list[int]) -> list[Row]:
    return [
        {"date": day.isoformat(), "activity": activity, "note": note, "booked": _when(at)}
        for day, activity, note, at in s.execute(
            select(Booking.date, Activity.name, Booking.note, Booking.booked_at)
            .join(Activity, Activity.id == Booking.activity_id)
            .where(Booking.person_id.in_(people))
            .order_by(Booking.date)
        )
    ]


def _erase_bookings(s: Session, people: list[int]) -> int:
    """Bookings go altogether: no figure is built on them, and a booking for an erased person
    would only show a nameless row at the desk."""
    result = s.execute(delete(Booking).where(Booking.person_id.in_(people)))
    return int(getattr(result, "rowcount", 0) or 0)


# --- timebank --------------------------------------------------------------------------------


def _accounts(s: Session, people: list[int]) -> list[int]:
    return list(s.scalars(select(TimebankAccount.id).where(TimebankAccount.person_id.in_(people))))


def _timebank(s: Session, people: list[int]) -> list[Row]:
    accounts = _accounts(s, people)
    out: list[Row] = []
    for account in s.scalars(select(TimebankAccount).where(TimebankAccount.id.in_(accounts))):
        out.append(
            {
                "record": "membership",
                "joined": account.joined.isoformat(),
                "status": account.status,
                "notes": account.notes,
            }
        )
    other = aliased(TimebankAccount)
    for side, mine in (("gave", Exchange.credited_id), ("received", Exchange.debited_id)):
        theirs = Exchange.debited_id if mine is Exchange.credited_id else Exchange.credited_id
        for exchange, other_kind, other_name, category in s.execute(
            select(Exchange, other.kind, other.name, SkillCategory.name)
            .join(other, other.id == theirs)
            .outerjoin(SkillCategory, SkillCategory.id == Exchange.category_id)
            .where(mine.in_(accounts))
            .order_by(Exchange.date, Exchange.id)
        ):
            out.append(
                {
                    "record": f"exchange ({side})",
                    "date": exchange.date.isoformat(),
                    "hours": format_minutes(exchange.minutes),
                    "with": "another member" if other_kind == "member" else other_name,
                    "kind of help": category or "",
                    "description": exchange.description,
                    "kind": exchange.kind,
                    "voided": "yes" if exchange.voided_at else "no",
                }
            )
    for listing, category in s.execute(
        select(Listing, SkillCategory.name)
        .join(SkillCategory, SkillCategory.id == Listing.category_id)
        .where(Listing.account_id.in_(accounts))
    ):
        out.append(
            {
                "record": listing.kind,
                "kind of help": category,
                "description": listing.description,
                "availability": listing.availability,
                "still open": "yes" if listing.active else "no",
            }
        )
    for match in s.scalars(
        select(TimebankMatch).where(TimebankMatch.helper_account_id.in_(accounts))
    ):
        out.append(
            {"record": "put in touch to help", "on": _when(match.made_at), "note": match.note}
        )
    return out


def _erase_timebank(s: Session, people: list[int]) -> int:
    accounts = _accounts(s, people)
    if not accounts:
        return 0
    s.execute(
        update(TimebankAccount).where(TimebankAccount.id.in_(accounts)).values(notes="", name="")
    )
    s.execute(
        update(Exchange)
        .where(or_(Exchange.credited_id.in_(accounts), Exchange.debited_id.in_(accounts)))
        .values(description="", void_reason=None)
    )
    s.execute(
        update(Listing)
        .where(Listing.account_id.in_(accounts))
        .values(description="", availability="")
    )
    s.execute(
        update(TimebankMatch).where(TimebankMatch.helper_account_id.in_(accounts)).values(note="")
    )
    requests = select(Listing.id).where(Listing.account_id.in_(accounts))
    s.execute(update(TimebankMatch).where(TimebankMatch.request_id.in_(requests)).values(note=""))
    return len(accounts)


# --- loans -----------------------------------------------------------------------------------


def _loans(s: Session, people: list[int]) -> list[Row]:
    return [
        {
            "item": f"{item_ref} {name}",
            "start": loan.start.isoformat(),
            "due": loan.due.isoformat() if loan.due else "",
            "returned": loan.returned.isoformat() if loan.returned else "",
            "condition out": loan.condition_out,
            "condition back": loan.condition_in,
            "deposit": f"£{loan.deposit_pence / 100:.2f}",
            "agreement signed": "yes" if loan.agreement_signed else "no",
            "voided": "yes" if loan.voided_at else "no",
        }
        for loan, item_ref, name in s.execute(
            select(Loan, Item.item_ref, Item.name)
            .join(Item, Item.id == Loan.item_id)
            .where(Loan.person_id.in_(people))
            .order_by(Loan.start)
        )
    ]


def _erase_loans(s: Session, people: list[int]) -> int:
    result = s.execute(
        update(Loan)
        .where(Loan.person_id.in_(people))
        .values(condition_out="", condition_in="", deposit_kept_reason="", void_reason="")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _reservations(s: Session, people: list[int]) -> list[Row]:
    return [
        {"from": r.start.isoformat(), "to": r.end.isoformat(), "status": r.status, "note": r.note}
        for r in s.scalars(
            select(Reservation).where(Reservation.person_id.in_(people)).order_by(Reservation.start)
        )
    ]


def _erase_reservations(s: Session, people: list[int]) -> int:
    result = s.execute(update(Reservation).where(Reservation.person_id.in_(people)).values(note=""))
    return int(getattr(result, "rowcount", 0) or 0)


def _training(s: Session, people: list[int]) -> list[Row]:
    return [
        {
            "what": name,
            "achieved": q.achieved_on.isoformat(),
            "expires": q.expires_on.isoformat() if q.expires_on else "",
            "notes": q.notes,
        }
        for q, name in s.execute(
            select(BorrowerQualification, BorrowerRequirement.name)
            .join(
                BorrowerRequirement, BorrowerRequirement.id == BorrowerQualification.requirement_id
            )
            .where(BorrowerQualification.person_id.in_(people))
        )
    ]


def _erase_training(s: Session, people: list[int]) -> int:
    result = s.execute(
        update(BorrowerQualification)
        .where(BorrowerQualification.person_id.in_(people))
        .values(notes="")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _marked_different(s: Session, people: list[int]) -> list[Row]:
    """Pairs a coordinator said are two different people (the other record is not named)."""
    return [
        {"marked": _when(at), "by": by, "note": "told apart from another record of the same name"}
        for at, by in s.execute(
            select(DifferentPeople.marked_at, DifferentPeople.marked_by).where(
                or_(DifferentPeople.person_id.in_(people), DifferentPeople.other_id.in_(people))
            )
        )
    ]


def _outcomes(s: Session, people: list[int]) -> list[Row]:
    return [
        {"date": o.day.isoformat(), "measure": o.measure, "score": o.score, "asked": o.wording}
        for o in s.scalars(
            select(OutcomeScore)
            .where(OutcomeScore.person_id.in_(people))
            .order_by(OutcomeScore.day, OutcomeScore.measure)
        )
    ]


def _nothing_to_erase(_s: Session, _people: list[int]) -> int:
    return 0


PERSON_RECORDS: tuple[PersonRecords, ...] = (
    PersonRecords("Drop-in visits", ("attendance.person_id",), _visits, _erase_visits),
    PersonRecords("Volunteering", ("volunteer_shift.person_id",), _shifts, _nothing_to_erase),
    PersonRecords("Bookings", ("booking.person_id",), _bookings, _erase_bookings),
    PersonRecords("Timebank", ("timebank_account.person_id",), _timebank, _erase_timebank),
    PersonRecords("Loans", ("loan.person_id",), _loans, _erase_loans),
    PersonRecords("Reservations", ("reservation.person_id",), _reservations, _erase_reservations),
    PersonRecords(
        "Borrower training", ("borrower_qualification.person_id",), _training, _erase_training
    ),
    PersonRecords(
        "Outcome scores",
        ("outcome_score.person_id",),
        _outcomes,
        _nothing_to_erase,  # the scores stay with the anonymous record: figures are built on them
    ),
    PersonRecords(
        "Told apart from a look-alike",
        ("different_people.person_id", "different_people.other_id"),
        _marked_different,
        _nothing_to_erase,  # no free text, and nothing that says who they are
    ),
)
# Person keys held on the person row itself (a merged duplicate points at its survivor).
ON_THE_PERSON = ("person.merged_into_id",)
