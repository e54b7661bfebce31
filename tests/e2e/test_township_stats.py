"""Statistics summed over the stations: only approved months counted, the others named; county subtotals
per 履职中心; the same table printed and in Excel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from helpers import run_cli, sql_rows, station_workbooks, township_of

EAST, WEST = "东村人大代表联络站", "西村人大代表联络站"
NOV = ("2026-11-01", "2026-11-30")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stats")
    files = station_workbooks(root, (EAST, WEST))
    for level, name in (("乡镇", "青石镇人大主席团"), ("县", "临河县人大常委会")):
        township_of(root / f"{level}.db", files, name, level)
    return root


def _own(db: Path) -> dict[str, int]:
    """A station's own November figures, counted from its own database (the oracle)."""
    one = lambda sql: sql_rows(db, sql, *NOV)[0][0]  # noqa: E731
    return {"来访件数": one("SELECT COUNT(*) FROM visit WHERE visited_on BETWEEN ? AND ?"),
            "接待次数": one("SELECT COUNT(*) FROM receptionsession WHERE status = 'done' AND day BETWEEN ? AND ?"),
            "活动次数": one("SELECT COUNT(*) FROM activity WHERE session_id IS NULL AND day BETWEEN ? AND ?"),
            "登记选民意见": one("SELECT COUNT(*) FROM suggestion WHERE kind = 'citizen' AND registered_on BETWEEN ? AND ?")}


def test_monthly_report_counts_only_approved_months(files, tmp_path):
    t = tmp_path / "t.db"
    shutil.copy(files / "乡镇.db", t)
    r = run_cli("--db", str(t), "township", "stats", "--month", "2026-11", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [x["kind"] for x in out["lines"]] == ["total"] and out["lines"][0]["来访件数"] == 0
    assert {m["station"] for m in out["missing"]} == {EAST, WEST}

    assert run_cli("--db", str(t), "township", "approve", "--station", EAST, "--month", "2026-11").returncode == 0
    r = run_cli("--db", str(t), "township", "stats", "--month", "2026-11", "--json")
    out = json.loads(r.stdout)
    lines = {x["name"]: x for x in out["lines"]}
    assert set(lines) == {EAST, "合计"}
    own = _own(files / "1.db")
    for key, n in own.items():
        assert lines[EAST][key] == n == lines["合计"][key], key
    assert [m["station"] for m in out["missing"]] == [WEST]
    assert "2026-11 按时报送" in out["missing"][0]["why"] or "2026-11 迟报" in out["missing"][0]["why"]
    assert out["missing"][0]["months"][0]["month"] == "2026-11"  # JSON keeps ISO months
    text = run_cli("--db", str(t), "township", "stats", "--month", "2026-11").stdout
    assert f"{WEST}（2026年11月 " in text and "2026-11" not in text  # the clerk reads 2026年11月

    assert run_cli("--db", str(t), "township", "approve", "--station", WEST, "--month", "2026-11").returncode == 0
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    assert run_cli("--db", str(t), "township", "stats", "--month", "2026-11", "--out", str(pdf)).returncode == 0
    r = run_cli("--db", str(t), "township", "stats", "--month", "2026-11", "--out", str(xlsx), "--json")
    out = json.loads(r.stdout.split("\n", 1)[1])
    total = out["lines"][-1]
    east, west = _own(files / "1.db"), _own(files / "2.db")
    for key in east:
        assert total[key] == east[key] + west[key], key  # the sum of the stations' own figures
    assert out["missing"] == []
    # the satisfaction rate of the total, worked out again from both stations' feedback (not an average)
    fb = [r for db in ("1.db", "2.db") for r in sql_rows(files / db, "SELECT result FROM suggestionevent WHERE "
                                                     "kind = 'feedback' AND result != '' AND happened_on BETWEEN ? AND ?",
                                                     *NOV)]
    if fb:
        rate = sum(1 for (x,) in fb if x in ("satisfied", "basic")) / len(fb)
        assert total["满意率"] == pytest.approx(rate, abs=1e-4)

    ws = load_workbook(xlsx, read_only=True)["各站汇总"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    head = rows[1]
    body = {r[0]: r for r in rows[2:] if r[0]}
    assert body["合计"][head.index("来访件数")] == east["来访件数"] + west["来访件数"]
    assert {EAST, WEST, "合计"} <= set(body)
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)
    assert "青石镇人大主席团各联络站工作统计汇总表" in text and EAST in text and WEST in text and "合计" in text
    assert "全部计入" in text


def test_county_table_groups_stations_by_centre(files, tmp_path):
    t = tmp_path / "c.db"
    shutil.copy(files / "县.db", t)
    for s in (EAST, WEST):
        assert run_cli("--db", str(t), "township", "approve", "--station", s, "--month", "2026-11").returncode == 0
    assert run_cli("--db", str(t), "township", "centre", "--station", WEST, "--name", "青石履职中心").returncode == 0
    r = run_cli("--db", str(t), "township", "stats", "--month", "2026-11", "--json")
    assert r.returncode == 0, r.stderr
    lines = json.loads(r.stdout)["lines"]
    assert [(x["kind"], x["name"]) for x in lines] == [
        ("station", WEST), ("centre", "青石履职中心小计"), ("station", EAST), ("centre", "（未分履职中心）小计"),
        ("total", "合计")]
    west = _own(files / "2.db")
    assert lines[1]["来访件数"] == west["来访件数"] == lines[0]["来访件数"]
    assert lines[4]["来访件数"] == lines[1]["来访件数"] + lines[3]["来访件数"]
    pdf = tmp_path / "county.pdf"
    assert run_cli("--db", str(t), "township", "stats", "--month", "2026-11", "--out", str(pdf)).returncode == 0
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)
    assert text.index("青石履职中心") < text.index(WEST) < text.index(EAST)


def test_stats_refused_outside_a_township_database(files):
    r = run_cli("--db", str(files / "1.db"), "township", "stats", "--month", "2026-11")
    assert r.returncode == 1 and "乡镇汇总库" in r.stderr
