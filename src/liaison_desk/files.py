"""Writing files safely: a temporary name in the destination folder, flushed, then renamed.

A USB stick pulled mid-write never leaves a truncated file under the final name.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
# Our own temporary names: ".月度台账.xlsx.12345.part" (the writer's process id before ".part").
_PART = re.compile(r"^\..+\.(\d+)\.part$")
STALE_AFTER = 24 * 3600  # a part file this old is stale even if its process id is alive again


def part_name(path: Path) -> Path:
    """The temporary name a file is written under before it gets `path`'s name."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # a part file still being written cannot be deleted there anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale_parts(folder: Path | str) -> list[Path]:
    """Remove the temporary files of our own naming that an interrupted write left in `folder`
    (power cut, USB pulled, program killed); a write under way in a living process is left alone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _PART.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat().st_mtime > STALE_AFTER
        except OSError:
            continue
        if _alive(int(m[1])) and not old:
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    if removed:
        log.info("removed %d stale temporary file(s)", len(removed))
    return removed


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


DISK_FULL = "磁盘空间不足，操作没有完成，已保存的数据不受影响。请删除不需要的文件或换一个有空间的磁盘后再试"


def storage_error(error: BaseException) -> str | None:
    """The clerk's sentence when `error` (or what caused it) is a full disk; None otherwise."""
    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            return DISK_FULL
        text = str(e).lower()
        if "database or disk is full" in text or "disk i/o error" in text and "full" in text:
            return DISK_FULL
        e = e.__cause__ or e.__context__
    return None


def os_error_message(e: OSError, writing: bool | None = True) -> str:
    """A clerk's sentence for an OS error (read-only, disk full, not found, in use), never the English text.

    `writing` True or False when known; None when the error may come from either.
    """
    win = getattr(e, "winerror", None)
    if e.errno == errno.ENOSPC or win == 112:
        return "磁盘或U盘空间不足，文件没有写完，已放弃写入" if writing is not False else "磁盘或U盘空间不足"
    if e.errno == errno.EFBIG:
        return "文件太大，这个磁盘或U盘放不下（FAT32 格式的U盘单个文件不能超过 4GB），已放弃写入"
    if e.errno == errno.EROFS:
        return "目标位置是只读的（U盘可能打开了写保护）"
    if win in (32, 33) or e.errno in (errno.EBUSY, errno.ETXTBSY):
        return "文件正被其他程序（如 Excel、WPS）占用，请关闭后再试"
    if e.errno in (errno.EACCES, errno.EPERM):
        if writing:
            return "没有写入权限，或者文件正被其他程序（如 Excel、WPS）打开，请关闭后再试"
        if writing is None:
            return "没有权限读写这个位置（可能是只读的U盘或文件夹），或者文件正被其他程序占用"
        return "没有读取权限，或者文件正被其他程序占用"
    if e.errno == errno.ENOENT:
        return "目标文件夹不存在或U盘已被拔出，文件没有写完，已放弃写入" if writing else "找不到这个文件或文件夹"
    if e.errno in (errno.ENODEV, errno.EIO, errno.ENXIO):
        if writing:
            return "目标文件夹不存在或U盘已被拔出，文件没有写完，已放弃写入"
        return "读取出错，U盘可能已被拔出"
    if e.errno == errno.EISDIR:
        return "这是一个文件夹，请给出文件名"
    if e.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    action = {True: "写入失败", False: "读取失败", None: "读写失败"}[writing]
    return f"{action}（系统错误代码 {e.errno or win or '?'}）"


@contextmanager
def atomic_write(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it is fsynced and renamed to `path`.

    Stale temporary files of earlier interrupted writes in the same folder are removed first. On any error the temporary file is removed and an OSError becomes a KnownError naming the file.
    """
    path = Path(path)
    tmp = part_name(path)
    try:
        if not path.parent.is_dir():
            raise KnownError("目标文件夹不存在或U盘已被拔出", file=path, hint="请检查U盘后重新选择保存位置")
        clean_stale_parts(path.parent)
        yield tmp
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as e:
        _let_go(e)
        _remove(tmp)
        raise KnownError(os_error_message(e), file=path) from e
    except BaseException:
        _remove(tmp)
        raise


def _let_go(error: BaseException) -> None:
    """Release what the failed writer still holds (openpyxl's ZipFile) now and quietly: left to the
    garbage collector, its __del__ would print a second traceback after the clerk's one-line message."""
    import gc
    import sys
    import traceback

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        log.warning("ignored while closing a failed write: %s", unraisable.exc_type.__name__)

    old = sys.unraisablehook
    sys.unraisablehook = quiet
    try:
        traceback.clear_frames(error.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = old


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a file's bytes, as hex (recorded for every exchanged workbook)."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
