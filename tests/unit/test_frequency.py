"""Rule 一 as the station's duty per level and period: terms, leaving, attendance, 待确认, notices.

The expected states are worked out by hand from the rule (township monthly, county quarterly, city
half-yearly, province yearly; a held session needs a deputy of the level marked 出席), not from the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from liaison_desk.models import Deputy, DeputyLevel
from liaison_desk.models.enums import DeputyStatus
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.frequency import FrequencyService
from liaison_desk.services.schedule.notices import NoticeService
from liaison_desk.services.schedule.report import check_year
from liaison_desk.services.schedule.rules import RULE_NOTICE_LATE, RULE_NOTICE_MISSING, check_range
from liaison_desk.services.schedule.service import Presence, ScheduleService, SessionRecord

TODAY = date(2026, 12, 2)


def _deputy(db, name, level, start=None, left=None):
    with db.session() as s:
        d = Deputy(name=name, status=DeputyStatus.LEFT.value if left else DeputyStatus.ACTIVE.value,
                   status_date=left)
        s.add(d)
        s.flush()
        s.add(DeputyLevel(deputy_id=d.id, level=level, start_date=start))
        return d.id


def _held(db, day, *ids, leave=(), status="done"):
    return ScheduleService(db).save(SessionRecord(
        day=day, venue="联络站", status=status, notice_date=None if status == "planned" else day,
        deputy_ids=list(ids), attendance={d: Presence("leave", "外出") for d in leave}))


def _states(db, level, year=2026, today=TODAY):
    row = FrequencyService(db).year(year, today).row("", level)
    assert row is not None
    return {c.period.key: c.state for c in row.cells}


def test_deputy_elected_in_july_is_owed_nothing_before_july(db):
    _deputy(db, "新代表", "city", start=date(2026, 7, 1))
    states = _states(db, "city")
    assert states == {"2026H1": "not_owed", "2026H2": "due"}  # H2 still running on 2 December
    assert FrequencyService(db).year(2026, TODAY).behind == []
    _deputy(db, "新乡镇代表", "township", start=date(2026, 7, 1))
    t = _states(db, "township")
    assert [t[f"2026-{m:02d}"] for m in range(1, 7)] == ["not_owed"] * 6
    assert [t[f"2026-{m:02d}"] for m in range(7, 12)] == ["behind"] * 5 and t["2026-12"] == "due"


def test_deputy_who_left_in_june_still_counts_for_the_first_half(db):
    gone = _deputy(db, "离任代表", "city", left=date(2026, 6, 15))
    other = _deputy(db, "乡镇代表", "township")
    _held(db, date(2026, 5, 20), gone, other)
    assert _states(db, "city") == {"2026H1": "held", "2026H2": "not_owed"}
    # a session after the day they left does not count for the level
    _held(db, date(2026, 9, 16), gone, other)
    assert _states(db, "city")["2026H2"] == "not_owed"
    turns = {t.name: t.attended for t in FrequencyService(db).year(2026, TODAY).turns}
    assert turns["离任代表"] == 2 and turns["乡镇代表"] == 2


def test_both_township_deputies_on_leave_do_not_meet_the_month(db):
    a, b = _deputy(db, "甲", "township"), _deputy(db, "乙", "township")
    c = _deputy(db, "丙", "county")
    _held(db, date(2026, 3, 18), a, b, c, leave=(a, b))
    _held(db, date(2026, 4, 15), a, b, leave=(b,))
    t = _states(db, "township")
    assert t["2026-03"] == "behind" and t["2026-04"] == "held"
    assert _states(db, "county")["2026Q1"] == "held"
    report = FrequencyService(db).year(2026, TODAY)
    assert "乡镇人大代表2026年3月没有接待选民（应每月一次）" in [x.message for x in report.behind]
    # an absent (缺席) deputy does not count either, and the session has too few deputies
    _held(db, date(2026, 5, 20), a, b, c, leave=())
    rec = ScheduleService(db).get(ScheduleService(db).list()[0].id)
    rec.attendance = {a: Presence("absent"), b: Presence("absent")}
    ScheduleService(db).save(rec)
    assert _states(db, "township")["2026-05"] == "behind"
    found = check_range(db, WorkCalendar(db), date(2026, 5, 1), date(2026, 5, 31), TODAY)
    assert any("只有 1 名出席" in v.message for v in found)


def test_past_session_left_planned_is_unconfirmed_not_held(db):
    a, b = _deputy(db, "甲", "township"), _deputy(db, "乙", "township")
    sid = _held(db, date(2026, 11, 18), a, b, status="planned")
    report = FrequencyService(db).year(2026, TODAY)
    assert [(u.session, u.day) for u in report.unconfirmed] == [(sid, date(2026, 11, 18))]
    assert _states(db, "township")["2026-11"] == "behind"
    result = check_year(db, 2026, TODAY).as_json()
    assert result["unconfirmed"] == [{"session": sid, "day": "2026-11-18"}]
    assert ("乡镇", "2026-11") in [(x["level"], x["period"]) for x in result["behind"]]


def test_running_period_is_due_and_the_year_is_checked_once(db):
    a, b = _deputy(db, "甲", "township"), _deputy(db, "乙", "township")
    for m in range(1, 12):
        _held(db, date(2026, m, 10 if m != 2 else 11), a, b)
    result = check_year(db, 2026, TODAY)
    assert result.frequency.behind == []
    assert [(c.level, c.period.key) for c in result.frequency.due] == [("township", "2026-12")]
    assert result.as_json()["due"][0]["level"] == "乡镇"
    _held(db, date(2026, 12, 16), a, b, status="planned")
    due = check_year(db, 2026, TODAY).frequency.due[0]
    assert due.planned == (date(2026, 12, 16),) and "已安排2026年12月16日的接待" in due.message


@pytest.fixture
def pair(db):
    return db, _deputy(db, "甲", "township"), _deputy(db, "乙", "township")


def test_unposted_notice_due_tomorrow_is_reminded(pair):
    db, a, b = pair
    # 16 December 2026 (Wednesday): latest posting day 3 working days before = Friday 11 December
    sid = _held(db, date(2026, 12, 16), a, b, status="planned")
    found = NoticeService(db).reminders(date(2026, 12, 10))
    assert [(r.session, r.latest, r.late) for r in found] == [(sid, date(2026, 12, 11), False)]
    assert found[0].message == "12月16日的接待须在12月11日前张贴公告"
    assert NoticeService(db).reminders(date(2026, 12, 1)) == []  # 8 working days ahead: not yet
    # posted: no reminder
    rec = ScheduleService(db).get(sid)
    rec.notice_date = date(2026, 12, 10)
    ScheduleService(db).save(rec)
    assert NoticeService(db).reminders(date(2026, 12, 10)) == []


def test_unposted_after_the_latest_day_and_posted_late_are_violations(pair):
    db, a, b = pair
    sid = _held(db, date(2026, 12, 16), a, b, status="planned")
    cal = WorkCalendar(db)
    assert check_range(db, cal, date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 11)) == []
    late = check_range(db, cal, date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 14))
    assert [(v.rule, v.session, v.day) for v in late] == [(RULE_NOTICE_MISSING, sid, date(2026, 12, 16))]
    assert NoticeService(db).reminders(date(2026, 12, 14))[0].late
    rec = ScheduleService(db).get(sid)
    rec.notice_date = date(2026, 12, 14)  # posted on Monday: only 2 working days ahead
    ScheduleService(db).save(rec)
    found = check_range(db, cal, date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 14))
    assert [(v.rule, v.session) for v in found] == [(RULE_NOTICE_LATE, sid)]
    assert check_year(db, 2026, date(2026, 12, 14)).ok is False
