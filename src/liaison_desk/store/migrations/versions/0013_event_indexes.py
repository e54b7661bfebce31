"""Indexes for the statistics: a suggestion's timeline by day, and the events of a period.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_suggestionevent_timeline", "suggestionevent",
                    ["suggestion_id", "happened_on", "recorded_at"], unique=False)
    op.create_index("ix_suggestionevent_happened_on", "suggestionevent", ["happened_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_suggestionevent_happened_on", table_name="suggestionevent")
    op.drop_index("ix_suggestionevent_timeline", table_name="suggestionevent")
