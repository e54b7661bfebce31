"""The rota generator (轮值安排): propose what rule 一 asks of the station.

One regular reception a month (more only when the clerk asks), on the chosen weekday and week of the
month, moved off holidays; the county / city / provincial / national duty of each period is given to the
slot of that period with the fewest such deputies so far (spreading them over the months), then every
slot gets a township deputy and is filled to the session size (≥ 2) by fair rotation: fewest turns
this year first, then the longest since their last turn. Terms, 请假 dates and existing bookings are
honoured; periods already met or already scheduled are left alone. Deterministic for the same data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from sqlmodel import col, select

from liaison_desk.errors import ValidationError
from liaison_desk.models import DEFAULT_STATION_NAME, ReceptionSession, SessionDeputy, Station
from liaison_desk.models.enums import (
    RECEPTION_PERIOD_MONTHS,
    Attendance,
    AuditAction,
    Level,
    SessionKind,
    SessionStatus,
)
from liaison_desk.services.base import Service
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import Period, month_end, periods, view_range
from liaison_desk.services.schedule.frequency import NO_STATION, FrequencyService, Serving, level_order
from liaison_desk.services.schedule.rules import MIN_DEPUTIES, SessionFacts, latest_notice_date, load_facts
from liaison_desk.text import fmt_date


@dataclass(frozen=True, slots=True)
class RotaOptions:
    """What the clerk chooses: the period, the usual day and time, the venue and the session size."""

    year: int
    quarter: int | None = None
    weekday: int | None = None  # 1=Monday … 7=Sunday; None: the station's reception day
    week_of_month: int = 3  # 1–4, or 5 for the last one
    start_time: time = time(9, 0)
    end_time: time = time(11, 30)
    venue: str = ""  # empty: the station's venue
    theme: str = ""
    per_session: int = MIN_DEPUTIES  # deputies per session (more when a level's deputy joins)
    per_month: int = 1  # regular receptions a month


@dataclass(frozen=True, slots=True)
class ProposedSession:
    day: date
    start_time: time
    end_time: time
    venue: str
    notice_date: date  # the latest day its notice may be posted
    deputies: tuple[tuple[str, str], ...]  # (id, name)
    theme: str = ""
    kind: str = SessionKind.REGULAR.value

    def as_json(self) -> dict[str, object]:
        return {"day": self.day.isoformat(), "start": self.start_time.strftime("%H:%M"),
                "end": self.end_time.strftime("%H:%M"), "venue": self.venue, "kind": self.kind,
                "theme": self.theme, "notice_date": self.notice_date.isoformat(),
                "deputies": [{"id": i, "name": n} for i, n in self.deputies]}


@dataclass(frozen=True, slots=True)
class Unmet:
    deputy: str  # empty when a level's period could not be met
    name: str  # the deputy's name, or the level (乡镇人大代表 …)
    period: str
    message: str


@dataclass(frozen=True, slots=True)
class RotaPlan:
    options: RotaOptions
    start: date
    end: date
    sessions: tuple[ProposedSession, ...]
    unmet: tuple[Unmet, ...]
    warnings: tuple[str, ...]

    def as_json(self, applied: bool = False) -> dict[str, object]:
        return {"year": self.options.year, "quarter": self.options.quarter, "from": self.start.isoformat(),
                "to": self.end.isoformat(), "sessions": [s.as_json() for s in self.sessions],
                "unmet": [{"deputy": u.deputy, "name": u.name, "period": u.period, "message": u.message}
                          for u in self.unmet], "warnings": list(self.warnings), "applied": applied}


@dataclass
class _Slot:
    day: date
    deputies: list[str] = field(default_factory=list)
    seniors: int = 0  # deputies added for a level other than the township


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (1=Monday) of a month; n=5 (or beyond the month) gives the last one."""
    first = date(year, month, 1)
    d = first + timedelta(days=(weekday - 1 - first.weekday()) % 7 + 7 * (min(n, 5) - 1))
    while d.month != month:
        d -= timedelta(days=7)
    return d


