"""The throwaway PostgreSQL server of the tests (tools/pg_test_cluster.sh): one database per test.

LIAISON_DESK_TEST_PG (else the .venv/pg-test.env tools/bootstrap.sh test writes) names the server (a libpq
URL of a superuser role); without one the PostgreSQL half
of the `both_backends` tests is skipped, unless LIAISON_DESK_TEST_PG_REQUIRED=1 (.ci/run) makes that a
failure. Each test gets a new database copied from a template migrated once per session (and one with the
demo station), so a test costs a CREATE DATABASE, not a migration.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path

import pytest

PG_ENV, REQUIRED_ENV = "LIAISON_DESK_TEST_PG", "LIAISON_DESK_TEST_PG_REQUIRED"
_SESSION = uuid.uuid4().hex[:8]  # several test runs may share one server
EMPTY_TEMPLATE, DEMO_TEMPLATE = f"liaison_tpl_empty_{_SESSION}", f"liaison_tpl_demo_{_SESSION}"


def admin_url() -> str:
    """The server's URL, or skip (fail under .ci/run) when there is none or it does not answer."""
    url = os.environ.get(PG_ENV, "") or _from_bootstrap()
    problem = "" if url else f"{PG_ENV} is not set (tools/pg_test_cluster.sh start)"
    if url:
        try:
            import psycopg

            psycopg.connect(url, connect_timeout=5, autocommit=True).close()
        except Exception as e:  # the server did not start, or is gone
            problem = f"the test PostgreSQL server does not answer: {e}"
    if problem:
        if os.environ.get(REQUIRED_ENV) == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    return url


def _from_bootstrap() -> str:
    """The URL tools/bootstrap.sh test wrote into .venv/pg-test.env (the README's test command)."""
    env = Path(__file__).resolve().parents[1] / ".venv" / "pg-test.env"
    if not env.is_file():
        return ""
    values = {k.removeprefix("export ").strip(): v.strip().strip("'") for line in env.read_text().splitlines()
              if "=" in line for k, v in [line.split("=", 1)]}
    for key in ("LIAISON_DESK_TEST_PG_DIR", "LIAISON_DESK_TEST_PG_BIN"):
        if key in values:
            os.environ.setdefault(key, values[key])
    return values.get(PG_ENV, "")


def with_database(url: str, name: str) -> str:
    """`url` pointing at database `name` (the host, socket and user kept)."""
    from sqlalchemy import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for s in statements:
            conn.execute(s)  # type: ignore[arg-type]


class Templates:
    """The session's template databases, built on first use."""

    def __init__(self, url: str, demo_today: date) -> None:
        self.url, self.demo_today = url, demo_today
        self.built: set[str] = set()
        self.made: list[str] = []

    def _build(self, name: str, demo: bool) -> None:
        from liaison_desk.store import open_database

        admin(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        db = open_database(with_database(self.url, name))
        try:
            if demo:
                from liaison_desk.demo import build

                build(db, "station", 7, self.demo_today)
        finally:
            db.close()
        self.built.add(name)

    def new_database(self, demo: bool = False) -> str:
        """A fresh database (empty schema, or the demo station) and its URL."""
        template = DEMO_TEMPLATE if demo else EMPTY_TEMPLATE
        if template not in self.built:
            self._build(template, demo)
        name = f"t_{uuid.uuid4().hex[:12]}"
        admin(self.url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.made.append(name)
        return with_database(self.url, name)

    def drop(self, url: str) -> None:
        from sqlalchemy import make_url

        admin(self.url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def close(self) -> None:
        for name in [*self.made, *self.built]:
            admin(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
