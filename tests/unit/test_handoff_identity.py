"""Handoff import: a row with a blank 编号 for a deputy the station has is that deputy (by 身份证号), and a
township edit to a station-owned column is listed even when the same row has township edits too."""

from __future__ import annotations

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.ledger.handoff_import import read_handoff
from liaison_desk.services.handoff.service import HandoffService


def _id_for(birth) -> str:
    first = f"130223{birth:%Y%m%d}007"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, weights, strict=True)) % 11]


def _columns(ws):
    for row in ws.iter_rows(min_row=1, max_row=5):
        names = {c.value: c.column for c in row if isinstance(c.value, str)}
        if "编号" in names:
            return row[0].row, names
    raise AssertionError("no header")


def test_blank_number_row_is_matched_by_id_number(demo_db, tmp_path):
    from liaison_desk.services.roster.service import RosterService

    roster = RosterService(demo_db)
    rec = roster.all_records()[0]
    rec.id_number = _id_for(rec.birth_date)
    roster.save(rec)
    path = export_handoff(HandoffService(demo_db), tmp_path / "x.xlsx").path
    wb = load_workbook(path)
    ws = wb["代表名册"]
    _head, cols = _columns(ws)
    spaced = f"{rec.id_number[:6]} {rec.id_number[6:]}".lower()
    for name, phone in ((rec.name, "139-0315-9002"), ("另一个名字", rec.phone)):
        r = ws.max_row + 1
        ws.cell(r, cols["姓名"], name)
        ws.cell(r, cols["联系电话"], phone)
        ws.cell(r, cols["身份证号"], spaced)
        ws.cell(r, cols["工作单位"], rec.work_unit)
    wb.save(path)
    plan = read_handoff(HandoffService(demo_db), path)
    assert [n for n in plan.new if n.table == "deputy"] == []  # never a new person
    mine = [c for c in plan.conflicts if c.table == "deputy"]
    assert sorted({f.column for c in mine for f in c.fields}) == ["姓名", "联系电话"]
    assert {c.id for c in mine} == {rec.id}
    phone = next(f for c in mine for f in c.fields if f.column == "联系电话")
    assert phone.workbook == "13903159002"  # normalised as the station stores phones


def test_station_column_edit_is_listed_beside_a_township_edit(demo_db, tmp_path):
    path = export_handoff(HandoffService(demo_db), tmp_path / "x.xlsx").path
    wb = load_workbook(path)
    ws = wb["意见建议"]
    head, cols = _columns(ws)
    r = head + 1
    old_title = ws.cell(r, cols["标题"]).value
    ws.cell(r, cols["标题"], f"{old_title}（乡镇改）")  # station-owned: not imported …
    ws.cell(r, cols["回复内容"], "已安排施工队，月底前完成。")  # township-owned: imported
    wb.save(path)
    plan = read_handoff(HandoffService(demo_db), path)
    assert [c.sheet for c in plan.changed] == ["意见建议"]
    listed = [(c.row, [f.column for f in c.fields]) for c in plan.station_changes]
    assert listed == [(r, ["标题"])]  # … but listed in the preview


def test_id_number_stored_as_a_number_is_named(demo_db, tmp_path):
    path = export_handoff(HandoffService(demo_db), tmp_path / "x.xlsx").path
    wb = load_workbook(path)
    ws = wb["代表名册"]
    head, cols = _columns(ws)
    ws.cell(head + 1, cols["身份证号"], 130223197005010000)  # what Excel keeps of 13022319700501007X
    wb.save(path)
    plan = read_handoff(HandoffService(demo_db), path)
    assert [(e.row, e.column, e.message) for e in plan.errors] == \
        [(head + 1, f"身份证号（{get_column_letter(cols['身份证号'])}列）",
          "身份证号被Excel存成了数字，后几位已丢失；请把该列设为文本后重新输入")]


def test_reply_dated_years_ahead_is_refused(demo_db):
    from datetime import date

    import pytest

    from liaison_desk.errors import ValidationError
    from liaison_desk.services.suggestions.lifecycle import LifecycleService

    with demo_db.engine.connect() as c:
        sid = c.exec_driver_sql("SELECT id FROM suggestion WHERE step = 'supervise' LIMIT 1").scalar()
    with pytest.raises(ValidationError) as e:
        LifecycleService(demo_db).reply(sid, date(date.today().year + 5, 5, 1), "solved", "已解决")
    assert "一年以后" in e.value.message and e.value.column == "日期"
