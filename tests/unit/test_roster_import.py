"""Importing township rosters written by LibreOffice (.xlsx, .xls, .ods), previews and one transaction."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import DATA
from liaison_desk.errors import KnownError
from liaison_desk.ledger.roster_import import apply_plan, preview_file, read_roster
from liaison_desk.services.roster.service import DeputyFilter, RosterService

ROSTER = DATA / "roster"
TOWNSHIP_FILES = ["township_libreoffice.xlsx", "township.xls", "township.ods"]


@pytest.mark.parametrize("name", TOWNSHIP_FILES)
def test_township_roster_under_title_rows_and_merged_cells(db, name):
    src = read_roster(ROSTER / name)
    assert (src.sheet, src.header_row) == ("代表名册", 3)
    plan = preview_file(db, ROSTER / name)
    assert plan.summary() == {"new": 6, "updated": 0, "unchanged": 0, "conflicts": 0, "errors": []}
    assert "代表证号" not in [src.headers[i] for i in plan.mapping.values()]  # unknown wording left unmapped
    counts = apply_plan(db, plan)
    assert counts == {"new": 6, "updated": 0, "unchanged": 0}
    roster = RosterService(db)
    by_name = {r.name: r for r in roster.all_records()}
    shan = by_name["单田芳"]
    assert shan.birth_date == date(1975, 3, 1)  # "1975.03"
    assert shan.phone == "13803151234"  # stored as a number in the sheet
    assert [e.level for e in shan.levels] == ["county", "township"]  # "县、镇"
    assert (shan.group_name, shan.group_role) == ("第一代表小组", "leader")
    assert by_name["曾秀兰"].birth_date == date(1980, 7, 1)  # "1980年7月"
    assert by_name["曾秀兰"].group_name == "第一代表小组"  # merged cell carried down
    assert by_name["翟志强"].group_name == "第二代表小组"
    xie = by_name["解文军"]
    assert xie.birth_date == date(1968, 11, 8) and xie.is_cppcc and xie.phone == "0315-5123400"
    assert [e.level for e in xie.levels] == ["county", "township"]  # "县级、乡镇级"
    zhang = by_name["张三"]
    assert zhang.birth_date == date(1974, 3, 24)  # an Excel serial number
    assert [(e.level, e.term) for e in zhang.levels] == [("city", "第十六届"), ("county", "第十八届")]
    assert zhang.work_unit == "临河县第一人民医院院长"  # "单位及职务" kept whole
    assert {r.name for r in roster.list(DeputyFilter(query="stf"))} == {"单田芳"}


def test_second_import_reports_nothing_new_and_a_changed_row_as_updated(db, tmp_path):
    apply_plan(db, preview_file(db, ROSTER / "township.xls"))
    again = preview_file(db, ROSTER / "township.ods")
    assert again.summary() == {"new": 0, "updated": 0, "unchanged": 6, "conflicts": 0, "errors": []}
    roster = RosterService(db)
    rec = next(r for r in roster.all_records() if r.name == "欧阳丽")
    rec.post, rec.phone = "", "13000000000"  # the clerk changed the phone; the name + unit still match
    roster.save(rec)
    plan = preview_file(db, ROSTER / "township_libreoffice.xlsx")
    changed = [r for r in plan.rows if r.action == "updated"]
    assert [(r.name, r.changed) for r in changed] == [("欧阳丽", ["联系电话"])]
    apply_plan(db, plan)
    assert preview_file(db, ROSTER / "township.xls").summary()["unchanged"] == 6
    assert roster.count() == 6


def test_workbook_full_of_mistakes_names_sheet_row_column_and_writes_nothing(db):
    plan = preview_file(db, ROSTER / "mistakes_libreoffice.xlsx")
    errors = {(e["row"], e["column"]) for e in plan.errors()}
    assert errors == {(2, "联系电话"), (3, "身份证号码"), (4, "出生日期"), (5, "性别"), (5, "代表层级"),
                      (6, "姓名"), (7, "代表层级"), (9, "姓名")}
    assert all(e["sheet"] == "名册" for e in plan.errors())
    with pytest.raises(KnownError) as exc:
        apply_plan(db, plan)
    assert exc.value.sheet == "名册" and exc.value.row == 2 and exc.value.column == "联系电话"
    assert RosterService(db).count() == 0
    # the clerk excludes the bad rows explicitly: only 周七 is imported
    counts = apply_plan(db, plan, exclude={2, 3, 4, 5, 6, 7, 9})
    assert counts["new"] == 1
    assert [r.name for r in RosterService(db).all_records()] == ["周七"]


def test_clerk_maps_an_unknown_header(db):
    src = read_roster(ROSTER / "township.ods")
    card = next(i for i, h in src.headers.items() if h == "代表证号")
    plan = preview_file(db, ROSTER / "township.ods", mapping={"name": 1, "levels": 9, "notes": card})
    apply_plan(db, plan)
    assert {r.notes for r in RosterService(db).all_records()} == {f"D-00{i}" for i in range(1, 7)}


def test_not_a_roster(db, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["日期", "来访人"])
    wb.save(tmp_path / "visits.xlsx")
    with pytest.raises(KnownError) as exc:
        read_roster(tmp_path / "visits.xlsx")
    assert "表头" in exc.value.message and exc.value.file


def test_a_failing_write_leaves_nothing(db, monkeypatch):
    """All or nothing: an error in the middle of the write rolls the whole import back."""
    from liaison_desk.services.roster import bulk as roster_bulk

    plan = preview_file(db, ROSTER / "township.xls")
    calls = {"n": 0}
    real = roster_bulk.pinyin_keys

    def failing(name):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KnownError("磁盘已满")
        return real(name)

    monkeypatch.setattr(roster_bulk, "pinyin_keys", failing)
    with pytest.raises(KnownError):
        apply_plan(db, plan)
    assert RosterService(db).count() == 0
    assert RosterService(db).groups() == []
