"""Demo receptions: a monthly one at the station on its reception weekday, some mobile ones in villages,
deputies of every level taking turns; one deliberate late notice and one level left without a reception
for one period, so a new user sees each warning once."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from liaison_desk.demo import words as W
from liaison_desk.demo.core import Gen, StationPlan, add_months

# months (1–12) in which the senior levels' turn falls: county once a quarter, city once a half year,
# province once a year
LEVEL_MONTHS = {"county": (1, 4, 7, 10), "city": (5, 11), "province": (9,), "national": (9,)}


def window_start(today: date, months: int) -> date:
    return add_months(today.replace(day=1), -(months - 1))


def gap_quarter(today: date) -> tuple[date, date]:
    """The deliberate gap: the county level has no reception in the quarter two before today's."""
    q = (today.month - 1) // 3 - 2
    y = today.year + q // 4
    q %= 4
    start = date(y, 3 * q + 1, 1)
    return start, add_months(start, 3) - timedelta(days=1)


def sessions(g: Gen, plan: StationPlan, months: int, weekday: int = 3) -> None:
    """Fill `plan.sessions` and the receptionsession/sessiondeputy/sessionofficial rows."""
    r = g.rng
    first = window_start(g.today, months)
    gap = gap_quarter(g.today)
    township = [d for d, _, lv in plan.deputies if lv == ("township",)]
    senior: dict[str, list[str]] = {}
    for did, _name, levels in plan.deputies:
        for lv in levels:
            if lv != "township":
                senior.setdefault(lv, []).append(did)
    turn = {lv: 0 for lv in ("township", *LEVEL_MONTHS)}
    county = set(senior.get("county", []))
    days: list[tuple[date, str]] = []
    for m in range(months + 1):
        month = add_months(first, m)
        if not g.has_calendar(month.year):
            continue  # no holiday arrangement known for that year: plan nothing there yet
        third = month + timedelta(days=(weekday - 1 - month.weekday()) % 7 + 14)
        days.append((g.workday(third), "regular"))
        if m % 3 == 1:
            days.append((g.workday(third + timedelta(days=r.choice((6, 7, 8)))), "mobile"))
    late = _late_notice_index(g, days)
    # where notices were posted: their own stream, so the rest stays row for row
    extra = random.Random(g.rng.getstate()[1][0])
    for i, (day, kind) in enumerate(days):
        chosen: list[str] = []
        in_gap = gap[0] <= day <= gap[1]
        for lv in LEVEL_MONTHS:
            # in the gap quarter no deputy with a county seat receives, whatever other level brings them
            pool = [d for d in senior.get(lv, []) if not (in_gap and d in county)]
            if kind == "regular" and day.month in LEVEL_MONTHS[lv] and pool:
                chosen.append(pool[turn[lv] % len(pool)])
                turn[lv] += 1
        need = 3 if kind == "regular" and not chosen and r.random() < 0.3 else 2
        while len(chosen) < max(need, 2) and township:
            did = township[turn["township"] % len(township)]
            turn["township"] += 1
            if did not in chosen:
                chosen.append(did)
        if not in_gap and kind == "regular" and len(chosen) == 2 and r.random() < 0.3:
            both = [d for d, _, lv in plan.deputies if lv == ("county", "township") and d not in chosen]
            chosen += both[:1]
        notice = g.add_wd(day, -(2 if i == late else r.choice((3, 4, 5))))
        done = day < g.today
        status = "done" if done else ("announced" if notice <= g.today else "planned")
        venue = plan.name if kind == "regular" else _committee(r.choice(W.VILLAGES))
        posted = status != "planned"
        sid = g.add("receptionsession", station_id=plan.id, day=day, start_time=time(9, 0), end_time=time(11, 30),
                    kind=kind, venue=venue, theme=r.choice(W.THEMES), notice_date=notice if posted else None,
                    notice_places="\n".join(f"{v}公告栏" for v in extra.sample(W.VILLAGES, 2)) if posted else "",
                    status=status, notes="")
        for did in chosen:  # every deputy on the rota attended (出席); the book's 请假 example is the congress sitting
            g.add("sessiondeputy", session_id=sid, deputy_id=did, attendance="present", leave_reason="")
        if r.random() < 0.6:
            name, unit, post = r.choice(W.OFFICIALS)
            g.add("sessionofficial", session_id=sid, name=name, unit=unit, post=post)
        plan.sessions.append({"id": sid, "day": day, "kind": kind, "deputies": chosen, "venue": venue,
                              "status": status})


def _committee(village: str) -> str:
    """Where a mobile reception sits: 青石镇东关村村民委员会, 青石镇南街社区居民委员会."""
    return f"青石镇{village}{'居民委员会' if village.endswith('社区') else '村民委员会'}"


def _late_notice_index(g: Gen, days: list[tuple[date, str]]) -> int:
    """One held regular reception, about four months back, gets its notice a day late."""
    target = add_months(g.today, -4)
    past = [(abs((d - target).days), i) for i, (d, k) in enumerate(days) if k == "regular" and d < g.today]
    return min(past)[1] if past else -1


def session_facts(plan: StationPlan) -> list[dict[str, Any]]:
    """The held receptions of a station, oldest first."""
    return [s for s in plan.sessions if s["status"] == "done"]
