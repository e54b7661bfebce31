"""Build the demo station (or county) with one fast bulk load, deterministic for a seed."""

from __future__ import annotations

import logging
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from liaison_desk.demo import words as W
from liaison_desk.errors import KnownError
from liaison_desk.models.enums import DEFAULT_CATEGORIES, EXCLUSION_GUIDANCE, Exclusion
from liaison_desk.services.names import pinyin_keys
from liaison_desk.services.validate import id_check_digit
from liaison_desk.store.bulk import load_tables
from liaison_desk.store.db import Database

log = logging.getLogger(__name__)

SCALES = {
    # stations, deputies, months of records, visits, suggestions
    "station": (1, 18, 12, 300, 80),
    "county": (93, 2000, 36, 200_000, 50_000),
}
LEVEL_MIX = (("township",), ("township",), ("county", "township"), ("county",), ("township",),
             ("city", "county"), ("township",), ("county", "township"), ("province",), ("township",),
             ("county",), ("township",), ("city",), ("township",), ("county", "township"), ("township",),
             ("township",), ("county",))


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    for day in (d.day, 28):
        try:
            return date(y, m, min(day, 31))
        except ValueError:
            continue
    return date(y, m, 28)


class _Gen:
    def __init__(self, seed: int, today: date) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime(today.year, today.month, today.day, 1, 0, tzinfo=UTC)
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, **values: Any) -> str:
        if "id" not in values:  # (setdefault would draw an id, and move the stream, even when one is given)
            values["id"] = self.uid()
        values.setdefault("created_at", self.now)
        values.setdefault("updated_at", self.now)
        values.setdefault("version", 1)
        self.rows.setdefault(table, []).append(values)
        return str(values["id"])

    def name(self) -> str:
        r = self.rng
        given = r.choice(W.GIVEN) if r.random() < 0.3 else W.GIVEN[r.randrange(len(W.GIVEN) - 1)] + r.choice(W.GIVEN)
        return r.choice(W.SURNAMES) + given[:2]

    def phone(self) -> str:
        return self.rng.choice(("138", "139", "150", "151", "186", "187", "135", "177")) + \
            f"{self.rng.randrange(10**8):08d}"

    def id_number(self, birth: date) -> str:
        body = f"130225{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
        return body + id_check_digit(body)


def build(db: Database, scale: str = "station", seed: int = 7, today: date | None = None) -> dict[str, int]:
    """Fill an empty database with demo data; returns rows written per table."""
    if scale not in SCALES:
        raise KnownError(f"不认识的规模「{scale}」，可选 station 或 county")
    if not db.is_empty():
        raise KnownError("数据库里已经有数据，演示数据只能写入空数据库", file=db.path,
                         hint="请用 --db 指定一个新的数据库文件")
    g = _Gen(seed, today or date.today())
    n_stations, n_deputies, months, n_visits, n_suggestions = SCALES[scale]
    stations = _stations(g, n_stations)
    agencies = _agencies(g)
    deputies = _deputies(g, stations, n_deputies)
    sessions = _sessions(g, stations, deputies, months)
    suggestions = _suggestions(g, stations, deputies, agencies, n_suggestions, months)
    _visits(g, stations, deputies, sessions, suggestions, n_visits, months)
    _activities(g, stations, deputies, months)
    for i, c in enumerate(DEFAULT_CATEGORIES):
        g.add("category", name=c, sort_order=i, active=True)
    from liaison_desk.demo.activity_year import add_activity_year

    add_activity_year(g, seed, months)  # last, so every row before it stays as it was
    return load_tables(db, g.rows)


def _stations(g: _Gen, n: int) -> list[str]:
    out = []
    for i in range(n):
        label = "青石镇人大代表联络站" if i == 0 else f"{g.rng.choice('东西南北中')}{'一二三四五六七八九十'[i % 10]}片区第{i}人大代表联络站"
        out.append(g.add("station", name=label, township="青石镇", county="临河县", venue="青石镇人大代表联络站（镇政府一楼东侧）",
                         address="临河县青石镇人民路18号", directions="镇政府院内一楼东侧，门口有“人大代表联络站”标牌；乘3路公交车至青石镇政府站下车",
                         master="张国华", deputy_master="李秀英", liaison_officer="王丽娟", phone="0315-5123456",
                         reception_weekday=3, notes=""))
    return out


