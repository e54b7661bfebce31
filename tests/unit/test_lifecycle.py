"""The suggestion lifecycle on a real SQLite file: every step, the dissatisfied loop, refused moves."""

from __future__ import annotations

from datetime import date

import pytest

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import Step
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.detail import SuggestionDetailService
from liaison_desk.services.suggestions.lifecycle import LifecycleService, allowed_actions
from liaison_desk.services.suggestions.service import SuggestionFilter, SuggestionRecord, SuggestionService


@pytest.fixture
def env(db):
    db.operator = "王丽娟"
    st = StationService(db)
    a = st.save_agency("临河县交通运输局", "政府部门", "张科长", "0315-5550001")
    b = st.save_agency("青石镇人民政府", "township")
    c = st.save_agency("临河县住房和城乡建设局", "government")
    svc = SuggestionService(db)
    return db, svc, LifecycleService(db), SuggestionDetailService(db), (a, b, c)


def _new(svc, kind="citizen", on=date(2026, 9, 21), title="东关村道路坑洼，雨天积水"):
    return svc.save(SuggestionRecord(title=title, registered_on=on, kind=kind, citizen_name="李桂兰"))


def kinds(detail):
    return [(e.kind, e.step) for e in detail.events]


def test_walk_through_every_step_and_the_dissatisfied_loop(env):
    db, svc, lc, ds, (a, b, c) = env
    sid = _new(svc)
    lc.sort(sid, date(2026, 9, 22), "属于道路养护问题，交县交通运输局办理")
    dl = lc.assign(sid, date(2026, 9, 28), a, [b])
    assert dl == date(2026, 10, 23)  # 15 working days across National Day (make-up Saturday 10月10日 counted)
    lc.urge(sid, date(2026, 10, 12), "电话督办，要求按期答复")
    lc.extend(sid, date(2026, 10, 20), date(2026, 11, 10), "需协调养护资金")
    lc.reply(sid, date(2026, 11, 5), "已解决", "已安排养护队修补路面并疏通边沟")
    lc.feedback(sid, date(2026, 11, 6), "电话", "不满意", "边沟仍然积水")
    d = ds.detail(sid)
    # 不满意 sends it back to 交办 with the same agencies, a new deadline, and the history kept
    assert d.step == Step.ASSIGN.value and d.lead.agency_id == a and [x.agency_id for x in d.co] == [b]
    assert d.reply_on is None and d.satisfaction == "" and d.assigned_on == date(2026, 11, 6)
    assert d.deadline == date(2026, 11, 27)
    assert [e.result for e in d.events if e.kind in ("replied", "feedback")] == ["solved", "unsatisfied"]
    # second round
    lc.urge(sid, date(2026, 11, 10), "现场督办")
    lc.reply(sid, date(2026, 11, 20), "solved", "边沟已重新开挖，积水排净")
    lc.feedback(sid, date(2026, 11, 21), "当面", "满意")
    lc.archive(sid, date(2026, 11, 23))
    d = ds.detail(sid)
    assert d.step == Step.ARCHIVE.value and d.archived_on == date(2026, 11, 23)
    assert kinds(d) == [
        ("created", "sort"), ("sorted", "sort"), ("assigned", "assign"), ("urged", "supervise"),
        ("extended", "supervise"), ("replied", "reply"), ("feedback", "feedback"), ("reopened", "assign"),
        ("urged", "supervise"), ("replied", "reply"), ("feedback", "feedback"), ("archived", "archive")]
    assert all(e.operator == "王丽娟" for e in d.events)
    ext = next(e for e in d.events if e.kind == "extended")
    assert ext.new_deadline == date(2026, 11, 10) and ext.note == "需协调养护资金"
    # archived: read-only until an explicit, recorded reopening
    rec = svc.get(sid)
    rec.title = "改标题"
    with pytest.raises(ValidationError, match="已归档"):
        svc.save(rec)
    with pytest.raises(ValidationError, match="撤销归档"):
        lc.note(sid, date(2026, 11, 24), "补充说明")
    with pytest.raises(ValidationError, match="理由"):
        lc.unarchive(sid, date(2026, 11, 24), " ")
    assert lc.unarchive(sid, date(2026, 11, 24), "选民再次来访反映") == Step.FEEDBACK.value
    d = ds.detail(sid)
    assert d.step == Step.FEEDBACK.value and d.archived_on is None and d.events[-1].kind == "unarchived"
    with db.engine.connect() as conn:
        from sqlalchemy import text
        audits = conn.execute(text("SELECT COUNT(*) FROM auditentry WHERE action='step' AND record_id=:i"),
                              {"i": sid}).scalar_one()
    assert audits == 12  # every move after the creation


