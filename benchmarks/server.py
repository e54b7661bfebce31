"""Liaison Desk on a PostgreSQL server: start to window, first rows, search, a month's export.

    .venv/bin/python benchmarks/server.py --db postgresql://user@host/db [--runs 5]

The database must hold the county demo (`liaison-desk demo --scale county --db postgresql://…`). Start-up
measures run the program in fresh subprocesses (benchmarks/probes.py, as run.py does); search is the
program's VisitService (count + first page) against a bare pg_trgm ILIKE query of the same text through
psycopg; the month's export is the handoff workbook of the newest month. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import WORK, Result  # noqa: E402
from run import probe, table  # noqa: E402

QUERY = "自来水"
BODY = ("coalesce(visitor_name,'') || chr(10) || coalesce(visitor_address,'') || chr(10) || "
        "coalesce(content,'') || chr(10) || coalesce(request,'') || chr(10) || coalesce(handling_note,'')")


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def startup(url: str, runs: int) -> list[Result]:
    """The first start of the day makes the daily backup (pg_dump, into this PC's data folder): measured
    once (S1f); later starts keep that folder, as a clerk's PC does."""
    first = Result("S1f", "first start of a day → window painted (daily pg_dump first; one run)", "s")
    window = Result("S1", "start → first window painted (server database)", "s", goal=2.0)
    rows = Result("S2", "start → first tab's rows on screen (server database)", "s")
    first.values.append(probe("app-window", url)[0])
    for _ in range(runs):
        window.baselines.append(probe("bare-window", keep_data=True)[0])
        window.values.append(probe("app-window", url, keep_data=True)[0])
        rows.values.append(probe("app-rows", url, keep_data=True)[0])
    return [first, window, rows]


def search(url: str, runs: int) -> Result:
    import psycopg

    from liaison_desk.services.base import PAGE_SIZE, Page
    from liaison_desk.services.visits.service import VisitFilter, VisitService
    from liaison_desk.store import open_database
    from liaison_desk.store.pgdump import libpq_target

    r = Result("S3", f"search 「{QUERY}」 in 来访登记: count + first page vs bare pg_trgm ILIKE", "ms", goal=3.0)
    db = open_database(url)
    svc = VisitService(db)
    plain, _env = libpq_target(url)
    with psycopg.connect(plain) as raw:
        like = f"%{QUERY}%"

        def bare() -> None:
            raw.execute(f"SELECT COUNT(*) FROM visit WHERE ({BODY}) ILIKE %s", (like,)).fetchone()
            raw.execute(f"SELECT id, visited_on, visitor_name, content FROM visit WHERE ({BODY}) ILIKE %s "
                        f"ORDER BY visited_on DESC, id DESC LIMIT {PAGE_SIZE}", (like,)).fetchall()

        def program() -> None:
            f = VisitFilter(query=QUERY)
            svc.count(f)
            svc.list(f, Page())  # the first page, as the 来访登记 tab loads it

        bare()
        program()  # warm both
        for _ in range(runs):
            r.baselines.append(_timed(bare) * 1000)
            r.values.append(_timed(program) * 1000)
    db.close()
    return r


def month_export(url: str, runs: int) -> Result:
    from sqlalchemy import text

    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.store import open_database

    db = open_database(url)
    with db.engine.connect() as c:
        newest = date.fromisoformat(str(c.execute(text("SELECT MAX(visited_on) FROM visit")).scalar())[:10])
    start = newest.replace(day=1)
    r = Result("S4", f"a month's handoff export ({start:%Y-%m}, every sheet)", "s")
    for i in range(runs):
        out = WORK / f"month-{i}.xlsx"
        r.values.append(_timed(lambda out=out: export_handoff(HandoffService(db), out, start, newest)))
        out.unlink()
    db.close()
    return r


def scale(url: str) -> str:
    """What the database holds, in the table's footer: "county (199,950 visits)" or "station (220 visits)"."""
    from sqlalchemy import text

    from liaison_desk.store import open_database

    db = open_database(url)
    try:
        with db.engine.connect() as c:
            visits = int(c.execute(text("SELECT COUNT(*) FROM visit")).scalar_one())
    finally:
        db.close()
    return f"{'county' if visits > 10_000 else 'station'} ({visits:,} visits)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="postgresql://… holding the county demo")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    results = [*startup(args.db, args.runs), search(args.db, args.runs), month_export(args.db, max(1, args.runs // 2))]
    print(table(results, f"{scale(args.db)} on PostgreSQL", args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
