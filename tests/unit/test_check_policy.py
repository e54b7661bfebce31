"""When a start runs SQLite's quick_check: before opening only after an unclean end, a restore or a
migration; otherwise weekly, off the start's path, and damage found then still stops every write."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import corrupt_table
from liaison_desk.config import DbPaths
from liaison_desk.errors import KnownError
from liaison_desk.services.station import StationService
from liaison_desk.services.workspace import open_for_window
from liaison_desk.startup_check import (
    BEFORE_OPEN,
    IN_BACKGROUND,
    NOT_DUE,
    check_before_open,
    check_plan,
    read_record,
    record_good_check,
)
from liaison_desk.store import backup as B
from liaison_desk.store import migrate, open_database
from liaison_desk.store.integrity import DatabaseDamaged
from liaison_desk.store.restore import restore_file


def leave_stale_lock(path: Path) -> None:
    """The lock file a program that died (power cut) leaves behind: nobody holds its OS lock."""
    DbPaths(path).lock.write_text(json.dumps({"host": "PC", "user": "clerk", "pid": 999999,
                                              "since": "2026-11-30T09:00:00"}), encoding="utf-8")


@pytest.fixture
def closed_db(db) -> Path:
    path = db.path
    db.close()
    return path


def test_the_plan_follows_the_record():
    now = datetime(2026, 12, 2, 9, 0)
    path = Path("/nowhere/x.db")
    assert check_plan(path, stale_lock=True, now=now) == BEFORE_OPEN
    assert check_plan(path, stale_lock=False, now=now) == IN_BACKGROUND  # never checked


def test_a_recent_good_check_means_no_check_at_start(closed_db):
    path = closed_db
    record_good_check(path, now=datetime.now() - timedelta(days=6))
    assert check_plan(path, stale_lock=False) == NOT_DUE
    record_good_check(path, now=datetime.now() - timedelta(days=8))
    assert check_plan(path, stale_lock=False) == IN_BACKGROUND
    record_good_check(path, now=datetime.now() + timedelta(days=3))  # the PC's clock was wrong
    assert check_plan(path, stale_lock=False) == IN_BACKGROUND


def test_after_a_clean_recent_check_damage_in_an_unused_table_is_not_read_at_start(closed_db):
    path = closed_db
    record_good_check(path)
    corrupt_table(path, "townshipreview")
    assert not check_before_open(path)
    ws = open_for_window(path)  # no check in front of the first rows: the damaged page is not read
    assert ws is not None
    try:
        assert not ws.integrity_check_due()
        assert ws.roster.count() == 0 and ws.station.agencies() is not None  # the lists read fine
    finally:
        ws.close()


def test_a_stale_lock_checks_before_opening_and_refuses_a_damaged_file(closed_db):
    path = closed_db
    record_good_check(path)
    corrupt_table(path, "townshipreview")
    leave_stale_lock(path)
    assert check_before_open(path)  # the window starts the check on a thread before the stack loads
    with pytest.raises(DatabaseDamaged) as e:
        open_for_window(path)
    assert "已损坏" in str(e.value) and e.value.findings


def test_a_stale_lock_over_a_sound_file_opens_and_is_remembered(closed_db):
    path = closed_db
    leave_stale_lock(path)
    ws = open_for_window(path)
    assert ws is not None
    ws.close()
    assert check_plan(path, stale_lock=False) == NOT_DUE
    assert not DbPaths(path).lock.exists()  # ended cleanly this time


def test_the_due_weekly_check_finds_the_damage_and_stops_writes(closed_db):
    path = closed_db
    good = B.make_backup(path)
    record_good_check(path, now=datetime.now() - timedelta(days=10))
    corrupt_table(path, "townshipreview")
    ws = open_for_window(path)
    assert ws is not None
    try:
        assert ws.integrity_check_due()
        StationService(ws.db).save_agency("检查前可以保存的单位", "政府部门")  # before the check: writes work
        damage = ws.integrity_check()
        assert isinstance(damage, DatabaseDamaged) and damage.findings
        assert damage.newest_backup is not None and damage.newest_backup.path == good  # restore is offered
        assert ws.writes_stopped
        with pytest.raises(DatabaseDamaged) as e:
            StationService(ws.db).save_agency("损坏后不应保存的单位", "政府部门")
        assert "已停止保存" in str(e.value)
        assert "检查前可以保存的单位" in [a.name for a in ws.station.agencies()]  # reading still works
        assert read_record(path)["checked_at"] < (datetime.now() - timedelta(days=9)).isoformat()  # not "good"
        # Restoring the offered backup lets the clerk write again; the next start checks it first.
        ws.safety.restore(damage.newest_backup.path)
        assert not ws.writes_stopped
        StationService(ws.db).save_agency("恢复后可以保存的单位", "政府部门")
    finally:
        ws.close()
    assert check_plan(path, stale_lock=False) == BEFORE_OPEN


def test_a_sound_weekly_check_is_remembered(closed_db):
    path = closed_db
    ws = open_for_window(path)
    assert ws is not None
    try:
        assert ws.integrity_check_due()  # never checked before
        assert ws.integrity_check() is None
        assert not ws.writes_stopped
    finally:
        ws.close()
    assert check_plan(path, stale_lock=False) == NOT_DUE


def test_a_restore_forces_the_check_before_the_next_open(closed_db):
    path = closed_db
    good = B.make_backup(path)
    record_good_check(path)
    restore_file(path, good)
    assert check_plan(path, stale_lock=False) == BEFORE_OPEN
    assert check_before_open(path)
    corrupt_table(path, "townshipreview")  # whatever happened to the file since: the next start sees it
    with pytest.raises(DatabaseDamaged):
        open_for_window(path)


def test_a_restore_at_start_checks_the_restored_file(closed_db):
    path = closed_db
    good = B.make_backup(path)
    corrupt_table(path, "townshipreview")
    leave_stale_lock(path)
    asked: list[DatabaseDamaged] = []
    ws = open_for_window(path, choose_backup=lambda e: asked.append(e) or good)
    assert ws is not None and len(asked) == 1
    ws.close()
    assert check_plan(path, stale_lock=False) == NOT_DUE  # the restored file was checked and remembered


def _downgraded(path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0007")
    engine.dispose()


def test_a_migration_without_a_check_forces_one_at_the_next_start(closed_db):
    path = closed_db
    _downgraded(path)
    record_good_check(path)
    open_database(path).close()  # a command: upgrades, does not check
    assert check_plan(path, stale_lock=False) == BEFORE_OPEN
    corrupt_table(path, "townshipreview")
    with pytest.raises(DatabaseDamaged):
        open_for_window(path)


def test_the_window_start_checks_right_after_a_migration(closed_db):
    path = closed_db
    _downgraded(path)
    long_ago = datetime.now() - timedelta(days=3)
    record_good_check(path, now=long_ago)
    ws = open_for_window(path)
    assert ws is not None
    ws.close()
    record = read_record(path)
    assert record is not None and not record["force"]
    assert datetime.fromisoformat(record["checked_at"]) > long_ago + timedelta(days=2)  # checked now


def test_the_cli_check_stays_a_full_check(closed_db, capsys):
    from liaison_desk.cli import main

    record_good_check(closed_db)
    corrupt_table(closed_db, "townshipreview")
    assert main(["--db", str(closed_db), "check"]) != 0


def test_the_window_starts_the_early_check_only_when_it_will_be_used(closed_db):
    from liaison_desk.cli import _window_precheck

    record_good_check(closed_db)
    assert _window_precheck(["--db", str(closed_db)]) is None
    leave_stale_lock(closed_db)
    early = _window_precheck(["--db", str(closed_db)])
    assert early is not None and early.findings() == []


def test_writes_refused_name_the_damage_not_a_read_only_medium(closed_db):
    record_good_check(closed_db, now=datetime.now() - timedelta(days=30))
    corrupt_table(closed_db, "townshipreview")
    ws = open_for_window(closed_db)
    assert ws is not None
    try:
        ws.integrity_check()
        with pytest.raises(KnownError) as e:
            ws.station.save_agency("x", "政府部门")
        assert "只读" not in e.value.message and "损坏" in e.value.message
    finally:
        ws.close()


@pytest.mark.both_backends
def test_a_server_database_is_left_to_the_server(db):
    """PostgreSQL checks its own files: no start-up or weekly quick_check, no record beside anything."""
    if not db.is_server:
        pytest.skip("PostgreSQL only")
    ws = open_for_window(db.url)
    assert ws is not None
    try:
        assert not ws.integrity_check_due() and not ws.writes_stopped
    finally:
        ws.close()
