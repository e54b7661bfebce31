"""Writing files safely: a temporary name in the destination folder, flushed, then renamed.

A USB stick pulled mid-write never leaves a truncated file under the final name.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liaison_desk.errors import KnownError


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


def os_error_message(e: OSError) -> str:
    """A clerk's sentence for an OS error while writing."""
    if e.errno == errno.ENOSPC:
        return "磁盘或U盘空间不足，文件没有写完，已放弃写入"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "没有写入权限，或者文件正被其他程序（如 Excel、WPS）打开，请关闭后再试"
    if e.errno in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO):
        return "目标文件夹不存在或U盘已被拔出，文件没有写完，已放弃写入"
    if e.errno == errno.EROFS:
        return "目标位置是只读的（U盘可能打开了写保护）"
    return f"写入失败（{e.strerror or e}）"


@contextmanager
def atomic_write(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path next to `path`; on success it is fsynced and renamed to `path`.

    On any error the temporary file is removed and an OSError becomes a KnownError naming the file.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        if not path.parent.is_dir():
            raise KnownError("目标文件夹不存在或U盘已被拔出", file=path, hint="请检查U盘后重新选择保存位置")
        yield tmp
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as e:
        _remove(tmp)
        raise KnownError(os_error_message(e), file=path) from e
    except BaseException:
        _remove(tmp)
        raise


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
