"""Backups: online copy while open, atomic and verified, daily once, retention bounded, damaged copies refused."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from liaison_desk.errors import KnownError
from liaison_desk.store import backup as B
from liaison_desk.store import open_database


def rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as c:
        out = c.execute(sql).fetchall()
    c.close()
    return out


def test_backup_of_open_database_is_complete_single_file(demo_db):
    made = B.make_backup(demo_db.path)
    assert made.parent == demo_db.paths.backups and made.name.startswith("手动-")
    assert not Path(f"{made}-wal").exists()
    assert rows(made, "PRAGMA journal_mode")[0][0] == "delete"
    assert rows(made, "PRAGMA integrity_check") == [("ok",)]
    for table in B.COUNTED:
        assert rows(made, f"SELECT COUNT(*) FROM {table}") == rows(demo_db.path, f"SELECT COUNT(*) FROM {table}")
    info = B.inspect(made)
    assert info.ok and info.counts["visit"] == 220 and info.schema


def test_backup_to_missing_folder_is_a_clear_error(demo_db, tmp_path):
    with pytest.raises(KnownError) as e:
        B.make_backup(demo_db.path, folder=tmp_path / "gone")
    assert "U盘" in str(e.value)


def test_daily_backup_made_once_per_day(tmp_path):
    path = tmp_path / "d.db"
    open_database(path).close()
    db = open_database(path, daily_backup=True)
    assert any("已自动备份" in n for n in db.startup_notes)
    db.close()
    db = open_database(path, daily_backup=True)
    assert not any("已自动备份" in n for n in db.startup_notes)
    db.close()
    assert [b.kind for b in B.list_backups(path)] == [B.DAILY]
    assert not B.daily_backup_due(path)
    assert B.daily_backup_due(path, date.today() + timedelta(days=1))


def test_new_database_gets_no_daily_backup(tmp_path):
    open_database(tmp_path / "n.db", daily_backup=True).close()
    assert B.list_backups(tmp_path / "n.db") == []


def fake(folder: Path, kind: str, when: datetime) -> B.BackupFile:
    p = folder / B.backup_name(kind, when)
    p.write_bytes(b"x")
    return B.BackupFile(p, kind, when, 1)


def test_retention_keeps_last_daily_and_monthly_and_is_bounded(tmp_path):
    start = datetime(2024, 1, 1, 9, 0)
    files = [fake(tmp_path, B.DAILY, start + timedelta(days=i)) for i in range(800)]
    files += [fake(tmp_path, B.BEFORE_IMPORT, start + timedelta(days=799, hours=h)) for h in range(1, 6)]
    today = (start + timedelta(days=799)).date()
    removed = B.prune(tmp_path, today)
    left = sorted(p.name for p in tmp_path.glob("*.db"))
    assert len(left) <= B.KEEP_LAST + B.KEEP_DAYS + B.KEEP_MONTHS
    assert len(removed) == len(files) - len(left)
    kept_days = {datetime.strptime(n.split("-", 1)[1][:8], "%Y%m%d").date() for n in left}
    for i in range(B.KEEP_DAYS):  # every one of the last 14 days is still there
        assert today - timedelta(days=i) in kept_days
    months = {(d.year, d.month) for d in kept_days}
    assert len(months) >= B.KEEP_MONTHS
    assert sum(1 for n in left if n.startswith(B.BEFORE_IMPORT)) == 5  # the newest ones are all kept


def test_partial_files_are_cleaned_and_never_listed(demo_db):
    folder = demo_db.paths.backups
    folder.mkdir(parents=True)
    (folder / ".手动-20260101-000000.db.123.part").write_bytes(b"half")
    B.make_backup(demo_db.path)
    assert not list(folder.glob("*.part"))
    assert all(b.path.suffix == ".db" for b in B.list_backups(demo_db.path))


def test_inspect_refuses_corrupted_truncated_foreign_and_newer(demo_db, tmp_path):
    made = B.make_backup(demo_db.path)
    corrupt = tmp_path / "corrupt.db"
    data = bytearray(made.read_bytes())
    data[4096 * 20:4096 * 40] = b"\xa5" * (4096 * 20)
    corrupt.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE t (x)")
    c.close()
    text = tmp_path / "notes.db"
    text.write_text("不是数据库" * 500, encoding="utf-8")
    newer = tmp_path / "newer.db"
    newer.write_bytes(made.read_bytes())
    with sqlite3.connect(newer) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    c.close()
    for bad in (corrupt, truncated, foreign, text, newer, tmp_path / "missing.db"):
        info = B.inspect(bad)
        assert not info.ok and info.problems, bad.name
    assert "更新版本" in B.inspect(newer).problems[0]
    assert "不是联络站工作台" in B.inspect(foreign).problems[0]


def test_newest_good_backup_skips_damaged(demo_db):
    good = B.make_backup(demo_db.path, now=datetime(2026, 11, 1, 8, 0))
    bad = B.make_backup(demo_db.path, now=datetime(2026, 11, 2, 8, 0))
    data = bytearray(bad.read_bytes())
    data[4096 * 10:] = b"\0" * (len(data) - 4096 * 10)
    bad.write_bytes(bytes(data))
    newest = B.newest_good_backup(demo_db.path)
    assert newest is not None and newest.path == good
