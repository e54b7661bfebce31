"""Integrity checks: SQLite's own check, the schema revision, and the search indexes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import KnownError
from liaison_desk.startup_check import quick_check_file as quick_check_file  # re-exported: one implementation
from liaison_desk.store import migrate
from liaison_desk.store.search import BODIES
from liaison_desk.text import fmt_datetime

if TYPE_CHECKING:
    from liaison_desk.store.db import Database


@dataclass
class DatabaseDamaged(KnownError):
    """The database file failed SQLite's check; `newest_backup` is the newest good backup (BackupInfo)."""

    newest_backup: Any = None
    findings: list[str] = field(default_factory=list)


def damaged_error(path: Path, findings: list[str]) -> DatabaseDamaged:
    """The clerk's message for a damaged database, offering the newest good backup if there is one."""
    from liaison_desk.store.backup import newest_good_backup

    newest = newest_good_backup(path)
    if newest is not None:
        hint = (f"可以从 {fmt_datetime(newest.taken_at)} 的备份恢复；"
                "损坏的文件会保留在备份文件夹里，不会删除")
    else:
        hint = "备份文件夹里没有可用的备份；如有U盘备份，请用「从备份恢复」选择它"
    return DatabaseDamaged("数据库文件已损坏，为保护数据，程序没有打开它", file=path, hint=hint,
                           newest_backup=newest, findings=findings)


DAMAGED_WHILE_OPEN = "数据库文件已损坏（例行检查时发现），为保护数据，程序已停止保存修改"


def stop_writes_damaged(db: Database, findings: list[str]) -> DatabaseDamaged:
    """The check found damage in the open database: every later write is refused with the returned
    error (the clerk may still look things up), which offers the newest good backup like at start."""
    from liaison_desk.store.backup import newest_good_backup
    from liaison_desk.store.engine import stop_writes

    newest = newest_good_backup(db.path)
    if newest is not None:
        hint = (f"请用「文件 → 从备份恢复」恢复 {fmt_datetime(newest.taken_at)} 的备份；"
                "损坏的文件会保留在备份文件夹里，不会删除")
    else:
        hint = "备份文件夹里没有可用的备份；如有U盘备份，请用「文件 → 从备份恢复」选择它"
    error = DatabaseDamaged(DAMAGED_WHILE_OPEN, file=db.path, hint=hint, newest_backup=newest, findings=findings)
    stop_writes(db.path, error)
    db.engine.dispose()  # no writable connection stays in the pool
    return error


@dataclass
class Report:
    ok: bool
    schema: str | None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def check(db: Database, quick: bool = False) -> Report:
    """Run integrity_check (or quick_check), foreign_key_check and compare search indexes to their tables."""
    problems: list[str] = []
    if db.dialect == "postgresql":
        problems += _server_problems(db)
    else:
        _file_problems(db, quick, problems)
    schema = migrate.current_revision(db.engine)
    if schema != migrate.head_revision():
        problems.append(f"数据库结构版本 {schema} 不是最新的 {migrate.head_revision()}")
    return Report(ok=not problems, schema=schema, counts=db.counts(), problems=problems)


def _server_problems(db: Database) -> list[str]:
    """On a server: pg_trgm and the two search indexes present and valid (the server guards its files)."""
    problems: list[str] = []
    with db.engine.connect() as conn:
        if not conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
            problems.append("数据库服务器缺少 pg_trgm 扩展，查找会很慢或出错")
        for table in BODIES:
            ok = conn.exec_driver_sql("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                      f"WHERE c.relname = '{table}_search_trgm'").scalar()
            if not ok:
                problems.append(f"{table} 的搜索索引缺失或无效，请管理员执行 REINDEX INDEX {table}_search_trgm;")
    return problems


def _file_problems(db: Database, quick: bool, problems: list[str]) -> None:
    with db.engine.connect() as conn:
        pragma = "quick_check" if quick else "integrity_check"
        result = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}").all()]
        if result != ["ok"]:
            problems += [f"数据库文件损坏：{r}" for r in result[:10]]
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        if fk:
            problems.append(f"有 {len(fk)} 条记录引用了不存在的记录（表 {', '.join(sorted({r[0] for r in fk}))}）")
        for table in BODIES:
            n_rows = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one()
            n_fts = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}_fts").scalar_one()
            if n_rows != n_fts:
                problems.append(f"{table} 的搜索索引与数据不一致（{n_fts}/{n_rows}），请重建索引")
