"""Shared fixtures: every test runs offscreen with its own config/data folders and real SQLite files."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

# Before Qt or platformdirs are imported: offscreen Qt, private config/data/log folders.
_HOME = Path(tempfile.mkdtemp(prefix="liaison-test-home-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_STATE_HOME"] = str(_HOME / "state")
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
os.environ.pop("LIAISON_DESK_DB", None)

from helpers import DEMO_TODAY  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_backends` run once on an SQLite file and once on the test PostgreSQL server."""
    everywhere = os.environ.get("LIAISON_DESK_TEST_PG_ALL") == "1"  # a developer's survey of every db test
    if "backend" in metafunc.fixturenames and (everywhere or metafunc.definition.get_closest_marker("both_backends")):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite" (the default) or "postgresql" (tests marked both_backends run on each)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_templates():
    from pgserver import Templates, admin_url

    templates = Templates(admin_url(), DEMO_TODAY)
    yield templates
    templates.close()


@pytest.fixture
def db(request: pytest.FixtureRequest, backend: str, tmp_path: Path):
    """A new, migrated database in a temporary folder (or on the test server: backend "postgresql")."""
    from liaison_desk.store import open_database

    if backend == "postgresql":
        templates = request.getfixturevalue("pg_templates")
        database = open_database(templates.new_database())
        yield database
        database.close()
        templates.drop(database.url)
        return
    database = open_database(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture
def db_target(request: pytest.FixtureRequest, backend: str, tmp_path: Path):
    """Where a command's database goes, as `--db` takes it: a new file name in the test's folder, or (backend
    "postgresql") a new, migrated, empty database on the test server. Call it for each database."""
    def make(name: str = "t.db") -> str:
        if backend == "postgresql":
            return str(request.getfixturevalue("pg_templates").new_database())
        return str(tmp_path / name)
    return make


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, backend: str, tmp_path: Path):
    """The demo station (seed 7, as of DEMO_TODAY) in a temporary database (or on the test server)."""
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    if backend == "postgresql":
        templates = request.getfixturevalue("pg_templates")
        database = open_database(templates.new_database(demo=True))
        yield database
        database.close()
        templates.drop(database.url)
        return
    database = open_database(tmp_path / "demo.db")
    build(database, "station", 7, DEMO_TODAY)
    yield database
    database.close()


@pytest.fixture
def ctx(qapp, demo_db):
    """An AppContext over the demo station (for widget tests)."""
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.ui.context import AppContext

    context = AppContext(Workspace(demo_db))
    yield context
    context.changes.detach()


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):
    """The QApplication, made the way the program makes it (Chinese translations and locale)."""
    from liaison_desk.app import make_application

    return make_application(qapp_args or [sys.argv[0]])
