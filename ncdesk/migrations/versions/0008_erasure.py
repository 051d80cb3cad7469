"""people can be erased: the time it was done

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from ncdesk.core.models.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("erased_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("erased_at")
