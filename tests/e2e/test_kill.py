"""Kill tests: real processes doing an import, an export, a backup and edits are `kill -9`ed at random moments.

After each kill: `PRAGMA integrity_check` is ok, the data is exactly the state before or after the
operation, and no partial file sits under a final name. A fork server (this file run as a script)
imports the program once and forks one child process per run, so 20 kills per operation stay fast.
Run as `python tests/e2e/test_kill.py serve`; benchmarks/soak_kill.py runs 100 kills per operation.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

KILLS = int(os.environ.get("LIAISON_KILLS", "20"))
OPS = ("import", "export", "backup", "edits")
EDITS = 25
pytestmark = [pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill harness forks (POSIX only)"),
              pytest.mark.slow]


# ----------------------------------------------------------------------------------------- the child
def _child(op: str, db_path: str, out: str, progress: str):  # type: ignore[no-untyped-def]
    """What one killed process does (runs in a forked child; ends with os._exit). Returns the db."""
    from liaison_desk.store import open_database

    def mark(text: str) -> None:
        with open(progress, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
            fh.flush()

    db = open_database(db_path, lock=True)
    db.operator = "测试"
    mark("opened")
    if op == "import":
        from liaison_desk.ledger.roster_import import apply_plan, preview_file
        from liaison_desk.store.backup import before_import

        before_import(Path(db_path))
        mark("backed-up")
        apply_plan(db, preview_file(db, Path(out) / "roster.xlsx"))
    elif op == "export":
        from liaison_desk.ledger.handoff_export import export_handoff
        from liaison_desk.services.handoff.service import HandoffService

        export_handoff(HandoffService(db), Path(out) / "handoff.xlsx")
    elif op == "backup":
        from liaison_desk.store.backup import make_backup

        make_backup(Path(db_path), "手动", Path(out), file_name="copy.db")
        mark("usb")
        make_backup(Path(db_path), "手动")
    elif op == "edits":
        from liaison_desk.services.station import StationService

        station = StationService(db)
        for i in range(EDITS):
            station.save_agency(f"测试承办单位{i:03d}", "政府部门", phone=f"0315-{i:07d}")
            station.save_station(notes=f"第{i}次修改")
            mark(f"committed {i}")
    mark("done")
    return db


def serve() -> None:
    """Fork server: read JSON commands on stdin, answer on stdout. Imports the program once."""
    import liaison_desk.ledger.handoff_export  # noqa: F401
    import liaison_desk.ledger.roster_import  # noqa: F401
    import liaison_desk.services.station  # noqa: F401
    import liaison_desk.store.backup  # noqa: F401
    from liaison_desk.store import open_database  # noqa: F401

    print("READY", flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if "warm" in cmd:  # run each operation once here so the children start with everything loaded
            import gc

            for w in cmd["warm"]:
                _child(w["op"], w["db"], w["out"], w["progress"]).close()
            gc.collect()
            print(json.dumps({"warm": True}), flush=True)
            continue
        if "wait" in cmd:
            _, status = os.waitpid(cmd["wait"], 0)
            print(json.dumps({"killed": os.WIFSIGNALED(status),
                              "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}), flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                sys.stdin.close()
                _child(cmd["op"], cmd["db"], cmd["out"], cmd["progress"])
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 3
            finally:
                os._exit(code)
        print(json.dumps({"pid": pid}), flush=True)


# ----------------------------------------------------------------------------------- the harness
class Server:
    def __init__(self) -> None:
        self.opened_after: float | None = None
        self.proc = subprocess.Popen([sys.executable, __file__, "serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=dict(os.environ))
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "READY"

    def ask(self, cmd: dict) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def run(self, op: str, work: Path, delay: float | None) -> tuple[bool, list[str]]:
        """Run `op` in a child; SIGKILL it after `delay` seconds (None: let it finish, noting when it had
        opened the database in `self.opened_after`)."""
        progress = work / "progress.txt"
        t0 = time.perf_counter()
        pid = self.ask({"op": op, "db": str(work / "live.db"), "out": str(work / "out"),
                        "progress": str(progress)})["pid"]
        if delay is not None:
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        else:
            self.opened_after = None
            while time.perf_counter() - t0 < 120:
                text = progress.read_text(encoding="utf-8") if progress.exists() else ""
                if self.opened_after is None and "opened" in text:
                    self.opened_after = time.perf_counter() - t0
                if "done" in text:
                    break
                time.sleep(0.002)
        result = self.ask({"wait": pid})
        assert result["killed"] or result["code"] == 0, f"{op} child failed with code {result['code']}"
        marks = progress.read_text(encoding="utf-8").split() if progress.exists() else []
        return result["killed"], marks

    def warm(self, templates: dict[str, Path], root: Path) -> None:
        runs = []
        for op in OPS:
            work = root / f"warm-{op}"
            prepare(op, templates, work)
            runs.append({"op": op, "db": str(work / "live.db"), "out": str(work / "out"),
                         "progress": str(work / "progress.txt")})
        assert self.ask({"warm": runs}) == {"warm": True}

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def make_templates(root: Path) -> dict[str, Path]:
    """An empty migrated database, the demo station, and a roster workbook to import."""
    from liaison_desk.demo import build
    from liaison_desk.ledger.roster_export import export_roster
    from liaison_desk.store import open_database

    root.mkdir(parents=True, exist_ok=True)
    empty = open_database(root / "empty.db")
    empty.close()
    demo = open_database(root / "demo.db")
    build(demo, "station", 7)
    export_roster(demo, root / "roster.xlsx")
    with demo.engine.begin() as conn:  # small data keeps each run short: 50 visits, 15 suggestions
        conn.exec_driver_sql("DELETE FROM suggestion WHERE rowid NOT IN (SELECT rowid FROM suggestion LIMIT 15)")
        conn.exec_driver_sql("DELETE FROM visit WHERE rowid NOT IN (SELECT rowid FROM visit LIMIT 50)")
    demo.close()
    for name in ("empty.db", "demo.db"):
        with sqlite3.connect(root / name) as c:  # fold the WAL in: templates are single files
            c.execute("PRAGMA journal_mode=DELETE")
        c.close()
    return {"empty": root / "empty.db", "demo": root / "demo.db", "roster": root / "roster.xlsx"}


def prepare(op: str, templates: dict[str, Path], work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    (work / "out").mkdir(parents=True)
    shutil.copy(templates["empty" if op == "import" else "demo"], work / "live.db")
    shutil.copy(templates["roster"], work / "out" / "roster.xlsx")


def integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as c:
        result = [r[0] for r in c.execute("PRAGMA integrity_check").fetchall()]
    c.close()
    return result


def query(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as c:
        rows = c.execute(sql).fetchall()
    c.close()
    return rows


def state(op: str, work: Path) -> object:
    """What the operation changes, as a comparable value (row ids and timestamps excluded)."""
    live = work / "live.db"
    if op == "import":
        return sorted(query(live, "SELECT name, phone FROM deputy"))
    if op == "export":  # confirmed exports (a pending one is recorded before the file is placed)
        return query(live, "SELECT COUNT(*) FROM exchangelog WHERE direction = 'export'")[0][0]
    if op == "backup":
        return query(live, "SELECT COUNT(*) FROM visit")[0][0], (work / "out" / "copy.db").exists()
    names = [r[0] for r in query(live, "SELECT name FROM agency WHERE name LIKE '测试承办单位%' ORDER BY name")]
    return names


def check_files(work: Path) -> list[str]:
    """Every database and workbook under a final name is complete; returns the problems found."""
    problems = []
    for p in list((work / "out").glob("*.db")) + list((work / "live.db.files" / "backups").glob("*.db")):
        if integrity(p) != ["ok"]:
            problems.append(f"partial backup {p.name}")
    xlsx = work / "out" / "handoff.xlsx"
    if xlsx.exists():
        from openpyxl import load_workbook

        try:
            wb = load_workbook(xlsx, read_only=True)
            wb.close()
        except Exception as e:  # a truncated workbook cannot be read
            problems.append(f"partial workbook: {type(e).__name__}")
    return problems


def workbook_export_id(path: Path) -> str:
    """The 交换编号 written in a handoff workbook's 说明 sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        ws = wb["说明"]
        return next(str(r[1]) for r in ws.iter_rows(values_only=True) if r and r[0] == "交换编号")
    finally:
        wb.close()


