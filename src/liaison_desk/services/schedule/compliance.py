"""Compliance with rule 一: per deputy and period, did they receive voters as often as their level requires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import text

from liaison_desk.models.enums import (
    FREQUENCY_LABELS,
    RECEPTION_PERIOD_MONTHS,
    DeputyStatus,
    Level,
    PeriodState,
    SessionStatus,
)
from liaison_desk.services.base import Service

QUARTERS = "一二三四"


@dataclass(frozen=True, slots=True)
class Period:
    """One obligation period: a month, quarter, half year or year."""

    start: date
    end: date
    label: str


@dataclass(frozen=True, slots=True)
class PeriodCell:
    period: Period
    state: str  # PeriodState
    days: tuple[date, ...]  # days of the sessions the deputy took part in


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One deputy's record for the view: required frequency and each period's state."""

    deputy_id: str
    name: str
    level: str  # the Level deciding the frequency
    months: int  # period length
    frequency: str  # 每月一次 …
    cells: tuple[PeriodCell, ...]
    missed: int  # periods without any session (past: 未接待, future: 未安排)

    @property
    def behind(self) -> bool:
        return self.missed > 0


@dataclass(frozen=True, slots=True)
class DeputyDuty:
    """A deputy with the period length their most frequent level sets."""

    id: str
    name: str
    level: str
    months: int
    sort_order: int


def month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def period_label(start: date, months: int) -> str:
    if months == 1:
        return f"{start.month}月"
    if months == 3:
        return f"第{QUARTERS[(start.month - 1) // 3]}季度"
    if months == 6:
        return "上半年" if start.month == 1 else "下半年"
    return f"{start.year}年"


@lru_cache(maxsize=256)
def periods(months: int, start: date, end: date) -> tuple[Period, ...]:
    """The `months`-long calendar periods (aligned on 1 January) overlapping [start, end]."""
    out = []
    for year in range(start.year, end.year + 1):
        for m in range(1, 13, months):
            p = Period(date(year, m, 1), month_end(year, m + months - 1), "")
            if p.end >= start and p.start <= end:
                out.append(Period(p.start, p.end, period_label(p.start, months)))
    return tuple(out)


def view_range(year: int, half: int | None = None, quarter: int | None = None,
               month: int | None = None) -> tuple[date, date]:
    """[start, end] of a year, half year (1–2), quarter (1–4) or month (1–12)."""
    if month:
        return date(year, month, 1), month_end(year, month)
    if quarter:
        return date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)
    if half:
        return date(year, 6 * half - 5, 1), month_end(year, 6 * half)
    return date(year, 1, 1), date(year, 12, 31)


class ComplianceService(Service):
    """Who received voters as often as rule 一 requires, and who is behind."""

    def duties(self, start: date, end: date, station_id: str | None = None) -> list[DeputyDuty]:
        """Active deputies with a level in force during [start, end], and their period length."""
        sql = """SELECT d.id, d.name, d.sort_order, l.level FROM deputy d JOIN deputylevel l ON l.deputy_id = d.id
                 WHERE d.status = :active AND (l.start_date IS NULL OR l.start_date <= :b)
                   AND (l.end_date IS NULL OR l.end_date >= :a)"""
        params: dict[str, str] = {"active": DeputyStatus.ACTIVE.value, "a": start.isoformat(),
                                  "b": end.isoformat()}
        if station_id:
            sql += " AND d.station_id = :st"
            params["st"] = station_id
        with self.db.engine.connect() as c:
            rows = c.execute(text(sql), params).all()
        best: dict[str, DeputyDuty] = {}
        for did, name, order, level in rows:
            lv = Level.from_label(level)
            if lv is None:
                continue
            months = RECEPTION_PERIOD_MONTHS[lv]
            if did not in best or months < best[did].months:
                best[did] = DeputyDuty(did, name, lv.value, months, order or 0)
        return sorted(best.values(), key=lambda d: (d.sort_order, d.name, d.id))

    def attendance(self, start: date, end: date) -> dict[str, list[tuple[date, bool]]]:
        """deputy id → [(day, held)] of the non-cancelled sessions in [start, end]."""
        sql = """SELECT sd.deputy_id, r.day, r.status FROM sessiondeputy sd JOIN receptionsession r
                 ON r.id = sd.session_id WHERE r.status != :cancelled AND r.day >= :a AND r.day <= :b
                 ORDER BY r.day"""
        with self.db.engine.connect() as c:
            rows = c.execute(text(sql), {"cancelled": SessionStatus.CANCELLED.value, "a": start.isoformat(),
                                         "b": end.isoformat()}).all()
        out: dict[str, list[tuple[date, bool]]] = {}
        for did, day, status in rows:
            out.setdefault(did, []).append((date.fromisoformat(day), status == SessionStatus.DONE.value))
        return out

    def report(self, start: date, end: date, today: date | None = None,
               station_id: str | None = None) -> list[ComplianceRow]:
        """Per deputy, the periods overlapping [start, end]; deputies behind first."""
        today = today or date.today()
        duties = self.duties(start, end, station_id)
        if not duties:
            return []
        widest = [p for m in {d.months for d in duties} for p in periods(m, start, end)]
        lo, hi = min(p.start for p in widest), max(p.end for p in widest)
        seen = self.attendance(lo, hi)
        rows = []
        for d in duties:
            cells = []
            for p in periods(d.months, start, end):
                days = [(day, held) for day, held in seen.get(d.id, []) if p.start <= day <= p.end]
                if any(held or day < today for day, held in days):
                    state = PeriodState.RECEIVED
                elif days:
                    state = PeriodState.SCHEDULED
                else:
                    state = PeriodState.MISSED if p.end < today else PeriodState.UNPLANNED
                cells.append(PeriodCell(p, state.value, tuple(day for day, _ in days)))
            missed = sum(1 for c in cells if c.state in (PeriodState.MISSED.value, PeriodState.UNPLANNED.value))
            rows.append(ComplianceRow(d.id, d.name, d.level, d.months, FREQUENCY_LABELS[d.months],
                                      tuple(cells), missed))
        order = {d.id: i for i, d in enumerate(duties)}
        return sorted(rows, key=lambda r: (-r.missed, order[r.deputy_id]))
