"""Activities: the activity book's extra fields, leave reasons, 人大组成人员 and their 联系点, the score rules.

The score rules start as the seed township's sheet (per deputy group): congress attendance 10; three written
items 10, ±5 each; one review speech 10, +5 each further speaker; presidium meetings as notified 5.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sqlmodel.sql.sqltypes.AutoString(length=36)
STAMP = sqlmodel.sql.sqltypes.UTCDateTime()
TEXT = sqlmodel.sql.sqltypes.AutoString

SEED_NAMESPACE = uuid.UUID("5c0e7a52-9a3e-4c61-8d55-6a1f2b0c7e01")  # ids of the seeded score rules
# (item, basis, base_count, base_points, step_more, step_fewer, cap)
SEED_RULES = [
    ("出席人代会（无缺席、迟到、早退）", "congress_absent", 0, 10.0, -10.0, 0.0, 10.0),
    ("提出书面议案、建议、批评和意见", "written_items", 3, 10.0, 5.0, 5.0, None),
    ("在人代会上审议发言", "speakers", 1, 10.0, 5.0, 10.0, None),
    ("按通知列席主席团会议", "presidium_absent", 0, 5.0, -5.0, 0.0, 5.0),
]


def _row_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("id", ID, nullable=False), sa.Column("created_at", STAMP, nullable=False),
            sa.Column("updated_at", STAMP, nullable=False), sa.Column("version", sa.Integer(), nullable=False)]


def upgrade() -> None:
    rules = op.create_table(
        "scorerule", *_row_columns(),
        sa.Column("item", TEXT(length=100), nullable=False),
        sa.Column("unit", TEXT(length=10), nullable=False),
        sa.Column("basis", TEXT(length=20), nullable=False),
        sa.Column("base_count", sa.Integer(), nullable=False),
        sa.Column("base_points", sa.Float(), nullable=False),
        sa.Column("step_more", sa.Float(), nullable=False),
        sa.Column("step_fewer", sa.Float(), nullable=False),
        sa.Column("cap", sa.Float(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "congressmember", *_row_columns(),
        sa.Column("station_id", TEXT(), nullable=True),
        sa.Column("name", TEXT(length=50), nullable=False),
        sa.Column("post", TEXT(length=100), nullable=False),
        sa.Column("contact_point", TEXT(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["station.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_congressmember_station_id"), "congressmember", ["station_id"], unique=False)
    op.create_table(
        "memberdeputy", *_row_columns(),
        sa.Column("member_id", TEXT(), nullable=False),
        sa.Column("deputy_id", TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["congressmember.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_memberdeputy_deputy_id"), "memberdeputy", ["deputy_id"], unique=False)
    op.create_index(op.f("ix_memberdeputy_member_id"), "memberdeputy", ["member_id"], unique=False)
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorder", TEXT(length=50), server_default="", nullable=False))
        batch_op.add_column(sa.Column("quantity", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("reporter_id", TEXT(), nullable=True))
        batch_op.add_column(sa.Column("rated_satisfied", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("rated_basic", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("rated_unsatisfied", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("member_id", TEXT(), nullable=True))
        batch_op.create_foreign_key("fk_activity_reporter_id_deputy", "deputy", ["reporter_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_foreign_key("fk_activity_member_id_congressmember", "congressmember", ["member_id"],
                                    ["id"], ondelete="SET NULL")
    with op.batch_alter_table("activityattendance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leave_reason", TEXT(length=200), server_default="", nullable=False))
    # Fixed ids and times: every station starts with the same rows, so workbooks match them across stations.
    seeded = datetime(2026, 12, 1, tzinfo=UTC)
    op.bulk_insert(rules, [
        {"id": str(uuid.uuid5(SEED_NAMESPACE, basis)), "created_at": seeded, "updated_at": seeded, "version": 1,
         "item": item,
         "unit": "group", "basis": basis, "base_count": n, "base_points": base, "step_more": more,
         "step_fewer": fewer, "cap": cap, "sort_order": i}
        for i, (item, basis, n, base, more, fewer, cap) in enumerate(SEED_RULES)])


def downgrade() -> None:
    with op.batch_alter_table("activityattendance", schema=None) as batch_op:
        batch_op.drop_column("leave_reason")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_constraint("fk_activity_member_id_congressmember", type_="foreignkey")
        batch_op.drop_constraint("fk_activity_reporter_id_deputy", type_="foreignkey")
        for c in ("member_id", "rated_unsatisfied", "rated_basic", "rated_satisfied", "reporter_id", "quantity",
                  "recorder"):
            batch_op.drop_column(c)
    op.drop_index(op.f("ix_memberdeputy_member_id"), table_name="memberdeputy")
    op.drop_index(op.f("ix_memberdeputy_deputy_id"), table_name="memberdeputy")
    op.drop_table("memberdeputy")
    op.drop_index(op.f("ix_congressmember_station_id"), table_name="congressmember")
    op.drop_table("congressmember")
    op.drop_table("scorerule")
