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


@pytest.fixture
def db(tmp_path: Path):
    """A new, migrated database in a temporary folder."""
    from liaison_desk.store import open_database

    database = open_database(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path: Path):
    """The demo station (seed 7, as of DEMO_TODAY) in a temporary database."""
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

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
