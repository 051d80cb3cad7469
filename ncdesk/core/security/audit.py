"""The audit trail: every change to personal data says who, when and what."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ncdesk.core.models import AuditEvent


def record(
    session: Session, actor: str, action: str, entity: str, entity_id: int | None, detail: str = ""
) -> None:
    """Add an audit event to the current transaction (so it is kept only if the change is)."""
    session.add(
        AuditEvent(actor=actor, action=action, entity=entity, entity_id=entity_id, detail=detail)
    )
