"""Funders and grants: what each grant covers (activities, timebank, loans), its targets, and
the returns already produced for it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.figures import is_metric_id
from ncdesk.core.models import Activity, Funder, Grant, GrantTarget, ReportRun, grant_activity
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, needs


@dataclass(frozen=True)
class GrantInput:
    code: str
    funder: str
    start: date
    end: date
    name: str = ""
    amount_pence: int = 0
    activity_ids: tuple[int, ...] = ()
    covers_timebank: bool = False
    covers_loans: bool = False
    targets: dict[str, float] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class GrantInfo:
    id: int
    code: str
    funder: str
    name: str
    start: date
    end: date
    amount_pence: int
    activity_ids: tuple[int, ...]
    activity_names: tuple[str, ...]
    covers_timebank: bool
    covers_loans: bool
    targets: dict[str, float]
    notes: str


@dataclass(frozen=True)
class SavedRun:
    id: int
    grant_code: str | None
    period_from: date
    period_to: date
    created_at: datetime
    created_by: str
    metrics: dict[str, float]
    exported_to: str = ""


def _validate(data: GrantInput) -> list[FieldProblem]:
    problems = []
    if not data.code.strip():
        problems.append(FieldProblem("code", "give the grant a code (as the funder writes it)"))
    if not data.funder.strip():
        problems.append(FieldProblem("funder", "who funds it?"))
    if data.end < data.start:
        problems.append(FieldProblem("end", "the grant ends before it starts"))
    if data.amount_pence < 0:
        problems.append(FieldProblem("amount", "cannot be negative"))
    for metric, target in data.targets.items():
        if not is_metric_id(metric):
            problems.append(FieldProblem("targets", f"{metric} is not a figure ncdesk reports"))
        elif target < 0:
            problems.append(FieldProblem("targets", f"the target for {metric} cannot be negative"))
    return problems


@needs(COORDINATOR, "set up grants")
def save_grant(db: Database, data: GrantInput, grant_id: int | None = None) -> GrantInfo:
    if problems := _validate(data):
        raise ValidationError(problems)
    with db.transaction() as s:
        code = data.code.strip()
        clash = s.scalar(select(Grant.id).where(func.upper(Grant.code) == code.upper()))
        if clash is not None and clash != grant_id:
            raise ValidationError(
                [FieldProblem("code", f"{code} is already used by another grant")]
            )
        funder = s.scalar(
            select(Funder).where(func.lower(Funder.name) == data.funder.strip().lower())
        )
        if funder is None:
            funder = Funder(name=data.funder.strip(), contact="")
            s.add(funder)
            s.flush()
        grant = Grant() if grant_id is None else s.get(Grant, grant_id)
        if grant is None:
            raise NotFound("That grant no longer exists.")
        grant.code, grant.funder_id, grant.name = code, funder.id, data.name.strip()
        grant.start, grant.end, grant.amount_pence = data.start, data.end, data.amount_pence
        grant.covers_timebank, grant.covers_loans = data.covers_timebank, data.covers_loans
        grant.notes = data.notes.strip()
        s.add(grant)
        s.flush()
        s.execute(delete(grant_activity).where(grant_activity.c.grant_id == grant.id))
        if data.activity_ids:
            s.execute(
                insert(grant_activity),
                [{"grant_id": grant.id, "activity_id": a} for a in sorted(set(data.activity_ids))],
            )
        s.execute(delete(GrantTarget).where(GrantTarget.grant_id == grant.id))
        for metric, target in data.targets.items():
            s.add(GrantTarget(grant_id=grant.id, metric_id=metric, target=float(target)))
        audit.record(
            s, db.actor, "create" if grant_id is None else "update", "grant", grant.id, code
        )
        saved_id = grant.id
    return get_grant(db, saved_id)


@needs(COORDINATOR, "see grants")
def get_grant(db: Database, grant_id: int) -> GrantInfo:
    with db.session() as s:
        grant = s.get(Grant, grant_id)
        if grant is None:
            raise NotFound("That grant no longer exists.")
        funder = s.get(Funder, grant.funder_id)
        activities = s.execute(
            select(Activity.id, Activity.name)
            .join(grant_activity, grant_activity.c.activity_id == Activity.id)
            .where(grant_activity.c.grant_id == grant.id)
            .order_by(Activity.name)
        ).all()
        targets = {
            t.metric_id: t.target
            for t in s.scalars(select(GrantTarget).where(GrantTarget.grant_id == grant.id))
        }
        return GrantInfo(
            grant.id,
            grant.code,
            funder.name if funder else "",
            grant.name,
            grant.start,
            grant.end,
            grant.amount_pence,
            tuple(a for a, _ in activities),
            tuple(n for _, n in activities),
            grant.covers_timebank,
            grant.covers_loans,
            targets,
            grant.notes,
        )


@needs(COORDINATOR, "run reports")
def grant_by_code(db: Database, code: str) -> GrantInfo:
    with db.session() as s:
        grant_id = s.scalar(select(Grant.id).where(func.upper(Grant.code) == code.strip().upper()))
        known = list(s.scalars(select(Grant.code).order_by(Grant.code)))
    if grant_id is None:
        choices = f" The grants are: {', '.join(known)}." if known else " There are no grants yet."
        raise NotFound(f"There is no grant with code {code}.{choices}")
    return get_grant(db, grant_id)


@needs(COORDINATOR, "see grants")
def list_grants(db: Database) -> list[GrantInfo]:
    with db.session() as s:
        ids = list(s.scalars(select(Grant.id).order_by(Grant.start.desc(), Grant.code)))
    return [get_grant(db, i) for i in ids]


@needs(COORDINATOR, "run reports")
def save_run(
    db: Database,
    grant_id: int | None,
    start: date,
    end: date,
    metrics: dict[str, float],
    exported_to: str = "",
) -> int:
    """Keep a return's figures as they were produced, so they can be shown and defended later."""
    with db.transaction() as s:
        run = ReportRun(
            grant_id=grant_id,
            period_from=start,
            period_to=end,
            figures_json=json.dumps(metrics),
            created_by=db.actor,
            exported_to=exported_to,
        )
        s.add(run)
        s.flush()
        audit.record(s, db.actor, "report", "grant", grant_id, f"{start}–{end} {exported_to}")
        return run.id


@needs(COORDINATOR, "see past returns")
def saved_runs(db: Database, grant_id: int | None = None) -> list[SavedRun]:
    query = select(ReportRun, Grant.code).outerjoin(Grant).order_by(ReportRun.created_at.desc())
    if grant_id is not None:
        query = query.where(ReportRun.grant_id == grant_id)
    with db.session() as s:
        return [
            SavedRun(
                r.id,
                code,
                r.period_from,
                r.period_to,
                r.created_at,
                r.created_by,
                json.loads(r.figures_json),
                r.exported_to,
            )
            for r, code in s.execute(query)
        ]
