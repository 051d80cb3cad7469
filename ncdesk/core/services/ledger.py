"""Recording time exchanged: single, group and batch entries, donations to and grants from the
community chest, and voids that reverse an entry without deleting it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import Exchange, SkillCategory, TimebankAccount
from ncdesk.core.models.base import utcnow
from ncdesk.core.parsing import format_minutes, today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs
from ncdesk.core.services.people import mark_seen
from ncdesk.core.services.timebank_accounts import (
    account_label,
    account_labels,
    balance_in_session,
    chest_account_id,
)


@dataclass(frozen=True)
class ExchangeInput:
    """One exchange as typed: `giver` helped `receiver` for `minutes` on `day`."""

    day: date
    giver_id: int
    receiver_id: int
    minutes: int
    category_id: int | None = None
    description: str = ""
    exchange_ref: str | None = None


@dataclass
class Recorded:
    ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExchangeRow:
    """One ledger line as the exchanges list shows it."""

    id: int
    exchange_ref: str | None
    date: date
    kind: str
    giver: str
    receiver: str
    giver_id: int
    receiver_id: int
    minutes: int
    category: str
    description: str
    entered_by: str
    entered_at: datetime
    voided: bool
    void_reason: str | None
    reversal_of_id: int | None
    group_id: int | None

    @property
    def hours(self) -> str:
        return format_minutes(self.minutes)


def _problems_for(
    s: Session, item: ExchangeInput, row: int | None
) -> tuple[list[FieldProblem], list[str]]:
    """Refusals and warnings for one exchange before it is written."""
    problems, warnings = [], []
    if item.minutes <= 0:
        problems.append(FieldProblem("hours", "must be more than zero", row=row))
    if item.day > today():
        problems.append(FieldProblem("date", "cannot be in the future", row=row))
    if item.giver_id == item.receiver_id:
        problems.append(
            FieldProblem("receiver", "the giver and the receiver are the same", row=row)
        )
    for role, account_id in (("giver", item.giver_id), ("receiver", item.receiver_id)):
        account = s.get(TimebankAccount, account_id)
        if account is None:
            problems.append(FieldProblem(role, "no such timebank member", row=row))
            continue
        name = account_label(s, account_id)
        if account.status == "left":
            problems.append(FieldProblem(role, f"{name} has left the timebank", row=row))
        elif account.status == "paused":
            warnings.append(f"{name} is paused")
        if item.day < account.joined:
            warnings.append(
                f"{name} joined on {account.joined:%d/%m/%Y}, after this exchange's date"
            )
    if item.category_id is not None and s.get(SkillCategory, item.category_id) is None:
        problems.append(FieldProblem("category", "no such skill category", row=row))
    return problems, warnings


def _limit_warnings(s: Session, account_ids: set[int]) -> list[str]:
    out = []
    for account_id in sorted(account_ids):
        account = s.get(TimebankAccount, account_id)
        if account is None:
            continue
        balance = balance_in_session(s, account_id)
        name = account_label(s, account_id)
        if account.limit_low is not None and balance < account.limit_low:
            out.append(
                f"{name}'s balance is {format_minutes(balance)}, below their limit of "
                f"{format_minutes(account.limit_low)}"
            )
        if account.limit_high is not None and balance > account.limit_high:
            out.append(
                f"{name}'s balance is {format_minutes(balance)}, above their limit of "
                f"{format_minutes(account.limit_high)}"
            )
    return out


def _add(s: Session, item: ExchangeInput, kind: str, actor: str, group_id: int | None) -> Exchange:
    entry = Exchange(
        exchange_ref=item.exchange_ref or None,
        date=item.day,
        kind=kind,
        credited_id=item.giver_id,
        debited_id=item.receiver_id,
        minutes=item.minutes,
        category_id=item.category_id,
        description=item.description.strip(),
        group_id=group_id,
        entered_by=actor,
    )
    s.add(entry)
    s.flush()
    for account_id in (item.giver_id, item.receiver_id):
        person_id = s.scalar(
            select(TimebankAccount.person_id).where(TimebankAccount.id == account_id)
        )
        if person_id:
            mark_seen(s, person_id)
    audit.record(
        s,
        actor,
        "record",
        "exchange",
        entry.id,
        f"{kind} {item.minutes} min {item.giver_id}→{item.receiver_id}",
    )
    return entry


def record_in_session(
    s: Session,
    items: list[ExchangeInput],
    actor: str,
    *,
    kind: str = "service",
    grouped: bool = False,
) -> Recorded:
    """Check every item (refusing all if any is wrong), then write them all."""
    problems, warnings = [], []
    for row, item in enumerate(items, start=1):
        p, w = _problems_for(s, item, row if len(items) > 1 else None)
        problems += p
        warnings += [x for x in w if x not in warnings]
    if problems:
        raise ValidationError(problems)
    group_id = None
    if grouped and len(items) > 1:
        group_id = (s.scalar(select(func.max(Exchange.group_id))) or 0) + 1
    result = Recorded(warnings=warnings)
    for item in items:
        result.ids.append(_add(s, item, kind, actor, group_id).id)
    touched = {i.giver_id for i in items} | {i.receiver_id for i in items}
    result.warnings += _limit_warnings(s, touched)
    return result


@needs(VOLUNTEER, "record hours")
def record_exchange(db: Database, item: ExchangeInput) -> Recorded:
    """One member helped another. Returns the new id and any warnings (limits, status)."""
    with db.transaction() as s:
        return record_in_session(s, [item], db.actor)


@needs(VOLUNTEER, "record hours")
def record_batch(db: Database, items: list[ExchangeInput]) -> Recorded:
    """A stack of paper slips: all saved together, or none if any row is wrong (each problem
    names its row, counting from 1)."""
    if not items:
        raise ValidationError([FieldProblem("rows", "there is nothing to save")])
    with db.transaction() as s:
        return record_in_session(s, items, db.actor)


@needs(VOLUNTEER, "record hours")
def record_group_exchange(
    db: Database,
    day: date,
    givers: list[int],
    receivers: list[int],
    minutes: int,
    category_id: int | None = None,
    description: str = "",
) -> Recorded:
    """One member helping several (one giver, many receivers), or a group activity crediting
    many (many givers, one receiver such as an organisation): one entry per pair, each for
    `minutes`, sharing a group id."""
    if len(givers) != 1 and len(receivers) != 1:
        raise ValidationError([FieldProblem("receivers", "a group has one giver or one receiver")])
    if len(set(givers)) != len(givers) or len(set(receivers)) != len(receivers):
        raise ValidationError([FieldProblem("receivers", "someone is listed twice")])
    items = [
        ExchangeInput(day, g, r, minutes, category_id, description)
        for g in givers
        for r in receivers
    ]
    with db.transaction() as s:
        return record_in_session(s, items, db.actor, grouped=True)


@needs(COORDINATOR, "manage the community chest")
def donate_to_chest(
    db: Database, account_id: int, minutes: int, day: date, note: str = ""
) -> Recorded:
    """A member gives some of their credits to the community chest."""
    with db.transaction() as s:
        chest = chest_account_id(s)
        item = ExchangeInput(
            day, chest, account_id, minutes, None, note or "Donation to the community chest"
        )
        return record_in_session(s, [item], db.actor, kind="donation")


@needs(COORDINATOR, "manage the community chest")
def grant_from_chest(
    db: Database, account_id: int, minutes: int, day: date, note: str = ""
) -> Recorded:
    """The broker gives credits from the community chest to a member who needs help."""
    with db.transaction() as s:
        chest = chest_account_id(s)
        item = ExchangeInput(
            day, account_id, chest, minutes, None, note or "Grant from the community chest"
        )
        return record_in_session(s, [item], db.actor, kind="grant")


@needs(COORDINATOR, "void exchanges")
def void_exchange(db: Database, exchange_id: int, reason: str) -> int:
    """Void an entry: it stays in the ledger marked void, and a reversing entry (dated the
    same day) cancels its effect on both balances. Returns the reversal's id."""
    if not reason.strip():
        raise ValidationError([FieldProblem("reason", "say why this exchange is being voided")])
    with db.transaction() as s:
        original = s.get(Exchange, exchange_id)
        if original is None:
            raise NotFound("That exchange does not exist.")
        return void_in_session(s, original, reason, db.actor).id


