"""Township merge benchmark: the county demo split into one November workbook per station, all added to one
township database with `township add FOLDER`; time, peak memory and totals checked against the county.

    .venv/bin/python benchmarks/township_merge.py [--stations N] [--month 2026-11]

The county demo (93 stations) is the cached one of benchmarks/run.py. Each station's workbook is written
by `township return` code over a copy of the county database (the same sheets a station's export has).
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import child_env, demo_database  # noqa: E402


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
    con = sqlite3.connect(path)
    s, e = start.isoformat(), end.isoformat()
    only = ""
    if stations:
        only = f" AND station_id IN (SELECT id FROM station ORDER BY name LIMIT {stations})"
    out = {"visits": con.execute(f"SELECT COUNT(*) FROM visit WHERE visited_on BETWEEN ? AND ?{only}", (s, e)).fetchone()[0],
           "activities": con.execute(f"SELECT COUNT(*) FROM activity WHERE day BETWEEN ? AND ?{only}", (s, e)).fetchone()[0],
           "suggestions registered": con.execute(
               f"SELECT COUNT(*) FROM suggestion WHERE registered_on BETWEEN ? AND ?{only}", (s, e)).fetchone()[0],
           "stations": con.execute("SELECT COUNT(*) FROM station").fetchone()[0] if not stations else stations}
    con.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stations", type=int, default=None, help="only the first N stations")
    ap.add_argument("--month", default="2026-11")
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
        town = work / "township.db"
        cli = [sys.executable, "-m", "liaison_desk", "--db", str(town), "township"]
        subprocess.run([*cli, "init", "--name", "县人大常委会", "--level", "县"], check=True, env=child_env(),
                       stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        with open(work / "add.json", "w") as out:
            child = subprocess.Popen([*cli, "add", str(files), "--json"], env=child_env(), stdout=out,
                                     stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
        add_s = time.perf_counter() - t0
        peak_mb = usage.ru_maxrss / 1024
        returncode = os.waitstatus_to_exitcode(status)
        text = (work / "add.json").read_text()
        report = json.loads(text) if text.strip() else {}
        refused = [f for f in report.get("files", []) if f["errors"]]
        expected = counts(county, start, end, args.stations)
        got = counts(town, start, end)
        result = {"stations": n, "month": args.month, "split_seconds": round(split_s, 1),
                  "add_seconds": round(add_s, 1), "add_peak_rss_mb": round(peak_mb), "exit": returncode,
                  "refused": len(refused), "county": expected, "township": got, "totals_equal": expected == got}
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0 if returncode == 0 and expected == got else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
