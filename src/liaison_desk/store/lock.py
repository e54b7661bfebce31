"""One program per database: an OS-held lock on `<db>.lock` that names computer, user and start time.

The operating system releases the lock when the holder dies (kill, crash, power cut), so a lock file
whose lock can be taken again is stale: it is reported and overwritten, never trusted.
"""

from __future__ import annotations

import atexit
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from liaison_desk.errors import DatabaseInUse, KnownError
from liaison_desk.text import fmt_datetime

log = logging.getLogger(__name__)
# Windows locks a byte range that readers would trip over; lock one byte far past the text instead.
_WIN_OFFSET = 1 << 30


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a database: computer, user, process and since when (local time)."""

    host: str
    user: str
    pid: int
    since: str  # ISO local time

    def describe(self) -> str:
        try:
            since = fmt_datetime(datetime.fromisoformat(self.since))
        except ValueError:
            since = self.since
        return f"电脑「{self.host}」上的用户「{self.user}」（自 {since} 起）"

    @classmethod
    def me(cls) -> Holder:
        try:
            user = getpass.getuser()
        except Exception:  # no user name on some service accounts
            user = "?"
        return cls(host=socket.gethostname(), user=user, pid=os.getpid(),
                   since=datetime.now().isoformat(timespec="seconds"))

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            d = json.loads(text)
            return cls(host=str(d["host"]), user=str(d["user"]), pid=int(d["pid"]), since=str(d["since"]))
        except (ValueError, KeyError, TypeError):
            return None


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    data = os.read(fd, 4096)
    return data.decode("utf-8", "replace").strip("\0 \r\n")


def read_holder(lock_path: Path) -> Holder | None:
    """What the lock file says (it may be stale); None when there is none."""
    try:
        return Holder.parse(lock_path.read_text(encoding="utf-8"))
    except OSError:
        return None


def is_locked(lock_path: Path) -> bool:
    """True when a live program holds this lock (probing takes and drops the lock at once)."""
    if not lock_path.exists():
        return False
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except OSError:
        return False
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)


# Locks this process holds, by lock file: opening the same database twice in one program shares it.
_HELD: dict[str, DbLock] = {}


class DbLock:
    """The held lock of one database; `release()` (or process exit) frees it."""

    def __init__(self, path: Path, fd: int, holder: Holder, stale: Holder | None) -> None:
        self.path = path
        self.holder = holder
        self.stale = stale  # the previous holder whose program died without releasing, if any
        self._fd: int | None = fd
        self._users = 1

    @classmethod
    def acquire(cls, lock_path: Path) -> DbLock:
        """Take the lock or raise DatabaseInUse naming who holds it (this process may take it again)."""
        key = str(Path(lock_path).resolve())
        mine = _HELD.get(key)
        if mine is not None and mine.held and mine.holder.pid == os.getpid():
            mine._users += 1
            return mine
        held = cls._acquire(Path(key))
        _HELD[key] = held
        return held

    @classmethod
    def _acquire(cls, lock_path: Path) -> DbLock:
        for _ in range(5):
            try:
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as e:
                raise KnownError(f"无法创建锁文件：{e.strerror}", file=lock_path,
                                 hint="请检查数据文件夹是否可写") from e
            if not _try_lock(fd):
                holder = Holder.parse(_read(fd))
                os.close(fd)
                who = holder.describe() if holder else "另一个程序"
                raise DatabaseInUse(f"这个数据库正在被{who}使用，为防止数据混乱，本程序不能同时打开它",
                                    file=lock_path.with_suffix(""),
                                    hint="请先在那台电脑上关闭联络站工作台，再重新打开")
            # The holder may have removed the file between our open and our lock: retry on the new one.
            if os.name != "nt":
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(lock_path))
                except OSError:
                    same = False
                if not same:
                    os.close(fd)
                    continue
            previous = _read(fd)
            stale = Holder.parse(previous) if previous else None
            if previous:
                log.warning("stale database lock found (pid %s, since %s); the program that held it "
                            "ended without closing; cleared", stale.pid if stale else "?",
                            stale.since if stale else "?")
            me = Holder.me()
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(me.__dict__, ensure_ascii=False).encode("utf-8"))
            try:
                os.fsync(fd)
            except OSError:
                pass
            held = cls(lock_path, fd, me, stale)
            atexit.register(held.release_all)  # a normal exit leaves no lock file behind
            return held
        raise DatabaseInUse("数据库锁文件正在被反复替换，无法确认是否有其他程序在使用", file=lock_path)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file and drop the lock (in this order, so no one sees a stale file)."""
        self._users -= 1
        if self._users > 0 or self._fd is None:
            return
        fd, self._fd = self._fd, None
        if _HELD.get(str(self.path)) is self:
            del _HELD[str(self.path)]
        try:
            if os.name == "nt":
                os.ftruncate(fd, 0)
            else:
                self.path.unlink(missing_ok=True)
        except OSError:
            pass
        try:
            _unlock(fd)
        finally:
            os.close(fd)
            if os.name == "nt":
                try:
                    self.path.unlink(missing_ok=True)
                except OSError:
                    pass

    def release_all(self) -> None:
        self._users = 1
        self.release()
