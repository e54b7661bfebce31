"""The statistics service against independent counts over the demo's rows, and time travel."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import text

from liaison_desk.services.reports.stats import StatsService

NOV = (date(2026, 11, 1), date(2026, 11, 30))
CHANNELS = {"reception": "接待日来访", "walk_in": "平时来访", "letter": "来信", "call": "来电", "mailbox": "联系信箱",
            "online": "网上留言"}
EXCLUSIONS = {"litigation": "诉讼", "reconsideration": "行政复议", "arbitration": "仲裁",
              "petition": "申诉、检举、控告国家机关工作人员", "private": "个人私事"}
SESSION_KINDS = {"regular": "定期接待", "mobile": "流动接待", "themed": "专题接待", "hearing": "民情沟通会"}
ACTIVITY_KINDS = {"inspection": "视察", "survey": "调研", "law_check": "执法检查", "appraisal": "评议",
                  "training": "学习培训", "group": "小组活动", "report": "述职", "contact": "联系代表",
                  "reception": "接待选民", "other": "其他", "congress": "人代会", "presidium": "主席团会议",
                  "speech": "审议发言", "written": "书面意见建议"}
STEP_LABELS = {"sort": "梳理", "assign": "交办", "supervise": "督办", "reply": "回复", "feedback": "反馈"}


def rows(db, sql):
    with db.engine.connect() as c:
        return [r._asdict() for r in c.execute(text(sql))]


def d(v) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def inside(v, period) -> bool:
    return period[0] <= d(v) <= period[1]


def oracle(db, period):
    """The figures counted in plain Python over every row (no aggregate SQL, nothing of the service)."""
    visits = [v for v in rows(db, "SELECT * FROM visit") if inside(v["visited_on"], period)]
    sessions = [s for s in rows(db, "SELECT * FROM receptionsession") if s["status"] == "done"
                and inside(s["day"], period)]
    held = {s["id"] for s in sessions}
    roll = [r["attendance"] for r in rows(db, "SELECT * FROM sessiondeputy") if r["session_id"] in held]
    acts = {a["id"]: a for a in rows(db, "SELECT * FROM activity") if a["session_id"] is None
            and inside(a["day"], period)}
    roll += [r["status"] for r in rows(db, "SELECT * FROM activityattendance") if r["activity_id"] in acts]
    events = rows(db, "SELECT * FROM suggestionevent")
    sugg = rows(db, "SELECT * FROM suggestion")
    in_period = [e for e in events if inside(e["happened_on"], period)]

    def ids(kind):
        return {e["suggestion_id"] for e in in_period if e["kind"] == kind}

    on_time = with_deadline = 0
    for e in in_period:
        if e["kind"] != "replied":
            continue
        deadlines = sorted(((d(x["happened_on"]), x["recorded_at"] or "", x["new_deadline"]) for x in events
                            if x["suggestion_id"] == e["suggestion_id"] and x["new_deadline"]
                            and d(x["happened_on"]) <= d(e["happened_on"])), key=lambda t: (t[0], str(t[1])))
        if deadlines:
            with_deadline += 1
            on_time += d(e["happened_on"]) <= d(deadlines[-1][2])
    steps, overdue = Counter(), 0
    for g in sugg:
        if d(g["registered_on"]) > period[1]:
            continue
        mine = sorted((x for x in events if x["suggestion_id"] == g["id"] and d(x["happened_on"]) <= period[1]),
                      key=lambda x: (d(x["happened_on"]), str(x["recorded_at"] or "")))
        step = mine[-1]["step"] if mine else "sort"
        if step in STEP_LABELS:
            steps[STEP_LABELS[step]] += 1
        deadlines = [x["new_deadline"] for x in mine if x["new_deadline"]]
        if step in ("assign", "supervise") and deadlines and d(deadlines[-1]) < period[1]:
            overdue += 1
    feedback = [e["result"] for e in in_period if e["kind"] == "feedback" and e["result"]]
    return {
        "receptions": len(sessions),
        "receptions_by_kind": dict(Counter(SESSION_KINDS[s["kind"]] for s in sessions)),
        "deputy_attendances": roll.count("present"),
        "citizens": sum(v["headcount"] for v in visits) + sum(a["citizen_count"] for a in acts.values()),
        "visits": len(visits),
        "visits_by_channel": dict(Counter(CHANNELS[v["channel"]] for v in visits)),
        "visits_by_category": dict(Counter(v["category"] or "未分类" for v in visits)),
        "visits_by_village": dict(Counter(v["village"] or "未填写" for v in visits)),
        "redirected": dict(Counter(EXCLUSIONS[v["exclusion"]] for v in visits if v["exclusion"])),
        "suggestions_registered": {k: sum(1 for g in sugg if g["kind"] == k and inside(g["registered_on"], period))
                                   for k in ("deputy", "citizen")},
        "assigned": len(ids("assigned")), "replied": len(ids("replied")), "fed_back": len(ids("feedback")),
        "archived": len(ids("archived")),
        "open_by_step": dict(steps), "overdue_at_end": overdue,
        "on_time_rate": round(on_time / with_deadline, 4) if with_deadline else None,
        "satisfaction_rate": round(sum(r in ("satisfied", "basic") for r in feedback) / len(feedback), 4)
        if feedback else None,
        "solved": len({e["suggestion_id"] for e in in_period if e["kind"] == "replied" and e["result"] == "solved"}),
        "activities": len(acts),
        "activities_by_kind": dict(Counter(ACTIVITY_KINDS[a["kind"]] for a in acts.values())),
        "activity_citizens": sum(a["citizen_count"] for a in acts.values()),
        "attendance_rate": round(roll.count("present") / len(roll), 4) if roll else None,
    }


@pytest.mark.parametrize("period", [NOV, (date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 3, 1), date(2026, 3, 31))])
def test_figures_reconcile_with_the_rows(demo_db, period):
    got = StatsService(demo_db).figures(*period).as_json()
    want = oracle(demo_db, period)
    assert {k: got[k] for k in want} == want
    assert want["visits"] and want["receptions"]  # the demo has something to count in every period tested
    assert want["open_by_step"] and want["visits_by_category"]


def test_last_year_is_the_same_period_a_year_before(demo_db):
    report = StatsService(demo_db).report(*NOV)
    assert report.last_year == StatsService(demo_db).figures(date(2025, 11, 1), date(2025, 11, 30))


def test_a_later_reply_does_not_change_a_past_month(demo_db):
    from liaison_desk.services.suggestions.lifecycle import LifecycleService

    stats = StatsService(demo_db)
    before = stats.figures(*NOV)
    open_one = rows(demo_db, "SELECT id FROM suggestion WHERE step = 'supervise' "
                             "AND assigned_on <= '2026-11-30' ORDER BY assigned_on DESC LIMIT 1")
    assert open_one, "the demo has a matter assigned by November and still open"
    dec = (date(2026, 12, 1), date(2026, 12, 31))
    replied_dec = stats.figures(*dec).replied
    LifecycleService(demo_db).reply(open_one[0]["id"], date(2026, 12, 3), "已解决", "已修复路灯")
    assert stats.figures(*NOV) == before
    assert stats.figures(*dec).replied == replied_dec + 1
