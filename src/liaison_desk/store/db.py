"""One open database: engine, sessions, the operator's name, and change notification."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

import liaison_desk.models  # noqa: F401  (registers every table for counts and migrations)
from liaison_desk.config import DbPaths
from liaison_desk.errors import KnownError
from liaison_desk.store import migrate
from liaison_desk.store.engine import make_engine

log = logging.getLogger(__name__)

Listener = Callable[[frozenset[str]], None]


class Database:
    """An open SQLite database at `path`; services take one of these."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.paths = DbPaths(path)
        self.engine = engine
        self.operator = ""  # who is working now (操作员); recorded in the audit log
        self._listeners: list[Listener] = []

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one service call; commits on success, rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(tables)` after a service changed rows of those tables."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def notify(self, *tables: str) -> None:
        changed = frozenset(tables)
        for listener in list(self._listeners):
            listener(changed)

    def counts(self) -> dict[str, int]:
        """Row counts of every table of the schema (for `check` and the status bar)."""
        from sqlmodel import SQLModel

        with self.engine.connect() as conn:
            return {
                name: int(conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())
                for name in sorted(SQLModel.metadata.tables)
            }

    def close(self) -> None:
        self.engine.dispose()


def snapshot(src: Path, dest: Path) -> Path:
    """Copy a live database to `dest` with SQLite's online backup API, atomically (temp name, rename)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        with sqlite3.connect(src) as source, sqlite3.connect(tmp) as target:
            source.backup(target)
        with open(tmp, "rb+") as fh:
            import os

            os.fsync(fh.fileno())
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


def open_database(path: Path | str, *, upgrade: bool = True) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema up to date.

    A database from a newer program is refused (DatabaseTooNew); an older one is copied to the
    backups folder before its upgrade.
    """
    path = Path(path).expanduser().resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KnownError(f"无法创建数据文件夹：{e.strerror}", file=path.parent) from e
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA schema_version").scalar()
    except Exception as e:  # not a database at all, or unreadable
        engine.dispose()
        raise KnownError("这个文件不是联络站工作台的数据库，或已经损坏", file=path,
                         hint="请选择正确的数据库文件，或从备份恢复") from e
    db = Database(path, engine)
    if upgrade and migrate.needs_upgrade(engine):
        if existed and not migrate.is_empty(engine):
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = snapshot(path, db.paths.backups / f"升级前-{stamp}.db")
            log.info("backed up before upgrade to %s", backup.name)
        migrate.upgrade(engine)
    return db
