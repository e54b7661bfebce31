"""A reply in a returned workbook is the window's reply: same event, operator and audit entry, same refusals."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.ledger.handoff_import import apply_handoff, read_handoff
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.store import open_database
from liaison_desk.store.backup import copy_database

REPLY_ON = date(2026, 11, 20)
TEXT, RESULT = "已安排维修，月底前完成。", "正在解决"
# the timeline and log columns that must be equal (ids and clock times differ between two databases)
EVENT_COLS = "kind, step, happened_on, operator, note, agency_id, new_deadline, result"
AUDIT_COLS = "operator, action, table_name, record_id, summary, changes"


def _open_in(db, step):
    """Ids of the demo's suggestions in `step` (oldest first)."""
    with db.engine.connect() as c:
        return [r[0] for r in c.exec_driver_sql(
            "SELECT id FROM suggestion WHERE step = ? ORDER BY registered_on", (step,))]


def _returned(db, tmp_path, replies):
    """Export everything, then type replies into 意见建议 as the township would: {id: (date, result, text)}."""
    out = export_handoff(HandoffService(db), tmp_path / "all.xlsx").path
    wb = load_workbook(out)
    ws = wb["意见建议"]
    head = {c.value: c.column for c in ws[2] if c.value}
    for r in range(3, ws.max_row + 1):
        reply = replies.get(ws.cell(r, head["编号"]).value)  # the id: hidden, at the far right
        if reply:
            ws.cell(r, head["回复日期"]).value, ws.cell(r, head["回复结果"]).value, \
                ws.cell(r, head["回复内容"]).value = reply
    wb.save(tmp_path / "returned.xlsx")
    return tmp_path / "returned.xlsx"


def _timeline(db, sid):
    with db.engine.connect() as c:
        return c.exec_driver_sql(f"SELECT {EVENT_COLS} FROM suggestionevent WHERE suggestion_id = ? "
                                 "ORDER BY happened_on, recorded_at", (sid,)).all()


def _audit(db, sid):
    with db.engine.connect() as c:
        return c.exec_driver_sql(f"SELECT {AUDIT_COLS} FROM auditentry WHERE record_id = ? ORDER BY at",
                                 (sid,)).all()


def test_returned_reply_is_recorded_as_the_window_records_it(demo_db, tmp_path):
    sid = _open_in(demo_db, "supervise")[0]
    twin = open_database(copy_database(demo_db.path, tmp_path / "twin.db"))
    try:
        demo_db.operator = twin.operator = "李文书"
        path = _returned(demo_db, tmp_path, {sid: (REPLY_ON, RESULT, TEXT)})
        plan = read_handoff(HandoffService(demo_db), path)
        assert plan.errors == []
        apply_handoff(HandoffService(demo_db), plan)
        LifecycleService(twin).reply(sid, REPLY_ON, RESULT, TEXT)  # the same reply typed in the window

        via_workbook, via_window = _timeline(demo_db, sid), _timeline(twin, sid)
        assert via_workbook == via_window
        assert via_workbook[-1][:2] == ("replied", "reply") and via_workbook[-1][3] == "李文书"
        assert via_workbook[-1][4] == TEXT and via_workbook[-1][7] == "solving"
        assert _audit(demo_db, sid) == _audit(twin, sid)
        assert _audit(demo_db, sid)[-1][1] == "step"
        with demo_db.engine.connect() as c:
            step, reply_on, result = c.exec_driver_sql(
                "SELECT step, reply_on, reply_result FROM suggestion WHERE id = ?", (sid,)).one()
        assert (step, reply_on, result) == ("reply", "2026-11-20", "solving")
    finally:
        twin.close()


def test_reply_the_window_refuses_is_refused_with_the_same_message(demo_db, tmp_path):
    sid = _open_in(demo_db, "sort")[0]  # 梳理: not yet assigned, so nobody can have replied
    with pytest.raises(ValidationError) as window:
        LifecycleService(demo_db).reply(sid, REPLY_ON, RESULT, TEXT)
    path = _returned(demo_db, tmp_path, {sid: (REPLY_ON, RESULT, TEXT)})
    before = demo_db.counts()
    plan = read_handoff(HandoffService(demo_db), path)
    assert [e.message for e in plan.errors] == [window.value.message]
    assert plan.errors[0].sheet == "意见建议" and plan.errors[0].row is not None
    with pytest.raises(KnownError):
        apply_handoff(HandoffService(demo_db), plan)
    assert demo_db.counts() == before  # nothing written, not even a backup's log entry


def test_reply_dated_before_the_last_step_is_refused_like_the_window(demo_db, tmp_path):
    sid = _open_in(demo_db, "supervise")[0]
    early = date(2020, 1, 1)
    with pytest.raises(ValidationError) as window:
        LifecycleService(demo_db).reply(sid, early, RESULT, TEXT)
    plan = read_handoff(HandoffService(demo_db), _returned(demo_db, tmp_path, {sid: (early, RESULT, TEXT)}))
    assert [e.message for e in plan.errors] == [window.value.message]
    assert "日期不能早于" in window.value.message
