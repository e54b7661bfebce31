"""What the printed notice (公告) and wall schedule (接待安排表 / 年度活动计划) show, read in plain rows.

The 年度活动计划 (a whole calendar year) lists the year's activities of 《人大代表活动情况记录簿》 beside the
receptions, in one table by date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from liaison_desk.errors import NotFound
from liaison_desk.models.enums import Level, SessionStatus
from liaison_desk.services.station import StationInfo, StationService
from liaison_desk.store.db import Database


@dataclass(frozen=True, slots=True)
class NoticeDeputy:
    name: str
    levels: str  # 县（区）、乡镇人大代表
    unit_post: str  # 工作单位及职务
    photo: Path | None


@dataclass(frozen=True, slots=True)
class NoticeData:
    id: str
    day: date
    start_time: time | None
    end_time: time | None
    kind: str
    venue: str
    theme: str
    notice_date: date | None  # posting date
    deputies: tuple[NoticeDeputy, ...]
    officials: tuple[tuple[str, str, str], ...]  # name, unit, post
    station: StationInfo
    notice_places: tuple[str, ...] = ()  # 张贴地点


@dataclass(frozen=True, slots=True)
class WallRow:
    day: date
    start_time: time | None
    end_time: time | None
    kind: str
    venue: str
    theme: str
    deputies: str
    officials: str
    notice_date: date | None
    status: str  # SessionStatus; "" for an activity (planned or held is decided by the printing day)
    source: str = "session"  # "session" (a reception) or "activity" (kind is then an ActivityKind)
    station_id: str | None = None  # the row's station (a township database's table groups by it)


def _t(v: str | None) -> time | None:
    return time.fromisoformat(v) if v else None


def _d(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


def station_info(db: Database, station_id: str | None = None) -> StationInfo:
    """This station's details; in a township database those of the station `station_id` (a session's own)."""
    svc = StationService(db)
    return svc.info_of(station_id) if station_id and svc.township_name() is not None else svc.info()


def levels_label(codes: list[str], county_word: str = "") -> str:
    """县（区）、乡镇人大代表; with the station's 县级称谓 (`county_word`, 县、区、市 or 旗) the county level in
    its own word: 区、乡镇人大代表."""
    order = {m.value: i for i, m in enumerate(Level)}
    labels = [county_word if c == Level.COUNTY.value and county_word else Level.label_of(c)
              for c in sorted(set(codes), key=lambda c: order.get(c, 99))]
    return "、".join(labels) + "人大代表" if labels else "人大代表"


def notice_data(db: Database, session_id: str) -> NoticeData:
    with db.reading() as c:
        r = c.execute("SELECT id, day, start_time, end_time, kind, venue, theme, notice_date, notice_places, "
                      "station_id FROM receptionsession WHERE id = :id", {"id": session_id}).mappings().first()
        if r is None:
            raise NotFound("找不到这次接待安排，可能已被删除")
        deps = c.execute("SELECT d.id, d.name, d.work_unit, d.post, d.photo FROM sessiondeputy sd "
                         "JOIN deputy d ON d.id = sd.deputy_id WHERE sd.session_id = :id "
                         "AND sd.attendance != 'leave' "
                         "ORDER BY d.sort_order, d.name", {"id": session_id}).all()
        lv: dict[str, list[str]] = {}
        for did, level in c.execute("SELECT l.deputy_id, l.level FROM deputylevel l JOIN sessiondeputy sd "
                                    "ON sd.deputy_id = l.deputy_id WHERE sd.session_id = :id",
                                    {"id": session_id}).all():
            lv.setdefault(did, []).append(level)
        officials = c.execute("SELECT name, unit, post FROM sessionofficial WHERE session_id = :id "
                              "ORDER BY created_at, name", {"id": session_id}).all()
    station = station_info(db, r["station_id"])
    deputies = []
    for did, name, unit, post, photo in deps:
        p = db.paths.photos / photo if photo else None
        deputies.append(NoticeDeputy(name, levels_label(lv.get(did, []), station.county_label),
                                     "".join(x for x in (unit, post) if x), p if p is not None and p.is_file() else None))
    return NoticeData(r["id"], date.fromisoformat(r["day"]), _t(r["start_time"]), _t(r["end_time"]), r["kind"],
                      r["venue"] or "", r["theme"] or "", _d(r["notice_date"]), tuple(deputies),
                      tuple((o[0], o[1] or "", o[2] or "") for o in officials), station,
                      tuple(p.strip() for p in (r["notice_places"] or "").split("\n") if p.strip()))


def wall_rows(db: Database, start: date, end: date, station_id: str | None = None) -> list[WallRow]:
    """Sessions in [start, end] (cancelled ones left out), oldest first; `station_id`: one station's."""
    sql = """SELECT r.day, r.start_time, r.end_time, r.kind, r.venue, r.theme, r.notice_date, r.status,
                    (SELECT group_concat(name, '、') FROM (SELECT d.name FROM sessiondeputy sd JOIN deputy d
                        ON d.id = sd.deputy_id WHERE sd.session_id = r.id ORDER BY d.sort_order, d.name) AS names),
                    (SELECT group_concat(o.unit || o.post || o.name, '、') FROM sessionofficial o
                        WHERE o.session_id = r.id), r.station_id
             FROM receptionsession r WHERE r.day >= :a AND r.day <= :b AND r.status != :cancelled
             {one} ORDER BY r.day, r.start_time, r.id"""
    params = {"a": start.isoformat(), "b": end.isoformat(), "cancelled": SessionStatus.CANCELLED.value,
              "st": station_id}
    with db.reading() as c:
        rows = c.execute(sql.format(one="AND r.station_id = :st" if station_id else ""), params).all()
    return [WallRow(date.fromisoformat(r[0]), _t(r[1]), _t(r[2]), r[3], r[4] or "", r[5] or "", r[8] or "",
                    r[9] or "", _d(r[6]), r[7], station_id=r[10]) for r in rows]


