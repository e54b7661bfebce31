"""Fast bulk inserts (handoff import, demo data): DB-API executemany, search triggers paused during the load;
`load_tables` loads a whole data set (the demo station, the county-scale benchmark data) in one transaction."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from sqlalchemy import DateTime, Table

from liaison_desk.models import metadata
from liaison_desk.store.db import Database
from liaison_desk.store.search import BODIES

BULK_MIN_ROWS = 2000  # below this the per-row search triggers are cheap enough


def insert_rows(conn: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts; missing keys are NULL) through SQLAlchemy's bind processors, memoised per column."""
    if not rows:
        return
    keys = {k for r in rows for k in r}
    cols = [c for c in table.columns if c.name in keys]
    names = [c.name for c in cols]
    bound = [(i, p, c) for i, c in enumerate(cols) if (p := c.type._cached_bind_processor(conn.dialect))]
    # Memoised per value where values repeat (dates, flags); timestamps are nearly all distinct, so their
    # memo would only add a failed lookup per value.
    procs: list[tuple[int, Any, dict[Any, Any]]] = [(i, p, {}) for i, p, c in bound
                                                    if not _timestamp(c)]
    direct = [(i, p) for i, p, c in bound if _timestamp(c)]

    pick = operator.itemgetter(*names)  # a row with every column: its values in one call
    one = len(names) == 1

    def values() -> Iterator[list[Any]]:
        for row in rows:
            try:
                vals = [pick(row)] if one else list(pick(row))
            except KeyError:
                vals = [row.get(n) for n in names]
            for i, proc, memo in procs:
                v = vals[i]
                try:
                    vals[i] = memo[v]
                except KeyError:
                    vals[i] = memo[v] = proc(v)
                except TypeError:  # unhashable: not memoised
                    vals[i] = proc(v)
            for i, proc in direct:
                vals[i] = proc(vals[i])
            yield vals

    raw = conn.connection.dbapi_connection
    quoted = ", ".join(f'"{n}"' for n in names)
    if conn.dialect.name == "postgresql":  # COPY: the server's own bulk path
        with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for vals in values():
                copy.write_row(vals)
        return
    raw.executemany(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})', values())


def _timestamp(column: Any) -> bool:
    return isinstance(getattr(column.type, "impl", column.type), DateTime)  # UTCDateTime decorates DateTime


class PausedSearch:
    """Within the caller's transaction: drop the FTS triggers (PostgreSQL: the pg_trgm indexes), and later
    index the new rows in one pass."""

    def __init__(self, conn: Any) -> None:
        self.raw = conn.connection.dbapi_connection
        self.triggers: list[Any] = []
        self.before: dict[str, int] = {}
        self.indexes: list[str] = []
        if conn.dialect.name != "sqlite":  # PostgreSQL: the pg_trgm GIN indexes, dropped and built again after
            cur = self.raw.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s",
                                   ("%\\_search\\_trgm",))
            for name, definition in cur.fetchall():
                self.indexes.append(definition)
                self.raw.execute(f'DROP INDEX "{name}"')
            return
        self.triggers = self.raw.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' "
                                         "AND name LIKE '%\\_fts\\_%' ESCAPE '\\'").fetchall()
        self.before = {t: self.raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0] for t in BODIES}
        for name, _sql in self.triggers:
            self.raw.execute(f'DROP TRIGGER "{name}"')

    def resume(self) -> None:
        """Index the rows inserted since the pause, and put the triggers back (same SQL)."""
        for definition in self.indexes:  # one build over all rows: far cheaper than a GIN insert per row
            self.raw.execute(definition)
        if not self.before:
            return
        for table, body in BODIES.items():
            self.raw.execute(f"INSERT INTO {table}_fts(rowid, body) SELECT rowid, {body} FROM {table} "
                             "WHERE rowid > ?", (self.before[table],))
        for _name, sql in self.triggers:
            self.raw.execute(sql)


def load_tables(db: Database, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Bulk-load every table in one transaction, fast: raw executemany, FTS filled once at the end.

    The search triggers are paused for the load (PausedSearch) and the FTS indexes are
    filled in one pass — ten times cheaper than a trigger per row. Values go
    through SQLAlchemy's own bind processors (memoised per column), so the file is identical to a
    plain `conn.execute(table.insert(), rows)`.
    """
    schema = metadata()
    tables = schema.tables
    order = [t.name for t in schema.sorted_tables if t.name in rows]
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # before BEGIN: a crash mid-load loses only a demo database, so trade safety for speed
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("PRAGMA cache_size=-262144")
        try:
            with conn.begin():
                paused = PausedSearch(conn)
                for name in order:
                    _load_table(conn, tables[name], rows[name])
                paused.resume()
        finally:
            if sqlite:
                raw.execute("PRAGMA synchronous=NORMAL")
                raw.execute("PRAGMA cache_size=-2000")
    db.notify(*order)
    return {name: len(rows[name]) for name in order}


def _load_table(conn: Any, table: Any, data: list[dict[str, Any]]) -> None:
    """INSERT `data` into `table` in bulk (SQLAlchemy Core when a column is left out, for its default)."""
    if not data:
        return
    if len(data[0]) < len(table.columns):
        # an executemany compiles its INSERT from the first row's keys: insert each run of rows with the same
        # keys together, in order, so a row with more columns is not cut to the first row's
        start = 0
        for i in range(1, len(data) + 1):
            if i == len(data) or data[i].keys() != data[start].keys() or i - start == 5000:
                conn.execute(table.insert(), data[start:i])
                start = i
        return
    insert_rows(conn, table, data)