class RotaService(Service):
    """Propose and accept a rota of reception sessions."""

    def propose(self, opts: RotaOptions, today: date | None = None) -> RotaPlan:
        today = today or date.today()
        if opts.quarter is not None and opts.quarter not in (1, 2, 3, 4):
            raise ValidationError("季度应为 1 至 4", column="季度")
        if opts.end_time <= opts.start_time:
            raise ValidationError("结束时间应晚于开始时间", column="结束时间")
        if opts.per_session < MIN_DEPUTIES:
            raise ValidationError(f"每次接待不能少于 {MIN_DEPUTIES} 名代表（联络站制度第三条）", column="每次代表人数")
        if not 1 <= opts.per_month <= 4:
            raise ValidationError("每月接待次数应为 1 至 4", column="每月接待次数")
        cal = WorkCalendar(self.db)
        start, end = view_range(opts.year, quarter=opts.quarter)
        station = self._station()
        weekday = opts.weekday or (station.reception_weekday if station else 3) or 3
        venue = opts.venue.strip() or (station.venue or station.name if station else "") or DEFAULT_STATION_NAME
        freq = FrequencyService(self.db)
        keys = freq.stations()
        key = next((k for k in keys if station and k == station.id), NO_STATION)
        serving = [s for s in freq.serving(keys) if s.station == key]
        names = {s.deputy_id: s.name for s in serving}
        order = {s.deputy_id: (s.sort_order, s.name, s.deputy_id) for s in serving}
        year_lo, year_hi = view_range(opts.year)
        existing = [a for a in freq.attendance(year_lo, year_hi, keys) if a.station == key]
        facts = [f for f in load_facts(self.db, start, end) if f.status != SessionStatus.CANCELLED.value]
        busy: dict[str, set[date]] = {}
        for f in facts:
            for did, _ in f.deputies:
                busy.setdefault(did, set()).add(f.day)
        venue_key = "".join(venue.split())

        def clashes(f: SessionFacts) -> bool:
            if "".join(f.venue.split()) != venue_key:
                return False
            if not (f.start_time and f.end_time):
                return True
            return f.start_time < opts.end_time and opts.start_time < f.end_time

        venue_busy = {f.day for f in facts if clashes(f)}
        away = self._unavailable(start, end)

        def allowed(day: date) -> bool:
            return (start <= day <= end and cal.is_workday(day) and day not in venue_busy
                    and latest_notice_date(cal, day) >= today)

        def free(did: str, day: date, level: str | None = None) -> bool:
            """Serving (at `level`, when given) on `day`, not on leave, not booked elsewhere that day."""
            return (any(s.deputy_id == did and (level is None or s.level == level) and s.on(day) for s in serving)
                    and day not in busy.get(did, set()) and not any(a <= day <= b for a, b in away.get(did, [])))

        # turns so far this year (held and attended, or still to come), and the last one
        turns: dict[str, int] = {did: 0 for did in names}
        last: dict[str, date] = {d: day for d, day in freq.last_attended(year_lo - timedelta(days=1)).items()
                                 if d in turns}
        for a in existing:
            if a.attendance != Attendance.PRESENT.value or a.deputy_id not in turns:
                continue
            if a.status == SessionStatus.DONE.value or a.day >= today:
                turns[a.deputy_id] += 1
                last[a.deputy_id] = max(last.get(a.deputy_id, date.min), a.day)

        def fairest(pool: list[str], day: date) -> str | None:
            return min(pool, key=lambda d: (turns[d], last.get(d, date.min), order[d]), default=None)

        def covered(level: str, p: Period) -> bool:
            """Met or scheduled already: a session of the period with a deputy of `level` not on leave."""
            return any(p.start <= a.day <= p.end and a.attendance != Attendance.LEAVE.value
                       and (a.status == SessionStatus.DONE.value or a.day >= today)
                       and any(s.deputy_id == a.deputy_id and s.level == level and s.on(a.day) for s in serving)
                       for a in existing)

        def owed(level: str, p: Period) -> bool:
            return any(s.level == level and s.during(p) for s in serving)

        def candidates(lo: date, hi: date, first_week: int) -> list[date]:
            """Possible days in [lo, hi]: the chosen week, then the nearest weeks, then any workday."""
            out: list[date] = []
            m = date(lo.year, lo.month, 1)
            while m <= hi:
                for w in sorted((1, 2, 3, 4, 5), key=lambda w: (abs(w - first_week), -w)):
                    d = self._off_holiday(cal, nth_weekday(m.year, m.month, weekday, w))
                    if lo <= d <= hi and allowed(d) and d not in out:
                        out.append(d)
                d = max(m, lo)
                while d <= min(hi, month_end(m.year, m.month)):
                    if allowed(d) and d not in out:
                        out.append(d)
                    d += timedelta(days=1)
                m = month_end(m.year, m.month) + timedelta(days=1)
            return out

        township = Level.TOWNSHIP.value
        slots: dict[date, _Slot] = {}
        unmet: list[Unmet] = []
        for p in periods(1, start, end):
            held_here = len({a.session_id for a in existing if p.start <= a.day <= p.end})
            want = max(opts.per_month - held_here, 0)
            if want == 0 and owed(township, p) and not covered(township, p):
                want = 1
            days = [d for d in candidates(p.start, p.end, opts.week_of_month) if d not in slots]
            for d in days[:want]:
                slots[d] = _Slot(d)

        def assign(slot: _Slot, did: str) -> None:
            slot.deputies.append(did)
            turns[did] += 1
            last[did] = max(last.get(did, date.min), slot.day)

        def level_label(level: str) -> str:
            return f"{Level.label_of(level)}人大代表"

        # the other levels' duty, one deputy per unmet period, spread over the months
        seniors = sorted({s.level for s in serving if s.level != township}, key=level_order)
        for level in seniors:
            months = RECEPTION_PERIOD_MONTHS[Level(level)]
            for p in periods(months, start, end):
                if not owed(level, p) or covered(level, p):
                    continue
                lo, hi = max(p.start, start), min(p.end, end)
                choice: tuple[_Slot, str] | None = None
                for slot in sorted((s for s in slots.values() if lo <= s.day <= hi),
                                   key=lambda s: (s.seniors, s.day)):
                    pool = [d for d in names if d not in slot.deputies and free(d, slot.day, level)]
                    pick = fairest(pool, slot.day)
                    if pick:
                        choice = (slot, pick)
                        break
                if choice is None:  # no regular slot works: an extra reception on a day a deputy can come
                    for day in candidates(lo, hi, opts.week_of_month):
                        pick = fairest([d for d in names if free(d, day, level)], day)
                        if day not in slots and pick:
                            choice = (slots.setdefault(day, _Slot(day)), pick)
                            break
                if choice is None:
                    unmet.append(Unmet("", level_label(level), p.full_label,
                                       f"{p.full_label}没有可以安排{level_label(level)}接待的日子（任期、请假、"
                                       "已有安排或节假日），请手工安排"))
                    continue
                slot, pick = choice
                assign(slot, pick)
                slot.seniors += 1

        # every slot: a township deputy, then filled to the session size by fair rotation
        size = max(opts.per_session, MIN_DEPUTIES)
        for slot in sorted(slots.values(), key=lambda s: s.day):
            has_township = any(_serves(serving, d, township, slot.day)
                               for d in slot.deputies)
            if not has_township:
                pick = fairest([d for d in names if d not in slot.deputies and free(d, slot.day, township)],
                               slot.day)
                if pick:
                    assign(slot, pick)
                elif owed(township, periods(1, slot.day, slot.day)[0]):
                    p = periods(1, slot.day, slot.day)[0]
                    unmet.append(Unmet("", level_label(township), p.full_label,
                                       f"{fmt_date(slot.day)}没有可以参加接待的乡镇人大代表（请假或已有安排），"
                                       "请手工安排"))
            while len(slot.deputies) < size:
                pool = [d for d in names if d not in slot.deputies and free(d, slot.day, township)]
                pick = fairest(pool, slot.day) or fairest(
                    [d for d in names if d not in slot.deputies and free(d, slot.day)], slot.day)
                if pick is None:
                    break
                assign(slot, pick)
        warnings = list(cal.warnings([start, end]))
        warnings += [f"{fmt_date(s.day)}只有 {len(s.deputies)} 名代表可以参加，每次接待至少应有 {MIN_DEPUTIES} 名"
                     for s in sorted(slots.values(), key=lambda s: s.day) if len(s.deputies) < MIN_DEPUTIES]
        sessions = tuple(
            ProposedSession(s.day, opts.start_time, opts.end_time, venue, latest_notice_date(cal, s.day),
                            tuple((did, names[did]) for did in sorted(s.deputies, key=lambda x: order[x])),
                            opts.theme)
            for s in sorted(slots.values(), key=lambda s: s.day) if s.deputies)
        return RotaPlan(opts, start, end, sessions, tuple(unmet), tuple(warnings))

    @staticmethod
    def _off_holiday(cal: WorkCalendar, d: date) -> date:
        """`d` moved to the next working day of its month, else the previous one."""
        n = d
        while not cal.is_workday(n) and n.month == d.month:
            n += timedelta(days=1)
        if n.month == d.month:
            return n
        n = d
        while not cal.is_workday(n) and n.month == d.month:
            n -= timedelta(days=1)
        return n

    def _station(self) -> Station | None:
        with self.db.session() as s:
            return s.exec(select(Station).order_by(col(Station.created_at))).first()

    def _unavailable(self, start: date, end: date) -> dict[str, list[tuple[date, date]]]:
        with self.db.reading() as c:
            rows = c.execute('SELECT deputy_id, start, "end" FROM unavailability '
                                  'WHERE start <= :b AND "end" >= :a',
                             {"a": start.isoformat(), "b": end.isoformat()}).all()
        out: dict[str, list[tuple[date, date]]] = {}
        for did, a, b in rows:
            out.setdefault(did, []).append((date.fromisoformat(a), date.fromisoformat(b)))
        return out

    def apply(self, sessions: list[ProposedSession] | tuple[ProposedSession, ...]) -> list[str]:
        """Save the accepted sessions (status 计划) in one transaction; returns their ids."""
        station = self._station()
        ids: list[str] = []
        with self.db.session() as s:
            for p in sessions:
                r = ReceptionSession(station_id=station.id if station else None, day=p.day,
                                     start_time=p.start_time, end_time=p.end_time, kind=p.kind, venue=p.venue,
                                     theme=p.theme, notice_date=None, status=SessionStatus.PLANNED.value,
                                     notes="由轮值安排生成")
                s.add(r)
                s.flush()
                for did, _ in p.deputies:
                    s.add(SessionDeputy(session_id=r.id, deputy_id=did))
                self.audit(s, AuditAction.CREATE, "receptionsession", r.id,
                           f"按轮值安排新增{fmt_date(p.day)}的接待",
                           {"deputies": json.dumps([d for d, _ in p.deputies])})
                ids.append(r.id)
        self.db.notify("receptionsession", "sessiondeputy")
        return ids


def with_deputies(p: ProposedSession, deputies: list[tuple[str, str]]) -> ProposedSession:
    return replace(p, deputies=tuple(deputies))


def _serves(serving: list[Serving], did: str, level: str, day: date) -> bool:
    return any(s.deputy_id == did and s.level == level and s.on(day) for s in serving)