def _agencies(g: _Gen) -> dict[str, str]:
    return {name: g.add("agency", name=name, kind=kind, contact_person=g.name(), phone=f"0315-5{g.rng.randrange(10**6):06d}",
                        address="", active=True, notes="") for name, kind in W.AGENCIES}


def _deputies(g: _Gen, stations: list[str], n: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """Returns (id, station_id, levels) per deputy."""
    r = g.rng
    out = []
    groups: dict[str, list[str]] = {}
    for i in range(n):
        st = stations[i * len(stations) // n]
        name = g.name()
        full, initials = pinyin_keys(name)
        birth = date(r.randrange(1958, 1992), r.randrange(1, 13), r.randrange(1, 29))
        unit, post = r.choice(W.UNITS)
        levels = LEVEL_MIX[i % len(LEVEL_MIX)]
        status = "active" if r.random() > 0.04 else "left"
        did = g.add("deputy", station_id=st, name=name, name_pinyin=full, name_initials=initials,
                    gender="f" if r.random() < 0.35 else "m", ethnicity=r.choice(W.ETHNICITIES), birth_date=birth,
                    political=r.choice(W.POLITICAL), education=r.choice(W.EDUCATION), work_unit=unit, post=post,
                    phone=g.phone(), id_number=g.id_number(birth) if r.random() < 0.5 else "",
                    address=r.choice(W.VILLAGES), constituency=f"第{r.randrange(1, 12)}选区", status=status,
                    status_date=date(2021, 12, 28) if status == "active" else date(2025, 6, 30), is_cppcc=r.random() < 0.05,
                    photo="", notes="", sort_order=i)
        for lv in levels:
            g.add("deputylevel", deputy_id=did, level=lv, term=W.TERMS[lv], start_date=date(2021, 12, 28), end_date=None)
        g.add("statuschange", deputy_id=did, status="active", changed_on=date(2021, 12, 28), reason="当选")
        if status == "left":
            g.add("statuschange", deputy_id=did, status="left", changed_on=date(2025, 6, 30), reason="工作调动")
        groups.setdefault(st, []).append(did)
        out.append((did, st, levels))
    for st, members in groups.items():
        for gi in range(0, len(members), 12):
            chunk = members[gi:gi + 12]
            gid = g.add("deputygroup", station_id=st, name=f"第{'一二三四五六七八九十'[min(gi // 12, 9)]}代表小组", notes="")
            for j, did in enumerate(chunk):
                g.add("groupmember", group_id=gid, deputy_id=did, role="leader" if j == 0 else "deputy_leader" if j == 1 else "member")
    return out


def _sessions(g: _Gen, stations: list[str], deputies: list[tuple[str, str, tuple[str, ...]]],
              months: int) -> dict[date, list[tuple[str, str, list[str]]]]:
    """Monthly sessions per station on the third Wednesday (the next working day when that is a holiday),
    plus some mobile ones; who is seated follows rule 一 (demo/receptions.py). By day, with the deputies
    who came."""
    from liaison_desk.demo.receptions import LATE_NOTICE_WORKING_DAYS, LEAVE_REASON, Seating
    from liaison_desk.services.calendar import WorkCalendar

    r = g.rng
    cal = WorkCalendar()  # the built-in holiday arrangement (the demo database has no table of its own)
    serving = {row["id"]: row["status"] == "active" for row in g.rows["deputy"]}
    seating = Seating(g.seed, g.today, stations[0], [(d, st, lv, serving[d]) for d, st, lv in deputies])
    by_station: dict[str, list[str]] = {}
    for did, st, _ in deputies:
        by_station.setdefault(st, []).append(did)
    out: dict[date, list[tuple[str, str, list[str]]]] = {}
    first = add_months(g.today.replace(day=1), -months + 1)
    names = {row["id"]: row["name"] for row in g.rows["station"]}
    places = random.Random(g.rng.getstate()[1][0])  # posting places
    for st in stations:
        pool = by_station.get(st, [])
        # A county's stations sit in different places: their own hall, and villages of their own area.
        area = "" if len(stations) == 1 else names[st].split("人大")[0]
        for m in range(months + 1):
            month = add_months(first, m)
            day = month + timedelta(days=(2 - month.weekday()) % 7 + 14)  # third Wednesday
            kinds = ["regular"] + (["mobile"] if r.random() < 0.3 else [])
            for kind in kinds:
                d = cal.next_workday(day if kind == "regular" else day + timedelta(days=r.choice((7, 8))))
                # the draw keeps the random stream of the rest of the demo as it was; Seating decides who
                drawn = r.sample(pool, min(len(pool), r.choice((2, 2, 3)))) if pool else []
                seated = seating.seat(st, d, kind, len(drawn))
                venue = names[st] if kind == "regular" else f"{area}{r.choice(W.VILLAGES)}村民委员会"
                theme = r.choice(W.THEMES)
                ahead = r.choice((3, 4, 5))
                if seating.late_notice(st, d, kind):
                    ahead = LATE_NOTICE_WORKING_DAYS
                posted: date | None = cal.add_working_days(d, -ahead)
                if posted is not None and posted > g.today:
                    posted = None  # not yet posted: its latest day is still to come
                status = "done" if d < g.today else ("announced" if posted else "planned")
                sid = g.add("receptionsession", station_id=st, day=d, start_time=time(9, 0), end_time=time(11, 30),
                            kind=kind, venue=venue, theme=theme,
                            notice_date=posted,  # posting date, empty until posted
                            notice_places="\n".join(f"{v}公告栏" for v in places.sample(W.VILLAGES, 2)) if posted else "",
                            status=status, notes="")
                for i, (did, att) in enumerate(seated):
                    extra = {} if i < len(drawn) else {"id": seating.uid()}  # rows beyond the draw: own ids
                    g.add("sessiondeputy", session_id=sid, deputy_id=did, attendance=att,
                          leave_reason=LEAVE_REASON if att == "leave" else "", **extra)
                if r.random() < 0.6:
                    name, unit, post = r.choice(W.OFFICIALS)
                    g.add("sessionofficial", session_id=sid, name=name, unit=unit, post=post)
                came = [did for did, att in seated if att == "present"] if d < g.today else [did for did, _ in seated]
                out.setdefault(d, []).append((sid, st, came))
    return out


def _suggestions(g: _Gen, stations: list[str], deputies: list[tuple[str, str, tuple[str, ...]]],
                 agencies: dict[str, str], n: int, months: int) -> list[tuple[str, date, str, str]]:
    """Returns (id, registered_on, station, village) per suggestion, spread over every step."""
    r = g.rng
    out = []
    seq: dict[int, int] = {}
    pools: dict[str, list[str]] = {}
    for did, dst, _ in deputies:
        pools.setdefault(dst, []).append(did)
    span = months * 30
    days = sorted(g.today - timedelta(days=r.randrange(3, span)) for _ in range(n))
    for reg in days:
        st = r.choice(stations)
        cat, matter, req, agency = r.choice(W.MATTERS)
        village = r.choice(W.VILLAGES)
        kind = "deputy" if r.random() < 0.35 else "citizen"
        seq[reg.year] = seq.get(reg.year, 0) + 1
        sid = g.uid()
        age = (g.today - reg).days
        events: list[dict[str, Any]] = [dict(kind="created", step="sort", happened_on=reg)]
        row: dict[str, Any] = dict(id=sid, station_id=st, kind=kind, year=reg.year, seq=seq[reg.year],
                                   number=f"〔{reg.year}〕第{seq[reg.year]}号",
                                   title=matter.format(v=village)[:30], content=matter.format(v=village) + "。" + req + "。",
                                   category=cat, citizen_name=g.name() if kind == "citizen" else "",
                                   citizen_phone=g.phone() if kind == "citizen" else "", citizen_address=village,
                                   step="sort", registered_on=reg, assigned_on=None, deadline=None, reply_on=None,
                                   reply_text="", reply_result="", feedback_on=None, feedback_method="",
                                   satisfaction="", archived_on=None, merged_into_id=None, notes="")
        # How far along: older matters are further; a few stall (overdue) on purpose.
        target = min(7, 2 + age // 25 + r.choice((0, 0, 1, -1)))
        if r.random() < 0.12:
            target = min(target, 4)
        d = reg
        if target >= 3:  # 交办
            d += timedelta(days=r.randrange(2, 8))
            row.update(step="assign", assigned_on=d,
                       deadline=add_months(d, 3) if kind == "deputy" else d + timedelta(days=21))
            events.append(dict(kind="assigned", step="assign", happened_on=d, agency_id=agencies[agency],
                               new_deadline=row["deadline"]))
            g.add("suggestionagency", suggestion_id=sid, agency_id=agencies[agency], role="lead", assigned_on=d,
                  returned_on=None, return_reason="")
            if r.random() < 0.2:
                co = r.choice(list(agencies.values()))
                if co != agencies[agency]:
                    g.add("suggestionagency", suggestion_id=sid, agency_id=co, role="co", assigned_on=d,
                          returned_on=None, return_reason="")
        if target >= 4:  # 督办
            d += timedelta(days=r.randrange(10, 25))
            row["step"] = "supervise"
            events.append(dict(kind="urged", step="supervise", happened_on=d, note="电话督办，要求按期答复"))
        if target >= 5:  # 回复
            d += timedelta(days=r.randrange(5, 30))
            result = r.choice(("solved", "solved", "solving", "planned", "cannot", "reference"))
            row.update(step="reply", reply_on=d, reply_result=result,
                       reply_text=f"经研究，{ {'solved': '已安排施工队处理完毕', 'solving': '正在组织实施，预计年内完成', 'planned': '已列入明年工作计划', 'cannot': '受资金条件限制，暂时无法解决，将积极争取上级支持', 'reference': '所提建议已留作今后工作参考'}[result]}。")
            events.append(dict(kind="replied", step="reply", happened_on=d, result=result, agency_id=agencies[agency]))
        if target >= 6:  # 反馈
            d += timedelta(days=r.randrange(2, 10))
            sat = r.choice(("satisfied", "satisfied", "satisfied", "basic", "unsatisfied"))
            row.update(step="feedback", feedback_on=d, feedback_method=r.choice(("电话", "当面", "书面")),
                       satisfaction=sat)
            events.append(dict(kind="feedback", step="feedback", happened_on=d, result=sat))
            if sat == "unsatisfied":  # back to 交办, history kept
                d += timedelta(days=2)
                row.update(step="assign", assigned_on=d, deadline=d + timedelta(days=30), reply_on=None,
                           reply_result="", feedback_on=None, satisfaction="")
                events.append(dict(kind="reopened", step="assign", happened_on=d, note="选民不满意，重新交办",
                                   new_deadline=row["deadline"]))
                target = 3
        if target >= 7 and d + timedelta(days=5) < g.today:  # 归档
            d += timedelta(days=r.randrange(3, 12))
            row.update(step="archive", archived_on=min(d, g.today))
            events.append(dict(kind="archived", step="archive", happened_on=min(d, g.today)))
        row.update(created_at=g.now, updated_at=g.now, version=len(events))
        g.rows.setdefault("suggestion", []).append(row)
        for e in events:
            g.add("suggestionevent", suggestion_id=sid, recorded_at=g.now, operator="王丽娟",
                  note=e.pop("note", ""), agency_id=e.pop("agency_id", None), new_deadline=e.pop("new_deadline", None),
                  result=e.pop("result", ""), **e)
        if kind == "deputy":
            pool = pools.get(st) or [deputies[0][0]]
            g.add("suggestiondeputy", suggestion_id=sid, deputy_id=r.choice(pool), is_lead=True)
        out.append((sid, reg, st, village))
    return out


def _visits(g: _Gen, stations: list[str], deputies: list[tuple[str, str, tuple[str, ...]]],
            sessions: dict[date, list[tuple[str, str, list[str]]]], suggestions: list[tuple[str, date, str, str]],
            n: int, months: int) -> None:
    r = g.rng
    session_days = sorted(d for d in sessions if d <= g.today)
    by_station: dict[str, list[str]] = {}
    for did, st, _ in deputies:
        by_station.setdefault(st, []).append(did)
    sugg_iter = iter(suggestions)
    span = months * 30
    for _ in range(n):
        at_session = session_days and r.random() < 0.6
        if at_session:
            day = r.choice(session_days)
            sid, st, receivers = r.choice(sessions[day])
            channel = "reception"
        else:
            day = g.today - timedelta(days=r.randrange(0, span))
            sid, st = None, r.choice(stations)
            receivers = r.sample(by_station[st], min(2, len(by_station[st])))
            channel = r.choice(("walk_in", "walk_in", "letter", "call", "mailbox", "online"))
        village = r.choice(W.VILLAGES)
        exclusion = ""
        suggestion_id = None
        if r.random() < 0.08:
            exclusion, content = r.choice(W.EXCLUDED)
            request, cat, handling = "要求代表帮助解决", "其他", "lawful"
            note = EXCLUSION_GUIDANCE[Exclusion(exclusion)]
        else:
            cat, matter, request, _ = r.choice(W.MATTERS)
            content = matter.format(v=village)
            if r.random() < 0.45:
                handling, note = "suggestion", "已整理为意见建议，转交有关部门办理"
                nxt = next(sugg_iter, None)
                suggestion_id = nxt[0] if nxt else None
            else:
                handling, note = r.choice((("answered", "代表当场作了解释说明，来访人表示理解"),
                                           ("other", "已转告村委会跟进处理")))
        group = r.random() < 0.05
        vid = g.add("visit", station_id=st, visited_on=day, visited_time=time(r.randrange(8, 17), r.choice((0, 15, 30, 45))),
                    channel=channel, session_id=sid, visitor_name=g.name(), visitor_gender=r.choice("mf"),
                    visitor_phone=g.phone() if r.random() < 0.85 else "", visitor_address=f"青石镇{village}",
                    village=village, headcount=r.randrange(3, 12) if group else 1, is_group=group, category=cat,
                    content=content, request=request, assisting_deputy_id=None, handling=handling, exclusion=exclusion,
                    handling_note=note, repeat_of_id=None, suggestion_id=suggestion_id, recorded_by="王丽娟")
        for did in receivers[:3]:
            g.add("visitdeputy", visit_id=vid, deputy_id=did)


def _activities(g: _Gen, stations: list[str], deputies: list[tuple[str, str, tuple[str, ...]]], months: int) -> None:
    r = g.rng
    by_station: dict[str, list[str]] = {}
    for did, st, _ in deputies:
        by_station.setdefault(st, []).append(did)
    for st in stations:
        for _ in range(months * 2):
            kind, title = r.choice(W.ACTIVITIES)
            day = g.today - timedelta(days=r.randrange(0, months * 30))
            aid = g.add("activity", station_id=st, day=day, kind=kind, title=title, content=f"{title}，形成书面材料并归档。",
                        place=r.choice(W.VILLAGES), citizen_count=r.randrange(0, 40), group_id=None, session_id=None, notes="")
            for did in r.sample(by_station[st], min(len(by_station[st]), r.randrange(3, 9))):
                g.add("activityattendance", activity_id=aid, deputy_id=did,
                      status=r.choice(("present",) * 8 + ("leave", "absent")))
