"""One program per database: the lock names its holder, refuses a second program, and stale locks clear."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_desk.errors import DatabaseInUse
from liaison_desk.store import open_database
from liaison_desk.store.lock import DbLock, Holder, is_locked, read_holder

HOLD = """
import sys, time
from liaison_desk.store.lock import DbLock
DbLock.acquire(__import__('pathlib').Path(sys.argv[1]))
print('held', flush=True)
sys.stdin.readline()
"""


def hold_in_other_process(lock: Path) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def test_lock_names_computer_user_and_time(tmp_path: Path):
    lock = DbLock.acquire(tmp_path / "a.db.lock")
    holder = read_holder(tmp_path / "a.db.lock")
    assert holder is not None and holder.pid == os.getpid() and holder.host
    assert "电脑「" in holder.describe() and "起" in holder.describe()
    lock.release()
    assert not (tmp_path / "a.db.lock").exists()


def test_second_process_is_refused_with_the_holder_named(tmp_path: Path):
    path = tmp_path / "a.db.lock"
    other = hold_in_other_process(path)
    try:
        assert is_locked(path)
        with pytest.raises(DatabaseInUse) as e:
            DbLock.acquire(path)
        assert "正在被电脑" in str(e.value) and "关闭" in str(e.value)
        assert json.loads(path.read_text())["pid"] == other.pid  # the holder's file is untouched
    finally:
        other.communicate("\n", timeout=10)
    assert not path.exists()  # a normal exit removes the lock file
    DbLock.acquire(path).release()


def test_stale_lock_after_kill_is_detected_and_cleared(tmp_path: Path):
    path = tmp_path / "a.db.lock"
    other = hold_in_other_process(path)
    other.kill()  # like a power cut: no clean-up
    other.wait()
    assert path.exists() and not is_locked(path)
    lock = DbLock.acquire(path)
    assert lock.stale is not None and lock.stale.pid == other.pid
    assert read_holder(path).pid == os.getpid()
    lock.release()


def test_open_database_with_lock_refuses_while_held_and_reports_stale(tmp_path: Path):
    db_path = tmp_path / "x.db"
    open_database(db_path).close()
    other = hold_in_other_process(tmp_path / "x.db.lock")
    try:
        with pytest.raises(DatabaseInUse):
            open_database(db_path, lock=True)
    finally:
        other.kill()
        other.wait()
    db = open_database(db_path, lock=True)
    assert any("没有正常关闭" in n for n in db.startup_notes)
    db.close()
    assert not (tmp_path / "x.db.lock").exists()


def test_same_process_may_open_twice(tmp_path: Path):
    a = open_database(tmp_path / "y.db", lock=True)
    b = open_database(tmp_path / "y.db", lock=True)
    b.close()
    assert a.lock.held
    a.close()
    assert not (tmp_path / "y.db.lock").exists()


def test_garbage_lock_file_is_treated_as_stale(tmp_path: Path):
    path = tmp_path / "z.db.lock"
    path.write_text("not json")
    lock = DbLock.acquire(path)
    assert lock.stale is None and read_holder(path) == Holder.parse(path.read_text())
    lock.release()
