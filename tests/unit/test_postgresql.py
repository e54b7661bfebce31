"""PostgreSQL as the database: URLs, the migrations on a real server, and the clerk's four error lines."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from helpers import run_cli
from liaison_desk.config import mask_url, server_url
from liaison_desk.store import migrate
from pgserver import admin, admin_url, with_database

SERVER_URLS = ["postgresql://clerk@county-db:5432/liaison", "postgresql:///liaison?host=/var/run/postgresql",
               "postgres://clerk@10.0.0.5/liaison", "postgresql+psycopg://clerk@db/liaison",
               "postgresql://clerk:secret@db/liaison"]


@pytest.mark.parametrize("url", SERVER_URLS)
def test_libpq_urls_select_the_server(url: str):
    assert server_url(url) == url


@pytest.mark.parametrize("value", ["/home/clerk/liaison-desk.db", "D:\\联络站\\liaison-desk.db", "postgresql.db",
                                   "liaison-desk.db"])
def test_anything_else_is_an_sqlite_file(value: str):
    assert server_url(value) is None


def test_environment_names_the_server(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LIAISON_DESK_DB", "postgresql://clerk@db/liaison")
    assert server_url(None) == "postgresql://clerk@db/liaison"


def test_a_password_in_the_url_is_never_shown_or_logged():
    from liaison_desk.privacy import scrub_log

    url = "postgresql://clerk:Tr0ub4dor@county-db:5432/liaison"
    assert "Tr0ub4dor" not in mask_url(url) and "county-db:5432/liaison" in mask_url(url)
    assert "Tr0ub4dor" not in scrub_log(f"connection to {url} failed")


# --- on the real server (tests/pgserver.py; skipped without LIAISON_DESK_TEST_PG, required in .ci/run) ---

def _server_db(backend_db):
    if backend_db.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    return backend_db


@pytest.mark.both_backends
def test_migrated_schema_equals_models_on_both(db):
    """The drift test on each dialect: the migrations build exactly the models' schema."""
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_object": lambda obj, name, type_, reflected, compare_to:
                not (type_ == "table" and name and "_fts" in name)
                and not (type_ == "index" and name and name.endswith("_search_trgm")),
        })
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []
    assert migrate.current_revision(db.engine) == migrate.head_revision()


@pytest.mark.both_backends
def test_audit_log_cannot_be_changed(db):
    from liaison_desk.models.enums import AuditAction
    from liaison_desk.services.audit import AuditService

    AuditService(db).record(AuditAction.BACKUP, "测试")
    for statement in ("UPDATE auditentry SET summary = 'x'", "DELETE FROM auditentry"):
        with pytest.raises(Exception, match="read-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM auditentry")).scalar_one() == 1


