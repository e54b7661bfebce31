"""Fast bulk inserts (handoff import, demo data): DB-API executemany, search triggers paused during the load;
`load_tables` loads a whole data set (the demo station, the county-scale benchmark data) in one transaction."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Table

from liaison_desk.models import metadata
from liaison_desk.store.db import Database
from liaison_desk.store.search import BODIES

BULK_MIN_ROWS = 2000  # below this the per-row search triggers are cheap enough
LOAD_CACHE_KIB = 65_536  # SQLite's page cache while a bulk load runs (its default is 2,000 KiB)
_SAMPLE = 200  # rows whose values decide whether a column's bind processor is memoised


def insert_rows(conn: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts; missing keys are NULL) through SQLAlchemy's bind processors, memoised per column."""
    if not rows:
        return
    keys = {k for r in rows for k in r}
    cols = [c for c in table.columns if c.name in keys]
    names = [c.name for c in cols]
    bound = [(i, p, c.name) for i, c in enumerate(cols) if (p := c.type._cached_bind_processor(conn.dialect))]
    # A bind processor costs microseconds a value (a timestamp's is formatted in Python): memoised per value
    # where the rows' first values repeat (dates, flags, a batch's one timestamp), called directly where they
    # do not (timestamps of records made one by one), so a miss does not add a failed lookup to each value.
    sample = rows[:_SAMPLE]
    procs: list[tuple[int, Any, dict[Any, Any]]] = []
    direct: list[tuple[int, Any]] = []
    for i, p, name in bound:
        try:
            repeats = len({r.get(name) for r in sample}) * 2 <= len(sample)
        except TypeError:  # unhashable values: never memoised
            repeats = False
        if repeats:
            procs.append((i, p, {}))
        else:
            direct.append((i, p))

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


class PausedSearch:
    """Within the caller's transaction: drop the FTS triggers (PostgreSQL: the pg_trgm indexes), and later
    index the new rows in one pass.

    `new_rows` ({table: rows about to be inserted}) also sets aside, on SQLite, the ordinary (non-unique)
    indexes of each table that at least doubles: building an index once over the loaded table is cheaper
    than inserting every row into a dozen B-trees (来访登记 has twelve). Unique indexes stay, so a
    duplicate is refused as it is inserted. `resume` builds them again with their own SQL, before the
    transaction commits; a failure rolls the drops back with the rows. The connection's page cache is
    raised for the load (the primary keys are random UUIDs) until `close`."""

    def __init__(self, conn: Any, new_rows: dict[str, int] | None = None) -> None:
        self.raw = conn.connection.dbapi_connection
        self.triggers: list[Any] = []
        self.before: dict[str, int] = {}
        self.indexes: list[str] = []
        self.cache: int | None = None
        if conn.dialect.name != "sqlite":  # PostgreSQL: the pg_trgm GIN indexes, dropped and built again after
            cur = self.raw.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s",
                                   ("%\\_search\\_trgm",))
            for name, definition in cur.fetchall():
                self.indexes.append(definition)
                self.raw.execute(f'DROP INDEX "{name}"')
            return
        cache = self.raw.execute("PRAGMA cache_size").fetchone()[0]  # KiB when negative, else pages
        kib = -cache if cache < 0 else cache * self.raw.execute("PRAGMA page_size").fetchone()[0] // 1024
        if kib < LOAD_CACHE_KIB:  # never lowered (load_tables sets its own)
            self.cache = cache
            self.raw.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KIB}")
        self.triggers = self.raw.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' "
                                         "AND name LIKE '%\\_fts\\_%' ESCAPE '\\'").fetchall()
        self.before = {t: self.raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}").fetchone()[0] for t in BODIES}
        for name, _sql in self.triggers:
            self.raw.execute(f'DROP TRIGGER "{name}"')
        for table, n in (new_rows or {}).items():
            if n < BULK_MIN_ROWS or self.raw.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] > n:
                continue
            for name, sql in self.raw.execute("SELECT name, sql FROM sqlite_master WHERE type='index' "
                                              "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall():
                if not sql.upper().startswith("CREATE UNIQUE"):
                    self.indexes.append(sql)
                    self.raw.execute(f'DROP INDEX "{name}"')

    def resume(self) -> None:
        """Build the indexes set aside, index the rows inserted since the pause, and put the triggers back."""
        for definition in self.indexes:  # one build over all rows: far cheaper than an insert per row
            self.raw.execute(definition)
        if not self.before:
            return
        for table, body in BODIES.items():
            self.raw.execute(f"INSERT INTO {table}_fts(rowid, body) SELECT rowid, {body} FROM {table} "
                             "WHERE rowid > ?", (self.before[table],))
        for _name, sql in self.triggers:
            self.raw.execute(sql)

    def close(self) -> None:
        """The connection's own page cache again, once the load is over (whether it went in or failed)."""
        if self.cache is not None:
            self.raw.execute(f"PRAGMA cache_size={int(self.cache)}")
            self.cache = None


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