@pytest.mark.parametrize(("setup", "action", "message"), [
    (0, lambda lc, s, ag: lc.reply(s, date(2026, 10, 1), "已解决", "x"), "梳理"),
    (0, lambda lc, s, ag: lc.urge(s, date(2026, 10, 1), "催"), "不能督办"),
    (0, lambda lc, s, ag: lc.archive(s, date(2026, 10, 1)), "不能归档"),
    (1, lambda lc, s, ag: lc.feedback(s, date(2026, 10, 9), "电话", "满意"), "不能登记反馈"),
    (1, lambda lc, s, ag: lc.assign(s, date(2026, 10, 9), ag[0]), "不能交办"),
    (2, lambda lc, s, ag: lc.archive(s, date(2026, 10, 20)), "下一步应为登记承办单位的回复"),
    (3, lambda lc, s, ag: lc.archive(s, date(2026, 10, 21)), "反馈"),
    (4, lambda lc, s, ag: lc.urge(s, date(2026, 10, 25), "催"), "下一步应为归档"),
])
def test_invalid_moves_are_refused_and_change_nothing(env, setup, action, message):
    db, svc, lc, ds, ag = env
    sid = _new(svc)
    steps = [lambda: lc.assign(sid, date(2026, 9, 28), ag[0]),
             lambda: lc.urge(sid, date(2026, 10, 12), "电话督办"),
             lambda: lc.reply(sid, date(2026, 10, 20), "正在解决", "正在施工"),
             lambda: lc.feedback(sid, date(2026, 10, 22), "电话", "基本满意")]
    for f in steps[:setup]:
        f()
    before = ds.detail(sid)
    with pytest.raises(ValidationError, match=message):
        action(lc, sid, ag)
    assert ds.detail(sid) == before


def test_field_checks(env):
    db, svc, lc, ds, (a, b, c) = env
    sid = _new(svc)
    with pytest.raises(ValidationError, match="主办单位") as e:
        lc.assign(sid, date(2026, 9, 28), None)
    assert e.value.column == "主办单位"
    with pytest.raises(ValidationError, match="不能早于上一环节（登记，2026年9月21日）"):
        lc.assign(sid, date(2026, 9, 1), a)
    with pytest.raises(ValidationError, match="应晚于交办日期"):
        lc.assign(sid, date(2026, 9, 28), a, deadline=date(2026, 9, 28))
    StationService(db).save_agency("青石镇人民政府", "township", agency_id=b, active=False)
    with pytest.raises(ValidationError, match="已停用"):
        lc.assign(sid, date(2026, 9, 28), a, [b])
    lc.assign(sid, date(2026, 9, 28), a)
    with pytest.raises(ValidationError, match="晚于原期限"):
        lc.extend(sid, date(2026, 10, 9), date(2026, 10, 1), "理由")
    with pytest.raises(ValidationError, match="延期理由"):
        lc.extend(sid, date(2026, 10, 9), date(2026, 12, 1), "")
    lc.urge(sid, date(2026, 10, 12), "电话督办")
    with pytest.raises(ValidationError, match="办理结果"):
        lc.reply(sid, date(2026, 10, 20), "很好", "x")
    with pytest.raises(ValidationError, match="答复内容"):
        lc.reply(sid, date(2026, 10, 20), "已解决", " ")
    lc.reply(sid, date(2026, 10, 20), "留作参考", "留作参考")
    with pytest.raises(ValidationError, match="满意度"):
        lc.feedback(sid, date(2026, 10, 21), "电话", "还行")


def test_deputy_suggestion_three_months_and_six_month_cap(env):
    db, svc, lc, ds, (a, b, c) = env
    sid = _new(svc, kind="deputy", on=date(2026, 11, 20))
    # 3 months, clamped to February's end (2027-02-28, a Sunday), moved to the next working day
    assert lc.assign(sid, date(2026, 11, 30), a) == date(2027, 3, 1)
    with pytest.raises(ValidationError, match="最长六个月"):
        lc.extend(sid, date(2026, 12, 1), date(2027, 6, 1), "情况复杂")
    lc.extend(sid, date(2026, 12, 1), date(2027, 5, 30), "情况复杂")  # a Sunday: moved to Monday
    assert ds.detail(sid).deadline == date(2027, 5, 31)


