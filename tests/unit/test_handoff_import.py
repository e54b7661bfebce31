"""Handoff import: township-edited workbooks re-saved by LibreOffice, conflicts, tolerance, clear errors."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from helpers import DATA
from liaison_desk.errors import KnownError
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.ledger.handoff_import import TAKE, apply_handoff, import_handoff, read_handoff
from liaison_desk.services.handoff.service import HandoffService

pytestmark = pytest.mark.both_backends  # services on an SQLite file and on PostgreSQL

HANDOFF = DATA / "handoff"
EXPECTED = json.loads((HANDOFF / "expected.json").read_text(encoding="utf-8"))


def _one(db, sql, *args):
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(sql, args).first()


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_township_edited_workbook_saved_by_libreoffice(demo_db, suffix):
    before = demo_db.counts()
    plan, result = import_handoff(HandoffService(demo_db), HANDOFF / f"returned-libreoffice.{suffix}")
    assert plan.errors == [] and plan.conflicts == []
    assert len(plan.new) == 1 and plan.new[0].values["name"] == EXPECTED["new_agency"]
    assert {c.table for c in plan.changed} == {"deputy", "suggestion", "suggestionagency"}
    assert len(plan.changed) == 4
    assert [c.label for c in plan.station_changes] == [EXPECTED["title_edit"]["title"].removesuffix("（乡镇改）")]
    assert result is not None and result.backup is not None and result.backup.exists()
    for rep in EXPECTED["replies"]:
        row = _one(demo_db, "SELECT reply_text, reply_result, satisfaction, reply_on, step FROM suggestion "
                   "WHERE id = ?", rep["id"])
        assert row[0] == rep["reply_text"]
        assert (row[1], row[2]) == ({"正在解决": "solving", "列入计划解决": "planned"}[rep["reply_result"]],
                                    {"基本满意": "basic", "满意": "satisfied"}[rep["satisfaction"]])
        assert row[3] in ("2026-11-26", "2026-11-27")
    title = _one(demo_db, "SELECT title FROM suggestion WHERE id = ?", EXPECTED["title_edit"]["id"])[0]
    assert not title.endswith("（乡镇改）")  # station-owned: listed, not applied
    assert _one(demo_db, "SELECT phone FROM deputy WHERE id = ?", EXPECTED["phone"]["id"])[0] == "13912345678"
    agency = _one(demo_db, "SELECT id, kind, phone FROM agency WHERE name = ?", EXPECTED["new_agency"])
    assert agency[1] == "township" and agency[2] == "3155123999"
    assert _one(demo_db, "SELECT agency_id FROM suggestionagency WHERE id = ?", EXPECTED["reassigned"])[0] == agency[0]
    after = demo_db.counts()
    assert after["agency"] == before["agency"] + 1 and after["suggestionevent"] >= before["suggestionevent"] + 1
    again, result2 = import_handoff(HandoffService(demo_db), HANDOFF / f"returned-libreoffice.{suffix}")
    assert (len(again.new), len(again.changed), len(again.conflicts), len(again.errors)) == (0, 0, 0, 0)
    assert result2 is not None and (result2.new, result2.changed) == (0, 0)
    assert demo_db.counts() == after


def test_conflict_when_both_sides_changed(demo_db):
    rep = EXPECTED["replies"][1]
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE suggestion SET reply_text = '站里先录入的答复', version = version + 1 WHERE id = ?",
                             (rep["id"],))
    plan = read_handoff(HandoffService(demo_db), HANDOFF / "returned-libreoffice.xlsx")
    assert len(plan.conflicts) == 1 and len(plan.changed) == 3
    c = plan.conflicts[0]
    shown = {f.column: (f.station, f.workbook) for f in c.fields}
    assert shown["回复内容"] == ("站里先录入的答复", rep["reply_text"])
    assert plan.summary()["conflicts"][0]["fields"]
    kept = apply_handoff(HandoffService(demo_db), plan)  # no decision: the station's value stays
    assert kept.conflicts_taken == 0
    assert _one(demo_db, "SELECT reply_text FROM suggestion WHERE id = ?", rep["id"])[0] == "站里先录入的答复"
    plan2 = read_handoff(HandoffService(demo_db), HANDOFF / "returned-libreoffice.xlsx")
    assert [c.id for c in plan2.conflicts] == [rep["id"]] and plan2.changed == []
    taken = apply_handoff(HandoffService(demo_db), plan2, {plan2.conflicts[0].key: TAKE})
    assert taken.conflicts_taken == 1
    assert _one(demo_db, "SELECT reply_text FROM suggestion WHERE id = ?", rep["id"])[0] == rep["reply_text"]


def _edited(tmp_path, edit, name="edited.xlsx", src=None):
    wb = load_workbook(src or HANDOFF / "exported-2026-11.xlsx")
    edit(wb)
    out = tmp_path / name
    wb.save(out)
    return out


def _headers(ws):
    return {c.value: c.column for c in ws[2] if c.value}


def test_tolerates_what_real_files_contain(demo_db, tmp_path):
    def edit(wb):
        ws = wb["意见建议"]
        h = _headers(ws)
        ws.cell(2, h["回复日期"]).value = " 回复 日期 "
        ws.cell(2, h["回复结果"]).value = "回复结果（请选择）".replace("（请选择）", "")
        ws.cell(2, h["满意度"]).value = "满意度："
        ws.cell(3, h["回复日期"]).value = 46330  # an Excel serial: 2026-11-04
        ws.cell(4, h["回复日期"]).value = "2026/11/03"
        ws.cell(5, h["回复日期"]).value = "2026.11.3"
        ws.cell(3, h["年度"]).value = float(ws.cell(3, h["年度"]).value)  # int stored as float
        ws.unmerge_cells(str(list(ws.merged_cells.ranges)[0]))
        ws.insert_rows(3, 2)  # empty rows under the header
        ws.cell(2, ws.max_column + 2).value = "乡镇备注"
        d = wb["代表名册"]
        d.cell(2, _headers(d)["联系电话"]).value = "联系电话"
        d.cell(3, _headers(d)["联系电话"]).value = float(d.cell(3, _headers(d)["联系电话"]).value)
    from liaison_desk.ledger.handoff_read import read_workbook

    path = _edited(tmp_path, edit)
    assert read_workbook(path).issues == []  # every cell was read
    plan = read_handoff(HandoffService(demo_db), path)
    # replies without 回复结果/回复内容 are refused as the window refuses them — never a reading error
    assert {(e.sheet, e.column) for e in plan.errors} <= {("意见建议", "办理结果"), ("意见建议", "回复日期")}
    days = sorted(str(c.updates.get("reply_on")) for c in plan.changed if c.table == "suggestion")
    assert days == ["2026-11-03", "2026-11-03", "2026-11-04"]
    assert not any(c.table == "deputy" for c in plan.changed)  # the phone as a number is unchanged


def test_clean_sheets_are_read_column_by_column_as_row_by_row(demo_db, tmp_path, monkeypatch):
    """A sheet without a mistake is read a column at a time (the county-scale import's speed); it gives exactly
    the rows, values and value order that the row-by-row reading, which names every mistake, gives."""
    from liaison_desk.ledger import handoff_read

    path = export_handoff(HandoffService(demo_db), tmp_path / "f.xlsx").path
    real = handoff_read._clean_rows
    fast: list[bool] = []

    def spy(*args, **kwargs):
        got = real(*args, **kwargs)
        fast.append(got is not None)
        return got

    monkeypatch.setattr(handoff_read, "_clean_rows", spy)
    by_column = handoff_read.read_workbook(path)
    assert fast and all(fast)  # every sheet of a clean export
    monkeypatch.setattr(handoff_read, "_clean_rows", lambda *args, **kwargs: None)
    by_row = handoff_read.read_workbook(path)
    assert by_column.issues == by_row.issues == []
    assert by_column.sheets.keys() == by_row.sheets.keys()
    for table, sheet in by_row.sheets.items():
        other = by_column.sheets[table]
        assert (other.present, other.labels) == (sheet.present, sheet.labels), table
        assert [(r.row, r.id, list(r.values.items())) for r in other.rows] == \
            [(r.row, r.id, list(r.values.items())) for r in sheet.rows], table


def _error_of(db, path):
    before = db.counts()
    plan = read_handoff(HandoffService(db), path)
    with pytest.raises(KnownError):
        apply_handoff(HandoffService(db), plan)
    assert db.counts() == before
    assert plan.errors
    return plan.errors[0]


def test_bad_cells_name_sheet_row_and_column(demo_db, tmp_path):
    def bad_date(wb):
        ws = wb["意见建议"]
        ws.cell(6, _headers(ws)["回复日期"]).value = "2026年13月45日"
    e = _error_of(demo_db, _edited(tmp_path, bad_date))
    assert (e.sheet, e.row) == ("意见建议", 6) and e.column.startswith("回复日期") and "日期" in e.message

    def dup_id(wb):
        ws = wb["来访登记"]
        ws.cell(5, 1).value = ws.cell(4, 1).value
    e = _error_of(demo_db, _edited(tmp_path, dup_id))
    assert (e.sheet, e.row, e.column) == ("来访登记", 5, "编号") and "重复" in e.message

    def bad_choice(wb):
        ws = wb["意见建议"]
        ws.cell(3, _headers(ws)["回复结果"]).value = "差不多"
    e = _error_of(demo_db, _edited(tmp_path, bad_choice))
    assert "下拉列表" in e.message

    def no_header(wb):
        ws = wb["活动记录"]
        for c in ws[2]:
            c.value = None
    e = _error_of(demo_db, _edited(tmp_path, no_header))
    assert e.sheet == "活动记录" and "表头" in e.message

    def no_sheet(wb):
        del wb["接待安排"]
    e = _error_of(demo_db, _edited(tmp_path, no_sheet))
    assert e.sheet == "接待安排" and "缺少" in e.message


def test_unknown_id_in_this_databases_own_export(demo_db, tmp_path):
    res = export_handoff(HandoffService(demo_db), tmp_path / "own.xlsx", date(2026, 11, 1), date(2026, 11, 30))

    def change_id(wb):
        ws = wb["来访登记"]
        col = next(c.column for c in ws[2] if c.value == "编号")  # hidden, at the far right
        ws.cell(3, col).value = "00000000-0000-4000-8000-000000000000"
    e = _error_of(demo_db, _edited(tmp_path, change_id, "own-edited.xlsx", res.path))
    assert (e.sheet, e.row, e.column) == ("来访登记", 3, "编号") and "找不到" in e.message


def test_file_level_errors_are_refused_clearly(demo_db, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(KnownError, match="无法读取"):
        read_handoff(HandoffService(demo_db), text)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # an encrypted OOXML is an OLE file
    with pytest.raises(KnownError, match="密码"):
        read_handoff(HandoffService(demo_db), locked)

    def newer(wb):
        ws = wb["说明"]
        for row in ws.iter_rows(min_row=3):
            if row[0].value == "格式版本":
                row[1].value = 99
    with pytest.raises(KnownError, match="更新版本") as e:
        read_handoff(HandoffService(demo_db), _edited(tmp_path, newer))
    assert e.value.sheet == "说明"

    def not_handoff(wb):
        del wb["说明"]
    with pytest.raises(KnownError, match="不是联络站月度台账"):
        read_handoff(HandoffService(demo_db), _edited(tmp_path, not_handoff))


def test_station_sheet_rows_added_by_township_are_listed_not_imported(demo_db, tmp_path):
    def add_visit(wb):
        ws = wb["来访登记"]
        h = _headers(ws)
        r = ws.max_row + 1
        ws.cell(r, h["来访日期"]).value = "2026年11月3日"
        ws.cell(r, h["来访人"]).value = "新来的人"
    path = _edited(tmp_path, add_visit)
    shutil.copy(path, tmp_path / "copy.xlsx")
    plan = read_handoff(HandoffService(demo_db), path)
    assert plan.errors == [] and plan.new == []
    assert len(plan.skipped) == 1 and plan.skipped[0].sheet == "来访登记"


def test_township_adds_a_deputy_and_renames_an_agency(demo_db, tmp_path):
    def edit(wb):
        d = wb["代表名册"]
        h = _headers(d)
        r = d.max_row + 1
        d.cell(r, h["姓名"]).value = "欧阳新华"
        d.cell(r, h["性别"]).value = "女"
        d.cell(r, h["出生日期"]).value = "1980年5月6日"
        d.cell(r, h["联系电话"]).value = 13800001111
        a = wb["承办单位"]
        a.cell(3, _headers(a)["单位名称"]).value = a.cell(3, _headers(a)["单位名称"]).value + "（新名称）"
    path = _edited(tmp_path, edit)
    plan, result = import_handoff(HandoffService(demo_db), path)
    assert plan.errors == [] and result is not None
    row = _one(demo_db, "SELECT gender, birth_date, phone, status, name_initials, station_id FROM deputy "
               "WHERE name = '欧阳新华'")
    assert row[:5] == ("f", "1980-05-06", "13800001111", "active", "oyxh") and row[5]
    assert _one(demo_db, "SELECT COUNT(*) FROM agency WHERE name LIKE '%（新名称）'")[0] == 1
    again, _ = import_handoff(HandoffService(demo_db), path)
    assert (len(again.new), len(again.changed), len(again.errors)) == (0, 0, 0)

    def no_status(wb):
        s = wb["状态变动"]
        r = s.max_row + 1
        s.cell(r, _headers(s)["代表编号"]).value = s.cell(3, _headers(s)["代表编号"]).value
        s.cell(r, _headers(s)["变动日期"]).value = "2026-11-20"
    e = _error_of(demo_db, _edited(tmp_path, no_status, "no-status.xlsx"))
    assert e.sheet == "状态变动" and e.column == "状态" and "不能为空" in e.message


@pytest.mark.parametrize("odd", [None, "", "1B4E28BA-2FA1-11D2-883F-0016D3CCA427", "not an id", 3.0,
                                 " 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                                 "1b4e28ba-2fa1-11d2-883f-0016d3cca427\n1b4e28ba-2fa1-11d2-883f-0016d3cca428",
                                 "1b4e28ba-2fa1-11d2-883f-0016d3cca42g", "1b4e28ba02fa1-11d2-883f-0016d3cca427-",
                                 "１b4e28ba-2fa1-11d2-883f-0016d3cca427"])
def test_a_column_of_ids_reads_as_its_cells_one_by_one(odd):
    """The whole-column check of 编号 gives what reading each cell gives: the value, or the same error."""
    from liaison_desk.ledger.cells import CellError
    from liaison_desk.ledger.handoff_cells import parse_id, parse_id_column

    exported = ["0b6f9a52-5d3e-4c1a-9a57-3e0f2d1c8b7a", "ffffffff-0000-4000-8000-123456789abc"]
    column = [exported[0], odd, exported[1], ""]

    def outcome(read):  # type: ignore[no-untyped-def]
        try:
            return read()
        except CellError as e:
            return str(e)

    one_by_one = outcome(lambda: [parse_id(v) for v in column])
    assert outcome(lambda: parse_id_column(column)) == one_by_one
    if isinstance(one_by_one, list):
        assert one_by_one[0] == exported[0] and one_by_one[3] is None
