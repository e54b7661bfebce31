"""Suggestion deadlines in working days (National Day 2026 with its make-up workdays), overdue lists, rates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from liaison_desk.errors import ValidationError
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.deadlines import DeadlineService, add_months
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.services.suggestions.service import SuggestionFilter, SuggestionRecord, SuggestionService

pytestmark = pytest.mark.both_backends  # services on an SQLite file and on PostgreSQL


def test_citizen_deadline_across_national_day_2026(db):
    svc = DeadlineService(db)
    svc.set_citizen_working_days(10)
    # 9月28日 (Mon) + 10 working days: 9/29, 9/30, [10/1–10/7 off], 10/8, 10/9, 10/10 (Saturday, make-up
    # workday), 10/12 … 10/16. Counting weekdays only would give 10月19日.
    assert svc.default_deadline("citizen", date(2026, 9, 28)) == date(2026, 10, 16)
    # assigned on 9月19日 (Sat): 9/20 is the Sunday make-up workday of National Day; 9/25 is 中秋 off
    assert svc.default_deadline("citizen", date(2026, 9, 19)) == date(2026, 10, 9)
    assert svc.calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 10)) == 3
    # a deputy suggestion: three calendar months, whatever the holidays
    assert svc.default_deadline("deputy", date(2026, 9, 28)) == date(2026, 12, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_the_working_days_setting_is_stored_and_checked(db, tmp_path):
    svc = DeadlineService(db)
    assert svc.citizen_working_days() == 15
    svc.set_citizen_working_days(20)
    with db.engine.connect() as c:
        assert c.execute(text("SELECT value FROM setting WHERE key = 'suggestions.citizen_working_days'")) \
            .scalar_one() == "20"
    assert DeadlineService(db).citizen_working_days() == 20
    with pytest.raises(ValidationError, match="1 至 120"):
        svc.set_citizen_working_days(0)


def test_clerks_holiday_table_wins(db):
    """A year entered by the clerk (here an invented 2031 arrangement) is used for the deadline."""
    with db.engine.begin() as c:
        for d, kind in (("2031-10-01", "off"), ("2031-10-02", "off"), ("2031-10-03", "off"),
                        ("2031-10-04", "work")):
            c.execute(text("INSERT INTO holiday (id, created_at, updated_at, version, day, kind, name, source) "
                           "VALUES (:i, '2026-01-01', '2026-01-01', 1, :d, :k, '国庆节', '手工录入')"),
                      {"i": d, "d": d, "k": kind})
    svc = DeadlineService(db)
    svc.set_citizen_working_days(3)
    # 9/30 (Tue) + 3: 10/1–10/3 off, 10/4 (Sat) make-up workday, 10/6 (Mon), 10/7 → 10月7日
    assert svc.default_deadline("citizen", date(2031, 9, 30)) == date(2031, 10, 7)


@pytest.fixture
def tracked(db):
    st = StationService(db)
    a = st.save_agency("临河县教育局", "government")
    sv, lc = SuggestionService(db), LifecycleService(db)
    ids = []
    for i, (assigned, deadline) in enumerate(((date(2026, 9, 1), date(2026, 9, 29)),    # overdue
                                              (date(2026, 9, 10), date(2026, 10, 12)),  # due soon on 9/30
                                              (date(2026, 9, 10), date(2026, 11, 30)))):  # far away
        sid = sv.save(SuggestionRecord(title=f"事项{i}", registered_on=date(2026, 8, 28)))
        lc.assign(sid, assigned, a, deadline=deadline)
        ids.append(sid)
    return db, ids


def test_overdue_and_due_soon(tracked):
    db, ids = tracked
    svc, on = DeadlineService(db), date(2026, 9, 30)
    over = svc.overdue(on)
    assert [r.id for r in over] == [ids[0]] and over[0].working_days_overdue == 1
    assert over[0].agency == "临河县教育局" and svc.overdue_count(on) == 1
    # 5 working days after 9/30: 10/8, 10/9, 10/10 (make-up Saturday), 10/12, 10/13
    assert svc.due_soon_limit(on) == date(2026, 10, 13)
    assert [r.id for r in svc.due_soon(on)] == [ids[1]]
    assert svc.state("assign", date(2026, 10, 12), on) == "due_soon"
    assert svc.state("reply", date(2026, 9, 1), on) is None
    s = SuggestionService(db)
    assert s.count(SuggestionFilter(overdue_on=on)) == 1
    assert s.count(SuggestionFilter(due_from=on, due_to=svc.due_soon_limit(on))) == 1
    # 10月9日: 9/29 → 10/9 is 3 working days later (9/30, 10/8, 10/9)
    assert svc.overdue(date(2026, 10, 9))[0].working_days_overdue == 3


def test_on_time_and_satisfaction_rates(tracked):
    db, ids = tracked
    lc = LifecycleService(db)
    for sid, replied in zip(ids, (date(2026, 10, 9), date(2026, 10, 9), date(2026, 10, 9)), strict=True):
        lc.urge(sid, date(2026, 9, 28), "电话督办")
        lc.reply(sid, replied, "已解决", "已办理")
    lc.feedback(ids[0], date(2026, 10, 10), "电话", "满意")
    lc.feedback(ids[1], date(2026, 10, 10), "电话", "不满意")
    lc.feedback(ids[2], date(2026, 10, 12), "电话", "基本满意")
    st = DeadlineService(db).stats(date(2026, 10, 1), date(2026, 10, 31))
    assert (st.replied, st.on_time) == (3, 2)  # the first reply came after its 9月29日 deadline
    assert (st.feedback, st.satisfied, st.basic, st.unsatisfied) == (3, 1, 1, 1)
    assert st.satisfaction_rate == pytest.approx(2 / 3) and st.on_time_rate == pytest.approx(2 / 3)
    empty = DeadlineService(db).stats(date(2025, 1, 1), date(2025, 12, 31))
    assert empty.replied == 0 and empty.on_time_rate is None


def test_due_soon_count_matches_the_list(tracked):
    db, _ids = tracked
    svc = DeadlineService(db)
    for on in (date(2026, 9, 1), date(2026, 9, 30), date(2026, 11, 25)):
        assert svc.due_soon_count(on) == len(svc.due_soon(on))
