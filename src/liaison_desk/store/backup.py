"""Backups with SQLite's online backup API: written atomically, verified, kept by a retention rule.

Backups in the data folder are named `<kind>-YYYYMMDD-HHMMSS.db` (kind: 每日, 手动, 升级前, 导入前,
恢复前 …). Each is a single self-contained file (rollback-journal mode), checked before it gets its name.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from liaison_desk.config import DbPaths
from liaison_desk.errors import KnownError
from liaison_desk.files import clean_stale_parts, os_error_message, part_name

log = logging.getLogger(__name__)

DAILY, MANUAL, BEFORE_UPGRADE, BEFORE_IMPORT, BEFORE_RESTORE = "每日", "手动", "升级前", "导入前", "恢复前"
DAMAGED = "损坏"  # a damaged database copied aside before a restore (kept, never offered for restore)
KEEP_DAMAGED = 3
KEEP_LAST, KEEP_DAYS, KEEP_MONTHS = 10, 14, 12
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<kind>[^-]+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.db$")
_ANY_STAMP = re.compile(r"(\d{8}-\d{6})")
# The tables whose counts a clerk recognises when choosing a backup (labels live in services.audit).
COUNTED = ("deputy", "receptionsession", "visit", "suggestion", "activity", "auditentry")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupFile:
    """A backup in the data folder (or any database file the clerk picked)."""

    path: Path
    kind: str
    taken_at: datetime
    size: int


@dataclass
class BackupInfo:
    """What a backup holds and whether it can be restored."""

    path: Path
    taken_at: datetime
    size: int
    ok: bool
    schema: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def sqlite_error_message(e: sqlite3.Error) -> str:
    """A clerk's sentence for an SQLite error while copying a database."""
    code = getattr(e, "sqlite_errorcode", None)
    text = str(e).lower()
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return os_error_message(OSError(errno.ENOSPC, "disk full"))
    if code == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return os_error_message(OSError(errno.ENOENT, "cannot open"))
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return "数据库文件已损坏，无法复制"
    if code == sqlite3.SQLITE_READONLY or "readonly" in text:
        return os_error_message(OSError(errno.EROFS, "read-only"))
    if code == sqlite3.SQLITE_IOERR or "disk i/o" in text:
        return os_error_message(OSError(errno.EIO, "I/O error"))
    return f"复制数据库失败（{e}）"


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that never changes the file (backups, files on a USB stick)."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("PRAGMA schema_version").fetchone()
        return conn
    except sqlite3.Error:
        # A WAL file on a read-only medium cannot be opened normally; read the main file as it is.
        return sqlite3.connect(f"{uri}?immutable=1", uri=True)


def partial_name(dest: Path) -> Path:
    """The temporary name a file is written under before it gets `dest`'s name (files.part_name)."""
    return part_name(dest)


def copy_database(src: Path | sqlite3.Connection, dest: Path, progress: Progress | None = None,
                  pages: int = 256) -> Path:
    """Copy a (possibly live) database to `dest` atomically: online backup, quick_check, fsync, rename.

    Any failure leaves nothing under `dest` and no temporary file; errors become KnownError.
    """
    folder = dest.parent
    if not folder.is_dir():
        raise KnownError("目标文件夹不存在或U盘已被拔出", file=dest, hint="请检查U盘后重新选择保存位置")
    clean_stale_parts(folder)  # an earlier copy cut off here (≈ the whole database) goes first
    tmp = partial_name(dest)
    own = not isinstance(src, sqlite3.Connection)
    source: sqlite3.Connection | None = None
    try:
        if own:
            assert isinstance(src, Path)
            _check_space(src, folder, dest)
            source = sqlite3.connect(src)
        else:
            assert isinstance(src, sqlite3.Connection)
            source = src
        target = sqlite3.connect(tmp)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            source.backup(target, pages=pages, progress=step)
            target.execute("PRAGMA journal_mode=DELETE").fetchone()
            result = target.execute("PRAGMA quick_check").fetchall()
            if [r[0] for r in result] != ["ok"]:
                raise KnownError("备份副本检查未通过，已放弃这次备份", file=dest,
                                 hint="原数据库可能已损坏，请运行「检查数据库」")
        finally:
            target.close()
        _fsync_file(tmp)
        os.replace(tmp, dest)
        _fsync_dir(folder)
    except sqlite3.Error as e:
        _remove(tmp)
        raise KnownError(sqlite_error_message(e), file=dest) from e
    except OSError as e:
        _remove(tmp)
        raise KnownError(os_error_message(e), file=dest) from e
    except BaseException:
        _remove(tmp)
        raise
    finally:
        if own and source is not None:
            source.close()
    return dest


def _check_space(src: Path, folder: Path, dest: Path) -> None:
    need = sum(p.stat().st_size for p in (src, Path(f"{src}-wal")) if p.exists()) + 256 * 1024
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < need:
        raise KnownError(f"磁盘或U盘空间不足：需要约 {need / 1e6:.1f} MB，只剩 {free / 1e6:.1f} MB", file=dest,
                         hint="请清理空间或换一个U盘后再备份")


def backup_name(kind: str, when: datetime | None = None) -> str:
    return f"{kind}-{(when or datetime.now()).strftime(STAMP)}.db"


def _unique(folder: Path, name: str) -> Path:
    dest = folder / name
    n = 2
    while dest.exists():
        dest = folder / name.replace(".db", f"-{n}.db")
        n += 1
    return dest


