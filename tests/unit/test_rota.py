"""The rota generator: every deputy's frequency met, ≥2 per session, unavailability honoured, deterministic."""

from __future__ import annotations

from datetime import date, time

import pytest

from helpers import DEMO_TODAY
from liaison_desk.models import Deputy, DeputyLevel, Unavailability
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import ComplianceService, view_range
from liaison_desk.services.schedule.rota import RotaOptions, RotaService, nth_weekday
from liaison_desk.services.schedule.rules import RULE_CALENDAR, check_range
from liaison_desk.services.station import StationService

pytestmark = pytest.mark.both_backends  # services on an SQLite file and on PostgreSQL

LEVEL_MIX = (("township",), ("county", "township"), ("county",), ("city", "county"), ("province",),
             ("township",), ("city",), ("county",), ("national", "province"), ("township",))


def _assert_met(db, plan, year, quarter=None, today=DEMO_TODAY, max_per=6):
    svc = RotaService(db)
    assert plan.unmet == ()
    assert all(2 <= len(s.deputies) <= max_per for s in plan.sessions)
    svc.apply(plan.sessions)
    start, end = view_range(year, quarter=quarter)
    rows = ComplianceService(db).report(start, end, today=today)
    assert rows and all(r.missed == 0 for r in rows), [(r.name, r.missed) for r in rows if r.missed]
    found = [v for v in check_range(db, WorkCalendar(db), start, end) if v.rule != RULE_CALENDAR]
    assert found == []


def test_demo_station_year_meets_every_frequency(demo_db):
    plan = RotaService(demo_db).propose(RotaOptions(2027), today=DEMO_TODAY)
    again = RotaService(demo_db).propose(RotaOptions(2027), today=DEMO_TODAY)
    assert plan == again  # deterministic
    assert plan.warnings == ("2027年法定节假日安排尚未录入，按周一至周五计算",)
    assert all(s.day.weekday() == 2 for s in plan.sessions)  # the station's Wednesday
    assert all(s.notice_date < s.day for s in plan.sessions)
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


def test_sixty_deputies_with_unavailability(db):
    ids = _station(db, 60)
    # a township deputy away for the whole of March, another away on the usual days of June
    with db.session() as s:
        s.add(Unavailability(deputy_id=ids[0], start=date(2027, 3, 1), end=date(2027, 3, 20), reason="外出学习"))
        s.add(Unavailability(deputy_id=ids[5], start=date(2027, 6, 1), end=date(2027, 6, 30), reason="住院"))
    plan = RotaService(db).propose(RotaOptions(2027, start_time=time(14), end_time=time(17)), today=DEMO_TODAY)
    assert [u.name for u in plan.unmet] == ["代表05"]  # away the whole month: reported, not ignored
    assert "6月" in plan.unmet[0].period
    for s in plan.sessions:
        ids_in = {d for d, _ in s.deputies}
        if date(2027, 3, 1) <= s.day <= date(2027, 3, 20):
            assert ids[0] not in ids_in
        if s.day.month == 6:
            assert ids[5] not in ids_in
    march = [s for s in plan.sessions if s.day.month == 3 and ids[0] in {d for d, _ in s.deputies}]
    assert march and march[0].day > date(2027, 3, 20)
    loads = [len(s.deputies) for s in plan.sessions]
    assert max(loads) <= 6 and min(loads) >= 2
    # now without the impossible absence everything is met
    with db.session() as s:
        from sqlmodel import select

        for u in s.exec(select(Unavailability).where(Unavailability.deputy_id == ids[5])):
            s.delete(u)
    plan = RotaService(db).propose(RotaOptions(2027), today=DEMO_TODAY)
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
