"""A full USB stick and a full data disk: one Chinese line that says so, no traceback after it, nothing left.

The "disks" are small tmpfs mounts (needs root and mount; skipped elsewhere)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from helpers import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path):
    mounts: list[Path] = []

    def mount(size: str) -> Path:
        where = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                              capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot mount a small tmpfs here (needs root)")
        mounts.append(where)
        return where

    if not sys.platform.startswith("linux") or not shutil.which("mount"):
        pytest.skip("tmpfs mounts are Linux-only")
    yield mount
    for m in mounts:
        subprocess.run(["umount", str(m)], capture_output=True)


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr  # no "Exception ignored in: <function ZipFile.__del__ …>" after it
    return lines[0]


def test_full_usb_stick_says_so_and_leaves_nothing(small_disk, tmp_path):
    db = tmp_path / "d.db"
    assert run_cli("demo", "--db", str(db)).returncode == 0
    usb = small_disk("150k")  # the monthly workbook of the demo station is about 220 KB
    out = run_cli("handoff", "export", "--all", "--db", str(db), "--out", str(usb / "月度台账.xlsx"))
    assert out.returncode == 1
    assert "空间不足" in _one_line(out.stderr) and "月度台账.xlsx" in out.stderr
    assert list(usb.iterdir()) == []  # neither the workbook nor its temporary file


def test_full_data_disk_says_so(small_disk, tmp_path):
    from helpers import DATA

    sys.path.insert(0, str(DATA / "roster"))
    from make_workbooks import big_workbook

    book = big_workbook(tmp_path / "county.xlsx", 2000)
    disk = small_disk("1400k")  # an empty database (≈ 590 KB, and a WAL as large while made) fits; 2,000 deputies do not
    db = disk / "d.db"
    assert run_cli("station", "set", "--name", "测试联络站", "--db", str(db)).returncode == 0  # creates it
    assert run_cli("check", "--db", str(db)).returncode == 0
    out = run_cli("roster", "import", str(book), "--db", str(db))
    assert out.returncode == 1
    line = _one_line(out.stderr)
    assert "空间不足" in line and "程序内部出错" not in line  # the backup before the import, or the import


@pytest.mark.parametrize("args", [
    ("handoff", "export", "--all", "--out", "台账.txt"),
    ("roster", "export", "--out", "名册.pdf"),
    ("print", "register", "--from", "2026-01-01", "--to", "2026-01-31", "--out", "登记簿.xlsx"),
])
def test_out_must_end_in_the_format_extension(tmp_path, args):
    out = run_cli(*args[:-1], str(tmp_path / args[-1]), "--db", str(tmp_path / "d.db"))
    assert out.returncode == 2
    assert "结尾" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.glob(args[-1].split(".")[0] + "*")) == []
