"""Restore: a good backup round-trips every record; a corrupted or foreign one is refused with nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from liaison_desk.errors import KnownError
from liaison_desk.services.safety.service import SafetyService
from liaison_desk.services.station import StationService
from liaison_desk.store import backup as B
from liaison_desk.store import migrate, open_database
from liaison_desk.store.integrity import DatabaseDamaged
from liaison_desk.store.restore import restore_file


def dump(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table of the schema, sorted (the whole content of the database)."""
    with sqlite3.connect(path) as c:
        out = {t: sorted(c.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
               for t in sorted(SQLModel.metadata.tables) if t not in skip}
    c.close()
    return out


def test_restore_of_good_backup_round_trips_every_record(demo_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    service = SafetyService(demo_db)
    made = service.backup(usb)
    expected = dump(made)
    assert sum(len(v) for v in expected.values()) > 1000
    StationService(demo_db).save_agency("恢复后应消失的单位", "政府部门")
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM visitdeputy")
        conn.exec_driver_sql("DELETE FROM visit")
    result = service.restore(made)
    after = dump(demo_db.path)
    assert {t: v for t, v in after.items() if t != "auditentry"} == \
        {t: v for t, v in expected.items() if t != "auditentry"}
    assert set(expected["auditentry"]) <= set(after["auditentry"])
    assert len(after["auditentry"]) == len(expected["auditentry"]) + 1  # the restore itself is logged
    # the data replaced was kept, with the change made after the backup
    assert result.saved_current is not None and result.saved_current.name.startswith("恢复前-")
    kept = dump(result.saved_current)
    assert any("恢复后应消失的单位" in str(r) for r in kept["agency"]) and not kept["visit"]
    # the program keeps working on the restored data
    StationService(demo_db).save_agency("恢复后新增", "政府部门")
    assert sqlite3.connect(demo_db.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_of_corrupted_backup_is_refused_and_nothing_changes(demo_db, tmp_path):
    made = B.make_backup(demo_db.path)
    data = bytearray(made.read_bytes())
    data[4096 * 30:4096 * 60] = b"\x5a" * (4096 * 30)
    made.write_bytes(bytes(data))
    before = dump(demo_db.path)
    n_backups = len(B.list_backups(demo_db.path))
    with pytest.raises(KnownError) as e:
        SafetyService(demo_db).restore(made)
    assert "不能从这个备份恢复" in str(e.value) and "没有改动" in str(e.value)
    assert dump(demo_db.path) == before
    assert len(B.list_backups(demo_db.path)) == n_backups  # refused before anything was written
    StationService(demo_db).save_agency("仍可写入", "政府部门")  # still open and working


def test_restore_refuses_the_live_file_itself(demo_db):
    with pytest.raises(KnownError):
        restore_file(demo_db.path, demo_db.path)


def test_restore_refused_while_another_connection_is_open(demo_db):
    made = B.make_backup(demo_db.path)
    other = sqlite3.connect(demo_db.path)
    other.execute("BEGIN")
    other.execute("SELECT COUNT(*) FROM visit").fetchone()
    demo_db.engine.dispose()
    try:
        with pytest.raises(KnownError) as e:
            restore_file(demo_db.path, made)
        assert "正在被使用" in str(e.value)
    finally:
        other.close()


def test_damaged_database_is_not_opened_and_the_backup_is_offered(tmp_path):
    path = tmp_path / "live.db"
    db = open_database(path)
    from liaison_desk.demo import build

    build(db, "station", 7)
    good = B.make_backup(path)
    db.close()
    expected = dump(good)
    data = bytearray(path.read_bytes())
    data[4096 * 40:4096 * 80] = b"\xff" * (4096 * 40)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as e:
        open_database(path, lock=True, check=True)
    assert "已损坏" in str(e.value) and "恢复" in str(e.value)
    assert e.value.newest_backup is not None and e.value.newest_backup.path == good
    assert not (tmp_path / "live.db.lock").exists()  # the refused start left no lock
    result = restore_file(path, e.value.newest_backup.path)
    assert result.saved_current is not None and result.saved_current.name.startswith("损坏-")
    assert result.saved_current.read_bytes() == bytes(data)  # the damaged file is kept as it was
    db = open_database(path, lock=True, check=True)
    db.close()
    assert dump(path) == expected
    assert all(b.kind != "损坏" for b in B.list_backups(path))


def test_restore_of_older_schema_is_upgraded(tmp_path, demo_db):
    made = B.make_backup(demo_db.path)
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{made}")  # make the backup one from before the safety migration
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0007")
        # the downgrade went through the handling-chain migration too: who did a step is gone
        assert "actor" not in {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(suggestionevent)")}
    engine.dispose()
    SafetyService(demo_db).restore(made)
    with demo_db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == migrate.head_revision()
        assert "actor" in {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(suggestionevent)")}
        assert {"followup_to", "followup_on", "followup_result"} <= {
            r[1] for r in conn.exec_driver_sql("PRAGMA table_info(visit)")}
