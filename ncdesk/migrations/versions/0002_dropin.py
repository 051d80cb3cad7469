"""drop-in desk

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:14:47.452054
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here (not imported from the models) so the migration never changes after release.
DEFAULT_REFERRAL_TYPES = (
    "Food bank voucher",
    "Social worker",
    "Benefits advice",
    "Social prescribing",
    "GP",
    "Housing",
    "Other",
)


def upgrade() -> None:
    op.create_table(
        "referral_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_type")),
        sa.UniqueConstraint("name", name=op.f("uq_referral_type_name")),
    )
    op.create_table(
        "venue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue")),
        sa.UniqueConstraint("name", name=op.f("uq_venue_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("schedule", sa.String(length=20), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venue.id"], name=op.f("fk_activity_venue_id_venue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("name", name=op.f("uq_activity_name")),
    )
    op.create_table(
        "dropin_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("anonymous_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_dropin_session_activity_id_activity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dropin_session")),
        sa.UniqueConstraint("activity_id", "date", name=op.f("uq_dropin_session_activity_id")),
    )
    with op.batch_alter_table("dropin_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dropin_session_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dropin_session_date"), ["date"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(), nullable=False),
        sa.Column("help_given", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_attendance_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["dropin_session.id"],
            name=op.f("fk_attendance_session_id_dropin_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("session_id", "person_id", name=op.f("uq_attendance_session_id")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_session_id"), ["session_id"], unique=False)

    op.create_table(
        "volunteer_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_volunteer_shift_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["dropin_session.id"],
            name=op.f("fk_volunteer_shift_session_id_dropin_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_shift")),
        sa.UniqueConstraint("session_id", "person_id", name=op.f("uq_volunteer_shift_session_id")),
    )
    with op.batch_alter_table("volunteer_shift", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_volunteer_shift_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_volunteer_shift_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attendance_id", sa.Integer(), nullable=False),
        sa.Column("referral_type_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Boolean(), nullable=False),
        sa.Column("follow_up_done_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendance_id"], ["attendance.id"], name=op.f("fk_referral_attendance_id_attendance")
        ),
        sa.ForeignKeyConstraint(
            ["referral_type_id"],
            ["referral_type.id"],
            name=op.f("fk_referral_referral_type_id_referral_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint(
            "attendance_id", "referral_type_id", name=op.f("uq_referral_attendance_id")
        ),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_attendance_id"), ["attendance_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referral_referral_type_id"), ["referral_type_id"], unique=False
        )

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("how_heard", sa.String(length=200), nullable=False, server_default="")
        )

    referral_type = sa.table(
        "referral_type",
        sa.column("name", sa.String),
        sa.column("archived", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        referral_type,
        [
            {"name": name, "archived": False, "sort_order": i}
            for i, name in enumerate(DEFAULT_REFERRAL_TYPES)
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("how_heard")

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_referral_type_id"))
        batch_op.drop_index(batch_op.f("ix_referral_attendance_id"))

    op.drop_table("referral")
    with op.batch_alter_table("volunteer_shift", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_shift_session_id"))
        batch_op.drop_index(batch_op.f("ix_volunteer_shift_person_id"))

    op.drop_table("volunteer_shift")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_session_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_person_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("dropin_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dropin_session_date"))
        batch_op.drop_index(batch_op.f("ix_dropin_session_activity_id"))

    op.drop_table("dropin_session")
    op.drop_table("activity")
    op.drop_table("venue")
    op.drop_table("referral_type")
