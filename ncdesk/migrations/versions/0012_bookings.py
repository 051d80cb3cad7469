"""bookings: people expected at an activity on a date

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:00:00
"""

import sqlalchemy as sa
from alembic import op

from ncdesk.core.models.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("booked_by", sa.String(length=100), nullable=False),
        sa.Column("booked_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_booking_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_booking_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking")),
        sa.UniqueConstraint(
            "activity_id", "date", "person_id", name=op.f("uq_booking_activity_id")
        ),
    )
    with op.batch_alter_table("booking") as batch:
        batch.create_index(batch.f("ix_booking_activity_id"), ["activity_id"])
        batch.create_index(batch.f("ix_booking_date"), ["date"])
        batch.create_index(batch.f("ix_booking_person_id"), ["person_id"])


def downgrade() -> None:
    op.drop_table("booking")