def void_in_session(s: Session, original: Exchange, reason: str, actor: str) -> Exchange:
    """Void an entry inside the caller's transaction (a void, or a merge that finds one
    person on both sides); returns the reversing entry."""
    if original.kind == "reversal":
        raise ValidationError([FieldProblem("exchange", "a reversal cannot itself be voided")])
    if original.voided_at is not None:
        raise ValidationError([FieldProblem("exchange", "this exchange was already voided")])
    original.voided_at = utcnow()
    original.voided_by = actor
    original.void_reason = reason.strip()
    reversal = Exchange(
        date=original.date,
        kind="reversal",
        credited_id=original.debited_id,
        debited_id=original.credited_id,
        minutes=original.minutes,
        category_id=original.category_id,
        description=f"Void: {reason.strip()}",
        group_id=original.group_id,
        entered_by=actor,
        reversal_of_id=original.id,
    )
    s.add(reversal)
    s.flush()
    audit.record(s, actor, "void", "exchange", original.id)  # the reason stays on the entry
    return reversal


@needs(VOLUNTEER)
def exchange_ids(
    db: Database,
    *,
    account_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[int]:
    """Ledger entries newest first (ids only: the list screen fetches rows page by page)."""
    query = select(Exchange.id).order_by(Exchange.date.desc(), Exchange.id.desc())
    if account_id is not None:
        query = query.where(
            (Exchange.credited_id == account_id) | (Exchange.debited_id == account_id)
        )
    if start is not None:
        query = query.where(Exchange.date >= start)
    if end is not None:
        query = query.where(Exchange.date <= end)
    with db.session() as s:
        return list(s.scalars(query))


@needs(VOLUNTEER)
def exchange_rows(db: Database, ids: list[int]) -> list[ExchangeRow]:
    """Rows for a page of the exchanges list, in the order asked for."""
    with db.session() as s:
        entries = {e.id: e for e in s.scalars(select(Exchange).where(Exchange.id.in_(ids)))}
        categories = {c.id: c.name for c in s.scalars(select(SkillCategory))}
        names = account_labels(
            s, {a for e in entries.values() for a in (e.credited_id, e.debited_id)}
        )
        name = names.__getitem__

        out = []
        for i in ids:
            e = entries.get(i)
            if e is None:
                continue
            out.append(
                ExchangeRow(
                    e.id,
                    e.exchange_ref,
                    e.date,
                    e.kind,
                    name(e.credited_id),
                    name(e.debited_id),
                    e.credited_id,
                    e.debited_id,
                    e.minutes,
                    categories.get(e.category_id or 0, ""),
                    e.description,
                    e.entered_by,
                    e.entered_at,
                    e.voided_at is not None,
                    e.void_reason,
                    e.reversal_of_id,
                    e.group_id,
                )
            )
        return out
