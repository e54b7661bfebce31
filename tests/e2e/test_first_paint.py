"""The window's frame is painted before the database stack (SQLAlchemy, SQLModel) or the file writers load."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "openpyxl", "reportlab", "docx", "python_calamine")


def _python(code: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("LIAISON_DESK_DB", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)


def test_the_window_modules_import_without_the_database_stack(tmp_path):
    out = _python("import sys, json\n"
                  "import liaison_desk.cli, liaison_desk.app, liaison_desk.ui.main_window\n"
                  f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))", tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


def test_the_frame_is_on_screen_before_the_database_opens(tmp_path, db):
    """Start as the clerk does (cli.main with the window's arguments): when the frame has been shown and
    painted nothing heavy is loaded yet; afterwards the database is open and the tabs are filled."""
    db.close()
    shots = tmp_path / "shots"
    code = f"""
import json, sys
from liaison_desk import app, cli
seen = {{}}
real_show, real_open = app.show_frame, app.open_window
def show(screenshot):
    window = real_show(screenshot)
    seen["visible"] = window.isVisible()
    seen["at_paint"] = sorted(m for m in {HEAVY!r} if m in sys.modules)
    return window
def fill(workspace, demo=False, window=None, **kw):
    result = real_open(workspace, demo, window, **kw)
    seen["same_window"] = result is window
    seen["tabs"] = [result.tabs.tabText(i) for i in range(result.tabs.count())]
    return result
app.show_frame, app.open_window = show, fill
code = cli.main(["--db", {str(db.path)!r}, "--screenshot", {str(shots)!r}])
seen["after"] = "sqlalchemy" in sys.modules
print(json.dumps(seen, ensure_ascii=False))
sys.exit(code)
"""
    out = _python(code, tmp_path)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["visible"] and seen["at_paint"] == []
    assert seen["same_window"] and seen["tabs"] == ["代表名册", "接待安排", "代表活动", "来访登记", "建议办理"]
    assert seen["after"]
    assert len(list(shots.glob("*.png"))) == 5



def test_every_tab_is_filled_without_the_database_stack(tmp_path):
    """Opening every tab reads through plain SQL: until the clerk edits, the window never imports SQLAlchemy
    (county-scale memory, issue 22). Run as the benchmark's P4 probe runs the program (every tab loaded and
    painted)."""
    from pathlib import Path

    db = tmp_path / "demo.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("LIAISON_DESK_DB", None)
    made = subprocess.run([sys.executable, "-m", "liaison_desk", "demo", "--db", str(db)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert made.returncode == 0, made.stderr
    probe = Path(__file__).resolve().parents[2] / "benchmarks" / "probes.py"
    run = subprocess.run([sys.executable, str(probe), "app-tabs", str(db)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.strip().splitlines()[-1])["stack"] is False
