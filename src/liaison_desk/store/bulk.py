"""Fast bulk inserts (handoff import, demo data): DB-API executemany, search triggers paused during the load."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Table

from liaison_desk.store.search import BODIES

BULK_MIN_ROWS = 2000  # below this the per-row search triggers are cheap enough


def insert_rows(conn: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts; missing keys are NULL) through SQLAlchemy's bind processors, memoised per column."""
    if not rows:
        return
    keys = {k for r in rows for k in r}
    cols = [c for c in table.columns if c.name in keys]
    names = [c.name for c in cols]
    procs: list[tuple[int, Any, dict[Any, Any]]] = [(i, p, {}) for i, c in enumerate(cols) if (p := c.type._cached_bind_processor(conn.dialect))]

    def values() -> Iterator[list[Any]]:
        for row in rows:
            vals = [row.get(n) for n in names]
            for i, proc, memo in procs:
                v = vals[i]
                try:
                    vals[i] = memo[v]
                except KeyError:
                    vals[i] = memo[v] = proc(v)
                except TypeError:  # unhashable: not memoised
                    vals[i] = proc(v)
            yield vals

    raw = conn.connection.dbapi_connection
    quoted = ", ".join(f'"{n}"' for n in names)
    raw.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})', values())


class PausedSearch:
    """Within the caller's transaction: drop the FTS triggers, and later index the new rows in one pass."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn.connection.dbapi_connection
        self.triggers = self.raw.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' "
                                         "AND name LIKE '%\\_fts\\_%' ESCAPE '\\'").fetchall()
        self.before = {t: self.raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0] for t in BODIES}
        for name, _sql in self.triggers:
            self.raw.execute(f'DROP TRIGGER "{name}"')

    def resume(self) -> None:
        """Index the rows inserted since the pause, and put the triggers back (same SQL)."""
        for table, body in BODIES.items():
            self.raw.execute(f"INSERT INTO {table}_fts(rowid, body) SELECT rowid, {body} FROM {table} "
                             "WHERE rowid > ?", (self.before[table],))
        for _name, sql in self.triggers:
            self.raw.execute(sql)
