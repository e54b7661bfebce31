"""The window's first rows come before SQLAlchemy and the ORM are imported (issue 22, "first rows without the
ORM"): the program is started as the clerk starts it (`liaison-desk --db FILE`, offscreen) on the tab left
open last time, and at the moment its table first paints with rows the child reports which of the heavy
libraries are loaded and what the first row says. The oracle for the row is the file read with sqlite3 here,
by the order the lists promise (roster order; newest visit first). An older database still goes the full
way (backup, then migration): test_migrations.test_older_database_is_backed_up_then_upgraded.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DEMO_TODAY

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "liaison_desk.models.deputy")

CHILD = r"""
import json, os, sys
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings
from PySide6.QtWidgets import QTableView

from liaison_desk import APP_ID
import liaison_desk.app as appmod

QCoreApplication.setOrganizationName(APP_ID)
QCoreApplication.setApplicationName(APP_ID)
settings = QSettings()
settings.setValue("main/tab", int(sys.argv[2]))
settings.sync()
original = appmod.make_application


class FirstRows(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            view = obj.parent() if obj.parent() is not None else None
            if isinstance(view, QTableView) and view.model() is not None and view.model().rowCount() > 0 \
                    and view.window().objectName() == "MainWindow":
                model = view.model()
                first = [model.index(0, c).data() for c in range(model.columnCount())]
                print(json.dumps({"loaded": [m for m in sys.argv[3].split(",") if m in sys.modules],
                                  "first": first, "rows": model.rowCount(),
                                  "title": view.window().tabs.tabText(view.window().tabs.currentIndex())}),
                      flush=True)
                os._exit(0)
        return False


def make_application(argv=None):
    app = original(argv)
    app._first_rows = FirstRows()
    app.installEventFilter(app._first_rows)
    return app


appmod.make_application = make_application
from liaison_desk.cli import main

main(["--db", sys.argv[1]])
"""


@pytest.fixture(scope="module")
def station(tmp_path_factory) -> Path:
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    path = tmp_path_factory.mktemp("first-rows") / "station.db"
    db = open_database(path)
    build(db, "station", 7, DEMO_TODAY)
    db.close()
    return path


def _first_rows(db: Path, tab: int, tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LIAISON_DESK_OPERATOR="测试员",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    r = subprocess.run([sys.executable, "-c", CHILD, str(db), str(tab), ",".join(HEAVY)], capture_output=True,
                       text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the window never painted rows: {r.stdout}{r.stderr}"
    return dict(json.loads(lines[-1]))


def _copy(src: Path, dest: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    a.close()
    b.close()
    return dest


def test_roster_first_rows_come_without_sqlalchemy_or_the_orm(station, tmp_path):
    db = _copy(station, tmp_path / "roster.db")
    shown = _first_rows(db, 0, tmp_path)
    with sqlite3.connect(db) as c:
        names = [r[0] for r in c.execute("SELECT name FROM deputy ORDER BY sort_order, name_pinyin, id")]
    c.close()
    assert shown["title"] == "代表名册"
    assert shown["loaded"] == [], f"imported before the first rows: {shown['loaded']}"
    assert shown["first"][0] == names[0] and shown["rows"] == min(len(names), 100)


def test_register_first_rows_come_without_sqlalchemy_or_the_orm(station, tmp_path):
    db = _copy(station, tmp_path / "visits.db")
    shown = _first_rows(db, 3, tmp_path)
    with sqlite3.connect(db) as c:
        newest = c.execute("SELECT visitor_name FROM visit "
                           "ORDER BY visited_on DESC, visited_time DESC, id LIMIT 1").fetchone()[0]
        total = c.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
    c.close()
    assert shown["title"] == "来访登记"
    assert shown["loaded"] == [], f"imported before the first rows: {shown['loaded']}"
    assert newest in shown["first"] and shown["rows"] == min(total, 100)
