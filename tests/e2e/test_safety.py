"""Data safety end to end: CLI backup/restore/check/log, two programs on one database, disk full and
a vanished USB folder mid-backup or mid-export — real processes, files and (where allowed) a tiny filesystem."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from helpers import run_cli
from liaison_desk.errors import KnownError
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.store import backup as B


def dump(path: Path) -> dict[str, list[tuple]]:
    from sqlmodel import SQLModel

    with sqlite3.connect(path) as c:
        out = {t: sorted(c.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in SQLModel.metadata.tables}
    c.close()
    return out


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 40:4096 * 90] = b"\xf0" * (4096 * 50)
    path.write_bytes(bytes(data))


@pytest.fixture
def demo_file(tmp_path) -> Path:
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    path = tmp_path / "站" / "live.db"
    db = open_database(path)
    build(db, "station", 7)
    db.close()
    return path


def test_cli_backup_damage_check_restore_log(demo_file, tmp_path):
    usb = tmp_path / "U盘"
    usb.mkdir()
    r = run_cli("backup", "--db", str(demo_file), "--to", str(usb), "--json")
    assert r.returncode == 0, r.stderr
    made = Path(json.loads(r.stdout)["file"])
    assert made.parent == usb and json.loads(r.stdout)["counts"]["visit"] == 220
    assert not list(usb.glob(".*"))
    expected = dump(made)
    damage(demo_file)
    r = run_cli("check", "--db", str(demo_file))
    assert r.returncode == 1 and "已损坏" in r.stderr and not r.stdout
    bad = tmp_path / "坏.db"
    shutil.copy(made, bad)
    damage(bad)
    r = run_cli("restore", str(bad), "--db", str(demo_file), "--yes")
    assert r.returncode == 1 and "不能从这个备份恢复" in r.stderr
    r = run_cli("restore", str(made), "--db", str(demo_file))  # no terminal and no --yes: refused
    assert r.returncode == 1 and "--yes" in r.stderr
    r = run_cli("restore", str(made), "--db", str(demo_file), "--yes")
    assert r.returncode == 0, r.stderr
    assert "备份时间" in r.stdout and "来访登记 220 条" in r.stdout and "损坏-" in r.stdout
    r = run_cli("check", "--db", str(demo_file), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["ok"]
    after = dump(demo_file)
    assert {t: v for t, v in after.items() if t != "auditentry"} == \
        {t: v for t, v in expected.items() if t != "auditentry"}
    r = run_cli("log", "--db", str(demo_file), "--json")
    actions = [e["action"] for e in json.loads(r.stdout)]
    assert actions[0] == "restore"  # the backup's own entry came after the copy, so it is not in it
    xlsx = tmp_path / "log.xlsx"
    r = run_cli("log", "--db", str(demo_file), "--to", "2000-12-31", "--export", str(xlsx))
    assert r.returncode == 0 and "已导出 0 条" in r.stdout and xlsx.exists()


HOLDER = r"""
import sys
from liaison_desk.store import open_database
from liaison_desk.services.station import StationService
db = open_database(sys.argv[1], lock=True)
print("open", flush=True)
for i, line in enumerate(sys.stdin):
    StationService(db).save_agency(f"第{i}个单位", "政府部门")
    print("saved", flush=True)
