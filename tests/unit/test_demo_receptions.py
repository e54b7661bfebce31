"""The demo station's reception year as a station keeping the rules would hold it: only serving deputies,
no session on a holiday, at least two deputies present, notices up 3 working days ahead (one planted late),
every level's period met but one planted quarter."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import chinese_calendar

from helpers import DEMO_TODAY


def _working_days_before(posted: date, day: date) -> int:
    """Working days from the posting day up to the day before the reception (a notice posted on Friday for
    Wednesday is 3 working days ahead), counted with chinesecalendar itself."""
    n, d = 0, posted
    while d < day:
        n += chinese_calendar.is_workday(d)
        d += timedelta(days=1)
    return n


def test_demo_sessions_follow_the_station_rules(demo_db):
    con = sqlite3.connect(demo_db.path)
    sessions = con.execute("SELECT id, day, status, notice_date FROM receptionsession ORDER BY day").fetchall()
    assert len(sessions) >= 13  # one regular reception a month over thirteen months, some mobile ones
    seated_left = con.execute("SELECT COUNT(*) FROM sessiondeputy sd JOIN deputy d ON d.id = sd.deputy_id "
                              "WHERE d.status <> 'active'").fetchone()[0]
    assert seated_left == 0
    late = []
    for sid, day_s, status, notice in sessions:
        day = date.fromisoformat(day_s)
        assert chinese_calendar.is_workday(day), f"{day} is a holiday"
        present = con.execute("SELECT COUNT(*) FROM sessiondeputy WHERE session_id = ? AND attendance = 'present'",
                              (sid,)).fetchone()[0]
        assert present >= 2, day
        if day < DEMO_TODAY:
            assert status == "done" and notice is not None, day
        if notice is not None:
            posted = date.fromisoformat(notice)
            assert posted <= DEMO_TODAY, day  # never posted in the future
            if _working_days_before(posted, day) < 3:
                late.append(day)
        else:
            assert status == "planned", day
    assert late == [date(2026, 7, 15)]  # the one planted late notice
    # 18 February 2026 (the third Wednesday, in the Spring Festival holiday) moved to the next working day
    assert [s[1] for s in sessions if s[1].startswith("2026-02")] == ["2026-02-24"]


def test_planted_gap_is_a_quarter_without_a_county_deputy(demo_db):
    con = sqlite3.connect(demo_db.path)
    county_days = {d for (d,) in con.execute(
        "SELECT DISTINCT s.day FROM receptionsession s JOIN sessiondeputy sd ON sd.session_id = s.id "
        "JOIN deputylevel l ON l.deputy_id = sd.deputy_id AND l.level = 'county' "
        "WHERE s.status = 'done' AND sd.attendance = 'present' AND s.day BETWEEN '2026-01-01' AND '2026-11-27'")}
    quarters = {(int(d[5:7]) - 1) // 3 + 1 for d in county_days}
    assert quarters == {1, 3, 4}  # every quarter of 2026 so far but the planted second one
