"""Safety: the audit log (操作日志) cannot be changed or deleted, enforced by SQLite triggers.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER IF NOT EXISTS auditentry_no_{verb.lower()} BEFORE {verb} ON auditentry "
                   "BEGIN SELECT RAISE(ABORT, 'audit log is read-only'); END")


def downgrade() -> None:
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS auditentry_no_{verb}")
