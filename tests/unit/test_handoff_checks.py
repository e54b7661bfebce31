"""Handoff import refuses what cannot be true, naming file, sheet, row and column: a text longer than its
column holds, a date in the future where only the past makes sense, years ahead, before 1900, or before the
date it must follow in the same row. Nothing is written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from helpers import run_cli
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.ledger.handoff_import import read_handoff
from liaison_desk.services.handoff.service import HandoffService

TODAY = date.today()


def _cell(ws, header: str, row: int = 3):
    """The cell of data row `row` under `header` (row 2 holds the headers)."""
    col = next(c.column for c in ws[2] if c.value == header)
    return ws.cell(row, col)


def _workbook(demo_db, tmp_path, edits) -> tuple:
    """Export the demo, apply `edits` [(sheet, header, row, value)], save; (path, {(sheet, row): column})."""
    path = export_handoff(HandoffService(demo_db), tmp_path / "out.xlsx").path
    wb = load_workbook(path)
    where = {}
    for sheet, header, row, value in edits:
        cell = _cell(wb[sheet], header, row)
        cell.value = value
        where[(sheet, row)] = f"{header}（{cell.column_letter}列）"
    bad = tmp_path / "月度台账-乡镇返回.xlsx"
    wb.save(bad)
    return bad, where


def test_clean_export_reads_without_issues(demo_db, tmp_path):
    path = export_handoff(HandoffService(demo_db), tmp_path / "out.xlsx").path
    plan = read_handoff(HandoffService(demo_db), path)
    assert plan.errors == []


@pytest.mark.parametrize(("sheet", "header", "value", "words"), [
    ("来访登记", "来访人", "张" * 51, ("内容过长（51 个字）", "最多 50 个字")),
    ("来访登记", "反映问题", "路" * 40_000, ("达到了 Excel 一个格子的上限（32767 个字）", "可能已被截掉")),
    ("活动记录", "活动名称", "学" * 201, ("内容过长（201 个字）", "最多 200 个字")),
    ("代表名册", "工作单位", "单" * 201, ("内容过长（201 个字）",)),
    ("来访登记", "来访日期", TODAY + timedelta(days=3), ("晚于今天", "不能填将来的日期")),
    ("代表名册", "出生日期", TODAY + timedelta(days=400), ("晚于今天",)),
    ("代表名册", "出生日期", "1890-05-01", ("1890年5月1日早于 1900 年",)),  # Excel keeps it as text
    ("意见建议", "回复日期", date(2031, 3, 1) if TODAY.year < 2031 else TODAY + timedelta(days=9), ("晚于今天",)),
    ("接待安排", "接待日期", date(TODAY.year + 3, 1, 5), ("晚 1 年以上", "请核对年份")),
    ("活动记录", "活动日期", date(TODAY.year + 2, 6, 1), ("晚 1 年以上",)),
])
def test_overlong_text_and_impossible_dates_are_errors_naming_the_cell(demo_db, tmp_path, sheet, header, value,
                                                                       words):
    bad, where = _workbook(demo_db, tmp_path, [(sheet, header, 3, value)])
    plan = read_handoff(HandoffService(demo_db), bad)
    assert not plan.ok
    mine = [e for e in plan.errors if e.sheet == sheet and e.row == 3]
    assert len(mine) == 1, plan.errors
    assert mine[0].column == where[(sheet, 3)]
    for w in words:
        assert w in mine[0].message, mine[0].message


def test_reply_before_registration_names_the_reply_cell(demo_db, tmp_path):
    """An edited reply date (the station had one) may not come before the registration either."""
    path = export_handoff(HandoffService(demo_db), tmp_path / "out.xlsx").path
    wb = load_workbook(path)
    ws = wb["意见建议"]
    row = next(r for r in range(3, ws.max_row + 1) if _cell(ws, "回复日期", r).value and _cell(ws, "登记日期", r).value)
    registered = _cell(ws, "登记日期", row).value
    registered = registered.date() if hasattr(registered, "date") else registered
    _cell(ws, "回复日期", row).value = registered - timedelta(days=10)
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    plan = read_handoff(HandoffService(demo_db), bad)
    mine = [e for e in plan.errors if e.sheet == "意见建议" and e.row == row]
    assert len(mine) == 1 and mine[0].column == "回复日期" and "早于「登记日期」" in mine[0].message


def test_archive_before_registration_names_the_archive_cell(demo_db, tmp_path):
    path = export_handoff(HandoffService(demo_db), tmp_path / "out.xlsx").path
    wb = load_workbook(path)
    ws = wb["意见建议"]
    row = next(r for r in range(3, ws.max_row + 1) if _cell(ws, "登记日期", r).value)
    registered = _cell(ws, "登记日期", row).value
    registered = registered.date() if hasattr(registered, "date") else registered
    cell = _cell(ws, "归档日期", row)
    cell.value = registered - timedelta(days=3)
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    plan = read_handoff(HandoffService(demo_db), bad)
    mine = [e for e in plan.errors if e.sheet == "意见建议" and e.row == row]
    assert [e.column for e in mine] == [f"归档日期（{cell.column_letter}列）"]
    assert "早于「登记日期」" in mine[0].message


def test_cli_names_file_sheet_row_and_column_and_writes_nothing(demo_db, tmp_path):
    day = TODAY + timedelta(days=5)
    bad, where = _workbook(demo_db, tmp_path, [("来访登记", "来访日期", 4, day), ("来访登记", "来访人", 5, "王" * 60)])
    db = demo_db.path
    before = demo_db.counts()
    demo_db.close()
    r = run_cli("handoff", "import", str(bad), "--db", str(db))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = [x.strip() for x in r.stderr.splitlines() if x.strip().startswith("错误：")]
    assert lines == [
        f"错误：文件「{bad.name}」工作表「来访登记」第 4 行「{where[('来访登记', 4)]}」列："
        f"{day.year}年{day.month}月{day.day}日晚于今天（{TODAY.year}年{TODAY.month}月{TODAY.day}日），"
        "这一列不能填将来的日期，请核对年份",
        f"错误：文件「{bad.name}」工作表「来访登记」第 5 行「{where[('来访登记', 5)]}」列："
        "内容过长（60 个字），此栏最多 50 个字，请删减后再导入"]
    from liaison_desk.store import open_database

    again = open_database(db)
    try:
        assert again.counts() == before
    finally:
        again.close()