@pytest.mark.both_backends
def test_search_index_on_the_server_is_pg_trgm(backend, db):
    _server_db(db)
    with db.engine.connect() as conn:
        indexes = dict(conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search_trgm'")).all())
    assert set(indexes) == {"visit_search_trgm", "suggestion_search_trgm"}
    assert all("gin_trgm_ops" in d and "chr(10)" in d for d in indexes.values())


@pytest.mark.both_backends
def test_sqlite_functions_exist_on_the_server(db):
    """group_concat and strftime, which the services' SQL uses, give SQLite's answers on both."""
    with db.engine.connect() as conn:
        joined = conn.execute(text("SELECT group_concat(x, '、') FROM (SELECT 'a' AS x UNION ALL SELECT 'b') AS t")).scalar()
        plain = conn.execute(text("SELECT group_concat(x) FROM (SELECT 'a' AS x UNION ALL SELECT 'b') AS t")).scalar()
        month = conn.execute(text("SELECT strftime('%Y-%m', '2026-11-28')")).scalar()
    assert sorted(joined.split("、")) == ["a", "b"] and sorted(plain.split(",")) == ["a", "b"]
    assert month == "2026-11"


@pytest.mark.both_backends
def test_demo_station_searches_alike_on_both(demo_db):
    """The same searches find the same visits on SQLite (FTS5) and PostgreSQL (pg_trgm + ILIKE)."""
    from liaison_desk.services.visits.service import VisitFilter, VisitService

    svc = VisitService(demo_db)
    with demo_db.engine.connect() as conn:
        rows = conn.execute(text("SELECT visitor_name, content FROM visit ORDER BY id")).all()
    for word in ("张", rows[0].content[:2], rows[3].content[1:5], "zz不存在的字"):
        expected = sum(1 for r in rows if word.lower() in f"{r.visitor_name}\n{r.content}".lower()) if word else 0
        found = svc.count(VisitFilter(query=word))
        assert found >= expected  # the body also covers address, request and handling note
        if word.startswith("zz"):
            assert found == 0


# --- the four errors a clerk may meet, each one Chinese line and exit 1 ---

def _one_chinese_line(done: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert done.returncode == 1, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def server() -> str:
    return admin_url()


@pytest.mark.slow
def test_wrong_password_is_one_line(server: str):
    url = with_database(server, "postgres").replace("liaison@", "clerk_pw@", 1)
    done = run_cli("check", "--db", url, env={"PGPASSWORD": "wrong-password"})
    line = _one_chinese_line(done, "拒绝", "密码", "PGPASSWORD")
    assert "wrong-password" not in line


@pytest.mark.slow
def test_password_from_pgpassword_is_used(server: str):
    name = f"t_{uuid.uuid4().hex[:10]}"
    admin(server, f'CREATE DATABASE "{name}" OWNER clerk_pw')
    try:
        url = with_database(server, name).replace("liaison@", "clerk_pw@", 1)
        done = run_cli("check", "--db", url, env={"PGPASSWORD": "right-password"})
        assert done.returncode == 0, done.stderr
        assert "结构版本" in done.stdout and "right-password" not in done.stdout + done.stderr
    finally:
        admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_missing_database_is_one_line(server: str):
    done = run_cli("check", "--db", with_database(server, "no_such_station_db"))
    _one_chinese_line(done, "没有数据库", "no_such_station_db", "CREATE DATABASE")


@pytest.mark.slow
def test_missing_pg_trgm_says_what_the_administrator_must_run(server: str):
    """A role that may make tables but not extensions, in a database without pg_trgm."""
    name, role = f"t_{uuid.uuid4().hex[:10]}", f"r_{uuid.uuid4().hex[:8]}"
    admin(server, f'CREATE ROLE "{role}" LOGIN', f'CREATE DATABASE "{name}"',
          f'REVOKE CREATE ON DATABASE "{name}" FROM PUBLIC')
    admin(with_database(server, name), f'GRANT CREATE ON SCHEMA public TO "{role}"')
    try:
        url = with_database(server, name).replace("liaison@", f"{role}@", 1)
        done = run_cli("check", "--db", url)
        _one_chinese_line(done, "pg_trgm", "CREATE EXTENSION pg_trgm")
    finally:
        admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def own_cluster(server: str):
    """A second throwaway cluster of our own, which the test may stop (tools/pg_test_cluster.sh)."""
    root = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "pg_test_cluster.sh")
    out = subprocess.run([root, "start"], capture_output=True, text=True, check=True).stdout
    values = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines())
    url, folder = values["LIAISON_DESK_TEST_PG"].strip("'"), values["LIAISON_DESK_TEST_PG_DIR"].strip("'")
    yield url, folder
    subprocess.run([root, "stop", folder], check=False)


@pytest.mark.slow
def test_stopped_server_is_one_line(own_cluster):
    url, folder = own_cluster
    admin(url, "CREATE DATABASE station")
    target = with_database(url, "station")
    done = run_cli("demo", "--db", target)
    assert done.returncode == 0, done.stderr
    bindir = os.environ.get("LIAISON_DESK_TEST_PG_BIN", "")
    stop = ["pg_ctl"] if not bindir else [os.path.join(bindir, "pg_ctl")]
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_owner, *stop, "-D", os.path.join(folder, "data"), "-m", "fast", "stop"], check=True,
                   capture_output=True)
    done = run_cli("visits", "search", "张", "--db", target)
    _one_chinese_line(done, "无法连接数据库服务器", "服务器没有运行")


