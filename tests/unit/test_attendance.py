"""Attendance of session deputies and notice posting: the 0009 migration keeps old data, the service saves it."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from liaison_desk.errors import ValidationError
from liaison_desk.services.roster.service import DeputyRecord, LevelEntry, RosterService
from liaison_desk.services.schedule.service import Presence, ScheduleService, SessionRecord, split_places
from liaison_desk.store import migrate, open_database


def test_migration_keeps_sessions_and_marks_deputies_present(tmp_path: Path):
    from alembic import command

    path = tmp_path / "old.db"
    old = open_database(path, upgrade=False)
    with old.engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0008")
    with old.engine.begin() as conn:
        def ins(table: str, **values: object) -> None:
            """A row with every NOT NULL column filled (empty text, 0) unless given."""
            cols = conn.exec_driver_sql(f"PRAGMA table_info({table})").all()
            row = {c[1]: (0 if "INT" in c[2] or "BOOL" in c[2] else "") for c in cols if c[3] and c[4] is None}
            row.update(created_at="2026-01-01", updated_at="2026-01-01", version=1, **values)
            conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                                 tuple(row.values()))

        ins("deputy", id="d1", name="甲", status="active")
        ins("deputy", id="d2", name="乙", status="active")
        for sid, day, notice, status in (("done", "2026-03-18", "2026-03-12", "done"),
                                         ("ann", "2026-12-16", "2026-12-10", "announced"),
                                         ("plan", "2026-12-30", "2026-12-24", "planned")):
            ins("receptionsession", id=sid, day=day, kind="regular", venue="联络站", notice_date=notice,
                status=status)
            for did in ("d1", "d2"):
                ins("sessiondeputy", id=f"{sid}-{did}", session_id=sid, deputy_id=did)
    old.close()
    db = open_database(path)
    db.close()
    with sqlite3.connect(path) as c:
        att = c.execute("SELECT session_id, deputy_id, attendance, leave_reason FROM sessiondeputy "
                        "ORDER BY session_id, deputy_id").fetchall()
        notices = dict(c.execute("SELECT id, notice_date FROM receptionsession").fetchall())
        places = {r[0] for r in c.execute("SELECT notice_places FROM receptionsession")}
    assert [a for a in att if a[0] == "done"] == [("done", "d1", "present", ""), ("done", "d2", "present", "")]
    assert len(att) == 6  # no deputy lost
    assert notices == {"done": "2026-03-12", "ann": "2026-12-10", "plan": None}
    assert places == {""}


@pytest.fixture
def two(db):
    roster = RosterService(db)
    ids = [roster.save(DeputyRecord(name=n, levels=[LevelEntry("township")])) for n in ("王一", "王二")]
    return db, ids


def test_attendance_and_places_saved_and_read_back(two):
    db, (a, b) = two
    svc = ScheduleService(db)
    sid = svc.save(SessionRecord(day=date(2026, 12, 16), venue="联络站", status="done",
                                 notice_date=date(2026, 12, 10), deputy_ids=[a, b],
                                 attendance={b: Presence("leave", "外出学习")},
                                 notice_places=["第1选区公告栏", "东村村委会", "第1选区公告栏"]))
    rec = svc.get(sid)
    assert rec.attendance[a].status == "present" and rec.attendance[b].status == "leave"
    assert rec.attendance[b].reason == "外出学习"
    assert rec.notice_places == ["第1选区公告栏", "东村村委会"]
    row = svc.list()[0]
    assert row.absent == "王二（请假）" and row.notice_places == ("第1选区公告栏", "东村村委会")
    # a reason is kept only for 请假
    rec.attendance[b] = Presence("absent", "不该留下")
    svc.save(rec)
    assert svc.get(sid).attendance[b] == Presence("absent", "")


def test_posting_rules_on_save(two):
    db, (a, b) = two
    svc = ScheduleService(db)
    with pytest.raises(ValidationError) as e:
        svc.save(SessionRecord(day=date(2026, 12, 16), status="announced", deputy_ids=[a, b]))
    assert e.value.column == "公告张贴日期"
    with pytest.raises(ValidationError):
        svc.save(SessionRecord(day=date(2026, 12, 16), notice_date=date(2026, 12, 17), deputy_ids=[a, b]))


def test_split_places():
    assert split_places("第1选区、东村；西村\n东村，  ") == ["第1选区", "东村", "西村"]
