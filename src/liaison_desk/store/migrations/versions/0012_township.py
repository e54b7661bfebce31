"""Township: workbooks added from the stations, id mappings, the review list, month approvals.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "townshipfile",
        sa.Column("sha256", S(length=64), nullable=False),
        sa.Column("file_name", S(length=260), nullable=False),
        sa.Column("station_id", S(length=36), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("counts", S(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_index(op.f("ix_townshipfile_station_id"), "townshipfile", ["station_id"], unique=False)
    op.create_table(
        "townshipidmap",
        sa.Column("station_id", S(length=36), nullable=False),
        sa.Column("table_name", S(length=40), nullable=False),
        sa.Column("local_id", S(length=36), nullable=False),
        sa.Column("township_id", S(length=36), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "table_name", "local_id"),
    )
    op.create_index(op.f("ix_townshipidmap_township_id"), "townshipidmap", ["township_id"], unique=False)
    op.create_table(
        "townshipreview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", S(length=20), nullable=False),
        sa.Column("station_id", S(length=36), nullable=False),
        sa.Column("local_id", S(length=36), nullable=False),
        sa.Column("candidate_id", S(length=36), nullable=False),
        sa.Column("reason", S(), nullable=False),
        sa.Column("decision", S(length=10), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "townshipmonth",
        sa.Column("station_id", S(length=36), nullable=False),
        sa.Column("month", S(length=7), nullable=False),
        sa.Column("state", S(length=20), nullable=False),
        sa.Column("note", S(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "month"),
    )


def downgrade() -> None:
    op.drop_table("townshipmonth")
    op.drop_table("townshipreview")
    op.drop_index(op.f("ix_townshipidmap_township_id"), table_name="townshipidmap")
    op.drop_table("townshipidmap")
    op.drop_index(op.f("ix_townshipfile_station_id"), table_name="townshipfile")
    op.drop_table("townshipfile")
