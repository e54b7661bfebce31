"""How values are shown to the clerk: Chinese dates and times, defined once for screens, CLI text, PDFs and workbooks.

One style: 2026年11月26日 (fmt_date); 11月26日 where space is short (fmt_date_short, which keeps the year
when it is not the year in view); times as 09:30. Machine output (--json, file names, workbook cells) keeps ISO.
"""

from __future__ import annotations

from datetime import date, datetime, time

WEEKDAYS = "一二三四五六日"


def fmt_date(d: date | None) -> str:
    """2026年11月28日."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def fmt_date_short(d: date | None, year: int | None = None) -> str:
    """11月28日 when `d` is in `year` (default: this year), else the full 2025年11月28日 (narrow columns)."""
    if d is None:
        return ""
    if d.year != (year if year is not None else date.today().year):
        return fmt_date(d)
    return f"{d.month}月{d.day}日"


def fmt_month(month: str) -> str:
    """A YYYY-MM month as the clerk reads it: 2026年1月 (anything else unchanged)."""
    y, _, m = month.partition("-")
    return f"{int(y)}年{int(m)}月" if len(y) == 4 and y.isdigit() and m.isdigit() and 1 <= int(m) <= 12 else month


def fmt_weekday(d: date) -> str:
    """星期三."""
    return "星期" + WEEKDAYS[d.weekday()]


def fmt_time(t: time | None) -> str:
    return f"{t.hour:02d}:{t.minute:02d}" if t else ""


def fmt_datetime(ts: datetime | None, seconds: bool = False) -> str:
    """2026年11月28日 09:30 (09:30:15 with `seconds`); an aware timestamp is shown in local time."""
    if ts is None:
        return ""
    local = ts.astimezone() if ts.tzinfo else ts
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{fmt_date(local.date())} {clock}"


def fmt_datetime_local(ts: datetime | None) -> str:
    """A stored UTC timestamp shown in local time: 2026年11月28日 09:30."""
    return fmt_datetime(ts)


def fmt_period(start: date | None, end: date | None) -> str:
    """2026年11月1日至2026年11月30日 (one side open: 2026年11月1日起, 至2026年11月30日)."""
    if start and end:
        return f"{fmt_date(start)}至{fmt_date(end)}"
    if start:
        return f"{fmt_date(start)}起"
    return f"至{fmt_date(end)}" if end else ""


def fmt_iso_text(value: str) -> str:
    """A stored ISO date or timestamp as text (2026-11-28, 2026-11-28T09:30:00) in the clerk's style;
    anything else unchanged."""
    try:
        if len(value) == 10:
            return fmt_date(date.fromisoformat(value))
        if len(value) >= 16 and value[4] == "-" and value[10] in "T ":
            return fmt_datetime(datetime.fromisoformat(value))
    except ValueError:
        pass
    return value


def fmt_time_range(start: time | None, end: time | None) -> str:
    if start and end:
        return f"{fmt_time(start)}—{fmt_time(end)}"
    return fmt_time(start)
