"""The audit trail: every change to personal data, every log-in and every export says who,
when and what (never the personal data itself).

Entries form a hash chain: each stores the SHA-256 of its own content and of the entry
before it, so an entry edited, removed or slipped in afterwards breaks the chain at that
point, and `ncdesk check` names the first entry that no longer fits. Entries are written in
the same transaction as the change, and write transactions take the write lock first
(SQLite's, or on a server the advisory lock of `core/server.py`, which `record` also takes
before it reads the tip), so two desks never chain onto the same entry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, event, select, text, update
from sqlalchemy.orm import Session, SessionTransaction

from ncdesk.core.models import AuditEvent
from ncdesk.core.models.base import UTC, utcnow
from ncdesk.core.server import take_write_lock

GENESIS = "0" * 64
_TIP = "ncdesk.audit_tip"  # the newest entry's hash, kept on the session


def entry_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: str,
) -> str:
    """The hash of one entry: its fields, unambiguously separated, after its predecessor's."""
    instant = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    fields = (
        prev_hash,
        instant.strftime("%Y-%m-%dT%H:%M:%S.%f"),
        actor,
        action,
        entity,
        "" if entity_id is None else str(entity_id),
        detail,
    )
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def record(
    session: Session, actor: str, action: str, entity: str, entity_id: int | None, detail: str = ""
) -> None:
    """Add an audit event to the current transaction (so it is kept only if the change is).
    The tip of the chain is read once per transaction and then carried along, so an import
    that writes thousands of entries does not read it back each time."""
    prev = session.info.get(_TIP)
    if prev is None:
        take_write_lock(session)  # held to commit: nobody else reads this tip meanwhile
        prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
        prev = prev or GENESIS
    at = utcnow()
    event = AuditEvent(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
        prev_hash=prev,
        hash=entry_hash(prev, at, actor, action, entity, entity_id, detail),
    )
    session.add(event)  # entries are inserted in the order they are added
    session.info[_TIP] = event.hash


@event.listens_for(Session, "after_transaction_end")
def _forget_tip(session: Session, transaction: SessionTransaction) -> None:
    """Another transaction may have added entries since: read the tip afresh next time."""
    if transaction.parent is None:
        session.info.pop(_TIP, None)


@dataclass(frozen=True)
class ChainBreak:
    """The first entry that does not fit the chain, and how."""

    event_id: int
    reason: str

    def __str__(self) -> str:
        return f"the audit trail was changed at entry {self.event_id}: {self.reason}"


def first_break(session: Session) -> ChainBreak | None:
    """Walk the whole trail in order; None when every entry still fits."""
    prev = GENESIS
    rows = session.execute(
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.actor,
            AuditEvent.action,
            AuditEvent.entity,
            AuditEvent.entity_id,
            AuditEvent.detail,
            AuditEvent.prev_hash,
            AuditEvent.hash,
        ).order_by(AuditEvent.id)
    )
    for event_id, at, actor, action, entity, entity_id, detail, prev_hash, own in rows:
        if prev_hash != prev:
            return ChainBreak(event_id, "the entry before it was removed, changed or added")
        if entry_hash(prev, at, actor, action, entity, entity_id, detail) != own:
            return ChainBreak(event_id, "its content was edited")
        prev = own
    return None


def chain_existing(connection: Connection) -> None:
    """Give the entries written before the chain existed their hashes, in order (migration)."""
    prev = GENESIS
    rows = connection.execute(
        text("SELECT id, at, actor, action, entity, entity_id, detail FROM audit_event ORDER BY id")
    ).all()
    for event_id, at, actor, action, entity, entity_id, detail in rows:
        when = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        own = entry_hash(prev, when, actor, action, entity, entity_id, detail or "")
        connection.execute(
            update(AuditEvent).where(AuditEvent.id == event_id).values(prev_hash=prev, hash=own)
        )
        prev = own
