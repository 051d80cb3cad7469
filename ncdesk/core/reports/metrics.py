"""Grant-return figures, exactly as DESIGN §6 defines them, computed with SQL aggregates.

The names, methods and units of the figures are in the catalogue (`ncdesk.core.figures`);
this module computes them, a few grouped queries per area, and the SQL building blocks here
are shared with the drill-down so its rows are exactly the ones counted. Where the design
leaves a choice, the reading an auditor would take is written in docs/metrics.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    distinct,
    extract,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session, aliased

from ncdesk.core.db import Database
from ncdesk.core.figures import (
    AGE_BANDS,
    DISABILITY,
    IMD_DECILES,
    MOST_DEPRIVED,
    is_decimal,
    key,
)
from ncdesk.core.models import (
    Attendance,
    DropInSession,
    Exchange,
    Loan,
    OutcomeScore,
    Person,
    Referral,
    ReferralSource,
    ReferralType,
    TimebankAccount,
    VolunteerShift,
)
from ncdesk.core.outcomes import MEASURES, measure
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.grants import GrantInfo, grant_by_code


@dataclass(frozen=True)
class Scope:
    """What a return counts: the period, and with a grant its activities, timebank and loans."""

    start: date
    end: date
    grant: GrantInfo | None = None

    @property
    def activity_ids(self) -> tuple[int, ...] | None:
        return self.grant.activity_ids if self.grant else None

    @property
    def timebank(self) -> bool:
        return self.grant is None or self.grant.covers_timebank

    @property
    def loans(self) -> bool:
        return self.grant is None or self.grant.covers_loans


@needs(COORDINATOR, "run reports")
def scope_for(db: Database, start: date, end: date, grant_code: str | None = None) -> Scope:
    return Scope(start, end, grant_by_code(db, grant_code) if grant_code else None)


# --- the building blocks -------------------------------------------------------------------


def in_scope_activity(scope: Scope) -> tuple[ColumnElement[bool], ...]:
    """Where-clauses limiting sessions to the grant's activities (none without a grant, so
    SQLite keeps its best plan)."""
    if scope.activity_ids is None:
        return ()
    return (DropInSession.activity_id.in_(scope.activity_ids or (-1,)),)


def sessions_query(scope: Scope) -> Select[int]:
    """Ids of the sessions counted: in the period, not cancelled, at activities in scope."""
    return select(DropInSession.id).where(
        DropInSession.date.between(scope.start, scope.end),
        DropInSession.cancelled.is_(False),
        *in_scope_activity(scope),
    )


def standing_exchanges(scope: Scope) -> ColumnElement[bool]:
    return and_(
        Exchange.kind == "service",
        Exchange.voided_at.is_(None),
        Exchange.date.between(scope.start, scope.end),
    )


def overlapping_loans(scope: Scope) -> ColumnElement[bool]:
    return and_(
        Loan.voided_at.is_(None),
        Loan.start <= scope.end,
        or_(Loan.returned.is_(None), Loan.returned >= scope.start),
    )


def member_people_in_exchanges(scope: Scope) -> Select[int | None]:
    """Person ids of members who gave or received in a counted exchange."""
    standing = standing_exchanges(scope)
    sides = union(
        select(Exchange.credited_id.label("a")).where(standing),
        select(Exchange.debited_id.label("a")).where(standing),
    ).subquery()
    return select(TimebankAccount.person_id).where(
        TimebankAccount.id.in_(select(sides.c.a)),
        TimebankAccount.kind == "member",
        TimebankAccount.person_id.is_not(None),
    )


def new_people_query(scope: Scope) -> Select[int]:
    """Ids of people checked in during the period with no check-in before it at any activity
    in scope (their first visit ever is in the period). An index probe per person, not a
    pass over the whole history."""
    earlier = aliased(Attendance)
    before = (
        select(earlier.id)
        .join(DropInSession, earlier.session_id == DropInSession.id)
        .where(
            earlier.person_id == Attendance.person_id,
            DropInSession.date < scope.start,
            DropInSession.cancelled.is_(False),
            *in_scope_activity(scope),
        )
        .exists()
    )
    return (
        select(Attendance.person_id)
        .where(Attendance.session_id.in_(sessions_query(scope)), ~before)
        .distinct()
    )


def reach_query(scope: Scope) -> CompoundSelect:
    """Ids of everyone reached (the union of every part in scope)."""
    sessions = sessions_query(scope)
    parts: list[Select[int] | Select[int | None]] = [
        select(Attendance.person_id.label("pid")).where(Attendance.session_id.in_(sessions)),
        select(VolunteerShift.person_id.label("pid")).where(
            VolunteerShift.session_id.in_(sessions)
        ),
    ]
    if scope.timebank:
        parts.append(member_people_in_exchanges(scope))
    if scope.loans:
        parts.append(select(Loan.person_id.label("pid")).where(overlapping_loans(scope)))
    return union(*parts)


def age_band_on(on: date) -> ColumnElement[str | None]:
    dob = Person.date_of_birth
    born_later_in_year = (
        extract("month", dob) * 100 + extract("day", dob)
    ) > on.month * 100 + on.day
    age = on.year - extract("year", dob) - case((born_later_in_year, 1), else_=0)
    by_age = case(
        (age < 18, "0-17"),
        (age < 25, "18-24"),
        (age < 50, "25-49"),
        (age < 65, "50-64"),
        (age < 75, "65-74"),
        (age < 85, "75-84"),
        else_="85+",
    )
    return case((dob.is_not(None), by_age), else_=func.coalesce(Person.age_band, "unknown"))


def _days_between(
    later: ColumnElement[date], earlier: ColumnElement[date], dialect: str
) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return later - earlier


# --- the figures -----------------------------------------------------------------------------


def _dropin(s: Session, scope: Scope) -> dict[str, float]:
    sessions = sessions_query(scope)
    held, anonymous = s.execute(
        select(
            func.count(DropInSession.id), func.coalesce(func.sum(DropInSession.anonymous_count), 0)
        ).where(DropInSession.id.in_(sessions))
    ).one()
    registered, people = s.execute(
        select(func.count(Attendance.id), func.count(distinct(Attendance.person_id))).where(
            Attendance.session_id.in_(sessions)
        )
    ).one()
    new = s.scalar(select(func.count()).select_from(new_people_query(scope).subquery()))
    volunteers, minutes = s.execute(
        select(
            func.count(distinct(VolunteerShift.person_id)),
            func.coalesce(func.sum(VolunteerShift.minutes), 0),
        ).where(VolunteerShift.session_id.in_(sessions))
    ).one()
    out: dict[str, float] = {
        "dropin.sessions": held,
        "dropin.attendances": registered + int(anonymous),
        "dropin.attendances_registered": registered,
        "dropin.attendances_anonymous": int(anonymous),
        "dropin.unique_people": people,
        "dropin.new_people": new or 0,
    }
    by_type = s.execute(
        select(ReferralType.name, func.count(Referral.id))
        .join(Referral, Referral.referral_type_id == ReferralType.id)
        .join(Attendance, Referral.attendance_id == Attendance.id)
        .where(Attendance.session_id.in_(sessions))
        .group_by(ReferralType.name)
    ).all()
    totals: dict[str, int] = {}
    for name, count in by_type:
        totals[key(name)] = totals.get(key(name), 0) + count
    out["referrals.total"] = sum(totals.values())
    out.update({f"referrals.by_type.{k}": v for k, v in sorted(totals.items())})
    out["volunteers.people"] = volunteers
    out["volunteers.hours"] = round(int(minutes) / 60, 2)
    return out


def _timebank(s: Session, scope: Scope) -> dict[str, float]:
    if not scope.timebank:
        return dict.fromkeys(
            ("timebank.exchanges", "timebank.active_members", "timebank.new_members"), 0
        ) | {"timebank.hours": 0.0}
    count, minutes = s.execute(
        select(func.count(Exchange.id), func.coalesce(func.sum(Exchange.minutes), 0)).where(
            standing_exchanges(scope)
        )
    ).one()
    standing = standing_exchanges(scope)
    sides = union(
        select(Exchange.credited_id.label("a")).where(standing),
        select(Exchange.debited_id.label("a")).where(standing),
    ).subquery()
    active = s.scalar(
        select(func.count(TimebankAccount.id)).where(
            TimebankAccount.id.in_(select(sides.c.a)), TimebankAccount.kind == "member"
        )
    )
    new = s.scalar(
        select(func.count(TimebankAccount.id)).where(
            TimebankAccount.kind == "member", TimebankAccount.joined.between(scope.start, scope.end)
        )
    )
    return {
        "timebank.exchanges": count,
        "timebank.hours": round(int(minutes) / 60, 2),
        "timebank.active_members": active or 0,
        "timebank.new_members": new or 0,
    }


def _loans(s: Session, scope: Scope) -> dict[str, float]:
    if not scope.loans:
        return dict.fromkeys(
            ("loans.started", "loans.borrowers", "loans.items", "loans.loan_days"), 0
        )
    started = s.scalar(
        select(func.count(Loan.id)).where(
            Loan.voided_at.is_(None), Loan.start.between(scope.start, scope.end)
        )
    )
    borrowers, items = s.execute(
        select(func.count(distinct(Loan.person_id)), func.count(distinct(Loan.item_id))).where(
            overlapping_loans(scope)
        )
    ).one()
    first = case((Loan.start < scope.start, literal(scope.start)), else_=Loan.start)
    last = case(
        (or_(Loan.returned.is_(None), Loan.returned > scope.end), literal(scope.end)),
        else_=Loan.returned,
    )
    dialect = s.get_bind().dialect.name
    days = s.scalar(
        select(func.coalesce(func.sum(_days_between(last, first, dialect) + 1), 0)).where(
            overlapping_loans(scope)
        )
    )
    return {
        "loans.started": started or 0,
        "loans.borrowers": borrowers,
        "loans.items": items,
        "loans.loan_days": int(round(float(days or 0))),
    }


def _reach(s: Session, scope: Scope) -> dict[str, float]:
    reached = reach_query(scope).subquery()
    band = age_band_on(scope.end)
    groups = (band, Person.gender, Person.disability, Person.imd_decile, ReferralSource.name)
    rows = s.execute(
        select(*groups, func.count(Person.id))
        .outerjoin(ReferralSource, ReferralSource.id == Person.referred_by_id)
        .where(Person.id.in_(select(reached.c.pid)))
        .group_by(*groups)
    ).all()
    ages = dict.fromkeys(AGE_BANDS, 0)
    genders: dict[str, int] = {}
    disability = dict.fromkeys(DISABILITY, 0)
    deciles = dict.fromkeys(IMD_DECILES, 0)
    referred: dict[str, int] = {}
    total = 0
    for age, gender, disabled, decile, source, count in rows:
        total += count
        ages[age if age in ages else "unknown"] += count
        g = key(gender) if gender and gender.strip() else "unknown"
        genders[g] = genders.get(g, 0) + count
        disability["unknown" if disabled is None else ("yes" if disabled else "no")] += count
        deciles[str(decile) if decile in range(1, 11) else "unknown"] += count
        r = key(source) if source else "unknown"
        referred[r] = referred.get(r, 0) + count
    out: dict[str, float] = {"reach.unique_people": total}
    out.update({f"reach.age.{b}": n for b, n in ages.items()})
    out["reach.age_65_plus"] = ages["65-74"] + ages["75-84"] + ages["85+"]
    out.update({f"reach.gender.{g}": n for g, n in sorted(genders.items())})
    out.update({f"reach.disability.{d}": n for d, n in disability.items()})
    out.update({f"reach.imd_decile.{d}": n for d, n in deciles.items()})
    out["reach.most_deprived_20pc"] = sum(deciles[d] for d in MOST_DEPRIVED)
    out.update({f"reach.referred_by.{r}": n for r, n in sorted(referred.items())})
    return out


@dataclass(frozen=True)
class Change:
    """One person's change on one measure, as DESIGN §6 counts it."""

    person_id: int
    first: int
    latest: int
    improved: bool

    @property
    def change(self) -> int:
        return self.latest - self.first


