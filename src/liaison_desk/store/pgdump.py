"""Backups of a server database with pg_dump / pg_restore (custom format): the SQLite backups' names,
folder and retention rule (store.backup), with `.dump` files.

The password reaches the tools through libpq's own PGPASSWORD / .pgpass, never on a command line.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_desk.config import DbPaths
from liaison_desk.errors import KnownError
from liaison_desk.files import clean_stale_parts, part_name

if TYPE_CHECKING:
    from liaison_desk.store.backup import BackupInfo
    from liaison_desk.store.db import Database

log = logging.getLogger(__name__)
SUFFIX = ".dump"
TOOL_HINT = ("请在这台电脑上安装 PostgreSQL 客户端程序（Debian/Ubuntu：apt install postgresql-client；"
             "Windows：安装 PostgreSQL 时选上 Command Line Tools）后再试")


def tool(name: str) -> str:
    """The path of pg_dump / pg_restore: on PATH, else the newest Debian cluster's bin folder."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise KnownError(f"找不到 PostgreSQL 的 {name} 程序，服务器上的数据库无法备份或恢复", hint=TOOL_HINT)


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """(a libpq URL without the password, the environment carrying the password if the URL had one)."""
    from liaison_desk.store.server import sqlalchemy_url

    u = sqlalchemy_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    plain = u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600)
    except OSError as e:
        raise KnownError(f"无法运行 {Path(args[0]).name}：{e.strerror}", hint=TOOL_HINT) from e
    if done.returncode != 0:
        from liaison_desk.privacy import scrub_log

        log.error("%s failed (%d): %s", Path(args[0]).name, done.returncode, scrub_log(done.stderr[-2000:]))
        first = next((ln for ln in done.stderr.splitlines() if ln.strip()), "")
        detail = "服务器拒绝了连接" if "password" in first or "authentication" in first else "详情已写入日志"
        raise KnownError(f"{what}没有完成（{Path(args[0]).name} 出错：{detail}）",
                         hint="请确认数据库服务器在运行、这台电脑装的 PostgreSQL 客户端不比服务器旧")


def make_dump(db: Database, kind: str, folder: Path | None = None, *, now: datetime | None = None,
              file_name: str | None = None) -> Path:
    """pg_dump the server database into `folder` (default: its backups folder, then the retention rule)."""
    from liaison_desk.store import backup as backups

    assert db.url is not None
    own_folder = folder is None
    target = DbPaths(db.path).backups if folder is None else folder
    target.mkdir(parents=True, exist_ok=True)
    if own_folder:
        clean_stale_parts(target)
    name = file_name or backups.backup_name(kind, now).removesuffix(".db") + SUFFIX
    dest = target / name
    n = 2
    while dest.exists():
        dest = target / name.replace(SUFFIX, f"-{n}{SUFFIX}")
        n += 1
    part = part_name(dest)
    plain, env = libpq_target(db.url)
    _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={part}",
          f"--dbname={plain}"], env, "备份")
    os.replace(part, dest)
    log.info("server backup written: %s (%d bytes)", dest.name, dest.stat().st_size)
    if own_folder:
        backups.prune(target, (now or datetime.now()).date())
    return dest


def inspect_dump(path: Path) -> BackupInfo:
    """Check a .dump: pg_restore can read its table of contents, and it holds our tables."""
    from liaison_desk.store.backup import BackupInfo, taken_at

    info = BackupInfo(path, taken_at(path), path.stat().st_size if path.is_file() else 0, False)
    if not path.is_file():
        info.problems.append("找不到这个备份文件")
        return info
    done = subprocess.run([tool("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        info.problems.append("这个文件不是数据库服务器的备份（pg_restore 读不出它的目录），或已经损坏")
        return info
    if " TABLE public alembic_version " not in done.stdout or " TABLE public deputy " not in done.stdout:
        info.problems.append("这个文件不是联络站工作台的数据库备份")
        return info
    info.ok = True
    return info


def restore_dump(db: Database, path: Path) -> Path:
    """Replace the server database's contents with the dump at `path`; the current data is dumped
    first (恢复前). Returns that safety dump."""
    from sqlalchemy import text

    from liaison_desk.store import backup as backups

    assert db.url is not None
    info = inspect_dump(path)
    if not info.ok:
        raise KnownError("不能从这个备份恢复：" + "；".join(info.problems), file=path, hint="当前数据没有改动")
    saved = make_dump(db, backups.BEFORE_RESTORE)
    db.engine.dispose()
    with db.engine.begin() as conn:  # empty the schema; the dump brings tables, functions and triggers back
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    plain, env = libpq_target(db.url)
    _run([tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
          f"--dbname={plain}", str(path)], env, "恢复")
    db.engine.dispose()
    return saved


def backup_before_upgrade(db: Database) -> Path | None:
    from liaison_desk.store import backup as backups

    return make_dump(db, backups.BEFORE_UPGRADE)
