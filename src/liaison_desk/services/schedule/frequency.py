"""Rule 一 as the station's duty: per level and period, did any deputy of that level receive voters at a
held session; plus each deputy's turns (轮值情况, fairness information, never a violation).

A level is owed in a period only while the station has a deputy serving at that level (from the start
of the term, until its end or the day the deputy left); only sessions marked 已完成 count as held, and
only deputies marked 出席 at them. Past sessions never marked 已完成 are listed as 待确认.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from liaison_desk.models.enums import (
    FREQUENCY_LABELS,
    RECEPTION_PERIOD_MONTHS,
    Attendance,
    DeputyStatus,
    Level,
    PeriodState,
    SessionStatus,
)
from liaison_desk.services.base import Service
from liaison_desk.services.schedule.compliance import Period, periods, view_range
from liaison_desk.text import fmt_date

NO_STATION = ""  # deputies and sessions without a station belong to the only station, or to this key


@dataclass(frozen=True, slots=True)
class Serving:
    """One deputy at one level, serving from `start` to `end` (None: open)."""

    deputy_id: str
    name: str
    station: str
    level: str
    start: date | None
    end: date | None
    sort_order: int = 0

    def on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def during(self, p: Period) -> bool:
        return (self.start is None or self.start <= p.end) and (self.end is None or p.start <= self.end)


@dataclass(frozen=True, slots=True)
class Attended:
    """A deputy scheduled at a session (not cancelled)."""

    session_id: str
    day: date
    station: str
    status: str  # SessionStatus
    deputy_id: str
    attendance: str  # Attendance


@dataclass(frozen=True, slots=True)
class PeriodCell:
    """One level in one period at one station."""

    station: str
    level: str
    period: Period
    state: str  # PeriodState
    held: tuple[date, ...]  # days of held sessions meeting it
    planned: tuple[date, ...]  # days of coming sessions with a deputy of the level
    message: str

    def as_json(self, station_name: str | None = None) -> dict[str, object]:
        out: dict[str, object] = {"level": level_word(self.level), "period": self.period.key,
                                  "message": self.message}
        if station_name is not None:
            out["station"] = station_name
        return out


@dataclass(frozen=True, slots=True)
class LevelRow:
    station: str
    level: str
    months: int
    cells: tuple[PeriodCell, ...]

    @property
    def frequency(self) -> str:
        return FREQUENCY_LABELS[self.months]


@dataclass(frozen=True, slots=True)
class Turn:
    """轮值情况 of one deputy in the year: held sessions attended, the last one ever (to the year's end)."""

    deputy_id: str
    name: str
    station: str
    levels: tuple[str, ...]
    attended: int
    last: date | None
    upcoming: int  # coming sessions they are scheduled for (not on leave)

    def as_json(self) -> dict[str, object]:
        return {"deputy": self.deputy_id, "name": self.name, "levels": [level_word(x) for x in self.levels],
                "attended": self.attended, "last": self.last.isoformat() if self.last else None}


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    session: str
    day: date
    status: str

    def as_json(self) -> dict[str, str]:
        return {"session": self.session, "day": self.day.isoformat()}


@dataclass(frozen=True, slots=True)
class FrequencyReport:
    year: int
    today: date
    stations: dict[str, str]  # key → name
    rows: tuple[LevelRow, ...]
    turns: tuple[Turn, ...]
    unconfirmed: tuple[Unconfirmed, ...]

    def _cells(self, state: PeriodState) -> list[PeriodCell]:
        return [c for r in self.rows for c in r.cells if c.state == state.value]

    @property
    def behind(self) -> list[PeriodCell]:
        return self._cells(PeriodState.BEHIND)

    @property
    def due(self) -> list[PeriodCell]:
        """Periods still running (or still to come this year) and not yet met."""
        return self._cells(PeriodState.DUE)

    def row(self, station: str, level: str) -> LevelRow | None:
        return next((r for r in self.rows if r.station == station and r.level == level), None)


@dataclass
class _Station:
    serving: list[Serving] = field(default_factory=list)
    attended: list[Attended] = field(default_factory=list)


def level_word(level: str) -> str:
    """乡镇, 县, 市, 省, 全国: the level as the command line's JSON names it."""
    return "县" if level == Level.COUNTY.value else Level.label_of(level)


def level_order(level: str) -> int:
    """Township first, national last: the order of the grid's rows (most frequent duty on top)."""
    order = [Level.TOWNSHIP, Level.COUNTY, Level.CITY, Level.PROVINCE, Level.NATIONAL]
    lv = Level.from_label(level)
    return order.index(lv) if lv in order else 99


class FrequencyService(Service):
    """The station's reception frequency per level and period, and the deputies' turns."""

    def stations(self) -> dict[str, str]:
        """Station key → name; with one station (or none) everything is keyed NO_STATION."""
        with self.db.reading() as c:
            rows = c.execute("SELECT id, name FROM station ORDER BY created_at, name").all()
        if len(rows) <= 1:
            return {NO_STATION: rows[0][1] if rows else "本站"}
        return {r[0]: r[1] for r in rows} | {NO_STATION: "未指定联络站"}

    def _key(self, keys: dict[str, str], station_id: str | None) -> str:
        return station_id if station_id and station_id in keys and len(keys) > 1 else NO_STATION

    def serving(self, keys: dict[str, str] | None = None) -> list[Serving]:
        """Every deputy's service at every level: the term's dates, cut at the day they left (离任/暂停)."""
        keys = keys if keys is not None else self.stations()
        sql = """SELECT d.id, d.name, d.station_id, d.status, d.status_date, d.sort_order, l.level, l.start_date,
                        l.end_date FROM deputy d JOIN deputylevel l ON l.deputy_id = d.id"""
        with self.db.reading() as c:
            rows = c.execute(sql).all()
        out = []
        for did, name, st, status, status_date, order, level, a, b in rows:
            lv = Level.from_label(level)
            if lv is None:
                continue
            end = date.fromisoformat(b) if b else None
            if status != DeputyStatus.ACTIVE.value:
                left = date.fromisoformat(status_date) if status_date else date.min
                end = min(end, left) if end else left
            out.append(Serving(did, name, self._key(keys, st), lv.value, date.fromisoformat(a) if a else None,
                               end, order or 0))
        return out

    def attendance(self, start: date, end: date, keys: dict[str, str] | None = None) -> list[Attended]:
        """The deputies of the sessions in [start, end] that were not cancelled."""
        keys = keys if keys is not None else self.stations()
        sql = """SELECT r.id, r.day, r.station_id, r.status, sd.deputy_id, sd.attendance FROM receptionsession r
                 JOIN sessiondeputy sd ON sd.session_id = r.id
                 WHERE r.status != :cancelled AND r.day >= :a AND r.day <= :b ORDER BY r.day"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"cancelled": SessionStatus.CANCELLED.value, "a": start.isoformat(),
                                         "b": end.isoformat()}).all()
        return [Attended(sid, date.fromisoformat(day), self._key(keys, st), status, did, att)
                for sid, day, st, status, did, att in rows]

    def unconfirmed(self, start: date, end: date, today: date) -> list[Unconfirmed]:
        """Sessions in [start, end] whose day has passed but that were never marked 已完成 (or 已取消)."""
        sql = """SELECT id, day, status FROM receptionsession WHERE day >= :a AND day <= :b AND day < :t
                 AND status IN (:p, :n) ORDER BY day, id"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"a": start.isoformat(), "b": end.isoformat(), "t": today.isoformat(),
                                         "p": SessionStatus.PLANNED.value,
                                         "n": SessionStatus.ANNOUNCED.value}).all()
        return [Unconfirmed(r[0], date.fromisoformat(r[1]), r[2]) for r in rows]

    def last_attended(self, before: date) -> dict[str, date]:
        """deputy id → the day of the last held session they attended, on or before `before`."""
        sql = """SELECT sd.deputy_id, MAX(r.day) FROM sessiondeputy sd JOIN receptionsession r ON r.id = sd.session_id
                 WHERE r.status = :done AND sd.attendance = :present AND r.day <= :b GROUP BY sd.deputy_id"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"done": SessionStatus.DONE.value, "present": Attendance.PRESENT.value,
                                         "b": before.isoformat()}).all()
        return {r[0]: date.fromisoformat(r[1]) for r in rows}

    def year(self, year: int, today: date | None = None, station_id: str | None = None) -> FrequencyReport:
        """The level × period grid of `year` for every station (or only `station_id`), with turns."""
        today = today or date.today()
        start, end = view_range(year)
        keys = self.stations()
        only = self._key(keys, station_id) if station_id is not None else None
        by: dict[str, _Station] = {}
        for s in self.serving(keys):
            by.setdefault(s.station, _Station()).serving.append(s)
        for a in self.attendance(start, end, keys):
            by.setdefault(a.station, _Station()).attended.append(a)
        rows: list[LevelRow] = []
        turns: list[Turn] = []
        last = self.last_attended(end)
        for key in sorted(by, key=lambda k: list(keys).index(k) if k in keys else 999):
            if only is not None and key != only:
                continue
            st = by[key]
            name = keys.get(key, "") if len(keys) > 1 else ""
            rows += _level_rows(key, name, st, start, end, today)
            turns += _turns(key, st, start, end, today, last)
        unconfirmed = self.unconfirmed(start, end, today) if only is None or len(keys) == 1 else [
            u for u in self.unconfirmed(start, end, today)
            if any(a.session_id == u.session for a in by.get(only, _Station()).attended)]
        return FrequencyReport(year, today, keys, tuple(rows), tuple(turns), tuple(unconfirmed))


def _level_rows(key: str, station_name: str, st: _Station, start: date, end: date, today: date) -> list[LevelRow]:
    levels = sorted({s.level for s in st.serving if _overlaps(s, start, end)}, key=level_order)
    by_deputy: dict[str, list[Serving]] = {}
    for s in st.serving:
        by_deputy.setdefault(s.deputy_id, []).append(s)
    rows = []
    prefix = f"{station_name}：" if station_name else ""
    for level in levels:
        months = RECEPTION_PERIOD_MONTHS[Level(level)]
        serving = [s for s in st.serving if s.level == level]
        cells = []
        for p in periods(months, start, end):
            def of_level(a: Attended, p: Period = p, level: str = level) -> bool:
                return p.start <= a.day <= p.end and any(
                    s.level == level and s.on(a.day) for s in by_deputy.get(a.deputy_id, []))

            here = [a for a in st.attended if of_level(a)]
            held = sorted({a.day for a in here if a.status == SessionStatus.DONE.value
                           and a.attendance == Attendance.PRESENT.value})
            planned = sorted({a.day for a in here if a.day >= today and a.status != SessionStatus.DONE.value
                              and a.attendance != Attendance.LEAVE.value})
            who = f"{prefix}{Level(level).label}人大代表{p.full_label}"
            if held:
                state, msg = PeriodState.HELD, f"{who}已接待选民（{'、'.join(fmt_date(d) for d in held)}）"
            elif not any(s.during(p) for s in serving):
                state, msg = PeriodState.NOT_OWED, f"{who}不需安排：这段时间本站没有在任的{Level(level).label}人大代表"
            elif p.end < today:
                state, msg = PeriodState.BEHIND, f"{who}没有接待选民（应{FREQUENCY_LABELS[months]}）"
            else:
                state = PeriodState.DUE
                msg = (f"{who}尚未接待，已安排{'、'.join(fmt_date(d) for d in planned)}的接待" if planned
                       else f"{who}尚未接待，也还没有安排（应{FREQUENCY_LABELS[months]}）")
            cells.append(PeriodCell(key, level, p, state.value, tuple(held), tuple(planned), msg))
        rows.append(LevelRow(key, level, months, tuple(cells)))
    return rows


def _overlaps(s: Serving, start: date, end: date) -> bool:
    return (s.start is None or s.start <= end) and (s.end is None or start <= s.end)


def _turns(key: str, st: _Station, start: date, end: date, today: date, last: dict[str, date]) -> list[Turn]:
    """Every deputy serving during the year: fewest turns first, then the longest since their last one."""
    levels: dict[str, list[str]] = {}
    names: dict[str, tuple[str, int]] = {}
    for s in st.serving:
        if _overlaps(s, start, end):
            levels.setdefault(s.deputy_id, []).append(s.level)
            names[s.deputy_id] = (s.name, s.sort_order)
    attended: dict[str, int] = {}
    upcoming: dict[str, int] = {}
    for a in st.attended:
        if a.status == SessionStatus.DONE.value and a.attendance == Attendance.PRESENT.value:
            attended[a.deputy_id] = attended.get(a.deputy_id, 0) + 1
        elif a.day >= today and a.status != SessionStatus.DONE.value and a.attendance != Attendance.LEAVE.value:
            upcoming[a.deputy_id] = upcoming.get(a.deputy_id, 0) + 1
    out = [Turn(did, names[did][0], key, tuple(sorted(set(lv), key=level_order)), attended.get(did, 0),
                last.get(did), upcoming.get(did, 0)) for did, lv in levels.items()]
    return sorted(out, key=lambda t: (t.attended, t.last or date.min, names[t.deputy_id][1], t.name))
