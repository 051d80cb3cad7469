"""loans

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 11:32:58.851805
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equipment_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment_category")),
        sa.UniqueConstraint("name", name=op.f("uq_equipment_category_name")),
    )
    op.create_table(
        "borrower_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("valid_days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["equipment_category.id"],
            name=op.f("fk_borrower_requirement_category_id_equipment_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_borrower_requirement")),
    )
    with op.batch_alter_table("borrower_requirement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_borrower_requirement_category_id"), ["category_id"], unique=False
        )

    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_ref", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("serial", sa.String(length=100), nullable=False),
        sa.Column("acquired", sa.Date(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("photo_path", sa.Text(), nullable=False),
        sa.Column("check_every_days", sa.Integer(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["equipment_category.id"],
            name=op.f("fk_item_category_id_equipment_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        sa.UniqueConstraint("item_ref", name=op.f("uq_item_item_ref")),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_category_id"), ["category_id"], unique=False)

    op.create_table(
        "safety_check_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["equipment_category.id"],
            name=op.f("fk_safety_check_type_category_id_equipment_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_check_type")),
    )
    with op.batch_alter_table("safety_check_type", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_check_type_category_id"), ["category_id"], unique=False
        )

    op.create_table(
        "borrower_qualification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_borrower_qualification_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["borrower_requirement.id"],
            name=op.f("fk_borrower_qualification_requirement_id_borrower_requirement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_borrower_qualification")),
    )
    with op.batch_alter_table("borrower_qualification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_borrower_qualification_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "reservation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "item_id IS NOT NULL OR category_id IS NOT NULL",
            name=op.f("ck_reservation_item_or_category"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["equipment_category.id"],
            name=op.f("fk_reservation_category_id_equipment_category"),
        ),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_reservation_item_id_item")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_reservation_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservation")),
    )
    with op.batch_alter_table("reservation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reservation_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reservation_person_id"), ["person_id"], unique=False)

    op.create_table(
        "safety_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("check_type_id", sa.Integer(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("done_by", sa.String(length=100), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_type_id"],
            ["safety_check_type.id"],
            name=op.f("fk_safety_check_check_type_id_safety_check_type"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_safety_check_item_id_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safety_check")),
    )
    with op.batch_alter_table("safety_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safety_check_item_id"), ["item_id"], unique=False)

    op.create_table(
        "service_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column("work", sa.Text(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("back_on", sa.Date(), nullable=True),
        sa.Column("cost_pence", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("cost_pence >= 0", name=op.f("ck_service_job_cost_not_negative")),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_service_job_item_id_item")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_job")),
    )
    with op.batch_alter_table("service_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_job_item_id"), ["item_id"], unique=False)

    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("returned", sa.Date(), nullable=True),
        sa.Column("condition_out", sa.Text(), nullable=False),
        sa.Column("condition_in", sa.Text(), nullable=False),
        sa.Column("deposit_pence", sa.Integer(), nullable=False),
        sa.Column("deposit_refunded_pence", sa.Integer(), nullable=True),
        sa.Column("deposit_kept_reason", sa.Text(), nullable=False),
        sa.Column("agreement_signed", sa.Boolean(), nullable=False),
        sa.Column("reservation_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.CheckConstraint("deposit_pence >= 0", name=op.f("ck_loan_deposit_not_negative")),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_loan_item_id_item")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_loan_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["reservation_id"], ["reservation.id"], name=op.f("fk_loan_reservation_id_reservation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan")),
    )
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_loan_due"), ["due"], unique=False)
        batch_op.create_index("ix_loan_item_start", ["item_id", "start"], unique=False)
        batch_op.create_index(batch_op.f("ix_loan_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_loan_returned"), ["returned"], unique=False)
        batch_op.create_index(batch_op.f("ix_loan_start"), ["start"], unique=False)

    # Common kit of a community loan scheme, with the checks it usually needs; all editable.
    categories = sa.table(
        "equipment_category", sa.column("id", sa.Integer), sa.column("name", sa.String)
    )
    op.bulk_insert(
        categories,
        [
            {"id": 1, "name": "Mobility scooter"},
            {"id": 2, "name": "Wheelchair"},
            {"id": 3, "name": "Walking aid"},
        ],
    )
    # Rows inserted with their ids leave PostgreSQL's sequence at 1: move it past them, or the
    # first category added (or imported) later collides with "Mobility scooter".
    from ncdesk.core.server import sequences_in_step

    sequences_in_step(op.get_bind())
    checks = sa.table(
        "safety_check_type",
        sa.column("category_id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("interval_days", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        checks,
        [
            {"category_id": 1, "name": "Battery and brakes", "interval_days": 90, "active": True},
            {"category_id": 1, "name": "Full service", "interval_days": 365, "active": True},
            {"category_id": 2, "name": "Tyres and brakes", "interval_days": 180, "active": True},
            {"category_id": 3, "name": "Frame and ferrules", "interval_days": 365, "active": True},
        ],
    )
    requirements = sa.table(
        "borrower_requirement",
        sa.column("category_id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("valid_days", sa.Integer),
    )
    op.bulk_insert(
        requirements, [{"category_id": 1, "name": "Scooter training", "valid_days": 730}]
    )


def downgrade() -> None:
    with op.batch_alter_table("loan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_loan_start"))
        batch_op.drop_index(batch_op.f("ix_loan_returned"))
        batch_op.drop_index(batch_op.f("ix_loan_person_id"))
        batch_op.drop_index("ix_loan_item_start")
        batch_op.drop_index(batch_op.f("ix_loan_due"))

    op.drop_table("loan")
    with op.batch_alter_table("service_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_job_item_id"))

    op.drop_table("service_job")
    with op.batch_alter_table("safety_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_check_item_id"))

    op.drop_table("safety_check")
    with op.batch_alter_table("reservation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reservation_person_id"))
        batch_op.drop_index(batch_op.f("ix_reservation_item_id"))

    op.drop_table("reservation")
    with op.batch_alter_table("borrower_qualification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_borrower_qualification_person_id"))

    op.drop_table("borrower_qualification")
    with op.batch_alter_table("safety_check_type", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_check_type_category_id"))

    op.drop_table("safety_check_type")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_category_id"))

    op.drop_table("item")
    with op.batch_alter_table("borrower_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_borrower_requirement_category_id"))

    op.drop_table("borrower_requirement")
    op.drop_table("equipment_category")
