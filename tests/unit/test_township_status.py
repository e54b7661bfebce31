"""Township reporting grid: 未报送 / 按时报送 / 迟报 by the due day, 已审核 / 退回修改 with the office's note."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import DEMO_TODAY, run_cli, sql_rows
from liaison_desk.demo import build
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.services.station import StationService
from liaison_desk.store import open_database

NOV = (DEMO_TODAY.replace(day=1), DEMO_TODAY.replace(day=30))


pytestmark = pytest.mark.both_backends  # the township's database: a file, or the county's server


@pytest.fixture
def township(tmp_path: Path, db_target) -> str:
    db = open_database(tmp_path / "a.db")
    build(db, "station", 1, DEMO_TODAY)
    StationService(db).save_station(name="东村人大代表联络站")
    export_handoff(HandoffService(db), tmp_path / "a-11.xlsx", *NOV)
    db.close()
    t = db_target()
    assert run_cli("--db", str(t), "township", "init", "--name", "青石镇人大主席团").returncode == 0
    r = run_cli("--db", str(t), "township", "add", str(tmp_path / "a-11.xlsx"))
    assert r.returncode == 0, r.stderr
    return t


def _grid(t: str) -> dict[str, dict]:
    r = run_cli("--db", str(t), "township", "status", "--year", "2026", "--json")
    assert r.returncode == 0, r.stderr
    return {row["month"]: row for row in json.loads(r.stdout)}


def _added_at(t: str, stamp: str) -> None:
    sql_rows(t, "UPDATE townshipfile SET added_at = ?", stamp)


def test_on_time_late_and_missing(township):
    _added_at(township, "2026-12-03 02:00:00.000000")  # before the 5th: on time
    grid = _grid(township)
    assert grid["2026-11"]["state"] == "按时报送" and grid["2026-11"]["file"] == "a-11.xlsx"
    assert grid["2026-11"]["station"] == "东村人大代表联络站"
    assert grid["2026-10"]["state"] == "未报送" and grid["2026-01"]["state"] == "未报送"
    _added_at(township, "2026-12-08 02:00:00.000000")  # after the 5th: late
    assert _grid(township)["2026-11"]["state"] == "迟报"
    r = run_cli("--db", str(township), "township", "status", "--year", "2026", "--due-day", "10", "--json")
    assert {x["month"]: x["state"] for x in json.loads(r.stdout)}["2026-11"] == "按时报送"


def test_text_output_says_months_in_chinese(township):
    """Text output: 2026年1月 (never 2026-01); --json keeps ISO months."""
    base = ("--db", str(township), "township")
    r = run_cli(*base, "status", "--year", "2026")
    assert r.returncode == 0, r.stderr
    lines = [x for x in r.stdout.splitlines() if "东村" in x]
    assert "2026年1月" in lines[0] and any("2026年11月" in x for x in lines)
    assert not re.search(r"\d{4}-\d{2}", r.stdout), r.stdout
    stations = run_cli(*base, "stations")
    assert "2026年11月" in stations.stdout and "2026-11" not in stations.stdout
    assert json.loads(run_cli(*base, "stations", "--json").stdout)[0]["periods"] == ["2026-11"]
    missing = run_cli(*base, "approve", "--station", "东村人大代表联络站", "--month", "2026-10")
    assert "2026年10月" in missing.stderr and "2026-10" not in missing.stderr


def test_send_back_then_approve(township):
    base = ("--db", str(township), "township")
    no_note = run_cli(*base, "send-back", "--station", "东村人大代表联络站", "--month", "2026-11")
    assert no_note.returncode == 1 and "原因" in no_note.stderr
    missing = run_cli(*base, "approve", "--station", "东村人大代表联络站", "--month", "2026-10")
    assert missing.returncode == 1 and "还没有报送" in missing.stderr
    back = run_cli(*base, "send-back", "--station", "东村人大代表联络站", "--month", "2026-11", "--note", "来访登记缺少处理情况")
    assert back.returncode == 0, back.stderr
    cell = _grid(township)["2026-11"]
    assert (cell["state"], cell["note"]) == ("退回修改", "来访登记缺少处理情况")
    ok = run_cli(*base, "approve", "--station", "东村人大代表联络站", "--month", "2026-11")
    assert ok.returncode == 0, ok.stderr
    assert _grid(township)["2026-11"]["state"] == "已审核"
    unknown = run_cli(*base, "approve", "--station", "西村", "--month", "2026-11")
    assert unknown.returncode == 1 and "没有联络站「西村」" in unknown.stderr