def outcome_changes(s: Session, scope: Scope) -> dict[str, list[Change]]:
    """For each measure, the people reached with two or more scores on or before the period
    end, the latest inside the period: their first score ever and their latest. The database
    finds each pair's first and latest day and reads those two scores by the (person, day,
    measure) key, so no one's other scores are read."""
    reached = reach_query(scope).subquery()
    pairs = (
        select(
            OutcomeScore.person_id.label("pid"),
            OutcomeScore.measure.label("measure"),
            func.min(OutcomeScore.day).label("first_day"),
            func.max(OutcomeScore.day).label("latest_day"),
        )
        .where(OutcomeScore.person_id.in_(select(reached.c.pid)), OutcomeScore.day <= scope.end)
        .group_by(OutcomeScore.person_id, OutcomeScore.measure)
        .having(func.count() >= 2, func.max(OutcomeScore.day) >= scope.start)
        .subquery()
    )
    first, latest = aliased(OutcomeScore), aliased(OutcomeScore)
    rows = s.execute(
        select(pairs.c.pid, pairs.c.measure, first.score, latest.score)
        .join(
            first,
            (first.person_id == pairs.c.pid)
            & (first.measure == pairs.c.measure)
            & (first.day == pairs.c.first_day),
        )
        .join(
            latest,
            (latest.person_id == pairs.c.pid)
            & (latest.measure == pairs.c.measure)
            & (latest.day == pairs.c.latest_day),
        )
        .order_by(pairs.c.pid)
    )
    changes: dict[str, list[Change]] = {m.id: [] for m in MEASURES}
    for person_id, measure_id, first_score, latest_score in rows:
        if (m := measure(measure_id)) is not None:
            changes[m.id].append(
                Change(person_id, first_score, latest_score, m.better(latest_score, first_score))
            )
    return changes


