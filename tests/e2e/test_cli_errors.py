"""The command line never shows a traceback and never lies: wrong --out, wrong --db, read-only media, a full
disk, no display. Each case in a real subprocess: exit code, one Chinese line on stderr, nothing created."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from helpers import read_only_place, run_cli


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("errors") / "demo.db"
    assert run_cli("demo", "--db", str(path), "--today", "2026-11-28").returncode == 0
    return path


def one_error_line(r: subprocess.CompletedProcess[str]) -> str:
    """The run failed with exit 1 and said exactly one line, on stderr, without a traceback."""
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr + r.stdout and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误："), r.stderr
    return lines[0]


@pytest.mark.parametrize("command", [
    ("roster", "export", "--out"),
    ("print", "board", "--out"),
    ("print", "register", "--from", "2026-01-01", "--to", "2026-11-28", "--out"),
    ("handoff", "export", "--month", "2026-11", "--out"),
])
def test_a_folder_as_out_is_one_line(demo_file, tmp_path, command):
    folder = tmp_path / "输出"
    folder.mkdir()
    line = one_error_line(run_cli(*command, str(folder), "--db", str(demo_file)))
    assert "输出位置是一个文件夹" in line
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", [
    ("check",), ("check", "--json"), ("station", "show"), ("visits", "search", "路"), ("suggestions", "overdue"),
    ("log",), ("backup",), ("roster", "export", "--out", "OUT"), ("schedule", "check", "--year", "2026"),
    ("calendar", "show", "--year", "2026"), ("handoff", "export", "--all", "--out", "OUT"), ("print", "board", "--out", "OUT"),
])
def test_a_missing_database_is_not_created(tmp_path, command):
    db = tmp_path / "打错的路径" / "liaison.db"
    out = "out.pdf" if command[0] == "print" else "out.xlsx"  # a right --out, so the database is what fails
    args = [str(tmp_path / out) if a == "OUT" else a for a in command]
    line = one_error_line(run_cli(*args, "--db", str(db)))
    assert line.startswith(f"错误：找不到数据库文件：{db}")
    assert list(tmp_path.iterdir()) == []  # no folder, no database, no lock, no output


def test_a_missing_database_in_an_existing_folder_is_not_created_either(tmp_path):
    db = tmp_path / "liaison.db"
    one_error_line(run_cli("check", "--db", str(db)))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [("demo",), ("station", "set", "--name", "甲站")])
def test_creating_commands_say_where_and_never_make_folders(tmp_path, command):
    db = tmp_path / "新建" / "x.db"
    line = one_error_line(run_cli(*command, "--db", str(db)))
    assert line.startswith(f"错误：找不到文件夹：{db.parent}")
    assert list(tmp_path.iterdir()) == []
    db.parent.mkdir()
    r = run_cli(*command, "--db", str(db))
    assert r.returncode == 0 and r.stderr == f"已新建数据库：{db}\n", r.stderr
    assert db.stat().st_size > 0


def _not_ours(tmp_path, what: str):
    if what == "folder":
        return tmp_path / "数据"
    if what == "pdf":
        p = tmp_path / "公告.pdf"
        p.write_bytes(b"%PDF-1.4\n" + b"0" * 4000)
        return p
    if what == "xlsx":
        p = tmp_path / "名册.xlsx"
        p.write_bytes(b"PK\x03\x04" + b"\0" * 4000)
        return p
    p = tmp_path / "places.sqlite"  # somebody else's SQLite database
    import sqlite3

    with sqlite3.connect(p) as c:
        c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    return p


@pytest.mark.parametrize("what", ["folder", "pdf", "xlsx", "other-sqlite"])
@pytest.mark.parametrize("command", [("check",), ("visits", "search", "路"), ("station", "set", "--name", "甲站"),
                                     ("demo",)])
def test_not_our_database_is_said_so_not_damaged(tmp_path, what, command):
    path = _not_ours(tmp_path, what)
    if what == "folder":
        path.mkdir()
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    line = one_error_line(run_cli(*command, "--db", str(path)))
    assert "这不是联络站工作台的数据库文件" in line and "损坏" not in line
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before  # nothing written, nothing added


def test_the_window_refuses_a_folder_as_database(tmp_path):
    line = one_error_line(run_cli("--db", str(tmp_path), "--screenshot", str(tmp_path / "shots"),
                                  env={"QT_QPA_PLATFORM": "offscreen"}))
    assert "这不是联络站工作台的数据库文件" in line and not (tmp_path / "shots").exists()


def test_no_display_is_one_line_not_an_abort(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    db = tmp_path / "x.db"
    r = subprocess.run([sys.executable, "-m", "liaison_desk", "--db", str(db)], capture_output=True, text=True,
                       env=env, timeout=120)
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    line = one_error_line(r)
    assert "没有图形界面" in line and not db.exists()
    env["DISPLAY"] = ":97"  # a display nobody serves
    r = subprocess.run([sys.executable, "-m", "liaison_desk", "--db", str(db)], capture_output=True, text=True,
                       env=env, timeout=120)
    assert "找不到图形界面" in one_error_line(r) and not db.exists()


def test_read_only_place_reads_and_refuses_writes(demo_file, tmp_path):
    with read_only_place(demo_file, tmp_path / "U盘") as db:
        r = run_cli("check", "--db", str(db))
        assert r.returncode == 0 and "检查结果：正常" in r.stdout, r.stderr
        r = run_cli("visits", "search", "路", "--db", str(db), "--json")
        assert r.returncode == 0 and r.stderr == "", r.stderr
        r = run_cli("station", "show", "--db", str(db))
        assert r.returncode == 0 and "青石镇人大代表联络站" in r.stdout
        line = one_error_line(run_cli("station", "set", "--phone", "13800001111", "--db", str(db)))
        assert "数据库在只读位置" in line and "损坏" not in line
        line = one_error_line(run_cli("backup", "--db", str(db)))
        assert "只读" in line or "没有写入权限" in line
        r = run_cli("--db", str(db), "--screenshot", str(tmp_path / "shots"), env={"QT_QPA_PLATFORM": "offscreen"})
        assert r.returncode == 0, r.stderr
        assert sorted(p.name for p in db.parent.iterdir()) == [db.name]  # no -wal, -shm, lock or backups
    assert shutil.disk_usage(tmp_path)  # the place is writable again after the test


def _unshare_works() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs root and mount namespaces (unshare -m)")
def test_real_read_only_and_full_file_systems(demo_file, tmp_path):
    """A write-protected stick (a tmpfs remounted read-only: EROFS) and a full one (a 4 KB tmpfs: ENOSPC),
    in a private mount namespace so nothing outside the test sees them."""
    stick, small = tmp_path / "stick", tmp_path / "small"
    stick.mkdir()
    small.mkdir()
    py = f"{sys.executable} -m liaison_desk"
    script = f"""
set -u
mount -t tmpfs -o size=64m tmpfs {stick} && cp {demo_file} {stick}/d.db && mount -o remount,ro {stick}
mount -t tmpfs -o size=4k tmpfs {small}
{py} station set --phone 13800001111 --db {stick}/d.db; echo "rc=$?"
{py} check --db {stick}/d.db; echo "rc=$?"
{py} roster export --out {small}/名册.xlsx --db {demo_file}; echo "rc=$?"
ls -A {small}; echo "end"
"""
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in r.stderr + r.stdout
    errors = r.stderr.splitlines()
    assert len(errors) == 2, r.stderr
    assert "数据库在只读位置" in errors[0]
    assert "空间不足" in errors[1] and "名册.xlsx" in errors[1]
    out = r.stdout.splitlines()
    assert out[0] == "rc=1" and "检查结果：正常" in r.stdout and "rc=0" in out
    assert out[-2:] == ["rc=1", "end"]  # no partial file left on the full stick
