"""Safety: the audit log (操作日志) cannot be changed or deleted, enforced by triggers (SQLite; plpgsql).

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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION auditentry_read_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'audit log is read-only'; END $$")
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER auditentry_no_{verb.lower()} BEFORE {verb} ON auditentry "
                       "FOR EACH ROW EXECUTE FUNCTION auditentry_read_only()")
        op.execute("CREATE TRIGGER auditentry_no_truncate BEFORE TRUNCATE ON auditentry "
                   "FOR EACH STATEMENT EXECUTE FUNCTION auditentry_read_only()")
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER IF NOT EXISTS auditentry_no_{verb.lower()} BEFORE {verb} ON auditentry "
                   "BEGIN SELECT RAISE(ABORT, 'audit log is read-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for verb in ("update", "delete", "truncate"):
            op.execute(f"DROP TRIGGER IF EXISTS auditentry_no_{verb} ON auditentry")
        op.execute("DROP FUNCTION IF EXISTS auditentry_read_only()")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS auditentry_no_{verb}")
