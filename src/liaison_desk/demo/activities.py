"""Demo activity record book (《人大代表活动情况记录簿》): group activities and contacts on working days."""

from __future__ import annotations

from liaison_desk.demo import words as W
from liaison_desk.demo.core import Gen, StationPlan
from liaison_desk.demo.schedule import window_start


def activities(g: Gen, plan: StationPlan, months: int) -> None:
    """About two activities a month, each attended by part of the station's deputies."""
    r = g.rng
    first = window_start(g.today, months)
    ids = [d for d, _, _ in plan.deputies]
    for _ in range(months * 2):
        kind, title = r.choice(W.ACTIVITIES)
        day = g.random_workday(first, g.add_wd(g.today, -1))
        aid = g.add("activity", station_id=plan.id, day=day, kind=kind, title=title,
                    content=f"{title}，形成书面材料并归档。", place=f"青石镇{r.choice(W.VILLAGES)}",
                    citizen_count=r.randrange(0, 40), group_id=None, session_id=None, notes="")
        for did in r.sample(ids, min(len(ids), r.randrange(4, 10))):
            g.add("activityattendance", activity_id=aid, deputy_id=did,
                  status=r.choice(("present",) * 12 + ("leave", "leave", "absent")))
