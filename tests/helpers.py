"""Helpers for tests: run the CLI in a subprocess, constants shared by test modules."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

DEMO_TODAY = date(2026, 11, 28)  # demo data is built relative to this day in tests
DATA = Path(__file__).parent / "data"


@contextmanager
def read_only_place(db: Path, folder: Path) -> Iterator[Path]:
    """A copy of the database `db` in `folder`, which the operating system then refuses to change.

    As root (who ignores permission bits) the file and the folder are made immutable with `chattr +i`;
    otherwise they lose their write permission. Either way every write by any process fails, as on a
    write-protected USB stick. Skips the test where neither is possible.
    """
    import pytest

    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / db.name
    shutil.copy2(db, copy)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if root:
        made = subprocess.run(["chattr", "+i", str(copy), str(folder)], capture_output=True)
        if made.returncode != 0:
            pytest.skip("chattr +i is not available on this file system")
    else:
        copy.chmod(0o444)
        folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("the OS still lets this user write there")
        yield copy
    finally:
        if root:
            subprocess.run(["chattr", "-i", str(copy), str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)
            copy.chmod(0o644)


def new_database(path: Path) -> str:
    """An empty database at `path` (schema at head, no rows), as `station set` or the window's first
    start would leave it before any data; returns the path as text for run_cli."""
    from liaison_desk.store import open_database

    open_database(path).close()
    return str(path)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 300):
    """Run `python -m liaison_desk ARGS` in a subprocess; returns CompletedProcess (text)."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "liaison_desk", *args], capture_output=True, text=True,
                          env=e, timeout=timeout)


def type_text(widget, text: str) -> None:
    """Type `text` into a focused widget as a clerk would: ASCII as key presses, Chinese as an input
    method commits it (QTest.keyClicks cannot send non-ASCII characters)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest

    widget.setFocus()
    run = ""
    for ch in text + "\0":
        if ch.isascii() and ch != "\0":
            if run:
                ev = QInputMethodEvent()
                ev.setCommitString(run)
                QCoreApplication.sendEvent(widget, ev)
                run = ""
            QTest.keyClicks(widget, ch)
        elif ch != "\0":
            run += ch
        elif run:
            ev = QInputMethodEvent()
            ev.setCommitString(run)
            QCoreApplication.sendEvent(widget, ev)


def sql_rows(path: Path | str, sql: str, *args: object) -> list[tuple]:
    """Rows of `sql` read straight from a database file with sqlite3, or from a server database (a
    postgresql:// URL) with psycopg — `?` marks the arguments on both — an oracle independent of our code.
    Statements that change rows are committed."""
    if str(path).startswith(("postgresql:", "postgres:")):
        import psycopg

        from liaison_desk.store.pgdump import libpq_target

        with psycopg.connect(libpq_target(str(path))[0], autocommit=True) as pg:
            cur = (pg.execute(sql.replace("%", "%%").replace("?", "%s"), args) if args  # type: ignore[arg-type]
                   else pg.execute(sql))  # type: ignore[arg-type]
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
    import sqlite3

    con = sqlite3.connect(path)
    try:
        rows = con.execute(sql, args).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def station_workbooks(root: Path, names: tuple[str, ...], month: str = "2026-11") -> list[Path]:
    """Demo stations `names` (seeds 1, 2, …) in `root`/N.db, each exporting `month` to `root`/N.xlsx."""
    files = []
    for seed, name in enumerate(names, start=1):
        db = str(root / f"{seed}.db")
        assert run_cli("--db", db, "demo", "--station-name", name, "--seed", str(seed),
                       "--today", DEMO_TODAY.isoformat()).returncode == 0
        out = root / f"{seed}.xlsx"
        r = run_cli("--db", db, "handoff", "export", "--month", month, "--out", str(out))
        assert r.returncode == 0, r.stderr
        files.append(out)
    return files


def township_of(path: Path, files: list[Path], name: str = "青石镇人大主席团", level: str | None = None) -> Path:
    """A township database at `path` with `files` added."""
    init = ["--db", str(path), "township", "init", "--name", name] + (["--level", level] if level else [])
    assert run_cli(*init).returncode == 0
    r = run_cli("--db", str(path), "township", "add", *map(str, files))
    assert r.returncode == 0, r.stderr
    return path


def corrupt_table(path: Path, table: str) -> None:
    """Overwrite the root page of `table` (one the start never reads) with garbage."""
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = c.execute("PRAGMA page_size").fetchone()[0]
    c.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size:root * size] = b"\xff" * size
    path.write_bytes(bytes(data))
