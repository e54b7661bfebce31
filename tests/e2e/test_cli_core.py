"""The command line as a clerk or a script uses it: demo, check, --version, exit codes, screenshots."""

from __future__ import annotations

import json
import sqlite3

from helpers import run_cli


def test_version():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("liaison-desk ")


def test_demo_then_check_json(tmp_path):
    db = tmp_path / "x.db"
    out = run_cli("demo", "--db", str(db), "--seed", "3")
    assert out.returncode == 0, out.stderr
    assert "14 名代表" in out.stdout  # seed 3 draws a station of 14 (a station has 12–15)
    out = run_cli("check", "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] is True
    assert report["schema"] == sqlite3.connect(db).execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert report["counts"]["deputy"] == 14 and report["counts"]["visit"] == 220


def test_known_error_is_one_chinese_line_and_exit_1(tmp_path):
    db = tmp_path / "x.db"
    assert run_cli("demo", "--db", str(db)).returncode == 0
    out = run_cli("demo", "--db", str(db))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "已经有数据" in lines[0]


def test_wrong_usage_exits_2():
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("demo", "--scale", "planet").returncode == 2


def test_db_from_environment(tmp_path):
    db = tmp_path / "env.db"
    out = run_cli("demo", env={"LIAISON_DESK_DB": str(db)})
    assert out.returncode == 0, out.stderr
    assert db.exists()


def test_screenshot_writes_a_png_per_tab(tmp_path):
    db = tmp_path / "x.db"
    shots = tmp_path / "shots"
    out = run_cli("--db", str(db), "--demo", "--screenshot", str(shots), env={"QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert names == ["1-代表名册.png", "2-接待安排.png", "3-代表活动.png", "4-来访登记.png", "5-建议办理.png"]
    for p in shots.glob("*.png"):
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 20_000
