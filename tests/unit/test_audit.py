"""The 操作日志: operator recorded, filters in SQL, export read back by two readers, the log is read-only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.audit import AuditFilter, AuditService, describe_changes
from liaison_desk.services.base import Page
from liaison_desk.services.safety.service import SafetyService
from liaison_desk.services.station import StationService


def test_operator_is_recorded_with_every_change(db):
    audit = AuditService(db)
    with pytest.raises(ValidationError):
        audit.set_operator("  ")
    audit.set_operator("王 小 红")
    audit.set_operator("李明")
    assert audit.known_operators() == ["李明", "王 小 红"]
    aid = StationService(db).save_agency("县交通运输局", "政府部门")
    audit.set_operator("王 小 红")
    StationService(db).save_agency("县交通运输局", "政府部门", phone="0315-1234567", agency_id=aid)
    rows = audit.entries()
    assert [(r.operator, r.action) for r in rows[:2]] == [("王 小 红", "update"), ("李明", "create")]
    assert rows[0].table_label == "承办单位" and rows[0].action_label == "修改"


def test_filters_and_paging(db):
    audit = AuditService(db)
    audit.set_operator("甲")
    for i in range(7):
        StationService(db).save_agency(f"单位{i}", "政府部门")
    audit.set_operator("乙")
    SafetyService(db).backup()
    assert audit.count() == 8
    assert audit.count(AuditFilter(operator="甲")) == 7
    assert audit.count(AuditFilter(action=AuditAction.BACKUP.value)) == 1
    assert audit.count(AuditFilter(table="agency")) == 7
    assert audit.count(AuditFilter(text="手动")) == 1
    today = date.today()
    assert audit.count(AuditFilter(start=today, end=today)) == 8
    assert audit.count(AuditFilter(end=today - timedelta(days=1))) == 0
    assert audit.count(AuditFilter(start=today + timedelta(days=1))) == 0
    assert len(audit.entries(page=Page(0, 5))) == 5 and len(audit.entries(page=Page(5, 5))) == 3
    assert audit.operators_in_log() == ["乙", "甲"]


def test_log_cannot_be_changed_or_deleted(db):
    AuditService(db).record(AuditAction.BACKUP, "测试")
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE auditentry SET summary = '改掉'")
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM auditentry")
    assert [r.summary for r in AuditService(db).entries()] == ["测试"]


def test_export_read_back_with_two_readers(db, tmp_path):
    audit = AuditService(db)
    audit.set_operator("=1+1")
    StationService(db).save_agency("=危险公式", "政府部门")
    audit.set_operator("张三")
    StationService(db).save_agency("县交通运输局", "政府部门")
    out = tmp_path / "日志.xlsx"
    from liaison_desk.ledger.audit_log import HEADERS, export_log

    assert export_log(audit, out) == 2
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    ws = load_workbook(out)["操作日志"]
    assert tuple(c.value for c in ws[2]) == HEADERS
    assert ws.cell(3, 2).value == "张三" and ws.cell(3, 3).value == "新增"
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("操作日志").to_python()
    assert cal[2][1] == "张三" and cal[2][3] == "承办单位"
    # The agency named like a formula is exported as text: no cell is a formula, both readers see the text.
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    formula_like = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert len(formula_like) == 1 and formula_like[0].data_type == "s"  # the operator typed as =1+1
    assert "=1+1" in [v for row in cal for v in row]
    assert audit.entries()[0].action == "export"  # the export is itself logged


def test_describe_changes():
    assert describe_changes('{"phone": ["", "123"]}') == "联系电话：（空） → 123"
    assert describe_changes("") == "" and describe_changes("not json") == "not json"
    assert describe_changes('{"visited_on": ["2026-11-01", "2026-11-02"], "channel": ["reception", "call"]}',
                            "visit") == "来访日期：2026年11月1日 → 2026年11月2日；来访方式：接待日来访 → 来电"
    assert describe_changes('{"name": ["甲", "乙"], "is_cppcc": [false, true]}', "deputy") == (
        "姓名：甲 → 乙；兼任政协委员：否 → 是")
    assert describe_changes('{"new": 3, "changed": 1}', "exchangelog") == "新增：3；修改：1"


def test_archived_records_cannot_be_changed_or_deleted(demo_db):
    from dataclasses import replace

    from liaison_desk.services.suggestions.service import SuggestionService

    with demo_db.engine.connect() as conn:
        sid = conn.exec_driver_sql("SELECT id FROM suggestion WHERE step = 'archive' LIMIT 1").scalar()
    service = SuggestionService(demo_db)
    rec = service.get(sid)
    with pytest.raises(ValidationError) as e:
        service.save(replace(rec, title=rec.title + "（改）"))
    assert "已归档" in str(e.value)
    with pytest.raises(ValidationError):
        service.delete(sid)
    assert service.get(sid).title == rec.title
