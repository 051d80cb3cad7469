"""grants

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 11:41:00.179258
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "funder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funder")),
        sa.UniqueConstraint("name", name=op.f("uq_funder_name")),
    )
    op.create_table(
        "grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("amount_pence", sa.Integer(), nullable=False),
        sa.Column("covers_timebank", sa.Boolean(), nullable=False),
        sa.Column("covers_loans", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["funder_id"], ["funder.id"], name=op.f("fk_grant_funder_id_funder")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant")),
        sa.UniqueConstraint("code", name=op.f("uq_grant_code")),
    )
    op.create_table(
        "grant_activity",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_grant_activity_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grant.id"], name=op.f("fk_grant_activity_grant_id_grant")
        ),
        sa.PrimaryKeyConstraint("grant_id", "activity_id", name=op.f("pk_grant_activity")),
    )
    op.create_table(
        "grant_target",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.String(length=100), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grant.id"], name=op.f("fk_grant_target_grant_id_grant")
        ),
        sa.PrimaryKeyConstraint("grant_id", "metric_id", name=op.f("pk_grant_target")),
    )
    op.create_table(
        "report_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("figures_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("exported_to", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["grant.id"], name=op.f("fk_report_run_grant_id_grant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_run")),
    )


def downgrade() -> None:
    op.drop_table("report_run")
    op.drop_table("grant_target")
    op.drop_table("grant_activity")
    op.drop_table("grant")
    op.drop_table("funder")
