"""Migrations: a fresh database equals the models, newer databases are refused, older ones backed up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from liaison_desk.errors import DatabaseTooNew, KnownError
from liaison_desk.store import migrate, open_database
from liaison_desk.store.search import BODIES


def test_migrated_schema_equals_models(db):
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, type_, reflected, compare_to:
                not (type_ == "table" and name and "_fts" in name),
        })
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_fresh_database_is_at_head(db):
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    assert not migrate.needs_upgrade(db.engine)


def test_search_triggers_use_the_search_bodies(db):
    with db.engine.connect() as conn:
        for table, body in BODIES.items():
            sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (f"{table}_fts_ai",)).scalar()
            assert body.replace("coalesce(", "coalesce(new.") in sql


def test_newer_database_is_refused(tmp_path: Path):
    path = tmp_path / "new.db"
    open_database(path).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(DatabaseTooNew) as e:
        open_database(path)
    assert "更新版本" in str(e.value)


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path):
    path = tmp_path / "old.db"
    engine_db = open_database(path, upgrade=False)
    from alembic import command

    with engine_db.engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0001")
    with engine_db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO station (id, created_at, updated_at, version, name, township, county, "
                             "venue, address, directions, master, deputy_master, liaison_officer, phone, "
                             "reception_weekday, notes) VALUES ('s1', '2026-01-01', '2026-01-01', 1, '测试站', '', '',"
                             " '', '', '', '', '', '', '', 3, '')")
        conn.exec_driver_sql(
            "INSERT INTO visit (id, created_at, updated_at, version, station_id, visited_on, channel, visitor_name, "
            "visitor_gender, visitor_phone, visitor_address, village, headcount, is_group, category, content, "
            "request, handling, exclusion, handling_note, recorded_by) VALUES ('v1', '2026-01-01', '2026-01-01', 1, "
            "'s1', '2026-01-05', 'reception', '郑秀英', '女', '', '东庄村', '东庄村', 1, 0, '道路交通', "
            "'村口桥面塌陷需要维修', '', 'suggestion', '', '', '')")
    engine_db.close()
    db = open_database(path)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    backups = list(db.paths.backups.glob("升级前-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert c.execute("SELECT name FROM station").fetchone()[0] == "测试站"
    with db.engine.connect() as conn:  # the search index was filled for rows that existed before
        hits = conn.exec_driver_sql("SELECT v.id FROM visit_fts JOIN visit v ON v.rowid = visit_fts.rowid "
                                    "WHERE visit_fts MATCH '\"桥面塌\"'").fetchall()
        assert hits == [("v1",)]
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM visit_fts WHERE visit_fts MATCH '\"郑秀英\"'").scalar() == 1


def test_not_a_database_is_a_known_error(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(KnownError) as e:
        open_database(path)
    assert "不是联络站工作台的数据库" in str(e.value)


def test_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_handling_chain_migration_keeps_events_and_visits(tmp_path: Path):
    """0014 adds who-did-it to events and the follow-up of visits; rows written before keep their data."""
    path = tmp_path / "old.db"
    engine_db = open_database(path, upgrade=False)
    from alembic import command

    with engine_db.engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), "0013")
        conn.exec_driver_sql("INSERT INTO suggestion (id, created_at, updated_at, version, kind, year, seq, number, "
                             "title, content, category, citizen_name, citizen_phone, citizen_address, step, "
                             "registered_on, reply_text, reply_result, feedback_method, satisfaction, notes) VALUES "
                             "('g1', '2026-01-01', '2026-01-01', 1, 'citizen', 2026, 1, '〔2026〕第1号', '路灯', '', '',"
                             " '', '', '', 'assign', '2026-01-05', '', '', '', '', '')")
        conn.exec_driver_sql("INSERT INTO suggestionevent (id, created_at, updated_at, version, suggestion_id, kind, "
                             "step, happened_on, operator, note, result) VALUES ('e1', '2026-01-01', '2026-01-01', 1, "
                             "'g1', 'assigned', 'assign', '2026-01-06', '王丽娟', '请按期办理', '')")
        conn.exec_driver_sql(
            "INSERT INTO visit (id, created_at, updated_at, version, visited_on, channel, visitor_name, "
            "visitor_gender, visitor_phone, visitor_address, village, headcount, is_group, category, content, "
            "request, handling, exclusion, handling_note, recorded_by) VALUES ('v1', '2026-01-01', '2026-01-01', 1, "
            "'2026-01-05', 'walk_in', '郑秀英', 'f', '', '东庄村', '东庄村', 1, 0, '其他', '邻里纠纷', '', 'other', "
            "'', '已转告村委会跟进处理', '')")
    engine_db.close()
    db = open_database(path)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT operator, note, actor FROM suggestionevent").fetchall() == \
            [("王丽娟", "请按期办理", "")]
        assert conn.exec_driver_sql("SELECT handling_note, followup_to, followup_on, followup_result "
                                    "FROM visit").fetchall() == [("已转告村委会跟进处理", "", None, "")]
    db.close()
