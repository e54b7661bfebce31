"""Restoring a backup: check it, keep the current database, then swap the files atomically.

At every moment the database's own name holds either the complete old file or the complete restored
one; the current database is saved to the backups folder (or, if damaged, copied there as it is) first.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_desk.config import DbPaths
from liaison_desk.errors import KnownError
from liaison_desk.store.backup import (
    BEFORE_RESTORE,
    DAMAGED,
    BackupInfo,
    Progress,
    _fsync_dir,
    backup_name,
    copy_database,
    inspect,
    open_readonly,
)

if TYPE_CHECKING:
    from liaison_desk.store.db import Database

log = logging.getLogger(__name__)
_AUX = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    saved_current: Path | None  # 恢复前 backup of the database that was replaced (or its damaged copy)


def _healthy(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(path)) as c:
            return [r[0] for r in c.execute("PRAGMA quick_check").fetchall()] == ["ok"]
    except sqlite3.Error:
        return False


def save_current(db_path: Path, now: datetime | None = None) -> Path | None:
    """Keep the database about to be replaced: a checked backup when healthy, else a raw copy."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    folder = DbPaths(db_path).backups
    folder.mkdir(parents=True, exist_ok=True)
    if _healthy(db_path):
        return copy_database(db_path, folder / backup_name(BEFORE_RESTORE, now))
    dest = folder / backup_name(DAMAGED, now)
    try:
        shutil.copy2(db_path, dest)
        for suffix in _AUX[:1] + _AUX[2:]:
            aux = Path(f"{db_path}{suffix}")
            if aux.exists():
                shutil.copy2(aux, Path(f"{dest}{suffix}"))
    except OSError as e:
        raise KnownError(f"无法保存损坏的数据库副本（{e.strerror}），为安全起见没有恢复", file=dest) from e
    log.info("damaged database copied aside as %s", dest.name)
    return dest


def _leave_wal_mode(db_path: Path) -> None:
    """Fold the WAL into the main file and switch to rollback mode, so nothing applies to the new file.

    Fails when another connection has the database open: then we must not swap it.
    """
    try:
        with contextlib.closing(sqlite3.connect(db_path, timeout=1)) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            mode = c.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise KnownError("数据库正在被使用，无法恢复", file=db_path,
                             hint="请关闭其他正在使用这个数据库的程序后再试") from e
        return  # damaged: its WAL and journal are moved aside below
    except sqlite3.Error:
        return
    if mode != "delete":
        raise KnownError("数据库正在被使用，无法恢复", file=db_path,
                         hint="请关闭其他正在使用这个数据库的程序后再试")


def restore_file(db_path: Path, backup: Path, progress: Progress | None = None) -> RestoreResult:
    """Replace the database at `db_path` by `backup`.

    The caller holds the database's lock and has closed every connection to it. A backup that fails the
    integrity check, is not ours, or comes from a newer program is refused before anything changes.
    """
    db_path, backup = Path(db_path).resolve(), Path(backup).resolve()
    if backup == db_path:
        raise KnownError("不能用正在使用的数据库本身来恢复", file=backup, hint="请选择备份文件夹或U盘里的备份")
    info = inspect(backup, full=True)
    if not info.ok:
        raise KnownError("不能从这个备份恢复：" + "；".join(info.problems), file=backup,
                         hint="当前数据没有改动。请选择另一个备份")
    staging = db_path.with_name(f".{db_path.name}.restore")
    for old in db_path.parent.glob(f"*.{db_path.name}.restore*"):  # left by a cut-off restore
        old.unlink(missing_ok=True)
    with contextlib.closing(open_readonly(backup)) as source:
        copy_database(source, staging, progress, pages=1024)
    try:
        if db_path.exists():
            _leave_wal_mode(db_path)
        saved = save_current(db_path)
        for suffix in _AUX:  # a leftover journal or WAL must never be applied to the restored file
            aux = Path(f"{db_path}{suffix}")
            if aux.exists():
                aux.unlink()
        os.replace(staging, db_path)
        _fsync_dir(db_path.parent)
        from liaison_desk.startup_check import force_check
        from liaison_desk.store.engine import allow_writes

        force_check(db_path, "restore")  # the next start checks the restored file before opening it
        allow_writes(db_path)  # a damaged file that stopped writes is gone
    except OSError as e:
        from liaison_desk.files import os_error_message

        staging.unlink(missing_ok=True)
        raise KnownError(os_error_message(e), file=db_path) from e
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    log.info("database restored from a backup of %s", info.taken_at.isoformat(timespec="minutes"))
    return RestoreResult(info, saved)


def restore_database(db: Database, backup: Path, progress: Progress | None = None) -> RestoreResult:
    """Restore into an open Database: close its engine, swap the file, reopen (upgrading if older).

    Services keep working with the same Database object; the caller notifies views afterwards.
    """
    from liaison_desk.store.db import open_database

    if db.url is not None:  # a server database: pg_restore of a .dump (store.pgdump)
        from liaison_desk.store.pgdump import inspect_dump, restore_dump

        info = inspect_dump(Path(backup))
        saved = restore_dump(db, Path(backup))
        open_database(db.url).close()  # a dump from an older program is upgraded like a restored file
        return RestoreResult(info, saved)
    db.engine.dispose()
    try:
        result = restore_file(db.path, backup, progress)
    except BaseException:
        with contextlib.suppress(KnownError):  # a damaged current file stays closed
            db.engine = open_database(db.path).engine
        raise
    db.engine = open_database(db.path).engine
    return result