PARTS_LEFT: Counter[str] = Counter()  # .part files found after the next start, per operation


def parts_left(work: Path) -> list[Path]:
    """Temporary files (.name.PID.part) anywhere under the run's folder."""
    return sorted(work.rglob("*.part"))


def verify(op: str, work: Path, before: object, after: object, marks: list[str]) -> str:
    """Assert the invariants after one kill; returns where the kill landed (for the statistics)."""
    live = work / "live.db"
    assert integrity(live) == ["ok"], f"{op}: integrity_check failed"
    assert not check_files(work), f"{op}: {check_files(work)}"
    now = state(op, work)
    if op == "edits":
        done = sum(1 for m in marks if m == "committed")
        expected = [f"测试承办单位{i:03d}" for i in range(EDITS)]
        assert now == expected[:len(now)], "edits: not a prefix of the sequence"
        assert done <= len(now) <= done + 1, f"edits: {len(now)} rows but {done} commits confirmed"
        audits = query(live, "SELECT COUNT(*) FROM auditentry WHERE table_name='agency'")[0][0]
        assert audits == len(now), "edits: audit log out of step with the data"
    else:
        assert now in (before, after), f"{op}: state is neither before nor after"
        if "done" in marks:
            assert now == after, f"{op}: finished but the result is missing"
    if op == "export" and now == after:
        assert (work / "out" / "handoff.xlsx").exists(), "export: logged as exported but no file"
    if op == "export" and (work / "out" / "handoff.xlsx").exists():  # delivered: the station knows it
        export_id = workbook_export_id(work / "out" / "handoff.xlsx")
        assert query(live, "SELECT COUNT(*) FROM exchangelog WHERE direction IN ('export', 'pending') "
                           f"AND export_id = '{export_id}'")[0][0] == 1, "export: workbook placed but not recorded"
    if op == "backup" and "usb" in marks:
        assert (work / "out" / "copy.db").exists()
    # The next start clears the stale lock and opens the database normally.
    from liaison_desk.store import open_database

    db = open_database(live, lock=True, check=True)
    db.close()
    # … and leaves none of the killed process's temporary files behind: the start clears the database's
    # folders, the next write to the USB folder clears that one.
    from liaison_desk.files import atomic_write

    with atomic_write(work / "out" / "next.txt") as tmp:
        tmp.write_text("next write", encoding="utf-8")
    left = parts_left(work)
    PARTS_LEFT[op] += len(left)
    assert not left, f"{op}: temporary files left after the next start: {[p.name for p in left]}"
    last = marks[-1] if marks else "starting"
    return "finished" if last == "done" else ("opening" if last == "starting" else "mid-operation")


