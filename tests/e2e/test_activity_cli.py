"""`activity add|list|check`, `score` and the activity papers through the command line, on real files."""

from __future__ import annotations

import json
import sqlite3

import pytest
from pypdf import PdfReader

from helpers import new_database, run_cli


@pytest.fixture
def station(tmp_path):
    """An empty station database with four deputies in two groups (written with plain SQL)."""
    db = tmp_path / "s.db"
    p = run_cli("activity", "list", "--db", str(db))
    assert p.returncode == 1 and "找不到数据库文件" in p.stderr and not db.exists()  # a typo never creates one
    new_database(db)
    with sqlite3.connect(db) as c:
        for i, name in enumerate(("王建国", "李秀英", "刘洋", "陈静")):
            c.execute("INSERT INTO deputy (id, created_at, updated_at, version, name, name_pinyin, name_initials, "
                      "gender, ethnicity, political, education, work_unit, post, phone, id_number, address, "
                      "constituency, status, is_cppcc, photo, notes, sort_order) VALUES (?, '2026-01-01', "
                      "'2026-01-01', 1, ?, '', '', '', '', '', '', '', '', '', '', '', '', 'active', 0, '', '', ?)",
                      (f"d{i}", name, i))
        for gid, gname in (("g1", "第一代表小组"), ("g2", "第二代表小组")):
            c.execute("INSERT INTO deputygroup (id, created_at, updated_at, version, name, notes) VALUES "
                      "(?, '2026-01-01', '2026-01-01', 1, ?, '')", (gid, gname))
        for i, (did, gid) in enumerate((("d0", "g1"), ("d1", "g1"), ("d2", "g2"), ("d3", "g2"))):
            c.execute("INSERT INTO groupmember (id, created_at, updated_at, version, group_id, deputy_id, role) "
                      "VALUES (?, '2026-01-01', '2026-01-01', 1, ?, ?, 'member')", (f"m{i}", gid, did))
    return db


def test_add_list_check_score_and_papers(station, tmp_path):
    db = str(station)
    p = run_cli("activity", "add", "--db", db, "--day", "2026-03-10", "--kind", "小组活动", "--title", "学习宪法",
                "--group", "第一代表小组", "--present", "王建国，李秀英", "--leave", "刘洋", "--json")
    assert p.returncode == 0, p.stderr
    first = json.loads(p.stdout)["id"]
    p = run_cli("activity", "add", "--db", db, "--day", "2026-03-12", "--kind", "written", "--title", "修路的建议",
                "--present", "王建国", "--quantity", "4")
    assert p.returncode == 0, p.stderr
    rows = json.loads(run_cli("activity", "list", "--db", db, "--json").stdout)
    assert [(r["id"] == first, r["kind"], r["present"], r["leave"]) for r in rows] == [
        (False, "书面意见建议", 1, 0), (True, "小组活动", 2, 1)]
    with sqlite3.connect(station) as c:
        assert c.execute("SELECT leave_reason, status FROM activityattendance WHERE deputy_id = 'd2'").fetchall() \
            == [("", "leave")]

    p = run_cli("activity", "check", "--db", db, "--year", "2026", "--on", "2026-12-02", "--json")
    assert p.returncode == 1  # findings → exit 1, report on stdout all the same
    found = json.loads(p.stdout)
    assert sorted((g["group"], g["quarter"]) for g in found["groups"]) == [
        ("第一代表小组", "2026Q2"), ("第一代表小组", "2026Q3"),
        ("第二代表小组", "2026Q1"), ("第二代表小组", "2026Q2"), ("第二代表小组", "2026Q3")]
    assert [a["deputy"] for a in found["attendance"]] == ["刘洋"]

    sheets = {s["name"]: s for s in json.loads(run_cli("score", "--db", db, "--year", "2026", "--json").stdout)}
    written = next(i for i in sheets["第一代表小组"]["items"] if i["basis"] == "书面意见建议件数")
    assert (written["count"], written["points"]) == (4, 15)

    for what, extra in (("activity-book", ["--from", "2026-01-01", "--to", "2026-12-31"]),
                        ("attendance", ["--quarter", "2026Q1"]), ("score", ["--year", "2026"])):
        out = tmp_path / f"{what}.pdf"
        p = run_cli("print", what, "--db", db, *extra, "--out", str(out))
        assert p.returncode == 0, p.stderr
        body = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert "王建国" in body
    book = "".join(page.extract_text() for page in PdfReader(tmp_path / "activity-book.pdf").pages)
    assert "学习宪法" in book and "修路的建议" in book and book.index("学习宪法") < book.index("修路的建议")
    for what, extra in (("activity-book", ["--from", "2026-01-01", "--to", "2026-12-31"]),
                        ("attendance", ["--quarter", "2026Q1"]), ("score", ["--year", "2026"])):
        out = tmp_path / f"{what}-masked.pdf"
        p = run_cli("print", what, "--db", db, *extra, "--out", str(out), "--mask")
        assert p.returncode == 0, p.stderr
        body = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert "王建国" not in body and "王*国" in body, what


def test_unknown_or_ambiguous_names_save_nothing(station):
    db = str(station)
    p = run_cli("activity", "add", "--db", db, "--day", "2026-03-10", "--kind", "调研", "--title", "调研",
                "--present", "王建国,王五")
    assert p.returncode == 1 and "王五" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    p = run_cli("activity", "add", "--db", db, "--day", "2026-03-10", "--kind", "不存在", "--title", "x")
    assert p.returncode == 2 and "活动类型" in p.stderr
    with sqlite3.connect(station) as c:
        assert c.execute("SELECT COUNT(*) FROM activity").fetchone() == (0,)


def test_rules_round_trip_through_excel(station, tmp_path):
    db, sheet = str(station), tmp_path / "规则.xlsx"
    assert run_cli("score", "--db", db, "--export-rules", str(sheet)).returncode == 0
    from openpyxl import load_workbook

    wb = load_workbook(sheet)
    ws = wb["考核评分规则"]
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == "考核项目")
    items = [ws.cell(r, 1).value for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, 1).value]
    assert len(items) == 4
    ws.cell(header_row + 2, 6).value = 10  # 书面: +10 for each item above three
    wb.save(sheet)
    p = run_cli("score", "--db", db, "--import-rules", str(sheet))
    assert p.returncode == 0, p.stderr
    run_cli("activity", "add", "--db", db, "--day", "2026-03-12", "--kind", "书面意见建议", "--title", "建议",
            "--present", "王建国", "--quantity", "4")
    sheets = {s["name"]: s for s in json.loads(run_cli("score", "--db", db, "--year", "2026", "--json").stdout)}
    assert next(i["points"] for i in sheets["第一代表小组"]["items"] if i["basis"] == "书面意见建议件数") == 20
    ws.cell(header_row + 1, 5).value = "十分"
    wb.save(sheet)
    p = run_cli("score", "--db", db, "--import-rules", str(sheet))
    assert p.returncode == 1 and "基准分" in p.stderr and f"第 {header_row + 1} 行" in p.stderr
