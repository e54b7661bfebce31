"""The activity book: roll calls, held receptions as entries, the checks and the seed's score arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from liaison_desk.errors import ValidationError
from liaison_desk.models import Deputy, DeputyGroup, GroupMember, ReceptionSession, SessionDeputy
from liaison_desk.services.activities.checks import ActivityChecks
from liaison_desk.services.activities.members import MemberRecord, MemberService
from liaison_desk.services.activities.scores import RuleRow, ScoreService
from liaison_desk.services.activities.service import (
    ActivityFilter,
    ActivityRecord,
    ActivityService,
    RollEntry,
)
from liaison_desk.services.names import pinyin_keys


@pytest.fixture
def people(db):
    """Two groups of three deputies each: {"group": {name: id}, "deputy": {name: id}}."""
    ids: dict[str, dict[str, str]] = {"group": {}, "deputy": {}}
    with db.session() as s:
        for g, names in (("第一代表小组", ("王建国", "李秀英", "张伟")), ("第二代表小组", ("刘洋", "陈静", "杨磊"))):
            group = DeputyGroup(name=g)
            s.add(group)
            s.flush()
            ids["group"][g] = group.id
            for n in names:
                full, initials = pinyin_keys(n)
                d = Deputy(name=n, status="active", name_pinyin=full, name_initials=initials)
                s.add(d)
                s.flush()
                ids["deputy"][n] = d.id
                s.add(GroupMember(group_id=group.id, deputy_id=d.id))
    return ids


def add(db, day, kind, title, present=(), leave=(), absent=(), **kw):
    roll = ([RollEntry(d) for d in present] + [RollEntry(d, "leave", "出差") for d in leave]
            + [RollEntry(d, "absent") for d in absent])
    return ActivityService(db).save(ActivityRecord(day=day, kind=kind, title=title, roll=roll, **kw))


def sheet(sheets, name):
    return {i.item[:4]: (i.count, i.points) for s in sheets if s.name == name for i in s.items}


def test_seed_arithmetic(db, people):
    d = people["deputy"]
    # 第一组: 4 written items (3 in one, 1 co-signed by two members counts once), 2 different speakers
    add(db, date(2026, 3, 1), "written", "关于修缮村道的建议", present=[d["王建国"]], quantity=3)
    add(db, date(2026, 3, 1), "written", "关于学校门口交通的建议", present=[d["李秀英"], d["张伟"]])
    add(db, date(2026, 3, 2), "speech", "审议政府工作报告", present=[d["王建国"], d["李秀英"]])
    add(db, date(2026, 3, 3), "speech", "审议财政预算", present=[d["王建国"]])  # the same speaker again
    # 第二组: 2 written items, no speaker, one member absent from the congress
    add(db, date(2026, 3, 1), "written", "关于农田灌溉的建议", present=[d["刘洋"]], quantity=2)
    add(db, date(2026, 3, 1), "congress", "镇第十八届人大第五次会议",
        present=[d["王建国"], d["李秀英"], d["张伟"], d["刘洋"], d["陈静"]], absent=[d["杨磊"]])
    add(db, date(2025, 12, 1), "written", "去年的建议", present=[d["刘洋"]], quantity=5)  # another year
    sheets = ScoreService(db).score(2026, "group")
    one, two = sheet(sheets, "第一代表小组"), sheet(sheets, "第二代表小组")
    assert one["提出书面"] == (4, 15) and two["提出书面"] == (2, 5)
    assert one["在人代会"] == (2, 15) and two["在人代会"] == (0, 0)
    assert one["出席人代"] == (0, 10) and two["出席人代"] == (1, 0)
    assert one["按通知列"] == (0, 5)
    totals = {s.name: s.total for s in sheets}
    assert totals == {"第一代表小组": 45, "第二代表小组": 10}
    written = next(i for s in sheets if s.name == "第一代表小组" for i in s.items if i.item.startswith("提出书面"))
    assert len(written.records) == 3 and any("关于修缮村道的建议" in r for r in written.records)

    # editing a rule changes the score
    rules = ScoreService(db).rules()
    ScoreService(db).replace_rules([RuleRow(r.item, r.unit, r.basis, r.base_count, r.base_points,
                                            10 if r.basis == "written_items" else r.step_more, r.step_fewer, r.cap)
                                    for r in rules])
    assert sheet(ScoreService(db).score(2026, "group"), "第一代表小组")["提出书面"] == (4, 20)


def test_rules_are_validated_and_replaced_whole(db):
    before = ScoreService(db).rules()
    with pytest.raises(ValidationError):
        ScoreService(db).replace_rules([RuleRow("好规则", "group", "speakers", 1, 10), RuleRow("", "group", "speakers", 1, 5)])
    assert ScoreService(db).rules() == before  # nothing half-written


def test_held_reception_is_an_entry_with_its_attendance(db, people):
    d = people["deputy"]
    with db.session() as s:
        done = ReceptionSession(day=date(2026, 5, 12), venue="联络站", status="done")
        planned = ReceptionSession(day=date(2026, 6, 9), venue="联络站", status="planned")
        s.add_all([done, planned])
        s.flush()
        s.add(SessionDeputy(session_id=done.id, deputy_id=d["王建国"], attendance="present"))
        s.add(SessionDeputy(session_id=done.id, deputy_id=d["刘洋"], attendance="leave", leave_reason="生病"))
        s.add(SessionDeputy(session_id=planned.id, deputy_id=d["陈静"]))
    svc = ActivityService(db)
    rows = svc.list(ActivityFilter(kind="reception"))
    assert [(r.day, r.source, r.present, r.leave) for r in rows] == [(date(2026, 5, 12), "session", 1, 1)]
    assert svc.count(ActivityFilter()) == 1
    assert [r.id for r in svc.list(ActivityFilter(deputy_id=d["刘洋"]))] == [rows[0].id]
    lines = {x.name: x for x in ActivityChecks(db).attendance(date(2026, 1, 1), date(2026, 12, 31))}
    assert (lines["刘洋"].expected, lines["刘洋"].leave, lines["刘洋"].rate) == (1, 1, 0.0)
    assert "陈静" not in lines  # a planned session is not yet a roll call


def test_group_quarter_gaps_only_for_ended_quarters(db, people):
    g1, g2 = people["group"]["第一代表小组"], people["group"]["第二代表小组"]
    for day in (date(2026, 2, 1), date(2026, 5, 1), date(2026, 11, 1)):
        add(db, day, "group", "小组学习", group_id=g1)
    for day in (date(2026, 1, 10), date(2026, 4, 10), date(2026, 8, 10), date(2026, 12, 10)):
        add(db, day, "survey", "调研", group_id=g2)
    checks = ActivityChecks(db)
    assert [g.message for g in checks.group_gaps(2026, date(2027, 1, 5))] == ["第一代表小组 2026年第三季度未开展活动"]
    assert checks.group_gaps(2026, date(2026, 9, 30)) == []  # the third quarter is still running


def test_member_contacts_each_month(db, people):
    d = people["deputy"]
    mid = MemberService(db).save(MemberRecord("赵主席", post="镇人大主席", contact_point="东庄村",
                                              deputy_ids=[d["王建国"], d["李秀英"]]))
    for month in range(1, 13):
        if month != 5:
            add(db, date(2026, month, 15), "contact", "走访联系代表", present=[d["王建国"]], member_id=mid)
    checks = ActivityChecks(db)
    assert [(c.month, c.message) for c in checks.contact_gaps(2026, date(2027, 1, 2))] == [
        ("2026-05", "赵主席 2026年5月未联系代表"), ("2026", "赵主席 2026年联系代表 11 次，少于每年 12 次")]
    assert [c.month for c in checks.contact_gaps(2026, date(2026, 5, 20))] == []  # May not over yet
    with pytest.raises(ValidationError):  # a contact names the member who made it
        add(db, date(2026, 6, 1), "contact", "走访", present=[d["张伟"]])


def test_attendance_threshold(db, people):
    d = people["deputy"]
    for i, status in enumerate(("present", "absent", "leave")):
        add(db, date(2026, 4, 1 + i), "training", "学习培训", **{status: [d["张伟"]]})
        add(db, date(2026, 4, 1 + i), "inspection", "视察", present=[d["陈静"]])
    checks = ActivityChecks(db)
    flags = checks.attendance_flags(2026, date(2026, 12, 31))
    assert [f.deputy for f in flags] == ["张伟"] and flags[0].rate == pytest.approx(1 / 3, abs=1e-3)
    assert "出席率 33%" in flags[0].message and "低于 60%" in flags[0].message
    checks.set_threshold(0.3)
    assert checks.attendance_flags(2026, date(2026, 12, 31)) == []


def test_report_gaps_and_roll_validation(db, people):
    d = people["deputy"]
    add(db, date(2026, 6, 1), "report", "向选民述职", present=[d["王建国"]], reporter_id=d["王建国"],
        rated_satisfied=30, rated_basic=4, rated_unsatisfied=1)
    gaps = {g.deputy for g in ActivityChecks(db).report_gaps(date(2026, 12, 1))}
    assert "王建国" not in gaps and "李秀英" in gaps
    with pytest.raises(ValidationError):
        add(db, date(2026, 6, 2), "report", "述职")  # who reported?
    n = ActivityService(db).count()
    with pytest.raises(ValidationError):
        add(db, date(2026, 6, 3), "survey", "调研", present=[d["张伟"]], absent=[d["张伟"]])
    assert ActivityService(db).count() == n  # nothing saved


def test_names_resolve_like_the_picker(db, people):
    svc = ActivityService(db)
    assert svc.resolve_deputies(["王建国", "lxy"], "出席") == [people["deputy"]["王建国"], people["deputy"]["李秀英"]]
    with pytest.raises(ValidationError, match="没有叫「王五」"):
        svc.resolve_deputies(["王五"], "出席")


def test_minutes_attach_to_an_activity(db, people, tmp_path):
    from liaison_desk.services.activities.files import ActivityFiles

    aid = add(db, date(2026, 4, 2), "group", "小组活动", present=[people["deputy"]["张伟"]])
    minutes = tmp_path / "会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    files = ActivityFiles(db)
    att = files.add(aid, minutes, "纪要")
    [row] = files.list(aid)
    assert row.original_name == "会议纪要.pdf" and row.path.read_bytes() == b"%PDF-1.4 minutes"
    assert "activity" in row.path.parts
    files.remove(att)
    assert files.list(aid) == [] and not row.path.exists()


def test_demo_year_has_exactly_the_deliberate_gaps(demo_db):
    """The demo station keeps its book well, with one gap of each kind the checks look for."""
    from helpers import DEMO_TODAY

    result = ActivityChecks(demo_db).check(2026, DEMO_TODAY)
    assert [g.message for g in result.groups] == ["第一代表小组 2026年第三季度未开展活动"]
    [member] = MemberService(demo_db).list()
    assert [c.message for c in result.contacts] == [f"{member.name} 2026年5月未联系代表"]
    assert result.attendance == []
    reported = ActivityChecks(demo_db).reported()
    assert len(reported) == 3 and all(d.year == 2026 for d in reported.values())
    sheets = {s.name: s for s in ScoreService(demo_db).score(2026, "group")}
    assert sheets and all(s.total > 0 for s in sheets.values())