def make_backup(db_path: Path, kind: str = MANUAL, folder: Path | None = None, *,
                progress: Progress | None = None, now: datetime | None = None,
                file_name: str | None = None) -> Path:
    """Back up the database at `db_path` into `folder` (default: its backups folder, then prune).

    Returns the new file. The live database is only read; it may stay open in this and other processes.
    """
    own_folder = folder is None
    target = DbPaths(db_path).backups if folder is None else folder
    if own_folder:
        target.mkdir(parents=True, exist_ok=True)
        clean_partials(target)
    dest = _unique(target, file_name or backup_name(kind, now))
    copy_database(db_path, dest, progress)
    log.info("backup written: %s (%d bytes)", dest.name, dest.stat().st_size)
    if own_folder:
        prune(target, (now or datetime.now()).date())
    return dest


def clean_partials(folder: Path) -> list[Path]:
    """Remove temporary files left by a backup that was cut off (power cut, killed program)."""
    return clean_stale_parts(folder)


def parse_name(path: Path) -> BackupFile | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        when = datetime.strptime(m["stamp"], STAMP)
    except ValueError:
        return None
    return BackupFile(path, m["kind"], when, path.stat().st_size)


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups in the database's backups folder, newest first."""
    folder = DbPaths(db_path).backups
    if not folder.is_dir():
        return []
    found = [b for p in folder.glob("*.db") if (b := parse_name(p)) is not None and b.kind != DAMAGED]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def daily_backup_due(db_path: Path, today: date | None = None) -> bool:
    """True when no 每日 backup of today exists yet (the first start of the day makes one)."""
    today = today or date.today()
    return not any(b.kind == DAILY and b.taken_at.date() == today for b in list_backups(db_path))


def choose_kept(backups: list[BackupFile], today: date, keep_last: int = KEEP_LAST,
                days: int = KEEP_DAYS, months: int = KEEP_MONTHS) -> set[Path]:
    """Retention: the newest `keep_last`, plus the newest of each of the last `days` days and
    `months` months that have backups. Everything else may go; the total stays bounded."""
    ordered = sorted(backups, key=lambda b: (b.taken_at, b.path.name), reverse=True)
    keep = {b.path for b in ordered[:keep_last]}
    seen_days: list[date] = []
    seen_months: list[tuple[int, int]] = []
    for b in ordered:
        d = b.taken_at.date()
        if d not in seen_days and len(seen_days) < days:
            seen_days.append(d)
            keep.add(b.path)
        m = (d.year, d.month)
        if m not in seen_months and len(seen_months) < months:
            seen_months.append(m)
            keep.add(b.path)
    return keep


def prune(folder: Path, today: date | None = None) -> list[Path]:
    """Delete the backups in `folder` the retention rule does not keep; returns those removed."""
    found = [b for p in folder.glob("*.db") if (b := parse_name(p)) is not None]
    backups = [b for b in found if b.kind != DAMAGED]
    keep = choose_kept(backups, today or date.today())
    damaged = sorted((b for b in found if b.kind == DAMAGED), key=lambda b: b.taken_at, reverse=True)
    keep |= {b.path for b in damaged[:KEEP_DAMAGED]}
    backups = found
    removed = []
    for b in backups:
        if b.path not in keep:
            _remove(b.path)
            removed.append(b.path)
    if removed:
        log.info("retention removed %d old backups", len(removed))
    return removed


def taken_at(path: Path) -> datetime:
    """When a backup was taken: from its name when it carries a time stamp, else the file's time."""
    m = _ANY_STAMP.search(path.name)
    if m:
        with contextlib.suppress(ValueError):
            return datetime.strptime(m.group(1), STAMP)
    return datetime.fromtimestamp(path.stat().st_mtime)


def inspect(path: Path, full: bool = True) -> BackupInfo:
    """Check a backup: integrity, that it is a Liaison Desk database, its schema revision and counts."""
    from liaison_desk.store import migrate

    path = Path(path)
    if path.is_dir():
        return BackupInfo(path, datetime.now(), 0, False, problems=["这是一个文件夹，不是备份文件；请选择文件夹里的备份文件"])
    if not path.is_file():
        return BackupInfo(path, datetime.now(), 0, False, problems=["找不到这个备份文件"])
    info = BackupInfo(path, taken_at(path), path.stat().st_size, False)
    try:
        with contextlib.closing(open_readonly(path)) as conn:
            pragma = "integrity_check" if full else "quick_check"
            result = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
            if result != ["ok"]:
                info.problems.append("备份文件已损坏（完整性检查未通过）")
                return info
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables or "deputy" not in tables:
                info.problems.append("这个文件不是联络站工作台的数据库备份")
                return info
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            info.schema = row[0] if row else None
            info.counts = {t: int(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0])
                           for t in COUNTED if t in tables}
    except sqlite3.Error as e:
        info.problems.append("这个文件不是联络站工作台的数据库，或已经损坏")
        log.info("backup unreadable: %s", type(e).__name__)
        return info
    if info.schema not in migrate.known_revisions():
        info.problems.append(f"备份由更新版本的程序创建（结构版本 {info.schema}），请先安装最新版本")
        return info
    info.ok = True
    return info


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup in the backups folder that passes the checks (None if there is none)."""
    for b in list_backups(db_path):
        info = inspect(b.path, full=False)
        if info.ok:
            return info
    return None


@contextlib.contextmanager
def raw_connection(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def before_import(db_path: Path) -> Path:
    """The backup every import makes first (call it before opening the import's transaction)."""
    return make_backup(Path(db_path), BEFORE_IMPORT)