def test_agency_sends_back_and_reassignment(env):
    db, svc, lc, ds, (a, b, c) = env
    sid = _new(svc)
    lc.assign(sid, date(2026, 9, 28), a, [b])
    lc.urge(sid, date(2026, 10, 9), "电话督办")
    lc.send_back(sid, a, date(2026, 10, 12), "不属于职责范围，应由住建局办理")
    d = ds.detail(sid)
    assert d.step == Step.ASSIGN.value and d.lead is None
    assert [(x.agency_id, x.return_reason) for x in d.returned] == [(a, "不属于职责范围，应由住建局办理")]
    with pytest.raises(ValidationError, match="主办单位已退回"):
        lc.urge(sid, date(2026, 10, 13), "催")
    with pytest.raises(ValidationError, match="主办单位已退回"):
        lc.reply(sid, date(2026, 10, 13), "已解决", "x")
    with pytest.raises(ValidationError, match="不是这条意见建议目前的承办单位"):
        lc.send_back(sid, c, date(2026, 10, 13))
    dl = lc.reassign(sid, date(2026, 10, 13), c, [b])
    d = ds.detail(sid)
    assert d.lead.agency_id == c and d.assigned_on == date(2026, 10, 13) and d.deadline == dl
    assert [x.agency_id for x in d.co] == [b]
    assert [e.kind for e in d.events][-2:] == ["returned", "reassigned"]
    assert svc.count(SuggestionFilter(agency_id=a)) == 0 and svc.count(SuggestionFilter(agency_id=c)) == 1
    assert "reply" in allowed_actions(d.step)  # the new lead may answer without an urging


def test_merge_related_matters_at_sort(env):
    db, svc, lc, ds, (a, b, c) = env
    main = _new(svc)
    other = _new(svc, title="东关村路面积水严重")
    third = _new(svc, title="路灯坏了")
    lc.assign(third, date(2026, 9, 28), a)
    with pytest.raises(ValidationError, match="不能合并"):
        lc.merge(main, [third], date(2026, 9, 28))
    with pytest.raises(ValidationError, match="相关事项"):
        lc.merge(main, [main], date(2026, 9, 28))
    lc.merge(main, [other], date(2026, 9, 23), "同一路段")
    m, o = ds.detail(main), ds.detail(other)
    assert m.merged == (o.number,) and o.merged_into == m.number and o.step == Step.ARCHIVE.value
    assert "并入" in o.events[-1].note and m.events[-1].kind == "merged"
    assert lc.unarchive(other, date(2026, 9, 24), "合并有误") == Step.SORT.value
    assert ds.detail(other).merged_into == "" and ds.detail(main).merged == ()


def test_reply_straight_from_assign_without_urging(env):
    db, svc, lc, ds, (a, b, c) = env
    sid = _new(svc)
    lc.assign(sid, date(2026, 9, 28), a)
    lc.reply(sid, date(2026, 10, 9), "已解决", "已修补路面")  # answered on time, nobody urged
    d = ds.detail(sid)
    assert d.step == Step.REPLY.value and d.reply_on == date(2026, 10, 9)
    assert [e.kind for e in d.events] == ["created", "assigned", "replied"]  # no 督办 invented


def test_deadlines_on_a_rest_day_move_to_the_next_working_day(env):
    db, svc, lc, ds, (a, b, c) = env
    sid = _new(svc, kind="deputy", on=date(2026, 6, 29))
    # 2026-07-01 + 3 months = 2026-10-01, National Day (off until 10月7日): the deadline is 10月8日
    assert lc.assign(sid, date(2026, 7, 1), a) == date(2026, 10, 8)
    other = _new(svc)
    # a typed deadline on Saturday 2026-10-17 moves to Monday 10月19日
    assert lc.assign(other, date(2026, 9, 28), a, deadline=date(2026, 10, 17)) == date(2026, 10, 19)


def test_every_step_records_who_did_it_besides_the_clerk(env):
    db, svc, lc, ds, (a, b, c) = env
    StationService(db).save_station(name="青石镇人大代表联络站", township="青石镇", county="临河县")
    sid = _new(svc)
    lc.sort(sid, date(2026, 9, 22), "交县交通运输局办理")
    lc.assign(sid, date(2026, 9, 28), a)  # a county agency: assigned by the county office
    lc.urge(sid, date(2026, 10, 9), "电话督办", actor="代表李秀英")
    lc.reply(sid, date(2026, 10, 12), "已解决", "已修补")
    lc.feedback(sid, date(2026, 10, 13), "电话", "满意", operator="张会计")
    other = _new(svc, title="镇区路灯不亮")
    lc.assign(other, date(2026, 9, 28), b)  # a township body: assigned by the presidium
    events = ds.detail(sid).events
    assert [(e.kind, e.actor, e.operator) for e in events] == [
        ("created", "", "王丽娟"), ("sorted", "青石镇人大代表联络站", "王丽娟"),
        ("assigned", "临河县人大常委会代表工作委员会", "王丽娟"), ("urged", "代表李秀英", "王丽娟"),
        ("replied", "临河县交通运输局", "王丽娟"), ("feedback", "青石镇人大代表联络站", "张会计")]
    assert ds.detail(other).events[-1].actor == "青石镇人大主席团"
    assert events[3].who == "代表李秀英，录入：王丽娟"
