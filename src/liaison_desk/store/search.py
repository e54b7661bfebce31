"""The full-text search bodies (what each FTS5 index covers) and a rebuild of the indexes.

These expressions must equal the ones the migrations put into the triggers; a test compares them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VISIT_BODY = ("coalesce(visitor_name,'') || char(10) || coalesce(visitor_address,'') || char(10) || "
              "coalesce(content,'') || char(10) || coalesce(request,'') || char(10) || coalesce(handling_note,'')")
SUGGESTION_BODY = ("coalesce(number,'') || char(10) || coalesce(title,'') || char(10) || "
                   "coalesce(content,'') || char(10) || coalesce(citizen_name,'') || char(10) || "
                   "coalesce(reply_text,'')")
BODIES = {"visit": VISIT_BODY, "suggestion": SUGGESTION_BODY}


def rebuild(engine: Engine) -> None:
    """Refill every search index from its table (after VACUUM, or a bulk load with triggers off)."""
    with engine.begin() as conn:
        for table, body in BODIES.items():
            conn.exec_driver_sql(f"DELETE FROM {table}_fts")
            conn.exec_driver_sql(f"INSERT INTO {table}_fts(rowid, body) SELECT rowid, {body} FROM {table}")
