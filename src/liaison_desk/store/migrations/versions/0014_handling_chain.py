"""Handling chain: who did each step (SuggestionEvent.actor) and the follow-up of visits handled 其他.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows keep their data; the new text columns start empty ('' — not known).
    with op.batch_alter_table("suggestionevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("followup_to", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("followup_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("followup_result", sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_column("followup_result")
        batch_op.drop_column("followup_on")
        batch_op.drop_column("followup_to")
    with op.batch_alter_table("suggestionevent", schema=None) as batch_op:
        batch_op.drop_column("actor")
