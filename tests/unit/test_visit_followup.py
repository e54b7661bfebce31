"""Visits handled 其他 carry a follow-up (处理有反馈): to whom, a 反馈 date and result; open ones are listed."""

from __future__ import annotations

from datetime import date

import pytest

from liaison_desk.errors import ValidationError
from liaison_desk.services.visits.register import RegisterService
from liaison_desk.services.visits.service import VisitFilter, VisitRecord, VisitService


def _rec(**kw):
    base = dict(visited_on=date(2026, 11, 4), channel="walk_in", visitor_name="郑秀英", village="东关村",
                content="邻居因宅基地排水问题发生争执", handling="other", handling_note="已转村委会调解")
    base.update(kw)
    return VisitRecord(**base)


def test_other_needs_whom_and_a_dated_result(db):
    svc = VisitService(db)
    with pytest.raises(ValidationError, match="转交对象"):
        svc.save(_rec())
    with pytest.raises(ValidationError, match="反馈结果"):
        svc.save(_rec(followup_to="东关村村民委员会", followup_on=date(2026, 11, 10)))
    with pytest.raises(ValidationError, match="早于来访日期"):
        svc.save(_rec(followup_to="东关村村民委员会", followup_on=date(2026, 11, 3), followup_result="已调解"))
    open_id = svc.save(_rec(followup_to="东关村村民委员会"))
    done_id = svc.save(_rec(visitor_name="李桂兰", followup_to="青石镇司法所", followup_on=date(2026, 11, 12),
                            followup_result="达成调解协议"))
    # other handlings carry no follow-up even if the form had one
    answered = svc.save(_rec(visitor_name="王建国", handling="answered", followup_to="x"))
    assert svc.get(answered).followup_to == ""
    assert svc.open_followups() == 1
    assert [r.id for r in svc.list(VisitFilter(followup_open=True))] == [open_id]
    got = svc.get(done_id)
    assert (got.followup_to, got.followup_on, got.followup_result) == ("青石镇司法所", date(2026, 11, 12), "达成调解协议")
    book = RegisterService(db)
    lines = {line.visitor: line.handling_note for line in book.rows(book.head(date(2026, 1, 1), date(2026, 12, 31)))}
    assert lines["李桂兰"] == "已转村委会调解；青石镇司法所于2026年11月12日反馈：达成调解协议"
    assert lines["郑秀英"] == "已转村委会调解；已转东关村村民委员会，待反馈"