def _outcomes(s: Session, scope: Scope) -> dict[str, float]:
    out: dict[str, float] = {}
    for measure_id, changes in outcome_changes(s, scope).items():
        out[f"outcomes.{measure_id}.people"] = len(changes)
        out[f"outcomes.{measure_id}.improved"] = sum(c.improved for c in changes)
        mean = sum(c.change for c in changes) / len(changes) if changes else 0.0
        out[f"outcomes.{measure_id}.mean_change"] = round(mean, 2)
    return out


@needs(COORDINATOR, "run reports")
def compute(db: Database, scope: Scope) -> dict[str, float]:
    """Every metric for the scope, in a stable order: ints for counts, 2-decimal hours."""
    with db.session() as s:
        figures = (
            _dropin(s, scope)
            | _timebank(s, scope)
            | _loans(s, scope)
            | _reach(s, scope)
            | _outcomes(s, scope)
        )
    return {k: (round(v, 2) if is_decimal(k) else int(v)) for k, v in figures.items()}


def as_json(scope: Scope, figures: dict[str, float]) -> dict[str, object]:
    """The JSON shape of DESIGN §6."""
    return {
        "period": {"from": scope.start.isoformat(), "to": scope.end.isoformat()},
        "grant": scope.grant.code if scope.grant else None,
        "metrics": figures,
    }


__all__ = ["Scope", "as_json", "compute", "scope_for"]
