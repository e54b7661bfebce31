"""Handoff: ExchangeLog.export_id (the 交换编号 written into each exported workbook).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("exchangelog", schema=None) as batch_op:
        batch_op.add_column(sa.Column("export_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_exchangelog_export_id"), ["export_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exchangelog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchangelog_export_id"))
        batch_op.drop_column("export_id")
