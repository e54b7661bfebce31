"""Roster cells as townships type them (workbooks saved by LibreOffice): one person by 身份证号, phones and
names normalised, impossible values refused with the cell, formulas without values and empty sheets refused."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from helpers import DATA
from liaison_desk.errors import KnownError
from liaison_desk.ledger.roster_export import export_roster
from liaison_desk.ledger.roster_import import apply_plan, preview_file
from liaison_desk.services.roster.service import RosterService

ROSTER = DATA / "roster"
LI_ID = "13022319700501007X"  # 李建华 (tests/data/roster/make_workbooks.py)


@pytest.fixture
def li_db(db):
    apply_plan(db, preview_file(db, ROSTER / "identity_libreoffice.xlsx"))
    return db


def test_each_cell_case_is_read_or_refused_with_its_cell(li_db):
    plan = preview_file(li_db, ROSTER / "cells_libreoffice.xlsx")
    by_row = {r.row: r for r in plan.rows}
    li = by_row[2]
    assert li.action == "updated" and set(li.changed) >= {"工作单位", "联系电话"}  # same person by ID number
    assert li.record.id_number == LI_ID and li.record.phone == "13903159002"
    assert (by_row[3].action, by_row[3].record.name, by_row[3].record.phone) == ("new", "王小明", "13803159003")
    assert (by_row[4].action, by_row[4].record.phone) == ("new", "13803159004")
    errors = {e["row"]: (e["column"], e["message"]) for e in plan.errors()}
    row8 = [(e["column"], e["message"]) for e in plan.errors() if e["row"] == 8]
    assert errors[5] == ("身份证号码", "身份证号被Excel存成了数字，后几位已丢失；请把该列设为文本后重新输入")
    assert errors[6][0] == "出生日期" and "2090-01-01" in errors[6][1] and "晚于今天" in errors[6][1]
    assert errors[7][0] == "工作单位" and "303 个字" in errors[7][1]
    assert row8[0][0] == "身份证号码" and "冲突" in row8[0][1] and "李建华" in row8[0][1]
    assert by_row[8].label == "冲突" and plan.summary()["conflicts"] == 1
    assert set(errors) == {5, 6, 7, 8}


def test_same_person_by_id_number_stays_one_deputy(li_db):
    apply_plan(li_db, preview_file(li_db, ROSTER / "cells_libreoffice.xlsx"), exclude={5, 6, 7, 8})
    roster = RosterService(li_db)
    people = roster.all_records()
    assert sorted(r.name for r in people) == ["李建华", "王小明", "赵敏"]
    li = next(r for r in people if r.name == "李建华")
    assert (li.work_unit, li.phone, li.id_number) == ("青石镇政府", "13903159002", LI_ID)


def test_formula_without_value_names_the_cell(db):
    with pytest.raises(KnownError) as exc:
        preview_file(db, ROSTER / "formulas_no_values.xlsx")
    e = exc.value
    assert (e.sheet, e.row, e.column) == ("名册", 2, "D")
    assert "公式没有计算结果，请在Excel/WPS中打开并保存后再导入" in str(e)


@pytest.mark.parametrize(("xml", "formula"), [
    (b'<c r="D2"><f>B2&amp;C2</f></c>', True),
    (b'<x:c r="D2"><x:f t="shared" ref="D2:D9" si="0"/></x:c>', True),  # a namespace prefix, shared
    (b'<c r="D3"><f\n>B3</f></c>', True),
    (b'<c r="A1" t="inlineStr"><is><t>f> of f/ and &lt;f text</t></is></c>', False),  # f in text only
    (b'<row r="1"><c r="A1"><v>1</v></c></row>', False),
])
def test_the_quick_formula_scan_finds_every_formula_tag_and_nothing_else(xml, formula):
    """The scan before a workbook is read looks for `f` followed by a space, > or / first, then checks the tag
    there: written out, pattern by pattern, against the tags Excel, WPS and generators write."""
    from liaison_desk.ledger.formulas import _window_has_formula

    assert _window_has_formula(b"<sheetData>" + xml + b"</sheetData>") is formula
    assert _window_has_formula(b"x" * 5000 + xml) is formula


def test_headers_only_roster_is_an_error(db):
    with pytest.raises(KnownError) as exc:
        preview_file(db, ROSTER / "headers_only_libreoffice.xlsx")
    assert "没有代表数据" in str(exc.value)


def test_exported_formula_like_text_carries_the_quote_prefix(li_db, tmp_path):
    roster = RosterService(li_db)
    li = roster.all_records()[0]
    li.notes, li.post = "=HYPERLINK(\"http://x\")", "-主任"
    roster.save(li)
    export_roster(li_db, tmp_path / "r.xlsx", "青石镇")
    ws = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=-"]
    assert {c.value for c in cells} == {"=HYPERLINK(\"http://x\")", "-主任"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_birth_date_today_is_fine(db):
    from liaison_desk.ledger.roster_fields import parse_birth_date

    assert parse_birth_date(date.today().isoformat()) == date.today()
