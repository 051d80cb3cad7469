"""The service partners used before: the choices when sending an item for service."""

from __future__ import annotations

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.models import ServiceJob
from ncdesk.core.security.roles import VOLUNTEER, needs


@needs(VOLUNTEER)
def service_partners(db: Database) -> list[str]:
    """Partners used before, most used first: the choices when sending an item for service."""
    with db.session() as s:
        return list(
            s.scalars(
                select(ServiceJob.partner)
                .group_by(ServiceJob.partner)
                .order_by(func.count(ServiceJob.id).desc(), ServiceJob.partner)
            )
        )
