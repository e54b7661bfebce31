"""How values are shown to the clerk: Chinese dates and times, defined once for screens, PDFs and workbooks."""

from __future__ import annotations

from datetime import date, datetime, time

WEEKDAYS = "一二三四五六日"


def fmt_date(d: date | None) -> str:
    """2026年11月28日."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def fmt_date_short(d: date | None) -> str:
    """2026-11-28 (narrow table columns)."""
    return d.isoformat() if d else ""


def fmt_weekday(d: date) -> str:
    """星期三."""
    return "星期" + WEEKDAYS[d.weekday()]


def fmt_time(t: time | None) -> str:
    return f"{t.hour:02d}:{t.minute:02d}" if t else ""


def fmt_datetime_local(ts: datetime | None) -> str:
    """A stored UTC timestamp shown in local time: 2026年11月28日 09:30."""
    if ts is None:
        return ""
    local = ts.astimezone() if ts.tzinfo else ts
    return f"{fmt_date(local.date())} {local:%H:%M}"


def fmt_time_range(start: time | None, end: time | None) -> str:
    if start and end:
        return f"{fmt_time(start)}—{fmt_time(end)}"
    return fmt_time(start)
