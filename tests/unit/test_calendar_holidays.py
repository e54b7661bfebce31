"""Working days across National Day 2026, a year without data, and the clerk's holiday table import."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from helpers import DATA
from liaison_desk.errors import KnownError
from liaison_desk.ledger.holidays import import_holidays
from liaison_desk.services.calendar import HolidayService, WorkCalendar
from liaison_desk.services.schedule.rules import (
    RULE_CALENDAR,
    RULE_HOLIDAY,
    RULE_NOTICE_LATE,
    SessionFacts,
    check_one,
    check_range,
    latest_notice_date,
)

SCHED = DATA / "schedule"


def facts(day: date, notice: date | None, n: int = 2, status: str = "planned") -> SessionFacts:
    return SessionFacts("s1", day, None, None, "联络站", notice, status,
                        tuple((f"d{i}", f"代表{i}") for i in range(n)))


def test_national_day_2026_matches_chinesecalendar(db):
    import chinese_calendar

    cal = WorkCalendar(db)
    for d in (date(2026, 10, i) for i in range(1, 8)):
        assert not cal.is_workday(d) and not chinese_calendar.is_workday(d)
    # the two make-up workdays (调休上班): Sunday 20 September and Saturday 10 October
    for d in (date(2026, 9, 20), date(2026, 10, 10)):
        assert d.weekday() >= 5 and cal.is_workday(d) and chinese_calendar.is_workday(d)
    assert cal.is_workday(date(2026, 10, 8)) and not cal.is_workday(date(2026, 9, 19))


def test_three_working_days_across_national_day(db):
    cal = WorkCalendar(db)
    # Friday 9 October: 8 Oct, 30 Sep, 29 Sep are the three working days before (1–7 Oct off)
    assert latest_notice_date(cal, date(2026, 10, 9)) == date(2026, 9, 29)
    # Monday 12 October: the make-up Saturday 10 October counts
    assert latest_notice_date(cal, date(2026, 10, 12)) == date(2026, 10, 8)
    # Tuesday 22 September: the make-up Sunday 20 September counts
    assert latest_notice_date(cal, date(2026, 9, 22)) == date(2026, 9, 18)
    assert cal.working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2

    assert not [v for v in check_one(cal, facts(date(2026, 10, 9), date(2026, 9, 29)))]
    late = check_one(cal, facts(date(2026, 10, 9), date(2026, 9, 30)))
    assert [v.rule for v in late] == [RULE_NOTICE_LATE]
    assert "只提前了 2 个工作日" in late[0].message and "2026年9月29日" in late[0].message
    after = check_one(cal, facts(date(2026, 10, 9), date(2026, 10, 12)))  # posted after the reception
    assert [v.rule for v in after] == [RULE_NOTICE_LATE]
    assert "公告晚于接待日" in after[0].message and "只提前了" not in after[0].message
    same = check_one(cal, facts(date(2026, 10, 9), date(2026, 10, 9)))
    assert "公告与接待在同一天" in same[0].message
    # a session on a holiday is flagged; one on a make-up Saturday is not
    assert RULE_HOLIDAY in [v.rule for v in check_one(cal, facts(date(2026, 10, 3), date(2026, 9, 25)))]
    assert RULE_HOLIDAY not in [v.rule for v in check_one(cal, facts(date(2026, 10, 10), date(2026, 9, 30)))]


def test_year_without_calendar_data_warns_and_counts_monday_to_friday(db):
    cal = WorkCalendar(db)
    assert not cal.has_data(2027)
    assert cal.warning(2027) == "2027年法定节假日安排尚未录入，按周一至周五计算"
    assert cal.warning(2026) is None
    assert cal.is_workday(date(2027, 1, 1))  # a Friday: no data, so a working day
    assert latest_notice_date(cal, date(2027, 1, 6)) == date(2027, 1, 1)
    found = check_range(db, cal, date(2027, 1, 1), date(2027, 12, 31))
    assert [(v.rule, v.message) for v in found] == [(RULE_CALENDAR, cal.warning(2027))]


@pytest.mark.parametrize("name", ["holidays-2027.csv", "holidays-2027.xlsx", "holidays-2027.xls"])
def test_import_holiday_table(db, tmp_path, name):
    src = tmp_path / name
    shutil.copy(SCHED / name, src)
    result = import_holidays(HolidayService(db), src)
    assert result.years == (2027,) and result.off == 16 and result.work == 3
    cal = WorkCalendar(db)
    assert cal.warning(2027) is None
    assert not cal.is_workday(date(2027, 1, 1)) and not cal.is_workday(date(2027, 10, 4))
    assert cal.is_workday(date(2027, 2, 14))  # a make-up Sunday
    # notice for Monday 15 February 2027: 14 Feb (班), then back past the Spring Festival to 5 and 4 Feb
    assert latest_notice_date(cal, date(2027, 2, 15)) == date(2027, 2, 4)
    rows = HolidayService(db).list(2027)
    assert rows[0].name == "元旦" and rows[0].source == name
    # importing again replaces the year instead of doubling it
    import_holidays(HolidayService(db), src)
    assert len(HolidayService(db).list(2027)) == 19


def test_csv_in_gbk_as_saved_by_excel(db, tmp_path):
    path = tmp_path / "假日.csv"
    path.write_bytes("日期,休/班\n2027/5/1,休\n2027/4/25,班\n".encode("gb18030"))
    assert import_holidays(HolidayService(db), path).days == 2
    assert WorkCalendar(db).is_workday(date(2027, 4, 25))


def test_bad_row_names_row_and_column_and_writes_nothing(db, tmp_path):
    src = tmp_path / "bad.xlsx"
    shutil.copy(SCHED / "holidays-bad.xlsx", src)
    with pytest.raises(KnownError) as e:
        import_holidays(HolidayService(db), src)
    assert e.value.row == 3 and e.value.column == "休/班" and "放大假" in str(e.value)
    assert HolidayService(db).list(2027) == []
    dup = tmp_path / "dup.csv"
    dup.write_text("日期,休/班\n2027-01-01,休\n2027-01-01,休\n", encoding="utf-8")
    with pytest.raises(KnownError, match="重复"):
        import_holidays(HolidayService(db), dup)


def test_clerk_edits_a_day(db):
    svc = HolidayService(db)
    svc.set_day(date(2027, 1, 1), "休", "元旦")
    assert WorkCalendar(db).is_holiday(date(2027, 1, 1)) and WorkCalendar(db).has_data(2027)
    svc.set_day(date(2027, 1, 1), "班")
    assert WorkCalendar(db).is_workday(date(2027, 1, 1))
    svc.remove_day(date(2027, 1, 1))
    assert svc.list(2027) == [] and not WorkCalendar(db).has_data(2027)


def test_builtin_arrangement_listed_for_the_clerk():
    from liaison_desk.models.enums import DayKind
    from liaison_desk.services.calendar import builtin_days

    days = {d: (k, n) for d, k, n in builtin_days(2026)}
    assert days[date(2026, 10, 1)] == (DayKind.HOLIDAY, "国庆节")
    assert days[date(2026, 9, 20)][0] is DayKind.WORKDAY and days[date(2026, 10, 10)][0] is DayKind.WORKDAY
    assert date(2026, 10, 8) not in days and date(2026, 11, 28) not in days  # ordinary days are not listed
    assert builtin_days(2027) == []
