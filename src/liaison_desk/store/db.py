"""One open database: engine, sessions, the operator's name, and change notification."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

import liaison_desk.models  # noqa: F401  (registers every table for counts and migrations)
from liaison_desk.config import DbPaths, resolve_db_path
from liaison_desk.errors import KnownError
from liaison_desk.store import migrate
from liaison_desk.store.engine import make_engine

# Tables the migrations fill before the clerk types anything: a database with rows only here is empty.
SEEDED_TABLES = frozenset({"setting", "category", "scorerule", "alembic_version"})

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
        self.lock: Any = None  # store.lock.DbLock while this program holds the database
        self.startup_notes: list[str] = []  # what the start-up flow did (daily backup, stale lock …)

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

    def is_empty(self) -> bool:
        """No records of the clerk's yet: only what the migrations seed (settings, categories, score rules)."""
        return not any(n for t, n in self.counts().items() if t not in SEEDED_TABLES)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def snapshot(src: Path, dest: Path) -> Path:
    """Copy a live database to `dest` with SQLite's online backup API, atomically (see store.backup)."""
    from liaison_desk.store.backup import copy_database

    dest.parent.mkdir(parents=True, exist_ok=True)
    return copy_database(src, dest)


def open_database(path: Path | str, *, upgrade: bool = True, lock: bool = False, check: bool = False,
                  daily_backup: bool = False, precheck: Any = None) -> Database:
    """Open (creating if needed) the database at `path` and bring its schema up to date.

    A database from a newer program is refused (DatabaseTooNew); an older one is copied to the
    backups folder before its upgrade. The start-up flow of the program adds, in this order:
    `lock` (one program per database, DatabaseInUse), `check` (quick_check; DatabaseDamaged offers the
    newest good backup; `precheck`, a startup_check.Precheck, is a quick_check already under way) and
    `daily_backup` (the first start of each day backs the database up).
    """
    path = resolve_db_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KnownError(f"无法创建数据文件夹：{e.strerror}", file=path.parent) from e
    held = None
    if lock:
        from liaison_desk.store.lock import DbLock

        held = DbLock.acquire(DbPaths(path).lock)
    try:
        db = _open(path, upgrade, check, daily_backup, precheck)
    except BaseException:
        if held is not None:
            held.release()
        raise
    db.lock = held
    if held is not None:  # the program's start: writes cut off last time leave no temporary files behind
        from liaison_desk.files import clean_stale_parts

        for folder in (path.parent, DbPaths(path).backups, DbPaths(path).files):
            clean_stale_parts(folder)
    from liaison_desk.privacy import PEOPLE

    PEOPLE.set_source(names_from_sqlite(str(path)))  # the log scrubber masks their pinyin too
    if held is not None and held.stale is not None:
        db.startup_notes.append("上次程序没有正常关闭（可能停电或强制结束），已清除遗留的数据库锁")
    return db


def _open(path: Path, upgrade: bool, check: bool, daily_backup: bool, precheck: Any = None) -> Database:
    from liaison_desk.store import backup as backups

    existed = path.exists() and path.stat().st_size > 0
    if check and existed:
        from liaison_desk.store.integrity import damaged_error, quick_check_file

        findings = precheck.findings() if precheck is not None and precheck.path == path else quick_check_file(path)
        if findings:
            log.error("database failed quick_check (%d findings)", len(findings))
            raise damaged_error(path, findings)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA schema_version").scalar()
    except Exception as e:  # not a database at all, or unreadable
        engine.dispose()
        raise KnownError("这个文件不是联络站工作台的数据库，或已经损坏", file=path,
                         hint="请选择正确的数据库文件，或从备份恢复") from e
    db = Database(path, engine)
    try:
        if daily_backup and existed and not migrate.is_empty(engine) and backups.daily_backup_due(path):
            try:
                made = backups.make_backup(path, backups.DAILY)
                db.startup_notes.append(f"已自动备份：{made.name}")
            except KnownError as e:  # a failed daily backup must not keep the clerk from working
                log.warning("daily backup failed: %s", e.message)
                db.startup_notes.append(f"今天的自动备份没有完成：{e}")
        if upgrade and migrate.needs_upgrade(engine):
            if existed and not migrate.is_empty(engine):
                made = backups.make_backup(path, backups.BEFORE_UPGRADE)
                log.info("backed up before upgrade to %s", made.name)
            migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return db


PEOPLE_SQL = ("SELECT name FROM deputy UNION SELECT visitor_name FROM visit UNION SELECT citizen_name "
              "FROM suggestion UNION SELECT name FROM sessionofficial")


def names_from_sqlite(path: str) -> Callable[[], list[str]]:
    """A PEOPLE source reading every person's name from the SQLite file at `path` (read-only)."""

    def load() -> list[str]:
        import sqlite3
        from pathlib import Path

        conn = sqlite3.connect(Path(path).as_uri() + "?mode=ro", uri=True, timeout=5)
        try:
            return [r[0] for r in conn.execute(PEOPLE_SQL) if r[0]]
        finally:
            conn.close()

    return load
