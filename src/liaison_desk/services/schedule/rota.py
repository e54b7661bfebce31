"""The rota generator (轮值安排): propose a year's or quarter's sessions so every deputy meets rule 一.

Deterministic for the same inputs: slots are one a month on the chosen weekday and week of month,
moved off holidays; deputies are assigned most-constrained first (monthly before quarterly …) to the
least-loaded slot they can attend, honouring unavailable dates and existing bookings; a slot left
with one deputy gets the least-loaded available partner (rule 三: at least two).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from sqlalchemy import text
from sqlmodel import col, select

from liaison_desk.errors import ValidationError
from liaison_desk.models import ReceptionSession, SessionDeputy, Station
from liaison_desk.models.enums import AuditAction, SessionKind, SessionStatus
from liaison_desk.services.base import Service
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import (
    ComplianceService,
    DeputyDuty,
    month_end,
    periods,
    view_range,
)
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
    max_per_session: int = 6


@dataclass(frozen=True, slots=True)
class ProposedSession:
    day: date
    start_time: time
    end_time: time
    venue: str
    notice_date: date
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
    deputy: str
    name: str
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
        if opts.max_per_session < MIN_DEPUTIES:
            raise ValidationError(f"每次接待人数上限不能少于 {MIN_DEPUTIES} 人", column="每次最多代表")
        cal = WorkCalendar(self.db)
        start, end = view_range(opts.year, quarter=opts.quarter)
        station = self._station()
        weekday = opts.weekday or (station.reception_weekday if station else 3) or 3
        venue = opts.venue.strip() or (station.venue or station.name if station else "") or "人大代表联络站"
        duties = ComplianceService(self.db).duties(start, end, station.id if station else None)
        names = {d.id: d.name for d in duties}
        order = {d.id: i for i, d in enumerate(duties)}
        spans = [p for m in {d.months for d in duties} for p in periods(m, start, end)]
        span_lo = min([p.start for p in spans] or [start])
        span_hi = max([p.end for p in spans] or [end])
        facts = [f for f in load_facts(self.db, span_lo, span_hi) if f.status != SessionStatus.CANCELLED.value]
        covered: dict[str, list[date]] = {}
        busy: dict[str, set[date]] = {}
        for f in facts:
            for did, _ in f.deputies:
                covered.setdefault(did, []).append(f.day)
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

        def free(did: str, day: date) -> bool:
            return day not in busy.get(did, set()) and not any(a <= day <= b for a, b in away.get(did, []))

        def candidates(lo: date, hi: date) -> list[date]:
            """Possible slot days in [lo, hi]: the chosen week, then the nearest weeks, then any workday."""
            out: list[date] = []
            m = date(lo.year, lo.month, 1)
            while m <= hi:
                weeks = sorted((1, 2, 3, 4, 5), key=lambda w: (abs(w - opts.week_of_month), -w))
                for w in weeks:
                    d = self._off_holiday(cal, nth_weekday(m.year, m.month, weekday, w))
                    if lo <= d <= hi and allowed(d) and d not in out:
                        out.append(d)
                d = m
                while d <= min(hi, month_end(m.year, m.month)):
                    if lo <= d and allowed(d) and d not in out:
                        out.append(d)
                    d += timedelta(days=1)
                m = month_end(m.year, m.month) + timedelta(days=1)
            return out

        slots: dict[date, _Slot] = {}
        m = start
        while m <= end:
            d = self._off_holiday(cal, nth_weekday(m.year, m.month, weekday, opts.week_of_month))
            if allowed(d):
                slots[d] = _Slot(d)
            m = month_end(m.year, m.month) + timedelta(days=1)

        demands: list[tuple[DeputyDuty, date, date, str]] = []
        for duty in duties:
            for p in periods(duty.months, start, end):
                if any(p.start <= day <= p.end for day in covered.get(duty.id, [])):
                    continue
                demands.append((duty, max(p.start, start), min(p.end, end), p.label))
        n = max(len(duties), 1)

        def turn(x: tuple[DeputyDuty, date, date, str]) -> tuple[int, date, int]:
            # rotate the order each period so deputies take turns and partners change (rule 三)
            shift = (x[1].year * 12 + x[1].month) * opts.max_per_session
            return x[0].months, x[1], (order[x[0].id] - shift) % n

        demands.sort(key=turn)
        load: dict[str, int] = {d.id: 0 for d in duties}
        unmet: list[Unmet] = []
        for duty, lo, hi, label in demands:
            ok = [s for s in slots.values() if lo <= s.day <= hi and len(s.deputies) < opts.max_per_session
                  and duty.id not in s.deputies and free(duty.id, s.day)]
            if ok:
                slot = min(ok, key=lambda s: (len(s.deputies), s.day))
            else:
                new = next((day for day in candidates(lo, hi) if day not in slots and free(duty.id, day)), None)
                if new is None:
                    unmet.append(Unmet(duty.id, duty.name, label, f"{duty.name}代表在{label}没有可以安排的接待日"
                                       "（请假、已有安排或节假日），请手工安排"))
                    continue
                slot = slots[new] = _Slot(new)
            slot.deputies.append(duty.id)
            load[duty.id] += 1
        for slot in sorted(slots.values(), key=lambda s: s.day):
            while 0 < len(slot.deputies) < MIN_DEPUTIES:
                partner = min((did for did in load if did not in slot.deputies and free(did, slot.day)),
                              key=lambda did: (load[did], order[did]), default=None)
                if partner is None:
                    break
                slot.deputies.append(partner)
                load[partner] += 1
        sessions = tuple(
            ProposedSession(s.day, opts.start_time, opts.end_time, venue, latest_notice_date(cal, s.day),
                            tuple((did, names[did]) for did in sorted(s.deputies, key=lambda x: order[x])),
                            opts.theme)
            for s in sorted(slots.values(), key=lambda s: s.day) if s.deputies)
        return RotaPlan(opts, start, end, sessions, tuple(unmet), tuple(cal.warnings([start, end])))

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
        with self.db.engine.connect() as c:
            rows = c.execute(text('SELECT deputy_id, start, "end" FROM unavailability '
                                  'WHERE start <= :b AND "end" >= :a'),
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
                                     theme=p.theme, notice_date=p.notice_date, status=SessionStatus.PLANNED.value,
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
