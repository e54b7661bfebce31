"""The Chinese working-day calendar: holidays and make-up workdays (调休).

The clerk's holiday table (Holiday rows, imported or typed in) wins; otherwise chinesecalendar
answers for the years it covers; for a year with neither, Monday–Friday are working days and
`warning(year)` says so in plain Chinese wherever working days are counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import text

from liaison_desk.models.enums import DayKind
from liaison_desk.store.db import Database


def _library_answer(d: date) -> bool | None:
    """chinesecalendar's answer (True = workday), or None when it has no data for that year."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:
        return None


class WorkCalendar:
    """Working days for one database (its holiday table loaded once; call `reload()` after edits)."""

    def __init__(self, db: Database | None = None) -> None:
        self.db = db
        self._table: dict[date, bool] = {}
        self._years: set[int] = set()
        self.reload()

    def reload(self) -> None:
        self._table.clear()
        self._years.clear()
        if self.db is None:
            return
        with self.db.engine.connect() as c:
            for day, kind in c.execute(text("SELECT day, kind FROM holiday")).all():
                d = date.fromisoformat(day)
                self._table[d] = kind == DayKind.WORKDAY.value
                self._years.add(d.year)

    def has_data(self, year: int) -> bool:
        """True when the holiday arrangement of `year` is known (entered by the clerk or built in)."""
        return year in self._years or _library_answer(date(year, 1, 1)) is not None

    def warning(self, year: int) -> str | None:
        """The plain-Chinese warning for a year without holiday data, else None."""
        if self.has_data(year):
            return None
        return f"{year}年法定节假日安排尚未录入，按周一至周五计算"

    def warnings(self, days: Iterable[date]) -> list[str]:
        return [w for y in sorted({d.year for d in days}) if (w := self.warning(y))]

    def is_workday(self, d: date) -> bool:
        if d in self._table:
            return self._table[d]
        if d.year not in self._years:
            answer = _library_answer(d)
            if answer is not None:
                return answer
        return d.weekday() < 5

    def is_holiday(self, d: date) -> bool:
        """A statutory holiday or weekend rest day (not a working day)."""
        return not self.is_workday(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The day `n` working days after `d` (n < 0: before). `d` itself is not counted."""
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d += timedelta(days=step)
            if self.is_workday(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        n, d = 0, start
        while d < end:
            d += timedelta(days=1)
            if self.is_workday(d):
                n += 1
        return n

    def next_workday(self, d: date) -> date:
        """`d` itself when it is a working day, else the next one."""
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d
