"""Calendar periods of rule 一 (month, quarter, half year, year) and the helpers to name and bound them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

QUARTERS = "一二三四"


@dataclass(frozen=True, slots=True)
class Period:
    """One obligation period: a month, quarter, half year or year."""

    start: date
    end: date
    label: str  # 3月, 第一季度, 上半年, 2026年

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def key(self) -> str:
        """2026-03, 2026Q1, 2026H1 or 2026 (the command line's period names)."""
        y, m, n = self.start.year, self.start.month, self.months
        return {1: f"{y}-{m:02d}", 3: f"{y}Q{(m - 1) // 3 + 1}", 6: f"{y}H{(m - 1) // 6 + 1}"}.get(n, str(y))

    @property
    def full_label(self) -> str:
        """2026年3月, 2026年第一季度, 2026年上半年, 2026年."""
        return self.label if self.months == 12 else f"{self.start.year}年{self.label}"


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
