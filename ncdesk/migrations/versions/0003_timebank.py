"""timebank

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:23:11.134580
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here (not imported from the models) so the migration never changes after release.
SKILL_CATEGORIES = (
    "Befriending and visits",
    "Lifts and transport",
    "Shopping and errands",
    "Gardening",
    "DIY and small repairs",
    "Cooking and meals",
    "Computer and phone help",
    "Form filling and admin",
    "Pet care",
    "Crafts and sewing",
    "Teaching and skill sharing",
    "Cleaning and housework",
    "Other",
)


def upgrade() -> None:
    op.create_table(
        "skill_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_category")),
        sa.UniqueConstraint("name", name=op.f("uq_skill_category_name")),
    )
    op.create_table(
        "timebank_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("account_ref", sa.String(length=20), nullable=True),
        sa.Column("joined", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("limit_low", sa.Integer(), nullable=True),
        sa.Column("limit_high", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('member', 'organisation', 'chest')", name=op.f("ck_timebank_account_kind")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_timebank_account_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timebank_account")),
        sa.UniqueConstraint("account_ref", name=op.f("uq_timebank_account_account_ref")),
        sa.UniqueConstraint("person_id", name=op.f("uq_timebank_account_person_id")),
    )
    op.create_table(
        "exchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_ref", sa.String(length=40), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("credited_id", sa.Integer(), nullable=False),
        sa.Column("debited_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("voided_by", sa.String(length=100), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.Column("reversal_of_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("credited_id <> debited_id", name=op.f("ck_exchange_two_accounts")),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_exchange_minutes_positive")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["skill_category.id"],
            name=op.f("fk_exchange_category_id_skill_category"),
        ),
        sa.ForeignKeyConstraint(
            ["credited_id"],
            ["timebank_account.id"],
            name=op.f("fk_exchange_credited_id_timebank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["debited_id"],
            ["timebank_account.id"],
            name=op.f("fk_exchange_debited_id_timebank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["reversal_of_id"], ["exchange.id"], name=op.f("fk_exchange_reversal_of_id_exchange")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange")),
        sa.UniqueConstraint("exchange_ref", name=op.f("uq_exchange_exchange_ref")),
        sa.UniqueConstraint("reversal_of_id", name=op.f("uq_exchange_reversal_of_id")),
    )
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_credited_cover",
            ["credited_id", "minutes", "date", "kind", "voided_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_exchange_date"), ["date"], unique=False)
        batch_op.create_index(
            "ix_exchange_debited_cover",
            ["debited_id", "minutes", "date", "kind", "voided_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_exchange_group_id"), ["group_id"], unique=False)

    op.create_table(
        "timebank_listing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('offer', 'request')", name=op.f("ck_timebank_listing_kind")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["timebank_account.id"],
            name=op.f("fk_timebank_listing_account_id_timebank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["skill_category.id"],
            name=op.f("fk_timebank_listing_category_id_skill_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timebank_listing")),
    )
    with op.batch_alter_table("timebank_listing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timebank_listing_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_timebank_listing_category_id"), ["category_id"], unique=False
        )

    op.create_table(
        "timebank_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("helper_account_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["helper_account_id"],
            ["timebank_account.id"],
            name=op.f("fk_timebank_match_helper_account_id_timebank_account"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["timebank_listing.id"],
            name=op.f("fk_timebank_match_request_id_timebank_listing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timebank_match")),
    )
    with op.batch_alter_table("timebank_match", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timebank_match_request_id"), ["request_id"], unique=False
        )

    categories = sa.table(
        "skill_category",
        sa.column("name", sa.String),
        sa.column("archived", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        categories,
        [{"name": n, "archived": False, "sort_order": i} for i, n in enumerate(SKILL_CATEGORIES)],
    )
    accounts = sa.table(
        "timebank_account",
        sa.column("kind", sa.String),
        sa.column("name", sa.String),
        sa.column("account_ref", sa.String),
        sa.column("joined", sa.Date),
        sa.column("status", sa.String),
        sa.column("notes", sa.Text),
        sa.column("created_at", sa.DateTime),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(
        accounts,
        [
            {
                "kind": "chest",
                "name": "Community chest",
                "account_ref": "CHEST",
                "joined": now.date(),
                "status": "active",
                "notes": "",
                "created_at": now,
            }
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("timebank_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timebank_match_request_id"))

    op.drop_table("timebank_match")
    with op.batch_alter_table("timebank_listing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timebank_listing_category_id"))
        batch_op.drop_index(batch_op.f("ix_timebank_listing_account_id"))

    op.drop_table("timebank_listing")
    with op.batch_alter_table("exchange", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_group_id"))
        batch_op.drop_index("ix_exchange_debited_cover")
        batch_op.drop_index(batch_op.f("ix_exchange_date"))
        batch_op.drop_index("ix_exchange_credited_cover")

    op.drop_table("exchange")
    op.drop_table("timebank_account")
    op.drop_table("skill_category")
