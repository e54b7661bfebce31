"""Township merge benchmark: the county demo split into one monthly workbook per station (93), all added to
one empty township database with `township add FOLDER`; time and peak memory, paired against a baseline,
and the totals checked against the stations' own counts.

    .venv/bin/python benchmarks/township_merge.py [--stations N] [--month 2026-11] [--runs 1] [--json F]

The county demo (93 stations) is the cached one of benchmarks/run.py. Each station's workbook is written by
the `township return` code over a copy of the county database (the same sheets a station's export has).
Baseline, run right after the program on the same folder (so both see the same machine load): a child
process that reads every sheet of every workbook with python-calamine and inserts every row with
SQLAlchemy Core into one SQLite file — the floor of "read 93 workbooks and store their rows", without
matching, checks, the import plan or one transaction per file. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import peak_mib, spawn_measured  # noqa: E402
from run import child_env, demo_database  # noqa: E402

BASELINE = r'''
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
from sqlalchemy import Column, MetaData, Table, Text, create_engine

folder, out = Path(sys.argv[1]), Path(sys.argv[2])
engine = create_engine(f"sqlite:///{out}")
meta, tables = MetaData(), {}
for book in sorted(folder.glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(book))
    with engine.begin() as conn:
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python()
            width = max((len(x) for x in rows), default=0)
            if not rows or not width:
                continue
            t = tables.get(name)
            if t is None or len(t.columns) < width:
                t = tables[name] = Table(f"s{len(tables)}_{width}", meta, *(Column(f"c{j}", Text) for j in range(width)))
                t.create(conn)
            data = [{f"c{j}": (None if v == "" else str(v)) for j, v in enumerate(row)} for row in rows]
            for k in range(0, len(data), 5000):
                conn.execute(t.insert(), data[k:k + 5000])
engine.dispose()
'''


def split(county: Path, out: Path, start: date, end: date, limit: int | None) -> int:
    """One workbook per station of the county database, written into `out`; how many."""
    from liaison_desk.ledger.handoff_export import write_workbook
    from liaison_desk.services.township.returns import ReturnService
    from liaison_desk.store import open_database

    con = sqlite3.connect(county)
    con.executemany("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                    [("township.name", "县人大常委会"), ("township.level", "county")])
    ids = [r[0] for r in con.execute("SELECT id FROM station ORDER BY name")][:limit]
    con.commit()
    con.close()
    db = open_database(county)
    for i, sid in enumerate(ids):
        with ReturnService(db).return_rows(sid, start, end) as data:
            write_workbook(data, out / f"{i + 1:03d}.xlsx")
    db.close()
    return len(ids)


def counts(path: Path, start: date, end: date, stations: int | None = None) -> dict[str, int]:
    """The month's records (and the stations' deputies), counted with sqlite3 (the oracle)."""
    con = sqlite3.connect(path)
    s, e = start.isoformat(), end.isoformat()
    only = ""
    if stations:
        only = f" AND station_id IN (SELECT id FROM station ORDER BY name LIMIT {stations})"
    one = lambda sql: con.execute(sql, (s, e)).fetchone()[0]  # noqa: E731
    out = {"visits": one(f"SELECT COUNT(*) FROM visit WHERE visited_on BETWEEN ? AND ?{only}"),
           "visitors (人次)": one(f"SELECT COALESCE(SUM(headcount), 0) FROM visit WHERE visited_on BETWEEN ? AND ?{only}"),
           "activities": one(f"SELECT COUNT(*) FROM activity WHERE day BETWEEN ? AND ?{only}"),
           "receptions held": one(f"SELECT COUNT(*) FROM receptionsession WHERE status = 'done' AND day BETWEEN ? AND ?{only}"),
           "suggestions registered": one(f"SELECT COUNT(*) FROM suggestion WHERE registered_on BETWEEN ? AND ?{only}"),
           "stations": con.execute("SELECT COUNT(*) FROM station").fetchone()[0] if not stations else stations}
    con.close()
    return out


def timed_child(cmd: list[str], stdout: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS MiB, exit code) of one child process."""
    t0 = time.perf_counter()
    with open(stdout, "w") as out:  # through the launcher: this process has grown by the split (common.py)
        child, peak = spawn_measured(cmd, env=child_env(), stdout=out, stderr=subprocess.DEVNULL)
        code = child.wait()
    return time.perf_counter() - t0, peak_mib(peak), code


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stations", type=int, default=None, help="only the first N stations")
    ap.add_argument("--month", default="2026-11")
    ap.add_argument("--runs", type=int, default=1, help="paired runs (program, then baseline)")
    ap.add_argument("--json", type=Path, help="also write the result here")
    args = ap.parse_args()
    y, m = (int(p) for p in args.month.split("-"))
    start, end = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    work = Path(tempfile.mkdtemp(prefix="township-bench-"))
    try:
        county = work / "county.db"
        shutil.copy(demo_database("county"), county)
        files = work / "usb"
        files.mkdir()
        t0 = time.perf_counter()
        n = split(county, files, start, end, args.stations)
        split_s = time.perf_counter() - t0
        size_mb = sum(f.stat().st_size for f in files.iterdir()) / 2**20
        runs = []
        for i in range(args.runs):
            town = work / f"township-{i}.db"
            cli = [sys.executable, "-m", "liaison_desk", "--db", str(town), "township"]
            subprocess.run([*cli, "init", "--name", "县人大常委会", "--level", "县"], check=True, env=child_env(),
                           stdout=subprocess.DEVNULL)
            before = load()
            add_s, add_mb, code = timed_child([*cli, "add", str(files), "--json"], work / "add.json")
            base_s, base_mb, base_code = timed_child([sys.executable, "-c", BASELINE, str(files),
                                                      str(work / f"baseline-{i}.db")], work / "base.out")
            text = (work / "add.json").read_text()
            report = json.loads(text) if text.strip() else {}
            refused = [f for f in report.get("files", []) if f["errors"]]
            runs.append({"add_seconds": round(add_s, 1), "add_peak_rss_mib": round(add_mb),
                         "baseline_seconds": round(base_s, 1), "baseline_peak_rss_mib": round(base_mb),
                         "ratio": round(add_s / base_s, 2), "exit": code, "baseline_exit": base_code,
                         "refused": len(refused), "load_before": before, "load_after": load()})
        expected = counts(county, start, end, args.stations)
        got = counts(work / "township-0.db", start, end)
        result = {"stations": n, "month": args.month, "workbooks_mib": round(size_mb, 1),
                  "split_seconds": round(split_s, 1), "runs": runs,
                  "median_ratio": statistics.median(r["ratio"] for r in runs),
                  "county": expected, "township": got, "totals_equal": expected == got,
                  "cpus": os.cpu_count()}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if all(r["exit"] == 0 for r in runs) and expected == got else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
