"""The records behind a grant-return figure: the people, sessions, check-ins, exchanges or loans
it counts, so a lead can defend each number line by line.

Every list is built from the same SQL building blocks as the figure itself (`sessions_query`,
`reach_query`, `standing_exchanges` and the loan and scope conditions of metrics.py), so its
rows are exactly the ones counted: the figure is the number of rows, or, for totals such as
hours and attendances, the sum of one column (`Drilldown.sum_column`). Lists of people carry
no phone numbers or full postcodes: a reference, the name, the age band on the period's last
day, the gender and the postcode district are enough to check a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Bundle, Session, aliased

from ncdesk.core.contact import postcode_district
from ncdesk.core.db import Database
from ncdesk.core.errors import NcdeskError
from ncdesk.core.figures import (
    AGE_BANDS,
    MOST_DEPRIVED,
    OVER_65,
    figure,
    key,
    label,
    member_value,
)
from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.models import (
    Activity,
    Attendance,
    DropInSession,
    EquipmentCategory,
    Exchange,
    Item,
    Loan,
    Person,
    Referral,
    ReferralSource,
    ReferralType,
    SkillCategory,
    TimebankAccount,
    VolunteerShift,
)
from ncdesk.core.outcomes import MEASURES
from ncdesk.core.reports.metrics import (
    Scope,
    age_band_on,
    in_scope_activity,
    member_people_in_exchanges,
    outcome_changes,
    overlapping_loans,
    reach_query,
    sessions_query,
    standing_exchanges,
)
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, needs

PEOPLE_HEADERS = ("Ref", "Name", "Age band", "Gender", "Postcode district")
SESSION_HEADERS = ("Date", "Activity", "Registered", "Anonymous", "Attendances")
LOAN_HEADERS = ("Item ref", "Item", "Borrower ref", "Borrower", "Start", "Due", "Returned")

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Drilldown:
    """The rows behind one figure, ready for a table or a spreadsheet."""

    metric_id: str
    label: str
    row_kind: str  # what one row is, in plain words: 'person', 'session', 'loan'…
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    # The figure is the total of this column (hours, attendances, days); None: the row count.
    sum_column: int | None = None
    # ... or the mean of this column (an average change), 0 for no rows.
    mean_column: int | None = None

    @property
    def total(self) -> float:
        """What the rows add up to: the figure they stand behind."""
        if self.mean_column is not None:
            values = [row[self.mean_column] for row in self.rows]
            return round(sum(values) / len(values), 2) if values else 0.0
        if self.sum_column is None:
            return len(self.rows)
        total = sum(row[self.sum_column] for row in self.rows)
        return round(total, 2) if isinstance(total, float) else total

    @property
    def explanation(self) -> str:
        """One line saying how the rows make the figure."""
        if self.mean_column is not None:
            column = self.headers[self.mean_column]
            return f"One row for each {self.row_kind}; the figure is the mean of '{column}'."
        if self.sum_column is None:
            return f"One row for each {self.row_kind} counted."
        column = self.headers[self.sum_column]
        return f"One row for each {self.row_kind}; the figure is the total of '{column}'."


# --- who is who ------------------------------------------------------------------------------


def _band(value: str | None) -> str:
    """The band as metrics.py counts it: anything not a known band is 'unknown'."""
    return value if value in AGE_BANDS else "unknown"


def _gender_key(gender: str | None) -> str:
    return key(gender) if gender and gender.strip() else "unknown"


def _disability_key(disabled: bool | None) -> str:
    return "unknown" if disabled is None else ("yes" if disabled else "no")


def _decile_key(decile: int | None) -> str:
    return str(decile) if decile in range(1, 11) else "unknown"


def _source_key(name: str | None) -> str:
    return key(name) if name else "unknown"


def _sources(s: Session) -> dict[int, str]:
    """Who referred each person in, by name (people with a source only)."""
    return {
        pid: name
        for pid, name in s.execute(
            select(Person.id, ReferralSource.name).join(
                ReferralSource, ReferralSource.id == Person.referred_by_id
            )
        )
    }


def _person(entity: Any = Person) -> Bundle:
    """The columns a list shows of a person, read as plain rows (no ORM objects: a year of
    check-ins is 100,000 rows)."""
    return Bundle(
        "person",
        entity.id,
        entity.person_ref,
        entity.first_name,
        entity.last_name,
        entity.known_as,
        entity.gender,
        entity.disability,
        entity.postcode,
        entity.imd_decile,
    )


def _name(person: Any) -> str:
    """The name as everywhere else in ncdesk (Person.display_name), from a plain row."""
    return Person.display_name.fget(person)  # type: ignore[attr-defined]


def _who(person: Any) -> str:
    """'Mary Smith (P00042)', for lists where a person is one column among others."""
    if person is None or person.id is None:
        return ""
    name = _name(person)
    return f"{name} ({person.person_ref})" if name else person.person_ref


def _people(
    s: Session,
    scope: Scope,
    person_ids: Any,
    *,
    keep: Callable[[Any, str], bool] = lambda _p, _band: True,
    extra: tuple[str, Callable[[Any], object]] | None = None,
    more: Sequence[tuple[str, Callable[[Any], object]]] = (),
) -> tuple[tuple[str, ...], list[Row]]:
    """People whose id is in the `person_ids` select, with their age band on the period's
    last day worked out by the same SQL expression as the figures."""
    band = age_band_on(scope.end)
    found = s.execute(
        select(_person(), band)
        .where(Person.id.in_(person_ids))
        .order_by(Person.last_name, Person.first_name, Person.known_as, Person.person_ref)
    ).all()
    columns = ([extra] if extra else []) + list(more)
    headers = PEOPLE_HEADERS + tuple(header for header, _value in columns)
    rows = []
    for person, raw_band in found:
        age_band = _band(raw_band)
        if not keep(person, age_band):
            continue
        row: Row = (
            person.person_ref,
            _name(person),
            age_band,
            person.gender or "not recorded",
            postcode_district(person.postcode),
        )
        rows.append(row + tuple(value(person) for _header, value in columns))
    return headers, rows


# --- drop-in ---------------------------------------------------------------------------------


def _sessions(s: Session, scope: Scope) -> list[Row]:
    sessions = sessions_query(scope)
    registered = (
        select(Attendance.session_id, func.count(Attendance.id).label("n"))
        .where(Attendance.session_id.in_(sessions))
        .group_by(Attendance.session_id)
        .subquery()
    )
    found = s.execute(
        select(
            DropInSession.date,
            Activity.name,
            func.coalesce(registered.c.n, 0),
            func.coalesce(DropInSession.anonymous_count, 0),
        )
        .join(Activity, Activity.id == DropInSession.activity_id)
        .outerjoin(registered, registered.c.session_id == DropInSession.id)
        .where(DropInSession.id.in_(sessions))
        .order_by(DropInSession.date, Activity.name)
    ).all()
    return [(day, name, reg, anon, reg + anon) for day, name, reg, anon in found]


def _check_ins(s: Session, scope: Scope) -> list[Row]:
    found = s.execute(
        select(DropInSession.date, Activity.name, _person())
        .select_from(Attendance)
        .join(DropInSession, DropInSession.id == Attendance.session_id)
        .join(Activity, Activity.id == DropInSession.activity_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(Attendance.session_id.in_(sessions_query(scope)))
        .order_by(DropInSession.date, Activity.name, Person.last_name, Person.first_name)
    ).all()
    return [(day, name, p.person_ref, _name(p)) for day, name, p in found]


def _visits(s: Session, scope: Scope) -> dict[int, int]:
    return dict(
        s.execute(
            select(Attendance.person_id, func.count(Attendance.id))
            .where(Attendance.session_id.in_(sessions_query(scope)))
            .group_by(Attendance.person_id)
        ).all()
    )


def _first_visits(scope: Scope) -> Any:
    """Each person's first check-in ever at an activity in scope (as dropin.new_people)."""
    return (
        select(Attendance.person_id, func.min(DropInSession.date).label("first"))
        .join(DropInSession, Attendance.session_id == DropInSession.id)
        .where(DropInSession.cancelled.is_(False), *in_scope_activity(scope))
        .group_by(Attendance.person_id)
        .subquery()
    )


