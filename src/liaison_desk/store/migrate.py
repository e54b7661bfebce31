"""Alembic migrations bundled in the package: refuse newer databases, back up, then upgrade.

Start-up only compares the database's revision with the revisions shipped in versions/, read as text;
Alembic itself (and its Mako templates) is imported only when a migration actually has to run.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_desk.errors import DatabaseTooNew

if TYPE_CHECKING:  # SQLAlchemy loads on the first use: a start with nothing to migrate never needs it here
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
_REVISION = re.compile(r"^revision(?:: str)? = ['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:: [\w |]+)? = ['\"]([^'\"]+)['\"]", re.M)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _shipped() -> tuple[frozenset[str], str]:
    """(every revision shipped with the program, the head), read from versions/*.py as text."""
    revisions, parents = set(), set()
    for f in (MIGRATIONS / "versions").glob("*.py"):
        source = f.read_text(encoding="utf-8")
        rev = _REVISION.search(source)
        if rev:
            revisions.add(rev[1])
            down = _DOWN.search(source)
            if down:
                parents.add(down[1])
    heads = revisions - parents
    if len(heads) != 1:  # a branched history: let Alembic itself answer
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert head is not None
        return frozenset(revisions), head
    return frozenset(revisions), heads.pop()


def head_revision() -> str:
    return _shipped()[1]


def known_revisions() -> frozenset[str]:
    return _shipped()[0]


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):  # no alembic_version table: a new, empty database
            return None


def is_empty(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return not inspect(engine).get_table_names()


def needs_upgrade(engine: Engine) -> bool:
    """True when the database is behind the program; raises DatabaseTooNew when it is ahead."""
    current = current_revision(engine)
    if current is None:
        return True
    if current not in known_revisions():
        raise DatabaseTooNew(
            f"数据库由更新版本的联络站工作台创建（结构版本 {current}），本程序无法打开",
            hint="请安装最新版本的程序后再打开，不要用旧版本修改这份数据",
        )
    return current != head_revision()


def upgrade(engine: Engine) -> None:
    """Run every pending migration in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    log.info("database upgraded to %s", head_revision())
