"""Visits: indexes for repeat detection (name + village, village + category + day, repeat_of).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_name_village", ["visitor_name", "village"], unique=False)
        batch_op.create_index("ix_visit_village_category_day", ["village", "category", "visited_on"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_visit_repeat_of_id"), ["repeat_of_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_repeat_of_id"))
        batch_op.drop_index("ix_visit_village_category_day")
        batch_op.drop_index("ix_visit_name_village")