def _referrals(s: Session, scope: Scope, type_key: str | None) -> list[Row]:
    found = s.execute(
        select(DropInSession.date, Activity.name, _person(), ReferralType.name)
        .select_from(Referral)
        .join(ReferralType, Referral.referral_type_id == ReferralType.id)
        .join(Attendance, Referral.attendance_id == Attendance.id)
        .join(DropInSession, DropInSession.id == Attendance.session_id)
        .join(Activity, Activity.id == DropInSession.activity_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(Attendance.session_id.in_(sessions_query(scope)))
        .order_by(DropInSession.date, Activity.name, Person.last_name, ReferralType.name)
    ).all()
    return [
        (day, activity, p.person_ref, _name(p), kind)
        for day, activity, p, kind in found
        if type_key is None or key(kind) == type_key
    ]


def _volunteer_minutes(s: Session, scope: Scope) -> dict[int, int]:
    return dict(
        s.execute(
            select(VolunteerShift.person_id, func.sum(VolunteerShift.minutes))
            .where(VolunteerShift.session_id.in_(sessions_query(scope)))
            .group_by(VolunteerShift.person_id)
        ).all()
    )


def _shifts(s: Session, scope: Scope) -> list[Row]:
    found = s.execute(
        select(DropInSession.date, Activity.name, _person(), VolunteerShift.minutes)
        .select_from(VolunteerShift)
        .join(DropInSession, DropInSession.id == VolunteerShift.session_id)
        .join(Activity, Activity.id == DropInSession.activity_id)
        .join(Person, Person.id == VolunteerShift.person_id)
        .where(VolunteerShift.session_id.in_(sessions_query(scope)))
        .order_by(DropInSession.date, Activity.name, Person.last_name)
    ).all()
    return [(day, name, p.person_ref, _name(p), mins / 60) for day, name, p, mins in found]


# --- timebank --------------------------------------------------------------------------------


def _exchanges(s: Session, scope: Scope) -> list[Row]:
    giver, receiver = aliased(TimebankAccount), aliased(TimebankAccount)
    giver_person, receiver_person = aliased(Person), aliased(Person)
    found = s.execute(
        select(
            Exchange.date,
            giver.name,
            _person(giver_person),
            receiver.name,
            _person(receiver_person),
            Exchange.minutes,
            SkillCategory.name,
            Exchange.description,
        )
        .select_from(Exchange)
        .join(giver, giver.id == Exchange.credited_id)
        .outerjoin(giver_person, giver_person.id == giver.person_id)
        .join(receiver, receiver.id == Exchange.debited_id)
        .outerjoin(receiver_person, receiver_person.id == receiver.person_id)
        .outerjoin(SkillCategory, SkillCategory.id == Exchange.category_id)
        .where(standing_exchanges(scope))
        .order_by(Exchange.date, Exchange.id)
    ).all()
    return [
        (
            day,
            _who(gp) or g,
            _who(rp) or r,
            minutes / 60,
            category or "",
            description or "",
        )
        for day, g, gp, r, rp, minutes, category, description in found
    ]


def _exchange_counts(s: Session, scope: Scope) -> dict[int, int]:
    counts: dict[int, int] = {}
    for side in (Exchange.credited_id, Exchange.debited_id):
        for person_id, n in s.execute(
            select(func.coalesce(TimebankAccount.person_id, 0), func.count(Exchange.id))
            .join(TimebankAccount, TimebankAccount.id == side)
            .where(standing_exchanges(scope), TimebankAccount.person_id.is_not(None))
            .group_by(TimebankAccount.person_id)
        ):
            counts[person_id] = counts.get(person_id, 0) + n
    return counts


def _new_member_people(scope: Scope) -> Any:
    return select(TimebankAccount.person_id).where(
        TimebankAccount.kind == "member", TimebankAccount.joined.between(scope.start, scope.end)
    )


def _joined(s: Session) -> dict[int, date]:
    query = select(func.coalesce(TimebankAccount.person_id, 0), TimebankAccount.joined).where(
        TimebankAccount.kind == "member", TimebankAccount.person_id.is_not(None)
    )
    return {person_id: joined for person_id, joined in s.execute(query)}


# --- loans -----------------------------------------------------------------------------------


def _loans(s: Session, scope: Scope, *, started_only: bool) -> list[Row]:
    condition = (
        (Loan.voided_at.is_(None), Loan.start.between(scope.start, scope.end))
        if started_only
        else (overlapping_loans(scope),)
    )
    found = s.execute(
        select(Item.item_ref, Item.name, _person(), Loan.start, Loan.due, Loan.returned)
        .select_from(Loan)
        .join(Item, Item.id == Loan.item_id)
        .join(Person, Person.id == Loan.person_id)
        .where(*condition)
        .order_by(Loan.start, Item.item_ref)
    ).all()
    return [
        (ref, name, p.person_ref, _name(p), start, due, returned)
        for ref, name, p, start, due, returned in found
    ]


def _days_in_period(scope: Scope, start: date, returned: date | None) -> int:
    first = max(start, scope.start)
    last = scope.end if returned is None or returned > scope.end else returned
    return (last - first).days + 1


def _items(s: Session, scope: Scope) -> list[Row]:
    found = s.execute(
        select(Item.item_ref, Item.name, EquipmentCategory.name, func.count(Loan.id))
        .select_from(Loan)
        .join(Item, Item.id == Loan.item_id)
        .outerjoin(EquipmentCategory, EquipmentCategory.id == Item.category_id)
        .where(overlapping_loans(scope))
        .group_by(Item.id, Item.item_ref, Item.name, EquipmentCategory.name)
        .order_by(Item.item_ref)
    ).all()
    return [(ref, name, category or "", n) for ref, name, category, n in found]


def _loan_counts(s: Session, scope: Scope) -> dict[int, int]:
    return dict(
        s.execute(
            select(Loan.person_id, func.count(Loan.id))
            .where(overlapping_loans(scope))
            .group_by(Loan.person_id)
        ).all()
    )


# --- people reached --------------------------------------------------------------------------


def _reached_through(s: Session, scope: Scope) -> dict[int, str]:
    """For each person reached, the parts that reached them ('drop-in, loan')."""
    sessions = sessions_query(scope)
    parts: list[tuple[str, Any]] = [
        ("drop-in", select(Attendance.person_id).where(Attendance.session_id.in_(sessions))),
        (
            "volunteer",
            select(VolunteerShift.person_id).where(VolunteerShift.session_id.in_(sessions)),
        ),
    ]
    if scope.timebank:
        parts.append(("timebank", member_people_in_exchanges(scope)))
    if scope.loans:
        parts.append(("loan", select(Loan.person_id).where(overlapping_loans(scope))))
    ways: dict[int, list[str]] = {}
    for name, ids in parts:
        for person_id in s.scalars(ids.distinct()):
            ways.setdefault(person_id, []).append(name)
    return {person_id: ", ".join(names) for person_id, names in ways.items()}


def _reach(s: Session, scope: Scope, metric_id: str) -> tuple[tuple[str, ...], list[Row]]:
    reached = reach_query(scope).subquery()
    ways = _reached_through(s, scope)
    family, value = figure(metric_id), member_value(metric_id)
    keep: Callable[[Any, str], bool]
    if metric_id == "reach.age_65_plus":
        keep = lambda _p, band: band in OVER_65  # noqa: E731
    elif family and family.id == "reach.age.":
        keep = lambda _p, band: band == value  # noqa: E731
    elif family and family.id == "reach.gender.":
        keep = lambda p, _band: _gender_key(p.gender) == value  # noqa: E731
    elif family and family.id == "reach.disability.":
        keep = lambda p, _band: _disability_key(p.disability) == value  # noqa: E731
    elif family and family.id == "reach.imd_decile.":
        keep = lambda p, _band: _decile_key(p.imd_decile) == value  # noqa: E731
    elif metric_id == "reach.most_deprived_20pc":
        keep = lambda p, _band: _decile_key(p.imd_decile) in MOST_DEPRIVED  # noqa: E731
    elif family and family.id == "reach.referred_by.":
        sources = _sources(s)
        keep = lambda p, _band: _source_key(sources.get(p.id)) == value  # noqa: E731
    else:
        keep = lambda _p, _band: True  # noqa: E731
    return _people(
        s,
        scope,
        select(reached.c.pid),
        keep=keep,
        extra=("Reached through", lambda p: ways.get(p.id, "")),
    )


# --- the lists, by the name the catalogue gives them ------------------------------------------

Table = tuple[tuple[str, ...], list[Row]]


def _people_at_dropins(s: Session, scope: Scope, _metric_id: str) -> Table:
    visits = _visits(s, scope)
    attended = select(Attendance.person_id).where(Attendance.session_id.in_(sessions_query(scope)))
    return _people(s, scope, attended, extra=("Check-ins", lambda p: visits.get(p.id, 0)))


def _new_people(s: Session, scope: Scope, _metric_id: str) -> Table:
    first = _first_visits(scope)
    new = select(first.c.person_id, first.c.first).where(
        first.c.first.between(scope.start, scope.end)
    )
    firsts: dict[int, date] = {pid: day for pid, day in s.execute(new)}
    ids = select(new.subquery().c.person_id)
    return _people(s, scope, ids, extra=("First visit", lambda p: firsts[p.id]))


def _volunteers(s: Session, scope: Scope, _metric_id: str) -> Table:
    minutes = _volunteer_minutes(s, scope)
    volunteered = select(VolunteerShift.person_id).where(
        VolunteerShift.session_id.in_(sessions_query(scope))
    )
    return _people(s, scope, volunteered, extra=("Hours", lambda p: minutes[p.id] / 60))


def _active_members(s: Session, scope: Scope, _metric_id: str) -> Table:
    if not scope.timebank:
        return _people(s, scope, [], extra=("Exchanges", lambda _p: 0))
    counts = _exchange_counts(s, scope)
    ids = member_people_in_exchanges(scope)
    return _people(s, scope, ids, extra=("Exchanges", lambda p: counts.get(p.id, 0)))


def _new_members(s: Session, scope: Scope, _metric_id: str) -> Table:
    if not scope.timebank:
        return _people(s, scope, [], extra=("Joined", lambda _p: None))
    joined = _joined(s)
    ids = _new_member_people(scope)
    return _people(s, scope, ids, extra=("Joined", lambda p: joined.get(p.id)))


def _borrowers(s: Session, scope: Scope, _metric_id: str) -> Table:
    if not scope.loans:
        return _people(s, scope, [], extra=("Loans", lambda _p: 0))
    counts = _loan_counts(s, scope)
    ids = select(Loan.person_id).where(overlapping_loans(scope))
    return _people(s, scope, ids, extra=("Loans", lambda p: counts.get(p.id, 0)))


def _loans_overlapping(s: Session, scope: Scope, _metric_id: str) -> Table:
    rows = _loans(s, scope, started_only=False) if scope.loans else []
    rows = [row + (_days_in_period(scope, row[4], row[6]),) for row in rows]
    return LOAN_HEADERS + ("Days in period",), rows


def _outcome_list(measure_id: str, improved_only: bool) -> Callable[[Session, Scope, str], Table]:
    """The people behind an outcome figure, with their first and latest score and the
    change, counted as metrics.outcome_changes counts them."""

    def read(s: Session, scope: Scope, _metric_id: str) -> Table:
        changes = {
            c.person_id: c
            for c in outcome_changes(s, scope)[measure_id]
            if c.improved or not improved_only
        }
        columns: list[tuple[str, Callable[[Any], object]]] = [
            ("First score", lambda p: changes[p.id].first),
            ("Latest score", lambda p: changes[p.id].latest),
            ("Change", lambda p: changes[p.id].change),
        ]
        return _people(s, scope, list(changes) or [-1], more=columns)

    return read


@dataclass(frozen=True)
class RecordList:
    """One kind of list behind figures: what a row is, and how the rows are read."""

    row_kind: str  # in plain words: 'person', 'session', 'loan'…
    read: Callable[[Session, Scope, str], Table]


EXCHANGE_HEADERS = ("Date", "Given by", "Received by", "Hours", "Kind of help", "What was done")

LISTS: dict[str, RecordList] = {
    "sessions": RecordList("session", lambda s, sc, _m: (SESSION_HEADERS, _sessions(s, sc))),
    "check-ins": RecordList(
        "check-in", lambda s, sc, _m: (("Date", "Activity", "Ref", "Name"), _check_ins(s, sc))
    ),
    "people at drop-ins": RecordList("person", _people_at_dropins),
    "new people at drop-ins": RecordList("person", _new_people),
    "referrals": RecordList(
        "referral",
        lambda s, sc, m: (
            ("Date", "Activity", "Ref", "Name", "Referred to"),
            _referrals(s, sc, member_value(m) or None),
        ),
    ),
    "volunteers": RecordList("volunteer", _volunteers),
    "volunteer shifts": RecordList(
        "volunteer shift",
        lambda s, sc, _m: (("Date", "Activity", "Ref", "Name", "Hours"), _shifts(s, sc)),
    ),
    "exchanges": RecordList(
        "exchange",
        lambda s, sc, _m: (EXCHANGE_HEADERS, _exchanges(s, sc) if sc.timebank else []),
    ),
    "active members": RecordList("member", _active_members),
    "new members": RecordList("member", _new_members),
    "loans started": RecordList(
        "loan",
        lambda s, sc, _m: (LOAN_HEADERS, _loans(s, sc, started_only=True) if sc.loans else []),
    ),
    "loans overlapping": RecordList("loan", _loans_overlapping),
    "items lent": RecordList(
        "item",
        lambda s, sc, _m: (
            ("Item ref", "Item", "Category", "Loans"),
            _items(s, sc) if sc.loans else [],
        ),
    ),
    "borrowers": RecordList("borrower", _borrowers),
    "people reached": RecordList("person", _reach),
}
for _m in MEASURES:
    LISTS[f"outcomes {_m.id}"] = RecordList("person", _outcome_list(_m.id, False))
    LISTS[f"outcomes {_m.id} improved"] = RecordList("person", _outcome_list(_m.id, True))


def can_drill(metric_id: str) -> bool:
    """True for every figure whose records can be listed (all of the catalogue)."""
    entry = figure(metric_id)
    return entry is not None and entry.rows in LISTS


@needs(COORDINATOR, "see the records behind a figure")
def drill_down(db: Database, scope: Scope, metric_id: str) -> Drilldown:
    """The records behind `metric_id` for `scope`; their count (or the total of
    `sum_column`) is the figure `compute` gives."""
    entry = figure(metric_id)
    if entry is None or entry.rows not in LISTS:
        raise NcdeskError(f"ncdesk cannot list the records behind {metric_id}.")
    records = LISTS[entry.rows]
    with db.session() as s:
        headers, rows = records.read(s, scope, metric_id)
    sum_column = headers.index(entry.total_of) if entry.total_of else None
    mean_column = headers.index(entry.mean_of) if entry.mean_of else None
    name = label(metric_id)
    return Drilldown(
        metric_id, name, records.row_kind, headers, tuple(rows), sum_column, mean_column
    )


def write_drilldown(drill: Drilldown, path: Path, title: str = "") -> None:
    """The rows as one XLSX sheet (hours to 2 decimals, as on the return)."""
    write_table(path, title or drill.label, drill.headers, _plain(drill.rows))


@needs(COORDINATOR, "export records")
def record_export(db: Database, drill: Drilldown, path: Path) -> None:
    """Note in the audit trail that the records behind a figure left ncdesk (they name
    people); kept apart from the writing so a long file does not hold up the desk's saves."""
    with db.transaction() as s:
        audit.record(
            s,
            db.actor,
            "export",
            "report",
            None,
            f"records behind {drill.metric_id}: {len(drill.rows)} rows to {path.name}",
        )


@needs(COORDINATOR, "export records")
def export_drilldown(db: Database, drill: Drilldown, path: Path, title: str = "") -> None:
    """Write the rows to an XLSX sheet and note the export in the audit trail."""
    write_drilldown(drill, path, title)
    record_export(db, drill, path)


def _plain(rows: Iterable[Row]) -> Sequence[Row]:
    """Hours to 2 decimals in the spreadsheet, as on the return."""
    return [tuple(round(v, 2) if isinstance(v, float) else v for v in row) for row in rows]
