"""impact: outcome scores, the place lookup, referral sources, and each person's place

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 15:00:00
"""

import sqlalchemy as sa
from alembic import op

from ncdesk.core.models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

DEFAULT_REFERRAL_SOURCES = (
    "GP",
    "Social prescriber",
    "Social worker",
    "Self",
    "Family or friend",
    "Other",
)


def upgrade() -> None:
    source = op.create_table(
        "referral_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_source")),
        sa.UniqueConstraint("name", name=op.f("uq_referral_source_name")),
    )
    op.bulk_insert(
        source,
        [
            {"name": name, "archived": False, "sort_order": i}
            for i, name in enumerate(DEFAULT_REFERRAL_SOURCES)
        ],
    )
    op.create_table(
        "outcome_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_outcome_score_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_score")),
        sa.UniqueConstraint("person_id", "day", "measure", name=op.f("uq_outcome_score_person_id")),
    )
    with op.batch_alter_table("outcome_score") as batch:
        batch.create_index(batch.f("ix_outcome_score_person_id"), ["person_id"], unique=False)
        batch.create_index(batch.f("ix_outcome_score_measure"), ["measure"], unique=False)
    op.create_table(
        "place",
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("ward", sa.String(length=100), nullable=False),
        sa.Column("lsoa", sa.String(length=20), nullable=False),
        sa.Column("imd_decile", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "imd_decile IS NULL OR imd_decile BETWEEN 1 AND 10", name=op.f("ck_place_decile")
        ),
        sa.PrimaryKeyConstraint("postcode", name=op.f("pk_place")),
    )
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("referred_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ward", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("lsoa", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("imd_decile", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_person_referred_by_id_referral_source"),
            "referral_source",
            ["referred_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(
            batch.f("fk_person_referred_by_id_referral_source"), type_="foreignkey"
        )
        batch.drop_column("imd_decile")
        batch.drop_column("lsoa")
        batch.drop_column("ward")
        batch.drop_column("referred_by_id")
    op.drop_table("place")
    with op.batch_alter_table("outcome_score") as batch:
        batch.drop_index(batch.f("ix_outcome_score_measure"))
        batch.drop_index(batch.f("ix_outcome_score_person_id"))
    op.drop_table("outcome_score")
    op.drop_table("referral_source")
