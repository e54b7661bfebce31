"""Alembic migrations bundled in the package: refuse newer databases, back up, then upgrade."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from liaison_desk.errors import DatabaseTooNew

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_empty(engine: Engine) -> bool:
    return not inspect(engine).get_table_names()


def needs_upgrade(engine: Engine) -> bool:
    """True when the database is behind the program; raises DatabaseTooNew when it is ahead."""
    current = current_revision(engine)
    if current is None:
        return True
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseTooNew(
            f"数据库由更新版本的联络站工作台创建（结构版本 {current}），本程序无法打开",
            hint="请安装最新版本的程序后再打开，不要用旧版本修改这份数据",
        )
    return current != script.get_current_head()


def upgrade(engine: Engine) -> None:
    """Run every pending migration in one transaction."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    log.info("database upgraded to %s", head_revision())
