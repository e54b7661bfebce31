"""The demo station a county inspector would believe: every date a working day, links consistent, rates
in range, and each warning the program can show present exactly as designed (issue 20)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import chinese_calendar
import pytest
from sqlalchemy import text

from helpers import DEMO_TODAY
from liaison_desk.models.enums import Exclusion


def workday(d: date) -> bool:
    """The official calendar itself (chinesecalendar), not the program's WorkCalendar; for a year it does
    not know yet, Monday to Friday (the program's documented fallback)."""
    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:
        return d.weekday() < 5


def rows(db, sql, **params):
    with db.engine.connect() as c:
        return c.execute(text(sql), params).all()


def d(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def test_no_reception_notice_visit_or_handling_event_on_a_rest_day(demo_db):
    bad = [("reception", r.day) for r in rows(demo_db, "SELECT day FROM receptionsession") if not workday(d(r.day))]
    bad += [("notice", r.notice_date) for r in rows(demo_db, "SELECT notice_date FROM receptionsession "
                                                    "WHERE notice_date IS NOT NULL") if not workday(d(r.notice_date))]
    bad += [(r.kind, r.happened_on) for r in rows(demo_db, "SELECT kind, happened_on FROM suggestionevent")
            if not workday(d(r.happened_on))]
    bad += [("visit", r.visited_on) for r in rows(demo_db, "SELECT visited_on FROM visit") if not workday(d(r.visited_on))]
    bad += [("feedback", r.followup_on) for r in rows(demo_db, "SELECT followup_on FROM visit "
                                                      "WHERE followup_on IS NOT NULL") if not workday(d(r.followup_on))]
    bad += [("activity", r.day) for r in rows(demo_db, "SELECT day FROM activity") if not workday(d(r.day))]
    assert bad == []
    assert len(rows(demo_db, "SELECT id FROM suggestionevent")) > 150


def test_every_deadline_is_a_working_day(demo_db):
    deadlines = [d(r[0]) for r in rows(demo_db, "SELECT deadline FROM suggestion WHERE deadline IS NOT NULL")]
    deadlines += [d(r[0]) for r in rows(demo_db, "SELECT new_deadline FROM suggestionevent "
                                                "WHERE new_deadline IS NOT NULL")]
    assert deadlines and [x for x in deadlines if not workday(x)] == []


def test_visit_to_suggestion_links_keep_citizen_matter_and_an_earlier_date(demo_db):
    links = rows(demo_db, """SELECT v.visitor_name, v.visitor_phone, v.content, v.category, v.visited_on,
                                    s.citizen_name, s.citizen_phone, s.content AS s_content, s.category AS s_cat,
                                    s.registered_on, s.kind
                             FROM visit v JOIN suggestion s ON s.id = v.suggestion_id""")
    assert len(links) >= 30
    for r in links:
        assert r.kind == "citizen"
        assert (r.visitor_name, r.visitor_phone) == (r.citizen_name, r.citizen_phone)
        assert r.s_content.startswith(r.content) and r.category == r.s_cat
        assert d(r.visited_on) < d(r.registered_on)
    # every citizen opinion came from a visit, and no visit handled otherwise points at one
    orphans = rows(demo_db, "SELECT id FROM suggestion WHERE kind = 'citizen' AND id NOT IN "
                            "(SELECT suggestion_id FROM visit WHERE suggestion_id IS NOT NULL)")
    assert orphans == []
    assert rows(demo_db, "SELECT id FROM visit WHERE suggestion_id IS NOT NULL AND handling != 'suggestion'") == []


def test_rates_inside_the_ranges_and_two_to_four_overdue_within_the_cap(demo_db):
    # on time: each reply against the deadline in force on its day (the latest one set before it)
    replies = rows(demo_db, """SELECT e.happened_on,
                 (SELECT x.new_deadline FROM suggestionevent x WHERE x.suggestion_id = e.suggestion_id
                    AND x.new_deadline IS NOT NULL AND x.happened_on <= e.happened_on
                  ORDER BY x.happened_on DESC LIMIT 1) AS deadline
               FROM suggestionevent e WHERE e.kind = 'replied'""")
    on_time = sum(1 for r in replies if d(r.happened_on) <= d(r.deadline))
    assert len(replies) >= 30 and 0.90 <= on_time / len(replies) <= 0.97
    fb = Counter(r[0] for r in rows(demo_db, "SELECT result FROM suggestionevent WHERE kind = 'feedback'"))
    assert 0.85 <= (fb["satisfied"] + fb["basic"]) / sum(fb.values()) <= 0.95
    overdue = rows(demo_db, "SELECT kind, assigned_on, deadline FROM suggestion "
                            "WHERE step IN ('assign', 'supervise') AND deadline < :t", t=DEMO_TODAY.isoformat())
    assert 2 <= len(overdue) <= 4
    for r in overdue:  # none beyond the six-month cap, none long forgotten
        assert d(r.deadline) >= DEMO_TODAY - timedelta(days=40)
        assert (DEMO_TODAY - d(r.assigned_on)).days < 183
    # deputy suggestions: three months (moved to a working day), never the citizen's 15 working days
    for r in rows(demo_db, "SELECT e.happened_on, e.new_deadline FROM suggestionevent e JOIN suggestion s "
                           "ON s.id = e.suggestion_id WHERE s.kind = 'deputy' AND e.kind = 'assigned'"):
        on = d(r.happened_on)
        m = on.month + 2
        three = date(on.year + m // 12, m % 12 + 1, 1)
        three = three.replace(day=min(on.day, ((three.replace(day=28) + timedelta(days=4)).replace(day=1)
                                               - timedelta(days=1)).day))
        while not workday(three):
            three += timedelta(days=1)
        assert d(r.new_deadline) == three


def test_reply_without_urging_is_common_and_urging_only_where_recorded(demo_db):
    per = rows(demo_db, """SELECT s.id, SUM(e.kind = 'urged') AS urged, SUM(e.kind = 'replied') AS replied
                           FROM suggestion s JOIN suggestionevent e ON e.suggestion_id = s.id GROUP BY s.id""")
    assert sum(1 for r in per if r.replied and not r.urged) > sum(1 for r in per if r.replied and r.urged)
    assert rows(demo_db, "SELECT id FROM suggestionevent WHERE actor = ''") == []


def test_station_of_twelve_to_twenty_with_a_real_level_mix_and_groups_of_ten_to_fifteen(demo_db):
    deputies = rows(demo_db, "SELECT id, name, gender FROM deputy WHERE status = 'active'")
    assert 12 <= len(deputies) <= 20
    levels = Counter(r[0] for r in rows(demo_db, "SELECT level FROM deputylevel"))
    assert levels["township"] >= len(deputies) // 2 and levels["province"] <= 1 and levels["national"] == 0
    sizes = [r[0] for r in rows(demo_db, "SELECT COUNT(*) FROM groupmember GROUP BY group_id")]
    assert sizes and all(10 <= n <= 15 for n in sizes)
    from liaison_desk.demo import words as W

    female = set(W.FEMALE_OLDER + W.FEMALE_YOUNGER)
    male = set(W.MALE_OLDER + W.MALE_YOUNGER)
    surnames = {s for s, _ in W.SURNAMES}
    people = [(r.name, r.gender) for r in deputies]
    people += [(r.visitor_name, r.visitor_gender) for r in rows(demo_db, "SELECT visitor_name, visitor_gender FROM visit")]
    for name, gender in people:
        assert name[0] in surnames and name[1:] in (female if gender == "f" else male), name


def test_letters_calls_and_walk_ins_are_taken_by_the_liaison_officer(demo_db):
    officer = rows(demo_db, "SELECT liaison_officer FROM station")[0][0]
    off_day = rows(demo_db, "SELECT v.id FROM visit v JOIN visitdeputy vd ON vd.visit_id = v.id "
                            "WHERE v.channel != 'reception'")
    assert off_day == []
    assert {r[0] for r in rows(demo_db, "SELECT recorded_by FROM visit")} == {officer}
    # a reception always has at least two deputies and its visits are received by them
    assert rows(demo_db, "SELECT r.id FROM receptionsession r LEFT JOIN sessiondeputy sd ON sd.session_id = r.id "
                         "GROUP BY r.id HAVING COUNT(sd.id) < 2") == []


def test_each_warning_kind_exactly_as_designed(demo_db):
    from liaison_desk.services.calendar import WorkCalendar
    from liaison_desk.services.schedule.rules import RULE_NOTICE_LATE, check_range

    found = Counter(v.rule for v in check_range(demo_db, WorkCalendar(demo_db), date(2025, 1, 1), date(2026, 12, 31)))
    assert found == Counter({RULE_NOTICE_LATE: 1})  # one late notice, nothing else
    # rule 九: one redirection of each kind
    assert Counter(r[0] for r in rows(demo_db, "SELECT exclusion FROM visit WHERE handling = 'lawful'")) == \
        Counter(e.value for e in Exclusion)
    # one repeat visitor: marked, same person, and nobody else shares a name and village or a phone
    (rep,) = rows(demo_db, "SELECT v.visitor_name, v.village, v.visited_on, o.visitor_name AS o_name, "
                           "o.village AS o_village, o.visited_on AS o_on FROM visit v JOIN visit o "
                           "ON o.id = v.repeat_of_id")
    assert (rep.visitor_name, rep.village) == (rep.o_name, rep.o_village) and d(rep.o_on) < d(rep.visited_on)
    assert len(rows(demo_db, "SELECT visitor_name, village FROM visit GROUP BY 1, 2 HAVING COUNT(*) > 1")) == 1
    assert len(rows(demo_db, "SELECT visitor_phone FROM visit WHERE visitor_phone != '' "
                             "GROUP BY 1 HAVING COUNT(*) > 1")) <= 1


def _served(db, level: str) -> set[date]:
    return {d(r[0]) for r in rows(db, """SELECT r.day FROM receptionsession r JOIN sessiondeputy sd
               ON sd.session_id = r.id JOIN deputylevel l ON l.deputy_id = sd.deputy_id
               WHERE l.level = :lv AND r.status != 'cancelled'""", lv=level)}


def test_one_gap_in_one_levels_reception_period(demo_db):
    """Every level the station has is received in each of its full periods in the demo year, except one
    quarter of the county level."""
    present = {r[0] for r in rows(demo_db, "SELECT DISTINCT level FROM deputylevel")}
    period = {"township": 1, "county": 3, "city": 6, "province": 12}
    gaps = []
    for level in present:
        days = _served(demo_db, level)
        months = period[level]
        start = date(2026, 1, 1)
        while start.year == 2026:
            end = date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
            if end <= DEMO_TODAY.replace(day=1):  # periods already over
                if not any(start <= x < end for x in days):
                    gaps.append((level, start))
            start = end
    assert gaps == [("county", date(2026, 4, 1))]


def test_other_handled_visits_carry_a_follow_up(demo_db):
    other = rows(demo_db, "SELECT visited_on, followup_to, followup_on, followup_result FROM visit "
                          "WHERE handling = 'other'")
    assert len(other) >= 10
    assert all(r.followup_to for r in other)
    done = [r for r in other if r.followup_on]
    assert all(d(r.followup_on) > d(r.visited_on) and r.followup_result for r in done)
    assert 1 <= len(other) - len(done) <= 4  # a few still waiting for the answer, all recent
    assert all((DEMO_TODAY - d(r.visited_on)).days <= 20 for r in other if not r.followup_on)


@pytest.mark.parametrize("name", ["东关片区人大代表联络站"])
def test_station_name_gives_a_distinct_station_of_the_same_township(tmp_path, name):
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    a, b = open_database(tmp_path / "a.db"), open_database(tmp_path / "b.db")
    try:
        build(a, "station", 7, DEMO_TODAY)
        build(b, "station", 7, DEMO_TODAY, station_name=name)
        sa = rows(a, "SELECT name, township FROM station")[0]
        sb = rows(b, "SELECT name, township FROM station")[0]
        assert sb.name == name and sa.township == sb.township == "青石镇"
        ids_a = {r[0] for r in rows(a, "SELECT id FROM deputy")} | {r[0] for r in rows(a, "SELECT id FROM visit")}
        ids_b = {r[0] for r in rows(b, "SELECT id FROM deputy")} | {r[0] for r in rows(b, "SELECT id FROM visit")}
        assert not ids_a & ids_b
    finally:
        a.close()
        b.close()


def test_same_seed_same_station(tmp_path):
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    dbs = [open_database(tmp_path / f"{i}.db") for i in range(2)]
    try:
        for x in dbs:
            build(x, "station", 11, DEMO_TODAY)
        q = "SELECT id, name FROM deputy UNION ALL SELECT id, content FROM visit UNION ALL SELECT id, number FROM suggestion"
        assert sorted(rows(dbs[0], q)) == sorted(rows(dbs[1], q))
    finally:
        for x in dbs:
            x.close()
