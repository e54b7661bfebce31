"""Full-text search: FTS5 trigram tables over visits and suggestions, kept current by triggers.

On PostgreSQL: a pg_trgm GIN index over the same body expression (char → chr), queried with ILIKE.

The FTS rowid is the source row's rowid. VACUUM may renumber rowids of tables without an INTEGER
PRIMARY KEY, so the program never runs VACUUM without `store.search.rebuild()` right after it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What each search index covers; store/search.py builds LIKE fallbacks from the same expressions.
VISIT_BODY = ("coalesce(visitor_name,'') || char(10) || coalesce(visitor_address,'') || char(10) || "
              "coalesce(content,'') || char(10) || coalesce(request,'') || char(10) || coalesce(handling_note,'')")
SUGGESTION_BODY = ("coalesce(number,'') || char(10) || coalesce(title,'') || char(10) || "
                   "coalesce(content,'') || char(10) || coalesce(citizen_name,'') || char(10) || "
                   "coalesce(reply_text,'')")


def _index(table: str, body: str, columns: str) -> None:
    fts = f"{table}_fts"
    new_body = body.replace("coalesce(", "coalesce(new.")
    op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5(body, tokenize='trigram')")
    op.execute(f"INSERT INTO {fts}(rowid, body) SELECT rowid, {body} FROM {table}")
    op.execute(f"""CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
        INSERT INTO {fts}(rowid, body) VALUES (new.rowid, {new_body}); END""")
    op.execute(f"""CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
        DELETE FROM {fts} WHERE rowid = old.rowid; END""")
    op.execute(f"""CREATE TRIGGER {fts}_au AFTER UPDATE OF {columns} ON {table} BEGIN
        UPDATE {fts} SET body = {new_body} WHERE rowid = new.rowid; END""")


def _pg_index(table: str, body: str) -> None:
    # store/server.py has made sure pg_trgm is installed (or told the administrator how).
    op.execute(f"CREATE INDEX {table}_search_trgm ON {table} USING gin "
               f"(({body.replace('char(10)', 'chr(10)')}) gin_trgm_ops)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_index("visit", VISIT_BODY)
        _pg_index("suggestion", SUGGESTION_BODY)
        return
    _index("visit", VISIT_BODY, "visitor_name, visitor_address, content, request, handling_note")
    _index("suggestion", SUGGESTION_BODY, "number, title, content, citizen_name, reply_text")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("visit", "suggestion"):
            op.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")
        return
    for table in ("visit", "suggestion"):
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")