db.close()
"""


def test_second_program_is_refused_and_the_first_keeps_working(demo_file, tmp_path):
    first = subprocess.Popen([sys.executable, "-c", HOLDER, str(demo_file)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().strip() == "open"
        first.stdin.write("go\n")
        first.stdin.flush()
        assert first.stdout.readline().strip() == "saved"
        before = dump(demo_file)
        r = run_cli("backup", "--db", str(demo_file))
        assert r.returncode == 1 and "正在被电脑" in r.stderr and "起" in r.stderr
        r = run_cli("--db", str(demo_file), "--screenshot", str(tmp_path / "shots"))  # the window, too
        assert r.returncode == 1 and "正在被电脑" in r.stderr
        r = run_cli("restore", str(demo_file), "--db", str(demo_file), "--yes")
        assert r.returncode == 1
        assert dump(demo_file) == before  # the refused programs wrote nothing
        assert not (demo_file.parent / "live.db.files" / "backups").exists() or \
            not list((demo_file.parent / "live.db.files" / "backups").glob("*.db"))
        first.stdin.write("go\n")
        first.stdin.flush()
        assert first.stdout.readline().strip() == "saved"
    finally:
        first.stdin.close()
        assert first.wait(timeout=30) == 0
    names = {r[0] for r in sqlite3.connect(demo_file).execute("SELECT name FROM agency")}
    assert {"第0个单位", "第1个单位"} <= names
    assert run_cli("check", "--db", str(demo_file)).returncode == 0  # free again after the first closed


def test_gui_start_refuses_a_damaged_database_without_asking(demo_file, tmp_path):
    damage(demo_file)
    r = run_cli("--db", str(demo_file), "--screenshot", str(tmp_path / "shots"))
    assert r.returncode == 1 and "已损坏" in r.stderr
    assert not (tmp_path / "shots").exists()


# ------------------------------------------------------------------------------- fault injection
@contextmanager
def tiny_fs(where: Path, size: str):
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(folder: Path, leave: int = 16 * 1024) -> None:
    """Fill the filesystem of `folder` up to `leave` bytes free, as another program would."""
    free = shutil.disk_usage(folder).free
    with open(folder / "filler.bin", "wb") as fh:
        try:
            fh.write(b"\0" * max(free - leave, 0))
        except OSError:
            pass


def assert_untouched(db_path: Path, before: dict) -> None:
    assert sqlite3.connect(db_path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert dump(db_path) == before


def test_disk_fills_mid_backup(demo_db, tmp_path):
    before = dump(demo_db.path)
    with tiny_fs(tmp_path / "usb", "3m") as usb:
        calls = []

        def progress(done, total):
            if not calls:
                fill(usb)
            calls.append(done)

        with pytest.raises(KnownError) as e:
            B.make_backup(demo_db.path, folder=usb, progress=progress, file_name="备份.db")
        assert "空间不足" in str(e.value)
        assert sorted(p.name for p in usb.iterdir()) == ["filler.bin"]  # nothing partial, no temp file
    assert_untouched(demo_db.path, before)


def test_too_small_stick_is_refused_before_writing(demo_file, tmp_path):
    before = dump(demo_file)
    with tiny_fs(tmp_path / "usb", "256k") as usb:
        r = run_cli("backup", "--db", str(demo_file), "--to", str(usb))
        assert r.returncode == 1 and "空间不足" in r.stderr
        assert list(usb.iterdir()) == []
    after = dump(demo_file)
    assert {t: v for t, v in after.items() if t != "auditentry"} == \
        {t: v for t, v in before.items() if t != "auditentry"}


def test_usb_folder_disappears_mid_backup(demo_db, tmp_path):
    before = dump(demo_db.path)
    usb = tmp_path / "usb"
    usb.mkdir()

    def pull_out(done, total):
        if usb.exists():
            shutil.rmtree(usb)

    with pytest.raises(KnownError) as e:
        B.make_backup(demo_db.path, folder=usb, progress=pull_out, file_name="备份.db")
    assert "U盘" in str(e.value) or "不存在" in str(e.value)
    assert not usb.exists()
    assert_untouched(demo_db.path, before)


def test_rename_fails_with_disk_full_during_backup(demo_db, tmp_path, monkeypatch):
    before = dump(demo_db.path)
    usb = tmp_path / "usb"
    usb.mkdir()

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(KnownError) as e:
        B.make_backup(demo_db.path, folder=usb, file_name="备份.db")
    assert "空间不足" in str(e.value)
    assert list(usb.iterdir()) == []
    monkeypatch.undo()
    assert_untouched(demo_db.path, before)


# openpyxl's zip writer is left unclosed by the failed save; closing it later fails on the full disk.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_disk_fills_mid_handoff_export(demo_db, tmp_path):
    from liaison_desk.ledger.handoff_export import export_handoff

    before = dump(demo_db.path)
    with tiny_fs(tmp_path / "usb", "1m") as usb:
        fill(usb, leave=8 * 1024)
        with pytest.raises(KnownError) as e:
            export_handoff(HandoffService(demo_db), usb / "月度台账.xlsx")
        assert "空间不足" in str(e.value)
        del e
        import gc

        gc.collect()  # let the leftover zip writer fail here, inside this test
        assert sorted(p.name for p in usb.iterdir()) == ["filler.bin"]
    assert_untouched(demo_db.path, before)  # no export logged, nothing changed


def test_fsync_fails_with_disk_full_during_export(demo_db, tmp_path, monkeypatch):
    from liaison_desk.ledger.handoff_export import export_handoff

    before = dump(demo_db.path)
    real_fsync = os.fsync

    def full(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(KnownError) as e:
        export_handoff(HandoffService(demo_db), tmp_path / "月度台账.xlsx")
    monkeypatch.undo()
    assert "空间不足" in str(e.value)
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".*part"))
    assert_untouched(demo_db.path, before)


def test_a_folder_to_restore_and_a_file_to_back_up_into_are_named_for_what_they_are(demo_file, tmp_path):
    """The clerk picks the USB folder instead of the backup in it, or a file as the backup folder: the
    line says which it is (not "not found", which sends them looking for something that is there)."""
    before = demo_file.read_bytes()
    r = run_cli("restore", str(tmp_path), "--db", str(demo_file), "--yes")
    assert r.returncode == 1 and "文件夹，不是备份文件" in r.stderr and "Traceback" not in r.stderr
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"x")
    r = run_cli("backup", "--db", str(demo_file), "--to", str(target))
    assert r.returncode == 1 and "是一个文件，不是文件夹" in r.stderr and "Traceback" not in r.stderr
    assert target.read_bytes() == b"x" and demo_file.read_bytes() == before
