"""Moving a station's SQLite database onto a server (`migrate-to`): every table copied in bulk, then each
table's row count and checksum computed again on both sides, independently, and compared.

The checksum of a table is order-free: the sum (mod 2**64) of a SHA-256 of every row's normalised values
(text as is, dates and times as ISO text in UTC, truth values as 0/1, numbers by value, NULL as its own mark),
so SQLite and PostgreSQL, which sort text differently, still give equal sums for equal rows.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Table, select, text

from liaison_desk.errors import KnownError
from liaison_desk.models import metadata
from liaison_desk.store.bulk import insert_rows
from liaison_desk.store.db import SEEDED_TABLES, Database

log = logging.getLogger(__name__)
CHUNK = 5000
Progress = Callable[[str, int, int], None]  # (table, rows done, rows in the table)


@dataclass(frozen=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


def _norm(v: Any) -> str:
    if v is None:
        return "\x00NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(UTC).replace(tzinfo=None)
        return str(v.isoformat(sep=" ", timespec="microseconds"))
    if isinstance(v, date | time):
        return str(v.isoformat())
    if isinstance(v, float):
        return repr(float(v))
    return str(v)


def _rows(db: Database, table: Table) -> Iterator[tuple[Any, ...]]:
    """Every row of `table` as typed values (SQLAlchemy's processing: the same Python values on both)."""
    with db.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(select(*table.columns))
        for row in result:
            yield tuple(row)


def table_checksum(db: Database, table: Table) -> tuple[int, str]:
    """(row count, checksum) of `table` in `db`, read afresh from the database."""
    total, n = 0, 0
    for row in _rows(db, table):
        digest = hashlib.sha256("\x1f".join(_norm(v) for v in row).encode()).digest()
        total = (total + int.from_bytes(digest[:8], "big")) % 2**64
        n += 1
    return n, f"{total:016x}"


def _target_holds_data(target: Database) -> list[str]:
    with target.engine.connect() as conn:
        return [t for t in sorted(metadata().tables) if t not in SEEDED_TABLES
                and conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first() is not None]


def copy_all(source: Database, target: Database, progress: Progress | None = None) -> list[TableCheck]:
    """Copy every table of `source` into the empty `target` (one transaction), then verify each table.

    Refuses a target that already holds records. Seeded tables (settings, categories, score rules) take
    the source's rows. Raises KnownError when a table's count or checksum differs (the copy stays, the
    clerk is told which table).
    """
    filled = _target_holds_data(target)
    if filled:
        raise KnownError(f"目标数据库里已经有记录（{', '.join(filled[:5])}），为免覆盖，没有复制任何数据",
                         hint="请让管理员新建一个空数据库（CREATE DATABASE …），再把它的地址给 migrate-to")
    tables = [t for t in metadata().sorted_tables]
    with target.engine.connect() as conn, conn.begin():
        for t in reversed(tables):
            if t.name in SEEDED_TABLES:
                conn.execute(t.delete())
        for t in tables:
            _copy_table(source, conn, t, progress)
    if target.dialect == "postgresql":
        with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    checks = []
    for t in tables:
        n_src, sum_src = table_checksum(source, t)
        n_dst, sum_dst = table_checksum(target, t)
        checks.append(TableCheck(t.name, n_src, n_dst, sum_src, sum_dst))
    bad = [c for c in checks if not c.ok]
    if bad:
        log.error("migrate-to verification failed for %s", [c.table for c in bad])
        raise KnownError(f"复制后核对不一致：{', '.join(f'{c.table}（{c.source_rows}→{c.target_rows} 行）' for c in bad)}",
                         hint="请不要使用目标数据库，把这句话告诉技术人员")
    target.notify(*(t.name for t in tables))
    return checks


def _copy_table(source: Database, conn: Any, table: Table, progress: Progress | None) -> None:
    with source.engine.connect() as src:
        total = int(src.execute(text(f'SELECT COUNT(*) FROM "{table.name}"')).scalar_one())
    if progress:
        progress(table.name, 0, total)
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    names = [c.name for c in table.columns]
    later: list[dict[str, Any]] = []
    done, batch = 0, []
    for row in _rows(source, table):
        values = dict(zip(names, row, strict=True))
        if self_refs and any(values[c] is not None for c in self_refs):  # pointing at a row maybe not yet in
            later.append({"_id": values["id"], **{c: values[c] for c in self_refs}})
            values.update({c: None for c in self_refs})
        batch.append(values)
        if len(batch) >= CHUNK:
            insert_rows(conn, table, batch)
            done += len(batch)
            batch = []
            if progress:
                progress(table.name, done, total)
    if batch:
        insert_rows(conn, table, batch)
        done += len(batch)
    for ref in later:
        sets = ", ".join(f'"{c}" = :{c}' for c in self_refs)
        conn.execute(text(f'UPDATE "{table.name}" SET {sets} WHERE id = :_id'), ref)
    if progress:
        progress(table.name, done, total)