@dataclass(frozen=True, slots=True)
class WallSchedule:
    """Everything the 接待安排表 / 年度活动计划 prints for [start, end]."""

    station: StationInfo
    start: date
    end: date
    rows: tuple[WallRow, ...]
    warnings: tuple[str, ...]  # a year whose official holidays are not entered yet
    plan: bool = False  # the 年度活动计划: rows hold the year's activities too, and the columns say so
    sections: dict[str, str] | None = None  # a township's stations by id: each one's rows under its name


def whole_year(start: date, end: date) -> bool:
    return start == date(start.year, 1, 1) and end == date(start.year, 12, 31)


def plan_activities(db: Database, start: date, end: date, station_id: str | None = None) -> list[WallRow]:
    """The activities of [start, end] as plan rows (held receptions are sessions already: left out)."""
    from liaison_desk.services.activities.service import ActivityFilter, ActivityService

    rows = ActivityService(db).list(ActivityFilter(start=start, end=end, station_id=station_id), newest_first=False)
    return [WallRow(r.day, None, None, r.kind, r.place, r.title, r.deputies, r.organizer, None, "", "activity",
                    r.station_id) for r in rows if r.source == "activity"]


def wall_schedule(db: Database, start: date, end: date, station_id: str | None = None) -> WallSchedule:
    """The sessions of [start, end] with the station's details and the calendar's warnings; for a whole
    year (the 年度活动计划) the year's activities too, all by date. A township database: one station's
    (`station_id`, under its own name and contacts) or every station's, each under its name, headed by the
    office."""
    from liaison_desk.services.calendar import WorkCalendar

    svc = StationService(db)
    names = svc.several() if not station_id else None
    rows = wall_rows(db, start, end, station_id)
    plan = whole_year(start, end)
    if plan:
        rows = rows + plan_activities(db, start, end, station_id)
    rows = sorted(rows, key=lambda r: ((names.get(r.station_id or "", ""), r.station_id or "") if names else ("", ""),
                                      r.day, r.start_time or time(0), r.source != "session"))
    info = station_info(db, station_id)
    if names is not None:  # every station: headed by the office, no one station's contacts
        info = StationInfo(name=svc.township_name() or info.name, saved=True)
    return WallSchedule(info, start, end, tuple(rows), tuple(WorkCalendar(db).warnings([start, end])), plan, names)
