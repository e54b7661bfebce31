"""Attendance of session deputies (出席/请假/缺席 with a reason) and where a notice was posted.

The notice date becomes the real posting date, empty until posted: sessions already 已公告 or 已完成 keep
theirs as the posting date; a date on a session still 计划 (or 已取消) was only the pre-filled latest
allowed day, never a posting, and is cleared. Existing deputies of every session become 出席 (the
attendance of sessions marked 已完成 was never recorded otherwise).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sessiondeputy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attendance", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False,
                                      server_default="present"))
        batch_op.add_column(sa.Column("leave_reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=""))
    with op.batch_alter_table("receptionsession", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_places", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""))
    op.execute("UPDATE receptionsession SET notice_date = NULL WHERE status NOT IN ('announced', 'done')")


def downgrade() -> None:
    with op.batch_alter_table("receptionsession", schema=None) as batch_op:
        batch_op.drop_column("notice_places")
    with op.batch_alter_table("sessiondeputy", schema=None) as batch_op:
        batch_op.drop_column("leave_reason")
        batch_op.drop_column("attendance")
