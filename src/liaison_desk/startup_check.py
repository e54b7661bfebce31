"""SQLite's quick_check of the database file, startable on a thread before the program has loaded
its database stack (SQLAlchemy, SQLModel: a third of a second), so the two overlap at start-up.

Plain sqlite3 only: importing this module must stay cheap.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path


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
