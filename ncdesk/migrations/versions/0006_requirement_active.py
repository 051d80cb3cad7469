"""borrower requirements can be stopped, as check types can

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("borrower_requirement") as batch:
        batch.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("borrower_requirement") as batch:
        batch.drop_column("active")
