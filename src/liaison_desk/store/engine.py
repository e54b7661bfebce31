"""The SQLAlchemy engine for one SQLite file: WAL, foreign keys on, a busy timeout; read-only when it must be.

Errors SQLite reports about the medium (read-only, full, locked, removed) become KnownErrors in Chinese
at this one place, whatever service hit them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # SQLAlchemy loads with the first engine: reads before it use sqlite3 (store.db.Database.read)
    from sqlalchemy import Engine

BUSY_TIMEOUT_MS = 5000
# Databases whose writes are stopped (a quick_check found damage while the program ran), by resolved
# path, with the error every write raises instead; restore_file lifts it when it replaces the file.
_WRITES_STOPPED: dict[str, Exception] = {}


def stop_writes(path: Path, error: Exception) -> None:
    """From now on every new connection to the database at `path` only reads; a write raises `error`.
    The caller disposes the engine's pool so no writable connection stays in it."""
    _WRITES_STOPPED[str(Path(path).resolve())] = error


def allow_writes(path: Path) -> None:
    _WRITES_STOPPED.pop(str(Path(path).resolve()), None)


def writes_stopped(path: Path) -> Exception | None:
    """The error writes to the database at `path` raise, when they are stopped."""
    return _WRITES_STOPPED.get(str(Path(path).resolve()))


def ro_uri(path: Path) -> str:
    """The sqlite3 URI of the file at `path` opened read-only and immutable (a write-protected medium)."""
    return f"file:{quote(Path(path).as_posix(), safe='/:')}?mode=ro&immutable=1"


def rw_uri(path: Path) -> str:
    """The sqlite3 URI of the existing file at `path`: a file gone (a USB stick pulled) is an error, never a
    new empty database."""
    return f"file:{quote(Path(path).as_posix(), safe='/:')}?mode=rw"


def make_engine(path: Path, read_only: bool = False) -> Engine:
    """An engine whose every connection has foreign keys, WAL and a busy timeout set.

    `read_only` opens the file with SQLite's `mode=ro&immutable=1` (nothing is written, no -wal, -shm or
    lock file is created beside it): for a database on a write-protected USB stick.
    """
    from sqlalchemy import URL, create_engine, event

    if read_only:
        url = URL.create("sqlite", database=f"file:{quote(Path(path).as_posix(), safe='/:')}",
                         query={"mode": "ro", "immutable": "1", "uri": "true"})
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        # Let SQLAlchemy manage transactions with explicit BEGIN (pysqlite's own handling is off).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        if read_only or writes_stopped(path) is not None:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx: Any) -> None:
        known = medium_error(ctx.original_exception, path)
        if known is not None:
            raise known from ctx.original_exception

    return engine


def medium_error(e: BaseException, path: Path) -> Exception | None:
    """A KnownError for an SQLite error caused by the medium, None for anything else (a bug)."""
    from liaison_desk.errors import READ_ONLY, READ_ONLY_HINT, DatabaseInUse, KnownError, ReadOnlyDatabase

    if not isinstance(e, sqlite3.Error):
        return None
    extended = getattr(e, "sqlite_errorcode", None)
    code = extended & 0xFF if isinstance(extended, int) else None  # the primary result code
    text = str(e).lower()
    if code == sqlite3.SQLITE_READONLY or "attempt to write a readonly database" in text:
        stopped = writes_stopped(path)
        if stopped is not None:
            return stopped
        return ReadOnlyDatabase(READ_ONLY, file=path, hint=READ_ONLY_HINT)
    if code == sqlite3.SQLITE_FULL:
        return KnownError("磁盘或U盘空间不足，这次修改没有保存", file=path, hint="请删除一些不用的文件后再试")
    if code == sqlite3.SQLITE_BUSY:
        return DatabaseInUse("数据库正被另一个程序占用，等了 5 秒仍未释放，这次操作没有完成", file=path,
                             hint="请关闭另一个打开这份数据库的程序后再试")
    if code == sqlite3.SQLITE_IOERR:
        return KnownError("读写数据库出错，U盘可能已被拔出，这次操作没有完成", file=path,
                          hint="请插好U盘后重新打开程序")
    if code == sqlite3.SQLITE_CANTOPEN:
        return KnownError("找不到或打不开数据库文件，U盘可能已被拔出", file=path, hint="请检查后重新打开程序")
    return None
