"""A PostgreSQL server as the database (a county office's LAN): engine, errors in Chinese, pg_trgm.

The password comes only from libpq's own places (PGPASSWORD, ~/.pgpass); a password written into the
URL is accepted but never shown or logged (config.mask_url). Raw SQL written for SQLite's `?` and
`:name` placeholders runs unchanged: the engine rewrites them to psycopg's (outside string literals).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url

from liaison_desk.config import data_dir, mask_url
from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5
TRGM_MISSING = "数据库服务器上的数据库「{db}」缺少 pg_trgm 扩展（查找来访和建议要用）"
TRGM_HINT = "请管理员用有权限的账号连接该数据库执行：CREATE EXTENSION pg_trgm;  然后重新打开程序"


class ServerError(KnownError):
    """The database server cannot be reached, refuses us, or lacks something the program needs."""


def sqlalchemy_url(url: str) -> URL:
    """SQLAlchemy's URL for a libpq URL, always with the psycopg (3) driver."""
    try:
        u = make_url(url.strip())
    except Exception as e:
        raise ServerError(f"数据库地址写得不对：{mask_url(url)}",
                          hint="应为 postgresql://用户名@服务器:端口/数据库名") from e
    return u.set(drivername="postgresql+psycopg")


def describe(url: str) -> str:
    """user@host:port/db for messages (no password)."""
    u = sqlalchemy_url(url)
    host = u.host or str(u.query.get("host") or "本机")
    port = f":{u.port}" if u.port else ""
    user = f"{u.username}@" if u.username else ""
    return f"{user}{host}{port}/{u.database or ''}"


def files_anchor(url: str) -> Path:
    """Where photos, attachments and backups of a server database live on this PC: a stand-in path
    whose `<name>.files/` folder (config.DbPaths) holds them."""
    u = sqlalchemy_url(url)
    host = re.sub(r"[^\w.-]+", "_", u.host or str(u.query.get("host") or "local")).strip("_") or "local"
    name = re.sub(r"[^\w.-]+", "_", f"{host}-{u.port or 5432}-{u.database or 'postgres'}")
    return data_dir() / "servers" / f"{name}.db"


def make_server_engine(url: str) -> Engine:
    """An engine on the server: connect timeout, pre-ping, errors translated to ServerError."""
    from psycopg import ClientCursor

    # Client-side binding (as SQLite and psycopg2 do): a parameter is a literal the server types from its
    # context, so `:x IS NULL` and text compared with a date column work as they do on SQLite.
    engine = create_engine(sqlalchemy_url(url), pool_pre_ping=True, pool_size=4, max_overflow=8,
                           connect_args={"cursor_factory": ClientCursor, "connect_timeout": CONNECT_TIMEOUT_S, "application_name": "liaison-desk",
                                         "options": "-c timezone=UTC"})

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _raw_sql(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                 executemany: bool) -> tuple[str, Any]:
        if context is not None and _is_raw(context):
            sqlite_like_results(cursor)
            if getattr(context, "compiled", None) is None:  # exec_driver_sql: SQLite's ? and :name styles
                statement = sqlite_params_to_format(statement)
        return statement, parameters

    @event.listens_for(engine, "handle_error")
    def _on_error(ctx: Any) -> None:
        known = server_error(ctx.original_exception, url, ctx.is_disconnect, ctx.connection is None)
        if known is not None:
            raise known from ctx.original_exception

    return engine


def _is_raw(context: Any) -> bool:
    """A statement written as SQL text (text(), exec_driver_sql), not built from typed columns."""
    from sqlalchemy.sql.elements import TextClause

    compiled = getattr(context, "compiled", None)
    return compiled is None or isinstance(getattr(compiled, "statement", None), TextClause)


def sqlite_like_results(cursor: Any) -> None:
    """Make this cursor return what SQLite returns for raw SQL: dates, times and time stamps as the ISO
    text SQLite stores, NUMERIC as float, JSON as its text. Services wrote their raw SQL against SQLite;
    typed (ORM, Core) statements keep psycopg's own types, as SQLAlchemy's SQLite dialect gives them."""
    for name, loader in _LOADERS.items():
        cursor.adapters.register_loader(name, loader)


def _make_loaders() -> dict[str, Any]:
    from psycopg.adapt import Loader

    class Text(Loader):
        def load(self, data: Any) -> str:
            return bytes(data).decode()

    class Stamp(Loader):  # 2026-11-28 10:00:00.5+00 → 2026-11-28 10:00:00.500000 (the session is UTC)
        def load(self, data: Any) -> str:
            value = bytes(data).decode()
            if value[-3:-2] in ("+", "-") and value[-3:].replace("+", "").replace("-", "").isdigit():
                value = value[:-3]
            head, _, frac = value.partition(".")
            return f"{head}.{frac.ljust(6, '0')[:6]}"

    class Number(Loader):
        def load(self, data: Any) -> float:
            return float(bytes(data).decode())

    return {"date": Text, "time": Stamp, "timestamp": Stamp, "timestamptz": Stamp, "numeric": Number,
            "json": Text, "jsonb": Text}


_LOADERS = _make_loaders()


