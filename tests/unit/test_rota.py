"""The rota generator: one reception a month, every level's period met, ≥2 per session, fair rotation,
terms and 请假 honoured, deterministic."""

from __future__ import annotations

from datetime import date, time

import pytest

from helpers import DEMO_TODAY
from liaison_desk.models import Deputy, DeputyLevel, Unavailability
from liaison_desk.models.enums import PeriodState
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import view_range
from liaison_desk.services.schedule.frequency import FrequencyService
from liaison_desk.services.schedule.rota import RotaOptions, RotaService, nth_weekday
from liaison_desk.services.schedule.rules import RULE_CALENDAR, check_range
from liaison_desk.services.station import StationService

pytestmark = pytest.mark.both_backends  # services on an SQLite file and on PostgreSQL

LEVEL_MIX = (("township",), ("county", "township"), ("county",), ("city", "county"), ("province",),
             ("township",), ("city",), ("county",), ("national", "province"), ("township",))


def _assert_met(db, plan, year, quarter=None, today=DEMO_TODAY):
    """Apply the plan; then every level's period overlapping the plan is held, not owed or scheduled."""
    svc = RotaService(db)
    assert plan.unmet == ()
    assert all(len(s.deputies) >= 2 for s in plan.sessions)
    svc.apply(plan.sessions)
    start, end = view_range(year, quarter=quarter)
    report = FrequencyService(db).year(year, today)
    cells = [c for r in report.rows for c in r.cells if c.period.start <= end and c.period.end >= start]
    assert cells
    open_ = [c.message for c in cells if c.state == PeriodState.BEHIND.value
             or (c.state == PeriodState.DUE.value and not c.planned)]
    assert open_ == []
    found = [v for v in check_range(db, WorkCalendar(db), start, end, today) if v.rule != RULE_CALENDAR]
    assert found == []


def test_demo_station_year_meets_every_frequency(demo_db):
    plan = RotaService(demo_db).propose(RotaOptions(2027), today=DEMO_TODAY)
    again = RotaService(demo_db).propose(RotaOptions(2027), today=DEMO_TODAY)
    assert plan == again  # deterministic
    assert plan.warnings == ("2027年法定节假日安排尚未录入，按周一至周五计算",)
    assert all(s.day.weekday() == 2 for s in plan.sessions)  # the station's Wednesday
    assert all(s.notice_date < s.day for s in plan.sessions)
    assert 12 <= len(plan.sessions) <= 14  # one regular reception a month, not one per deputy
    assert sorted({s.day.month for s in plan.sessions}) == list(range(1, 13))
    _assert_met(demo_db, plan, 2027)


def test_plan_writes_nothing_until_applied(demo_db):
    before = demo_db.counts()["receptionsession"]
    plan = RotaService(demo_db).propose(RotaOptions(2027, quarter=2), today=DEMO_TODAY)
    assert demo_db.counts()["receptionsession"] == before
    assert all(date(2027, 4, 1) <= s.day <= date(2027, 6, 30) for s in plan.sessions)
    _assert_met(demo_db, plan, 2027, quarter=2)
    assert demo_db.counts()["receptionsession"] == before + len(plan.sessions)


def _station(db, n):
    sid = StationService(db).save_station(name="测试联络站", venue="测试联络站活动室", reception_weekday=4)
    ids = []
    with db.session() as s:
        for i in range(n):
            d = Deputy(station_id=sid, name=f"代表{i:02d}", sort_order=i)
            s.add(d)
            s.flush()
            for lv in LEVEL_MIX[i % len(LEVEL_MIX)]:
                s.add(DeputyLevel(deputy_id=d.id, level=lv))
            ids.append(d.id)
    return ids


def test_sixty_deputies_rotate_fairly_and_leave_is_honoured(db):
    ids = _station(db, 60)
    # a township deputy away for most of March, another away the whole of June
    with db.session() as s:
        s.add(Unavailability(deputy_id=ids[0], start=date(2027, 3, 1), end=date(2027, 3, 20), reason="外出学习"))
        s.add(Unavailability(deputy_id=ids[5], start=date(2027, 6, 1), end=date(2027, 6, 30), reason="住院"))
    plan = RotaService(db).propose(RotaOptions(2027, start_time=time(14), end_time=time(17)), today=DEMO_TODAY)
    assert len(plan.sessions) == 12 and all(s.day.weekday() == 3 for s in plan.sessions)
    for s in plan.sessions:
        ids_in = {d for d, _ in s.deputies}
        assert not (date(2027, 3, 1) <= s.day <= date(2027, 3, 20) and ids[0] in ids_in)
        assert not (s.day.month == 6 and ids[5] in ids_in)
    # 60 deputies, 12 sessions of 2–4: nobody is given a second turn while others had none
    turns: dict[str, int] = {}
    for s in plan.sessions:
        for d, _ in s.deputies:
            turns[d] = turns.get(d, 0) + 1
    assert max(turns.values()) == 1
    _assert_met(db, plan, 2027)


def test_no_turn_before_the_term_or_after_leaving(db):
    from liaison_desk.models.enums import DeputyStatus

    sid = StationService(db).save_station(name="测试联络站", venue="活动室", reception_weekday=3)
    with db.session() as s:
        made = []
        for i, (lv, begin, left) in enumerate((("township", None, None), ("township", None, None),
                                               ("township", date(2027, 7, 1), None),
                                               ("township", None, date(2027, 3, 31)),
                                               ("county", date(2027, 7, 1), None))):
            d = Deputy(station_id=sid, name=f"代表{i}", sort_order=i,
                       status=DeputyStatus.LEFT.value if left else DeputyStatus.ACTIVE.value, status_date=left)
            s.add(d)
            s.flush()
            s.add(DeputyLevel(deputy_id=d.id, level=lv, start_date=begin))
            made.append(d.id)
    plan = RotaService(db).propose(RotaOptions(2027, per_session=3), today=DEMO_TODAY)
    for p in plan.sessions:
        ids_in = {d for d, _ in p.deputies}
        if p.day < date(2027, 7, 1):
            assert made[2] not in ids_in and made[4] not in ids_in
        if p.day > date(2027, 3, 31):
            assert made[3] not in ids_in
    # the county level exists only from July: its third and fourth quarters get a county deputy
    county = [p.day for p in plan.sessions if made[4] in {d for d, _ in p.deputies}]
    assert [(d.month - 1) // 3 + 1 for d in county] == [3, 4]
    _assert_met(db, plan, 2027)


def test_sessions_moved_off_national_day(db):
    _station(db, 12)
    # first Thursday of October 2026 is 1 October (holiday): moved to Thursday 8 October
    assert nth_weekday(2026, 10, 4, 1) == date(2026, 10, 1)
    plan = RotaService(db).propose(RotaOptions(2026, quarter=4, weekday=4, week_of_month=1),
                                   today=date(2026, 6, 1))
    days = [s.day for s in plan.sessions]
    assert date(2026, 10, 8) in days and date(2026, 10, 1) not in days
    oct8 = next(s for s in plan.sessions if s.day == date(2026, 10, 8))
    assert oct8.notice_date == date(2026, 9, 28)  # 30, 29, 28 September
    _assert_met(db, plan, 2026, quarter=4, today=date(2026, 6, 1))
    saved = [x for x in RotaService(db).db.counts().items() if x[0] == "receptionsession"]
    assert saved == [("receptionsession", len(plan.sessions))]
