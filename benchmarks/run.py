"""Liaison Desk benchmarks: P1–P7 at county scale, each as a ratio against a bare baseline run alongside.

    .venv/bin/python benchmarks/run.py [--scale county|small] [--runs 5] [--only P1,P3]

Builds the demo database once (`liaison-desk demo --scale county`, cached in benchmarks/.cache/, keyed
by the demo generator and the migrations), works on copies of it, and prints one table: measure, median
of the runs, the baseline's median, ratio and goal. Start-up measures (P1, P2, P4) run the program and
the baseline in fresh subprocesses (benchmarks/probes.py). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import WORK, Result, work_copy  # noqa: E402

ROOT = HERE.parent
SRC = ROOT / "src" / "liaison_desk"
CACHE = HERE / ".cache"
TODAY = "2026-11-28"  # fixed, so a cached database is the same whenever it was built
SCALES = {"county": "county", "small": "station"}


# the database -------------------------------------------------------------------------------------
def cache_key() -> str:
    h = hashlib.sha256()
    for p in sorted([*(SRC / "demo").glob("*.py"), *(SRC / "store" / "migrations" / "versions").glob("*.py")]):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


def demo_database(scale: str) -> Path:
    """The cached demo database for `scale`, built on first use (atomically: temp name, then rename)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{scale}-{cache_key()}.db"
    if path.exists():
        return path
    import fcntl

    with open(CACHE / f"build-{scale}.lock", "w") as lock:  # two benchmark runs never build at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            _build(scale, path)
    return path


def _build(scale: str, path: Path) -> None:
    for old in CACHE.glob(f"{scale}-*.db*"):
        old.unlink()
    tmp = CACHE / f"building-{scale}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    print(f"building the {scale} demo database (once) …", flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "liaison_desk", "demo", "--scale", SCALES[scale], "--seed", "7",
                    "--today", TODAY, "--db", str(tmp)], check=True, env=child_env(), stdout=subprocess.DEVNULL)
    import sqlite3

    con = sqlite3.connect(tmp)  # fold the WAL in, so the file alone is the database
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.rmtree(Path(str(tmp) + ".files"), ignore_errors=True)
    tmp.replace(path)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    print(f"built in {time.perf_counter() - t0:.1f} s: {path}", flush=True)


# subprocesses ---------------------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    """Offscreen Qt and private settings/data/log folders, so runs neither see nor leave user state."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CACHE_HOME", "cache")):
        env[var] = str(WORK / "xdg" / sub)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH", "")]))
    return env


def probe(mode: str, db: Path | str | None = None, timeout: float = 300, tab: str | None = None,
          keep_data: bool = False) -> tuple[float, float, dict[str, float]]:
    """Run probes.py MODE; returns (seconds from spawn to its report, peak RSS in MB, its report).
    `keep_data`: keep the data folder (a server database's backups live there, not beside a file)."""
    settings = WORK / "xdg"
    for sub in ("config", "state", "cache") if keep_data else ("",):
        shutil.rmtree(settings / sub, ignore_errors=True)  # a first start each time: no remembered tab or layout
    cmd = [sys.executable, str(HERE / "probes.py"), mode] + ([str(db)] if db else []) + ([tab] if tab else [])
    start = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), text=True)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"{mode} did not finish in {timeout:.0f} s")
        time.sleep(0.005)
    out, err = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"{mode} failed (exit {proc.returncode}):\n{err[-2000:]}")
    report = json.loads(lines[-1])
    return report["end"] - start, report.get("peak_mib", usage.ru_maxrss / 1024), report


# the measures -----------------------------------------------------------------------------------------
def p1_p2_p4(db: Path, runs: int, only: set[str]) -> list[Result]:
    p1 = Result("P1", "start → first window painted", "s", goal=1.5)
    p2a = Result("P2a", "start → 代表名册's first 100 rows on screen", "s", goal=1.0)
    p2b = Result("P2b", "start → 来访登记's first 100 rows on screen", "s", goal=1.0)
    p4 = Result("P4", "peak memory, database open, all tabs visited", "MB", goal=1.5)
    first = Result("P1f", "first start of a day → window painted (the day's backup and the weekly check "
                   "then run to completion; one run)", "s", goal=1.5)
    copy = work_copy(db, "startup.db")
    # A real first start of the day on a database copied here: its backup and its first check run after
    # the first rows and to the end, leaving no partial file. The measured runs below are then ordinary
    # starts of the same day (backed up, checked this week), as on the clerk's PC.
    first.values.append(probe("app-first-day", copy, timeout=1800)[0])
    left = [p.name for p in WORK.rglob("*.part")]
    if left:
        raise RuntimeError(f"the first start of the day left partial files: {left}")
    for _ in range(runs):
        if only & {"P1", "P4"}:
            t, mem, _ = probe("bare-window")
            p1.baselines.append(t)
            p4.baselines.append(mem)
        if "P1" in only:
            p1.values.append(probe("app-window", copy)[0])
        if "P2" in only:
            for result, tab in ((p2a, "roster"), (p2b, "visits")):
                result.baselines.append(probe("bare-rows", copy, tab=tab)[0])
                result.values.append(probe("app-rows", copy, tab=tab)[0])
        if "P4" in only:
            p4.values.append(probe("app-tabs", copy)[1])
    first.baselines = p1.baselines
    return [r for r in (p1, first, p2a, p2b, p4) if r.key[:2] in only and r.values]


