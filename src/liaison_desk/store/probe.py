"""What a database path is before anything opens it: missing, a folder, not SQLite, ours, read-only.

Nothing here creates or changes a file; it only reads the first bytes and asks the OS about access.
"""

from __future__ import annotations

import os
from pathlib import Path

from liaison_desk.errors import DatabaseMissing, KnownError, NotADatabase

SQLITE_MAGIC = b"SQLite format 3\x00"
NOT_OURS = "这不是联络站工作台的数据库文件"


def is_new(path: Path) -> bool:
    """True when there is no database yet at `path` (no file, or an empty one)."""
    return not path.exists() or (path.is_file() and path.stat().st_size == 0)


def writable(path: Path) -> bool:
    """Whether the OS lets this program change the database file and create files beside it (-wal, .lock)."""
    target = path if path.exists() else path.parent
    return os.access(target, os.W_OK) and os.access(path.parent, os.W_OK)


def check_place(path: Path, *, create: bool, make_folders: bool = False) -> bool:
    """Refuse what cannot be opened as our database; True when it must be opened read-only.

    `create`: a missing database may be created (its folder must exist unless `make_folders`).
    """
    if path.is_dir():
        raise NotADatabase(f"{NOT_OURS}（「{path}」是一个文件夹）",
                           hint="请在 --db 后给出数据库文件，例如 D:\\联络站\\liaison-desk.db")
    if is_new(path):
        if not create and path.is_file():  # there, but 0 bytes: a copy that never finished, or a new empty file
            raise DatabaseMissing(f"数据库文件是空的（0 字节），里面没有任何记录：{path}",
                                  hint="如果原来有数据，请用 liaison-desk restore 从备份恢复；"
                                       "要新建数据库，请运行 liaison-desk station set --name … 或 liaison-desk demo")
        if not create:
            raise DatabaseMissing(f"找不到数据库文件：{path}",
                                  hint="请检查路径是否写错；要新建数据库，请运行 liaison-desk station set --name … "
                                       "或 liaison-desk demo")
        if not path.parent.is_dir() and not make_folders:
            raise DatabaseMissing(f"找不到文件夹：{path.parent}", hint="请检查路径是否写错，或先建好这个文件夹")
        if path.parent.is_dir() and not writable(path):
            raise KnownError(f"不能在「{path.parent}」新建数据库：这个位置是只读的",
                             hint="请换一个可以写入的文件夹")
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as e:
        from liaison_desk.files import os_error_message

        raise KnownError(os_error_message(e, writing=False), file=path) from e
    if head != SQLITE_MAGIC:
        raise NotADatabase(NOT_OURS, file=path, hint="请选择联络站工作台的数据库（通常名为 liaison-desk.db）")
    read_only = not writable(path)
    if _foreign(path, read_only):
        raise NotADatabase(NOT_OURS + "（是别的程序的 SQLite 数据库）", file=path,
                           hint="请选择联络站工作台的数据库（通常名为 liaison-desk.db）")
    return read_only


def _foreign(path: Path, read_only: bool) -> bool:
    """True for somebody else's SQLite database: tables, but no alembic_version. Read without changing a
    byte (opening it for writing would turn on WAL in its header). A damaged file is left to quick_check."""
    import contextlib
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(path.as_posix(), safe='/:')}?mode=ro" + ("&immutable=1" if read_only else "")
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return False
    return bool(names) and "alembic_version" not in names
