"""The demo's activity book as a well-run station keeps it, with one deliberate gap of each kind the checks find:
each 代表小组 meets every quarter (the first station's first group skips the last quarter that has ended), a
member of the township congress visits their contact point every month (the first station's member misses one),
a congress sitting with its roll call, review speeches, written items, a presidium meeting and some 述职.

Added after every other demo row, from its own random stream, so the rest of the demo stays row for row."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ("建华", "国强", "秀兰", "丽娟", "志刚", "海燕", "文明", "春梅")
GROUP_TOPICS = ("学习《代表法》和履职知识", "视察农村人居环境整治", "调研村级集体经济发展", "评议镇卫生院工作",
                "检查《道路交通安全法》实施情况", "座谈乡村振兴项目推进")
QUARTER_MONTHS = (2, 5, 8, 11)  # the month in each quarter a group meets


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _working_day(g: Any, d: date, today: date) -> date:
    """`d` moved to a working day by the program's calendar (调休 included) when the generator has one; never
    on or after `today` (then the working day before)."""
    if not hasattr(g, "workday"):
        return _weekday(d)
    moved: date = g.workday(d)
    return moved if moved < today else g.add_wd(d, -1)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def add_activity_year(g: Any, seed: int, months: int) -> None:
    """Rows for the activity book of every station in `g.rows` (see the module doc)."""
    rng = random.Random(f"activity-year-{seed}")
    today: date = g.today
    first = date(today.year, today.month, 1) - timedelta(days=31 * (months - 1))
    first = first.replace(day=1)
    ended = [(y, q) for y in range(first.year, today.year + 1) for q in range(1, 5)
             if date(y, 3 * q - 2, 1) >= first and _quarter_end(y, q) < today]
    rows = g.rows
    groups: dict[str, list[tuple[str, list[str]]]] = {}
    members_of: dict[str, list[str]] = {}
    for m in rows.get("groupmember", []):
        members_of.setdefault(m["group_id"], []).append(m["deputy_id"])
    for grp in rows.get("deputygroup", []):
        groups.setdefault(grp["station_id"], []).append((grp["id"], members_of.get(grp["id"], [])))
    station_deputies: dict[str, list[str]] = {}
    for d in rows.get("deputy", []):
        station_deputies.setdefault(d["station_id"], []).append(d["id"])
    for n, st in enumerate(row["id"] for row in rows.get("station", [])):
        deputies = station_deputies.get(st, [])
        if not deputies:
            continue

        def activity(day: date, kind: str, title: str, present: list[str], st: str = st, **extra: Any) -> str:
            aid = g.add("activity", station_id=st, day=_working_day(g, day, today), kind=kind, title=title,
                        content=f"{title}，形成纪要并归档。", place=extra.pop("place", "镇人大会议室"),
                        citizen_count=extra.pop("citizens", 0), group_id=extra.pop("group_id", None),
                        session_id=None, notes="", recorder="联络员", quantity=extra.pop("quantity", 1),
                        reporter_id=extra.pop("reporter_id", None), rated_satisfied=extra.pop("sat", 0),
                        rated_basic=extra.pop("basic", 0), rated_unsatisfied=extra.pop("unsat", 0),
                        member_id=extra.pop("member_id", None))
            leave = set(extra.pop("leave", ()))
            for did in present:
                g.add("activityattendance", activity_id=aid, deputy_id=did,
                      status="leave" if did in leave else "present",
                      leave_reason="外出学习" if did in leave else "")
            return aid

        # each group every quarter of the window (the first station's first group skips the last ended quarter)
        for k, (gid, people) in enumerate(groups.get(st, [])):
            for y, q in ended + [(today.year, (today.month - 1) // 3 + 1)]:
                day = date(y, QUARTER_MONTHS[q - 1], 10 + k * 5)
                if day < first or day >= today or (n == 0 and k == 0 and (y, q) == ended[-1]):
                    continue
                activity(day, "group", rng.choice(GROUP_TOPICS), people,
                         group_id=gid, citizens=rng.randrange(0, 20))
        # a member of the township congress and their monthly visits (the first station's member misses one month)
        member = g.add("congressmember", station_id=st, name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                       post="镇人大副主席" if n else "镇人大主席", contact_point="本站所在村（社区）", active=True,
                       sort_order=0)
        for did in deputies[:3]:
            g.add("memberdeputy", member_id=member, deputy_id=did)
        skipped = (today.year, today.month - 6) if today.month > 6 else None
        for y, m in _months(first, today):
            day = date(y, m, 16)
            if day >= today or (n == 0 and (y, m) == skipped):
                continue
            activity(day, "contact", "走访联系代表，听取意见建议", [deputies[m % min(3, len(deputies))]],
                     member_id=member)
        # this year's congress sitting, speeches, written items, a presidium meeting and some 述职
        sitting = date(today.year, 1, 20)
        if first <= sitting < today:
            activity(sitting, "congress", f"镇第十八届人民代表大会第{today.year - 2021}次会议", deputies,
                     leave=deputies[-1:])
            for did in deputies[:2]:
                activity(sitting + timedelta(days=1), "speech", "审议政府工作报告", [did])
            activity(sitting + timedelta(days=1), "written", "关于改善农村道路的建议", deputies[:1], quantity=3)
            activity(sitting + timedelta(days=2), "presidium", "主席团会议", deputies[:3])
        for i, did in enumerate(deputies[:3]):
            day = date(today.year, 6, 10 + 7 * i)
            if first <= day < today:
                activity(day, "report", "向选民述职", [did], reporter_id=did, citizens=30 + 5 * i, sat=28,
                         basic=4, unsat=1, place="村委会会议室")


def _quarter_end(y: int, q: int) -> date:
    return date(y, 12, 31) if q == 4 else date(y, 3 * q + 1, 1) - timedelta(days=1)