def p3(db: Path, runs: int) -> list[Result]:
    lat = Result("P3", "type 3 characters in 来访登记 → results shown (after the 250 ms pause)", "ms", goal=3.0)
    stall = Result("P3s", "longest main-thread stall while typing", "ms", limit=100.0)
    copy = work_copy(db, "typing.db")
    for _ in range(runs):
        lat.baselines.append(probe("raw-fts", copy)[2]["latency_ms"])
        report = probe("app-typing", copy)[2]
        lat.values.append(report["latency_ms"])
        stall.values.append(report["max_stall_ms"])
    return [lat, stall]


def file_measures(db: Path, runs: int, only: set[str]) -> list[Result]:
    from filework import p5_export, p6_import, p7_print

    out: list[Result] = []
    for key, fn in (("P5", p5_export), ("P6", p6_import), ("P7", p7_print)):
        if key in only:
            try:
                out.extend(fn(db, runs, WORK))
            except Exception as e:  # another area's code broke mid-afternoon: say so, measure the rest
                traceback.print_exc()
                out.append(Result(key, fn.__doc__ or key, "s", note=f"failed: {type(e).__name__}"))
    return out


# output -----------------------------------------------------------------------------------------------
def fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "s":
        return f"{v:.2f} s" if v >= 1 else f"{v * 1000:.0f} ms"
    if unit == "ms":
        return f"{v:.0f} ms"
    return f"{v:.0f} {unit}"


def table(results: list[Result], scale: str, runs: int, file_runs: int | None = None) -> str:
    head = ("| # | measure | median | baseline | ratio (paired: min–max) | goal | met |\n"
            "|---|---|---|---|---|---|---|")
    lines = [head]
    for r in results:
        if r.note and r.value is None:
            lines.append(f"| {r.key} | {r.measure} | {r.note} | — | — | {goal_text(r)} | — |")
            continue
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        if (spread := r.ratio_range) and len(r.values) > 1:
            ratio += f" ({spread[0]:.2f}–{spread[1]:.2f})"
        met = {True: "yes", False: "**no**", None: "—"}[r.met()]
        lines.append(f"| {r.key} | {r.measure} | {fmt(r.value, r.unit)} | {fmt(r.baseline, r.unit)} | {ratio} "
                     f"| {goal_text(r)} | {met} |")
    cpu = os.cpu_count()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines.append("")
    counted = f"median of {runs} runs" + (f" ({file_runs} for P5–P7)" if file_runs and file_runs != runs else "")
    lines.append(f"{stamp} · scale {scale} · {counted} · {platform.system()} {platform.machine()}, "
                 f"{cpu} cores, Python {platform.python_version()} · load average at end "
                 f"{os.getloadavg()[0]:.1f}")
    return "\n".join(lines)


def goal_text(r: Result) -> str:
    return f"≤ {r.goal}×" if r.goal is not None else f"≤ {fmt(r.limit, r.unit)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="county")
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (the median is shown)")
    parser.add_argument("--file-runs", type=int, default=None,
                        help="runs for P5–P7 (default: --runs); a county export takes minutes per run")
    parser.add_argument("--only", default="P1,P2,P3,P4,P5,P6,P7", help="comma-separated measures")
    parser.add_argument("--json", metavar="FILE", help="also write the raw numbers as JSON")
    parser.add_argument("--table-from", nargs="+", metavar="FILE",
                        help="measure nothing: print one table from earlier --json files (later files win)")
    parser.add_argument("--db", metavar="URL",
                        help="postgresql://… holding the county demo: the server's table (benchmarks/server.py)")
    args = parser.parse_args(argv)
    if args.db:
        from server import main as on_server

        return on_server(["--db", args.db, "--runs", str(args.runs)])
    if args.table_from:
        by_key = {r["key"]: Result(**r) for f in args.table_from  # a later file's measure wins
                  for r in json.loads(Path(f).read_text(encoding="utf-8"))}
        saved = sorted(by_key.values(), key=lambda r: (r.key[:2], r.key))
        print(table(saved, args.scale, args.runs, args.file_runs))
        return 0
    only = {k.strip().upper() for k in args.only.split(",") if k.strip()}
    db = work_copy(demo_database(args.scale), "source.db")  # a rebuild of the cache cannot pull it away
    results: list[Result] = []
    steps: list[tuple[set[str], Callable[[], list[Result]]]] = [
        ({"P1", "P2", "P4"}, lambda: p1_p2_p4(db, args.runs, only)),
        ({"P3"}, lambda: p3(db, args.runs)),
        ({"P5", "P6", "P7"}, lambda: file_measures(db, args.file_runs or args.runs, only)),
    ]
    try:
        for keys, step in steps:
            if keys & only:
                print(f"measuring {', '.join(sorted(keys & only))} …", flush=True)
                results.extend(step())
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    results.sort(key=lambda r: (r.key[:2], r.key))
    print()
    print(table(results, args.scale, args.runs, args.file_runs))
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