def sqlite_params_to_format(sql: str) -> str:
    """SQLite's `?` and `:name` placeholders → psycopg's `%s` and `%(name)s`, a literal `%` → `%%`;
    quoted strings and identifiers keep their text (a `%` in them doubled, as psycopg wants)."""
    out: list[str] = []
    quote = ""
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if quote:
            if ch == quote:
                quote = ""
            out.append("%%" if ch == "%" else ch)
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_") and sql[i - 1:i] != ":":
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            out.append(f"%({sql[i + 1:j]})s")
            i = j
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def server_error(e: BaseException, url: str, disconnect: bool = False,
                 connecting: bool = False) -> ServerError | None:
    """A ServerError for what the server or the network did, None for anything else (a bug)."""
    import psycopg

    if not isinstance(e, psycopg.Error):
        return None
    state = getattr(e, "sqlstate", None)
    text = str(e)
    u = sqlalchemy_url(url)
    where = describe(url)
    # On connecting libpq gives no SQLSTATE: the server's words decide (English, or a Chinese server's).
    if state == "28P01" or any(w in text for w in ("password authentication failed", "密码认证失败", "口令认证失败")):
        return ServerError(f"数据库服务器拒绝了用户「{u.username or ''}」的密码（{where}）",
                           hint="请检查环境变量 PGPASSWORD 或 .pgpass 文件里的密码")
    if "no password supplied" in text:
        return ServerError(f"数据库服务器要求用户「{u.username or ''}」输入密码，但没有提供（{where}）",
                           hint="请在环境变量 PGPASSWORD 或 .pgpass 文件里写上密码（不要写在地址里）")
    if state == "28000" or re.search(r'role "[^"]*" does not exist|no pg_hba.conf entry|角色 "[^"]*" 不存在', text):
        return ServerError(f"数据库服务器不允许用户「{u.username or ''}」登录（{where}）",
                           hint="请管理员检查用户名和服务器的 pg_hba.conf 设置")
    if state == "3D000" or re.search(r'database "[^"]*" does not exist|数据库 "[^"]*" 不存在', text):
        return ServerError(f"数据库服务器上没有数据库「{u.database or ''}」（{where}）",
                           hint=f"请检查地址中的数据库名，或请管理员先创建：CREATE DATABASE {u.database or '数据库名'};")
    if connecting or state == "57P03" or (isinstance(e, psycopg.OperationalError) and state is None
                                          and not disconnect):
        return ServerError(f"无法连接数据库服务器（{where}）：服务器没有运行，或网络不通",
                           hint="请确认服务器已启动、地址和端口正确后再试")
    if disconnect or state in ("57P01", "57P02") or isinstance(e, psycopg.OperationalError) and state is None:
        return ServerError(f"与数据库服务器的连接断开了，这次操作没有完成（{where}）",
                           hint="请确认服务器在运行、网络通畅后再试")
    return None


def ensure_trgm(engine: Engine, url: str) -> None:
    """pg_trgm must be in the database (the search indexes use it): create it when we may, else say
    what the administrator must run."""
    from sqlalchemy import text

    with engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
            return
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        log.info("created extension pg_trgm")
    except KnownError:
        raise
    except Exception as e:
        log.warning("pg_trgm missing and cannot be created: %s", type(e).__name__)
        raise ServerError(TRGM_MISSING.format(db=sqlalchemy_url(url).database or ""), hint=TRGM_HINT) from e


def connect_check(engine: Engine) -> None:
    """Connect once, so an unreachable server or a refused login is reported before anything else."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as e:  # handle_error did not recognise it: still the server's answer, not a bug
        raise ServerError("无法连接数据库服务器", hint="请确认服务器已启动、地址正确后再试") from e


def open_server_database(url: str, *, upgrade: bool = True) -> Any:
    """Open the server database at `url` and bring its schema up to date (a store.db.Database).

    No single-program lock (several clerks share a server; row versions guard their edits), no
    quick_check (the server guards its own files). A schema from a newer program is refused.
    """
    from sqlalchemy import inspect

    from liaison_desk.errors import NotADatabase
    from liaison_desk.privacy import PEOPLE
    from liaison_desk.store import migrate
    from liaison_desk.store.db import PEOPLE_SQL, Database

    engine = make_server_engine(url)
    try:
        connect_check(engine)
        ensure_trgm(engine, url)
        db = Database(files_anchor(url), engine)
        db.url = url
        tables = set(inspect(engine).get_table_names())
        if tables and "alembic_version" not in tables:
            raise NotADatabase(f"数据库服务器上的「{sqlalchemy_url(url).database}」不是联络站工作台的数据库"
                               "（里面已有别的程序的表）", hint="请在地址中换一个数据库名，或请管理员新建一个空数据库")
        if upgrade and migrate.needs_upgrade(engine):
            if tables and not migrate.is_empty(engine):
                from liaison_desk.store import pgdump

                made = pgdump.backup_before_upgrade(db)
                if made is not None:
                    log.info("backed up before upgrade to %s", made.name)
            migrate.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    db.created = not tables

    def names() -> list[str]:
        from sqlalchemy import text

        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text(PEOPLE_SQL)) if r[0]]

    PEOPLE.set_source(names)
    if db.created:
        db.startup_notes.append(f"已在数据库服务器上建好数据表：{describe(url)}")
    return db
