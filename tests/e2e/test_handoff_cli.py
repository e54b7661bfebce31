"""`liaison-desk handoff export/import` end to end: real files, exit codes, the --json shape."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import DATA, new_database, run_cli


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("handoff") / "demo.db"
    assert run_cli("demo", "--db", str(path), "--today", "2026-11-28").returncode == 0
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    """A private copy of the demo station database."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_file, copy)
    return copy


def test_export_all_then_import_into_empty_database_twice(demo, tmp_path):
    empty, out = Path(new_database(tmp_path / "empty.db")), tmp_path / "all.xlsx"
    r = run_cli("handoff", "export", "--all", "--out", str(out), "--db", str(demo))
    assert r.returncode == 0, r.stderr
    assert "已导出月度台账" in r.stdout and out.exists()
    r = run_cli("handoff", "import", str(out), "--json", "--db", str(empty))
    assert r.returncode == 0, r.stderr
    first = json.loads(r.stdout)
    assert first["new"] > 1000 and first["changed"] == 0 and first["conflicts"] == [] and first["errors"] == []
    r = run_cli("handoff", "import", str(out), "--json", "--db", str(empty))
    again = json.loads(r.stdout)
    assert first["unchanged"] == 4  # the score rules every database starts with
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, first["new"] + first["unchanged"])
    check = json.loads(run_cli("check", "--json", "--db", str(empty)).stdout)
    assert check["ok"]


def test_month_export_masked_and_dry_run(demo, tmp_path):
    out = tmp_path / "m.xlsx"
    r = run_cli("handoff", "export", "--month", "2026-11", "--mask", "--out", str(out), "--db", str(demo))
    assert r.returncode == 0, r.stderr
    r = run_cli("handoff", "import", str(DATA / "handoff" / "returned-libreoffice.ods"), "--dry-run", "--json",
                "--db", str(demo))
    assert r.returncode == 0, r.stderr
    preview = json.loads(r.stdout)
    assert (preview["new"], preview["changed"], preview["applied"]) == (1, 4, False)
    r = run_cli("handoff", "import", str(DATA / "handoff" / "returned-libreoffice.ods"), "--dry-run", "--json",
                "--db", str(demo))
    assert json.loads(r.stdout)["changed"] == 4  # the dry run wrote nothing
    r = run_cli("handoff", "export", "--from", "2026-11-30", "--to", "2026-11-01", "--out", str(out), "--db", str(demo))
    assert r.returncode == 1 and "早于" in r.stderr


def test_errors_exit_1_and_write_nothing(demo, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(DATA / "handoff" / "returned-libreoffice.xlsx")
    ws = wb["意见建议"]
    col = next(c.column for c in ws[2] if c.value == "回复日期")
    ws.cell(7, col).value = "下周一"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    r = run_cli("handoff", "import", str(bad), "--json", "--db", str(demo))
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["errors"] == [{"sheet": "意见建议", "row": 7, "column": f"回复日期（{ws.cell(7, col).column_letter}列）",
                              "message": "「下周一」不是日期，请写成 2026-11-03 或 2026年11月3日"}]
    r = run_cli("handoff", "import", str(DATA / "handoff" / "returned-libreoffice.xlsx"), "--dry-run", "--json",
                "--db", str(demo))
    assert json.loads(r.stdout)["changed"] == 4  # the failed import changed nothing
    notes = tmp_path / "notes.xls"
    shutil.copy(DATA / "handoff" / "expected.json", notes)
    r = run_cli("handoff", "import", str(notes), "--json", "--db", str(demo))
    assert r.returncode == 1 and "无法读取" in json.loads(r.stdout)["errors"][0]["message"]
    r = run_cli("handoff", "import", str(notes), "--db", str(demo))
    assert r.returncode == 1 and "notes.xls" in r.stderr
