"""import mappings: the column mappings the import wizard remembers, per file shape or by name

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from ncdesk.core.models.base import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("shape", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("saved_by", sa.String(length=100), nullable=False),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(shape IS NULL) <> (name IS NULL)", name=op.f("ck_import_mapping_shape_or_name")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mapping")),
        sa.UniqueConstraint("shape", "kind", name=op.f("uq_import_mapping_shape")),
        sa.UniqueConstraint("name", "kind", name=op.f("uq_import_mapping_name")),
    )


def downgrade() -> None:
    op.drop_table("import_mapping")
