"""SQLite's quick_check of the database file, startable on a thread before the program has loaded
its database stack (SQLAlchemy, SQLModel: a third of a second), so the two overlap at start-up; and
when a start must run it at all.

The check reads the whole file (a county's 600 MB: a quarter of a second on a quiet PC, a second on a
busy one), so a start runs it in front of opening only when there is a reason to doubt the file: the
last session did not end cleanly (a stale lock), or a restore or a migration has just replaced or
rewritten it. Otherwise the window runs it at most weekly, in a worker after the first rows are shown.
The last good check is remembered in a small file in the database's `<name>.files/` folder (or, on a
write-protected medium, in the program's own data folder). A PostgreSQL server checks its own files.

Plain sqlite3 and file reads only: importing this module must stay cheap.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

log = logging.getLogger(__name__)

RECORD_NAME = "integrity-check.json"
CHECK_EVERY = timedelta(days=7)
BEFORE_OPEN = "before_open"  # check now, before the database is opened
IN_BACKGROUND = "in_background"  # due: check in a worker once the first rows are shown
NOT_DUE = "not_due"


def quick_check_file(path: Path) -> list[str]:
    """SQLite's quick_check of a database file: [] when it is sound, else what SQLite found."""
    target: str | Path = path
    uri = False
    if not (os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK)):  # a write-protected medium
        from urllib.parse import quote

        target, uri = f"file:{quote(Path(path).as_posix(), safe='/:')}?mode=ro&immutable=1", True
    try:
        with contextlib.closing(sqlite3.connect(target, timeout=5, uri=uri)) as conn:
            result = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as e:
        return [str(e)]
    return [] if result == ["ok"] else result[:10]


class Precheck:
    """quick_check of `path` running on a thread; `findings()` waits for it. A missing or empty file
    (a new database) is not opened at all, so nothing is created here."""

    def __init__(self, path: Path) -> None:
        self.path = path  # as config.resolve_db_path gave it
        self._findings: list[str] = []
        self._thread: threading.Thread | None = None
        if self.path.is_file() and self.path.stat().st_size > 0:
            self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        self._findings = quick_check_file(self.path)

    def findings(self) -> list[str]:
        if self._thread is not None:
            self._thread.join()
        return list(self._findings)


def record_path(path: Path) -> Path:
    """Where the last good check of the database at `path` is remembered: `<name>.files/integrity-check.json`
    beside it, or in the program's data folder when the database's folder is write-protected."""
    from liaison_desk.config import DbPaths, data_dir

    if os.access(Path(path).parent, os.W_OK):
        return DbPaths(Path(path)).files / RECORD_NAME
    import hashlib  # here: hashlib loads OpenSSL (≈ 3 MB), and this is the rare case

    key = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "checks" / f"{key}.json"


def read_record(path: Path) -> dict[str, str] | None:
    """The remembered state of the database's checks ({"checked_at": ISO time, "force": reason}), or None."""
    try:
        data = json.loads(record_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None


def _write_record(path: Path, record: dict[str, str]) -> bool:
    target = record_path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as e:  # nowhere to remember it: the check is simply due again next time
        log.warning("could not record the integrity check: %s", e.strerror)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False
    return True


def record_good_check(path: Path, now: datetime | None = None) -> bool:
    """Remember that the database at `path` passed the check now (clears a forced check)."""
    when = (now or datetime.now()).isoformat(timespec="seconds")
    return _write_record(path, {"checked_at": when, "force": ""})


def force_check(path: Path, reason: str) -> bool:
    """The next start checks the database before opening it (`reason`: "restore", "migration")."""
    record = read_record(path) or {"checked_at": ""}
    record["force"] = reason
    return _write_record(path, record)


def check_plan(path: Path, *, stale_lock: bool, now: datetime | None = None) -> str:
    """When this start checks the database at `path`: BEFORE_OPEN, IN_BACKGROUND or NOT_DUE."""
    if stale_lock:
        return BEFORE_OPEN
    record = read_record(path)
    if record is None:
        return IN_BACKGROUND  # never checked by this program, or copied here without its record
    if record.get("force"):
        return BEFORE_OPEN
    try:
        checked = datetime.fromisoformat(record.get("checked_at", ""))
    except ValueError:
        return IN_BACKGROUND
    now = now or datetime.now()
    if checked > now + timedelta(days=1) or now - checked >= CHECK_EVERY:  # old, or the clock went back
        return IN_BACKGROUND
    return NOT_DUE


def check_before_open(path: Path) -> bool:
    """Whether a start will check the database before opening it: a lock file is left (the last session
    did not end cleanly, or another program holds it) or a restore or migration forced it. Cheap: two
    small files are looked at, the database is not opened."""
    from liaison_desk.config import DbPaths

    if not (path.is_file() and path.stat().st_size > 0):
        return False
    return DbPaths(path).lock.exists() or check_plan(path, stale_lock=False) == BEFORE_OPEN
