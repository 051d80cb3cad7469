"""Service jobs: an item sent to a partner (e.g. a local garage) and back, with the cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import Item, ServiceJob
from ncdesk.core.parsing import today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs
from ncdesk.core.services.lending import occupancy_problem


@dataclass(frozen=True)
class JobInfo:
    id: int
    item_id: int
    item_ref: str
    item_name: str
    partner: str
    work: str
    sent_on: date
    back_on: date | None
    cost_pence: int


@needs(COORDINATOR, "send equipment for service")
def send_for_service(db: Database, item_id: int, partner: str, work: str, sent_on: date) -> int:
    """The item goes to the partner and is unavailable until it is back."""
    problems = []
    if not partner.strip():
        problems.append(FieldProblem("partner", "who is servicing it?"))
    if sent_on > today():
        problems.append(FieldProblem("sent_on", "cannot be in the future"))
    if problems:
        raise ValidationError(problems)
    with db.transaction() as s:
        item = s.get(Item, item_id)
        if item is None:
            raise NotFound("That item no longer exists.")
        if reason := occupancy_problem(s, item, sent_on, None, promise_end=sent_on):
            raise ValidationError([FieldProblem("item", reason)])
        job = ServiceJob(
            item_id=item_id,
            partner=partner.strip(),
            work=work.strip(),
            sent_on=sent_on,
            cost_pence=0,
            notes="",
        )
        s.add(job)
        s.flush()
        audit.record(s, db.actor, "send for service", "item", item_id, partner)
        return job.id


@needs(COORDINATOR, "record servicing")
def service_done(
    db: Database, job_id: int, back_on: date, cost_pence: int, notes: str = ""
) -> None:
    with db.transaction() as s:
        job = s.get(ServiceJob, job_id)
        if job is None:
            raise NotFound("That service job no longer exists.")
        problems = []
        if job.back_on is not None:
            problems.append(FieldProblem("back_on", "this job is already back"))
        if back_on < job.sent_on or back_on > today():
            problems.append(FieldProblem("back_on", "between the day it was sent and today"))
        if cost_pence < 0:
            problems.append(FieldProblem("cost", "cannot be negative"))
        if problems:
            raise ValidationError(problems)
        job.back_on = back_on
        job.cost_pence = cost_pence
        job.notes = notes.strip()
        audit.record(s, db.actor, "service back", "item", job.item_id, f"{cost_pence}p")


@needs(VOLUNTEER)
def service_jobs(
    db: Database, *, item_id: int | None = None, open_only: bool = False
) -> list[JobInfo]:
    query = select(ServiceJob, Item).join(Item).order_by(ServiceJob.sent_on.desc())
    if item_id is not None:
        query = query.where(ServiceJob.item_id == item_id)
    if open_only:
        query = query.where(ServiceJob.back_on.is_(None))
    with db.session() as s:
        return [
            JobInfo(
                j.id,
                i.id,
                i.item_ref,
                i.name,
                j.partner,
                j.work,
                j.sent_on,
                j.back_on,
                j.cost_pence,
            )
            for j, i in s.execute(query)
        ]
