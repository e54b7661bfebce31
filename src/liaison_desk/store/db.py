"""One open database: engine, sessions, the operator's name, and change notification.

Opening an SQLite file that is already at the program's schema needs only Python's sqlite3: the engine
(SQLAlchemy) is made on first use, and `Database.read` serves the lists' plain SELECTs without it, so
the window's first rows come before SQLAlchemy (or the ORM) is imported.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from liaison_desk.config import DbPaths, resolve_db_path
from liaison_desk.errors import KnownError, NotADatabase, ReadOnlyDatabase

# Tables the migrations fill before the clerk types anything: a database with rows only here is empty.
SEEDED_TABLES = frozenset({"setting", "category", "scorerule", "alembic_version"})

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

log = logging.getLogger(__name__)

Listener = Callable[[frozenset[str]], None]


class Database:
    """An open database, an SQLite file at `path` or a PostgreSQL server (`url`); services take one.

    On a server `path` is only a stand-in naming where photos, attachments and backups live on this PC.
    """

    def __init__(self, path: Path, engine: Engine | None) -> None:
        self.path = path
        self.paths = DbPaths(path)
        self._engine = engine  # None: made on first use (an SQLite file; see `engine`)
        self.operator = ""  # who is working now (操作员); recorded in the audit log
        self._listeners: list[Listener] = []
        self.lock: Any = None  # store.lock.DbLock while this program holds the database
        self.startup_notes: list[str] = []  # what the start-up flow did (daily backup, stale lock …)
        self.read_only = False  # on a write-protected medium: every write raises ReadOnlyDatabase
        self.created = False  # this open created the database file
        self.url: str | None = None  # the server's URL (PostgreSQL), None for an SQLite file
        self.check_due = False  # the weekly quick_check is due: the window runs it after the first rows

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use for an SQLite file opened without it."""
        if self._engine is None:
            import liaison_desk.models
            from liaison_desk.store.engine import make_engine

            liaison_desk.models.load_all()  # SQLAlchemy's first import, one thread at a time

            self._engine = make_engine(self.path, read_only=self.read_only)
        return self._engine

    @engine.setter
    def engine(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql": the few services whose SQL differs ask this."""
        return "sqlite" if self.url is None else str(self.engine.dialect.name)

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> Rows:
        """The rows of one SELECT (`:name` parameters); see `reading` for several on one connection."""
        with self.reading() as c:
            return c.execute(sql, params)

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A connection for plain SELECTs: `c.execute(sql, params)` gives Rows, each a tuple whose fields are
        also attributes named by the columns. An SQLite file is read with Python's sqlite3 on a connection
        of its own that can only read — no SQLAlchemy, so the lists, side panels and start-up checks come
        before it (and the ORM) is imported; a server through the engine. Medium errors become the same
        KnownErrors as the engine's (store.engine.medium_error)."""
        if self.url is not None:
            from sqlalchemy import text

            with self.engine.connect() as server:
                yield Reader(lambda sql, params: Rows(server.execute(text(sql), params).all()),
                             str(server.dialect.name))
            return
        from liaison_desk.store.engine import medium_error

        try:
            conn = _read_connection(self.path, self.read_only)
            try:
                yield Reader(lambda sql, params: _sqlite_rows(conn, sql, params), "sqlite")
            finally:
                conn.close()
        except sqlite3.Error as e:
            known = medium_error(e, self.path)
            if known is not None:
                raise known from e
            raise

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def where(self) -> str:
        """The database for messages: the file's path, or the server's address without its password."""
        if self.url is not None:
            from liaison_desk.config import mask_url

            return mask_url(self.url)
        return str(self.path)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one service call; commits on success, rolls back on error. The ORM (SQLModel and
        every table) is imported here, on the first session: lists read through plain SQL need neither."""
        from sqlalchemy.orm.exc import StaleDataError
        from sqlmodel import Session

        import liaison_desk.models

        liaison_desk.models.load_all()

        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except StaleDataError as e:  # another clerk saved the same row between our read and our write
                s.rollback()
                from liaison_desk.errors import STALE, STALE_HINT, StaleEdit

                raise StaleEdit(STALE, hint=STALE_HINT) from e
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

    def counts(self, tables: Iterable[str] | None = None) -> dict[str, int]:
        """Row counts of `tables` (our own names; default: every table of the schema, for `check`)."""
        if tables is None:
            from liaison_desk.models import metadata

            names = sorted(metadata().tables)
        else:
            names = list(tables)
        return {name: int(self.read(f'SELECT COUNT(*) AS n FROM "{name}"')[0][0]) for name in names}

    def is_empty(self) -> bool:
        """No records of the clerk's yet: only what the migrations seed (settings, categories, score rules)."""
        return not any(n for t, n in self.counts().items() if t not in SEEDED_TABLES)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


READ_CACHE_KIB = 512  # the page cache of a read connection (SQLite's default is 2,000 KiB)


def _read_connection(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection to the SQLite file at `path` that can only read (query_only), with the engine's busy
    timeout; `read_only` (a write-protected medium) opens it as the engine does, immutable."""
    from liaison_desk.store.engine import BUSY_TIMEOUT_MS, ro_uri, rw_uri

    uri = ro_uri(path) if read_only else rw_uri(path)  # never creates a file
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute("PRAGMA query_only=ON")
    # A read connection lives for one read and several run at once (a tab's count, page and side panel in
    # workers): SQLite's default 2 MB page cache each raised the window's peak by about 5 MB on a county
    # database. 512 KB holds the hot index pages; scans stream from the OS cache (a county year's
    # statistics, register and attendance read as fast, measured 2026-12-03).
    conn.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
    return conn


class Rows(list[Any]):
    """The rows of one plain SELECT, with the few result methods the services use (as SQLAlchemy names them)."""

    def all(self) -> Rows:
        return self

    def first(self) -> Any:
        return self[0] if self else None

    def one(self) -> Any:
        if len(self) != 1:
            raise LookupError(f"expected one row, got {len(self)}")
        return self[0]

    def scalar(self) -> Any:
        return self[0][0] if self else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalars(self) -> Rows:
        return Rows(r[0] for r in self)

    def mappings(self) -> Rows:
        return Rows(r._asdict() for r in self)


class Reader:
    """What `Database.reading` yields: `execute(sql, params)` → Rows; `dialect.name` as on an engine's
    connection ("sqlite" or "postgresql")."""

    def __init__(self, run: Callable[[str, dict[str, Any]], Rows], dialect: str) -> None:
        self._run = run
        self.dialect = SimpleNamespace(name=dialect)

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Rows:
        return self._run(sql, dict(params or {}))


def _sqlite_rows(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> Rows:
    cur = conn.execute(sql, params)
    shape = _row_type(tuple(d[0] for d in cur.description))
    return Rows(shape._make(r) for r in cur.fetchall())


_ROW_TYPES: dict[tuple[str, ...], Any] = {}


def _row_type(columns: tuple[str, ...]) -> Any:
    """A namedtuple class for these column names (made once per shape)."""
    shape = _ROW_TYPES.get(columns)
    if shape is None:
        from collections import namedtuple

        shape = _ROW_TYPES[columns] = namedtuple("Row", columns, rename=True)
    return shape


def snapshot(src: Path, dest: Path) -> Path:
    """Copy a live database to `dest` with SQLite's online backup API, atomically (see store.backup)."""
    from liaison_desk.store.backup import copy_database

    dest.parent.mkdir(parents=True, exist_ok=True)
    return copy_database(src, dest)


WHEN_DUE = "when_due"  # open_database(check=WHEN_DUE): the start-up policy of startup_check.check_plan


def open_database(path: Path | str, *, upgrade: bool = True, lock: bool = False, check: bool | str = False,
                  daily_backup: bool = False, precheck: Any = None, create: bool = True,
                  make_folders: bool = True) -> Database:
    """Open the database at `path` and bring its schema up to date.

    A missing database is created only when `create` (its folder too when `make_folders`), else
    DatabaseMissing; a folder or a file that is not SQLite is NotADatabase. A database the OS will not
    let us change (a write-protected USB stick) opens read-only: `db.read_only`, writes refused with
    ReadOnlyDatabase. A database from a newer program is refused (DatabaseTooNew); an older one is copied
    to the backups folder before its upgrade. The start-up flow of the program adds, in this order:
    `lock` (one program per database, DatabaseInUse), `check` (quick_check; DatabaseDamaged offers the
    newest good backup; `precheck`, a startup_check.Precheck, is a quick_check already under way) and
    `daily_backup` (the first start of each day backs the database up). `check=True` always checks before
    opening; `check=WHEN_DUE` only after a stale lock, a restore or a migration, and otherwise sets
    `db.check_due` when the weekly check is due (startup_check.check_plan). With either, a migration is
    followed by a check, and a passed check is remembered.
    A `path` string that is a PostgreSQL URL (config.server_url) opens that server (store.server).
    """
    from liaison_desk.config import server_url
    from liaison_desk.errors import READ_ONLY
    from liaison_desk.store.probe import check_place, is_new

    url = server_url(path) if isinstance(path, str) else None
    if url is not None:  # a PostgreSQL server: no file lock, no quick_check, no daily file backup
        from liaison_desk.store.server import open_server_database

        server_db: Database = open_server_database(url, upgrade=upgrade)
        return server_db
    path = resolve_db_path(path)
    read_only = check_place(path, create=create, make_folders=make_folders)
    new = is_new(path)
    if new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            from liaison_desk.files import os_error_message

            raise KnownError(f"无法创建数据文件夹：{os_error_message(e)}", file=path.parent) from e
    held = None
    if lock and not read_only:
        from liaison_desk.store.lock import DbLock

        held = DbLock.acquire(DbPaths(path).lock)
    try:
        db = _open(path, upgrade, check, daily_backup and not read_only, precheck, read_only,
                   stale_lock=held is not None and held.stale is not None)
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
    db.read_only, db.created = read_only, new
    if new:
        db.startup_notes.append(f"已新建数据库：{path}")
    if read_only:
        db.startup_notes.append(READ_ONLY)
    if held is not None and held.stale is not None:
        db.startup_notes.append("上次程序没有正常关闭（可能停电或强制结束），已清除遗留的数据库锁")
    return db


def _check_now(path: Path, precheck: Any = None) -> None:
    """quick_check the file (or take the findings of the one already running); DatabaseDamaged if it fails,
    else remember the good check."""
    from liaison_desk.startup_check import record_good_check
    from liaison_desk.store.integrity import damaged_error, quick_check_file

    findings = precheck.findings() if precheck is not None and precheck.path == path else quick_check_file(path)
    if findings:
        log.error("database failed quick_check (%d findings)", len(findings))
        raise damaged_error(path, findings)
    record_good_check(path)


def _open(path: Path, upgrade: bool, check: bool | str, daily_backup: bool, precheck: Any = None,
          read_only: bool = False, stale_lock: bool = False) -> Database:
    from liaison_desk.errors import READ_ONLY_HINT
    from liaison_desk.startup_check import BEFORE_OPEN, IN_BACKGROUND, check_plan, force_check
    from liaison_desk.store import backup as backups
    from liaison_desk.store import migrate
    from liaison_desk.store.engine import make_engine
    from liaison_desk.store.probe import NOT_OURS

    existed = path.exists() and path.stat().st_size > 0
    check_due = checked = False
    if check and existed:
        plan = BEFORE_OPEN if check is True else check_plan(path, stale_lock=stale_lock)
        if plan == BEFORE_OPEN:
            _check_now(path, precheck)
            checked = True
        check_due = plan == IN_BACKGROUND
    if existed and not daily_backup and _at_head(path, read_only):
        db = Database(path, None)  # nothing to back up or migrate: the engine is made on first use
        db.read_only, db.check_due = read_only, check_due
        return db
    engine = make_engine(path, read_only=read_only)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA schema_version").scalar()
    except KnownError:
        engine.dispose()
        raise
    except Exception as e:  # a SQLite header but unreadable
        engine.dispose()
        if check and existed and not checked:  # damage met on the way: the check's answer, with the backup
            _check_now(path)
        raise KnownError("数据库文件已损坏，无法读取", file=path, hint="请从备份恢复（工具 → 从备份恢复）") from e
    db = Database(path, engine)
    try:
        if existed and not migrate.is_empty(engine) and migrate.current_revision(engine) is None:
            raise NotADatabase(NOT_OURS + "（是别的程序的 SQLite 数据库）", file=path,
                               hint="请选择联络站工作台的数据库（通常名为 liaison-desk.db）")
        if daily_backup and existed and not migrate.is_empty(engine) and backups.daily_backup_due(path):
            try:
                made = backups.make_backup(path, backups.DAILY)
                db.startup_notes.append(f"已自动备份：{made.name}")
            except KnownError as e:  # a failed daily backup must not keep the clerk from working
                log.warning("daily backup failed: %s", e.message)
                db.startup_notes.append(f"今天的自动备份没有完成：{e}")
        if upgrade and migrate.needs_upgrade(engine):
            if read_only:
                raise ReadOnlyDatabase("数据库在只读位置，而且是旧版程序的数据，需要先升级才能打开", file=path,
                                       hint=READ_ONLY_HINT)
            rewritten = existed and not migrate.is_empty(engine)
            if rewritten:
                made = backups.make_backup(path, backups.BEFORE_UPGRADE)
                log.info("backed up before upgrade to %s", made.name)
                force_check(path, "migration")  # cut off or not checked now: the next start checks first
            migrate.upgrade(engine)
            if rewritten and check:
                _check_now(path)
                check_due = False
    except BaseException:
        engine.dispose()
        raise
    db.check_due = check_due
    return db


def _at_head(path: Path, read_only: bool) -> bool:
    """The SQLite file at `path` is readable and at the program's schema revision (read with sqlite3 alone);
    False for anything else — the full open with the engine then answers (errors, upgrades, other files)."""
    from liaison_desk.store import migrate

    try:
        conn = _read_connection(path, read_only)
        try:
            found = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return len(found) == 1 and found[0][0] == migrate.head_revision()


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
