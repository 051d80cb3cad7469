"""pairs of records a coordinator has said are different people

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "different_people",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.Column("marked_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint("person_id < other_id", name=op.f("ck_different_people_in_order")),
        sa.ForeignKeyConstraint(
            ["other_id"], ["person.id"], name=op.f("fk_different_people_other_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_different_people_person_id_person")
        ),
        sa.PrimaryKeyConstraint("person_id", "other_id", name=op.f("pk_different_people")),
    )
    with op.batch_alter_table("different_people") as batch:
        batch.create_index(batch.f("ix_different_people_other_id"), ["other_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("different_people") as batch:
        batch.drop_index(batch.f("ix_different_people_other_id"))
    op.drop_table("different_people")