def run_kills(op: str, kills: int, root: Path, templates: dict[str, Path], server: Server,
              seed: int = 1) -> Counter[str]:
    """Measure one full run, then kill `kills` runs at random moments; returns where kills landed."""
    rng = random.Random(seed)
    work = root / op
    prepare(op, templates, work)
    before = state(op, work)
    t0 = time.perf_counter()
    killed, marks = server.run(op, work, None)
    duration = time.perf_counter() - t0
    opened = server.opened_after
    assert not killed and marks[-1] == "done" and opened is not None
    after = state(op, work)
    assert after != before
    verify(op, work, before, after, marks)
    landed: Counter[str] = Counter()
    for i in range(kills):
        prepare(op, templates, work)
        # every other kill anywhere in the run (opening included), the rest while the operation works
        delay = rng.uniform(0, duration * 1.1) if i % 2 else rng.uniform(opened, duration)
        _, marks = server.run(op, work, delay)
        landed[verify(op, work, before, after, marks)] += 1
    return landed


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill")
    templates = make_templates(root / "templates")
    server = Server()
    server.warm(templates, root)
    yield root, templates, server
    server.close()


@pytest.mark.parametrize("op", OPS)
def test_kill_at_random_moments_leaves_before_or_after(harness, op):
    root, templates, server = harness
    landed = run_kills(op, KILLS, root, templates, server, seed=OPS.index(op) + 1)
    # The kills must hit the operation itself, not only the start-up or the exit after it.
    assert landed["mid-operation"] >= max(1, KILLS // 5), dict(landed)


if __name__ == "__main__" and sys.argv[1:] == ["serve"]:
    serve()