# --- migrate-to: the demo station's SQLite file onto the server ---

@pytest.mark.slow
def test_migrate_to_copies_every_table_and_refuses_a_filled_target(server: str, tmp_path):
    import sqlite3

    import psycopg

    source = tmp_path / "station.db"
    assert run_cli("demo", "--db", str(source)).returncode == 0
    name = f"t_{uuid.uuid4().hex[:10]}"
    admin(server, f'CREATE DATABASE "{name}"')
    target = with_database(server, name)
    try:
        done = run_cli("migrate-to", target, "--from", str(source))
        assert done.returncode == 0, done.stderr
        assert "每张表的行数和校验和都已核对一致" in done.stdout
        # an oracle apart from the program: plain sqlite3 and plain psycopg, table by table
        with sqlite3.connect(source) as lite, psycopg.connect(target) as pg:
            tables = [r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                                 "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
            assert "visit" in tables and "auditentry" in tables
            for t in tables:
                n_lite = lite.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                n_pg = pg.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # type: ignore[arg-type]
                assert n_lite == n_pg, t
            lite_visits = set(lite.execute("SELECT id, visitor_name, content, visited_on FROM visit"))
            pg_visits = {(i, n, c, d.isoformat()) for i, n, c, d in
                         pg.execute("SELECT id, visitor_name, content, visited_on FROM visit")}
            assert lite_visits == pg_visits and len(pg_visits) >= 100
            merged = lite.execute("SELECT COUNT(*) FROM suggestion WHERE merged_into_id IS NOT NULL").fetchone()[0]
            assert pg.execute("SELECT COUNT(*) FROM suggestion WHERE merged_into_id IS NOT NULL").fetchone()[0] == merged
        again = run_cli("migrate-to", target, "--from", str(source))
        _one_chinese_line(again, "目标数据库里已经有记录")
        # the program works on the copy: search finds what SQLite found
        lite_hits = run_cli("visits", "search", "张", "--json", "--db", str(source))
        pg_hits = run_cli("visits", "search", "张", "--json", "--db", target)
        assert pg_hits.returncode == 0, pg_hits.stderr
        assert sorted(lite_hits.stdout.splitlines()) == sorted(pg_hits.stdout.splitlines())
    finally:
        admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- backup and restore on the server: pg_dump / pg_restore, custom format ---

@pytest.mark.both_backends
def test_server_backup_restores_every_record(backend, demo_db):
    from liaison_desk.services.safety.service import SafetyService
    from liaison_desk.store.backup import list_backups

    if backend != "postgresql":
        pytest.skip("the SQLite backups have their own tests (test_backup_restore.py)")
    before = demo_db.counts()
    made = SafetyService(demo_db).backup()
    assert made.suffix == ".dump" and made.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    with demo_db.engine.begin() as conn:
        conn.execute(text("DELETE FROM visitdeputy"))
        conn.execute(text("UPDATE visit SET content = 'changed'"))
    result = SafetyService(demo_db).restore(made)
    assert demo_db.counts() == before | {"auditentry": before["auditentry"] + 1}  # + the restore itself
    with demo_db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM visit WHERE content = 'changed'")).scalar_one() == 0
    kinds = sorted(b.kind for b in list_backups(demo_db.path))
    assert kinds == ["恢复前", "手动"] and result.saved_current is not None
    # the restored database still has its search index and its read-only audit log
    assert SafetyService(demo_db).check().ok


def test_missing_pg_dump_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    from liaison_desk.errors import KnownError
    from liaison_desk.store import pgdump

    monkeypatch.setattr(pgdump.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgdump.glob, "glob", lambda pattern: [])
    with pytest.raises(KnownError, match="找不到 PostgreSQL 的 pg_dump 程序") as e:
        pgdump.tool("pg_dump")
    assert "postgresql-client" in str(e.value)
