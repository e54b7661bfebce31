"""The reads before the database stack, and the stack's first import.

The database stack may be imported for the first time from several threads at once: the window reads its
first rows with sqlite3 alone, then its workers build services (each importing SQLAlchemy, SQLModel and the
tables) while the clerk opens a tab. SQLAlchemy's packages import each other in circles, and two threads
importing them at once see each other's half-built modules (ImportError: "partially initialized module").
Here a fresh process opens a station database the way the window does and asks for eight services and the
engine from eight threads released together; every one must arrive."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import DEMO_TODAY

CHILD = r"""
import json, sys, threading
from liaison_desk.services.workspace import open_for_window

assert "sqlalchemy" not in sys.modules
ws = open_for_window(sys.argv[1])
assert "sqlalchemy" not in sys.modules, "opening a database at the program's schema needs no SQLAlchemy"
names = ["station", "visits", "deadlines", "suggestions", "schedule", "activities", "audit", "township"]
results = {}

def build(name):
    start.wait()
    try:
        if name == "engine":
            results[name] = ws.db.engine.dialect.name
        else:
            results[name] = type(getattr(ws, name)).__name__
    except Exception as e:
        results[name] = f"{type(e).__name__}: {e}"

threads = [threading.Thread(target=build, args=(n,)) for n in names] + [threading.Thread(target=build, args=("engine",))]
start = threading.Barrier(len(threads))
for t in threads:
    t.start()
for t in threads:
    t.join()
ws.close()
print(json.dumps(results))
"""


def test_services_built_from_many_threads_at_once_all_arrive(tmp_path):
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    path = tmp_path / "station.db"
    db = open_database(path)
    build(db, "station", 7, DEMO_TODAY)
    db.close()
    for _ in range(8):  # a race: without the lock about one fresh process in four fails
        r = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        results = json.loads(r.stdout.strip().splitlines()[-1])
        assert results == {"station": "StationService", "visits": "VisitService", "deadlines": "DeadlineService",
                           "suggestions": "SuggestionService", "schedule": "ScheduleService",
                           "activities": "ActivityService", "audit": "AuditService", "township": "TownshipService",
                           "engine": "sqlite"}, results


def test_a_list_read_after_the_file_is_gone_is_a_chinese_error_and_creates_nothing(tmp_path):
    """The lists read with sqlite3 (Database.read): a database file that went away (a USB stick pulled)
    is the engine's Chinese error, and no empty database appears in its place."""
    import pytest

    from liaison_desk.errors import KnownError
    from liaison_desk.services.roster.listing import RosterListing
    from liaison_desk.store import open_database

    path = tmp_path / "station.db"
    db = open_database(path)
    db.close()
    db = open_database(path)  # at the program's schema: opened with sqlite3 alone
    assert RosterListing(db).count() == 0
    for extra in ("", "-wal", "-shm"):
        (tmp_path / f"station.db{extra}").unlink(missing_ok=True)
    with pytest.raises(KnownError, match="U盘可能已被拔出"):
        RosterListing(db).count()
    assert not path.exists()
    db.close()
