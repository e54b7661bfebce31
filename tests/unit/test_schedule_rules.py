"""Rule checks on saved sessions: at least two deputies, double bookings, cancelled sessions ignored."""

from __future__ import annotations

from datetime import date, time

import pytest

from liaison_desk.services.base import Page
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import periods
from liaison_desk.services.schedule.rules import (
    RULE_DEPUTY_DOUBLE,
    RULE_MIN_DEPUTIES,
    RULE_VENUE_DOUBLE,
    SessionFacts,
    check_draft,
    check_range,
)
from liaison_desk.services.schedule.service import ScheduleService, SessionRecord

pytestmark = pytest.mark.both_backends  # services on an SQLite file and on PostgreSQL


def _deputies(db, n=3):
    from liaison_desk.models import Deputy, DeputyLevel

    ids = []
    with db.session() as s:
        for i in range(n):
            d = Deputy(name=f"代表{i}", sort_order=i)
            s.add(d)
            s.flush()
            s.add(DeputyLevel(deputy_id=d.id, level="township"))
            ids.append(d.id)
    return ids


def test_double_booking_and_minimum(db):
    a, b, c = _deputies(db)
    svc = ScheduleService(db)
    day = date(2026, 12, 16)
    svc.save(SessionRecord(day=day, start_time=time(9), end_time=time(11), venue="青石镇 联络站",
                           notice_date=date(2026, 12, 9), deputy_ids=[a, b]))
    second = svc.save(SessionRecord(day=day, start_time=time(10), end_time=time(12), venue="青石镇联络站",
                                    notice_date=date(2026, 12, 9), deputy_ids=[b]))
    # afternoon, elsewhere: no clash
    svc.save(SessionRecord(day=day, start_time=time(14), end_time=time(16), venue="东村村委会",
                           notice_date=date(2026, 12, 9), deputy_ids=[b, c]))
    found = check_range(db, WorkCalendar(db), date(2026, 12, 1), date(2026, 12, 31))
    rules = sorted((v.rule, v.session, v.deputy) for v in found)
    assert rules == sorted([(RULE_MIN_DEPUTIES, second, None), (RULE_DEPUTY_DOUBLE, second, b),
                            (RULE_VENUE_DOUBLE, second, None)])
    assert any("代表1代表在2026年12月16日同一时间被安排了两次接待" == v.message for v in found)
    # cancelling the clashing session clears every violation
    rec = svc.get(second)
    rec.status = "cancelled"
    svc.save(rec)
    assert check_range(db, WorkCalendar(db), date(2026, 12, 1), date(2026, 12, 31)) == []


def test_draft_checked_against_saved_sessions(db):
    a, b, _ = _deputies(db)
    ScheduleService(db).save(SessionRecord(day=date(2026, 12, 16), venue="联络站", notice_date=date(2026, 12, 1),
                                           deputy_ids=[a, b]))
    draft = SessionFacts(None, date(2026, 12, 16), time(9), time(11), "联络站", date(2026, 12, 14), "planned",
                         ((a, "代表0"),))
    rules = {v.rule for v in check_draft(db, WorkCalendar(db), draft)}
    assert rules == {RULE_MIN_DEPUTIES, "notice_late", RULE_DEPUTY_DOUBLE, RULE_VENUE_DOUBLE}


def test_period_labels_and_keys():
    quarters = periods(3, date(2026, 1, 1), date(2026, 12, 31))
    assert [p.label for p in quarters] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert [p.key for p in quarters] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [p.label for p in periods(12, date(2026, 4, 1), date(2026, 6, 30))] == ["2026年"]
    assert periods(1, date(2026, 3, 5), date(2026, 3, 5))[0].key == "2026-03"
    assert [p.key for p in periods(6, date(2026, 1, 1), date(2026, 12, 31))] == ["2026H1", "2026H2"]
    assert periods(6, date(2026, 7, 1), date(2026, 7, 1))[0].full_label == "2026年下半年"


def test_session_list_puts_the_next_reception_first_then_the_most_recent_past(db):
    svc = ScheduleService(db)
    days = [date(2026, 9, 16), date(2027, 3, 17), date(2026, 11, 18), date(2026, 12, 16), date(2026, 11, 28),
            date(2027, 1, 20), date(2026, 10, 21)]
    for d in days:
        svc.save(SessionRecord(day=d, start_time=time(9, 0), end_time=time(11, 30), venue="联络站"))
    svc.save(SessionRecord(day=date(2026, 12, 16), start_time=time(14, 0), end_time=time(16, 0), venue="小寨村"))
    today = date(2026, 11, 28)
    listed = [(r.day, r.start_time) for r in svc.list(upcoming_from=today)]
    # written out by hand: coming ones nearest first (today included), then the past ones latest first
    assert listed == [(date(2026, 11, 28), time(9, 0)), (date(2026, 12, 16), time(9, 0)),
                      (date(2026, 12, 16), time(14, 0)), (date(2027, 1, 20), time(9, 0)),
                      (date(2027, 3, 17), time(9, 0)), (date(2026, 11, 18), time(9, 0)),
                      (date(2026, 10, 21), time(9, 0)), (date(2026, 9, 16), time(9, 0))]
    paged = svc.list(upcoming_from=today, page=Page(3, 3))  # the order holds across pages
    assert [r.day for r in paged] == [date(2027, 1, 20), date(2027, 3, 17), date(2026, 11, 18)]
