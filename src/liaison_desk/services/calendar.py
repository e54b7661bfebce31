"""The Chinese working-day calendar: holidays and make-up workdays (调休).

The clerk's holiday table (Holiday rows, imported or typed in) wins; otherwise chinesecalendar
answers for the years it covers; for a year with neither, Monday–Friday are working days and
`warning(year)` says so in plain Chinese wherever working days are counted.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import AuditAction, DayKind
from liaison_desk.services.base import Service
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date


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
        self._memo: dict[date, bool] = {}
        self.reload()

    def reload(self) -> None:
        self._table.clear()
        self._years.clear()
        self._memo.clear()
        if self.db is None:
            return
        with self.db.reading() as c:
            for day, kind in c.execute("SELECT day, kind FROM holiday").all():
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
        known = self._memo.get(d)
        if known is None:
            known = self._memo[d] = self._lookup(d)
        return known

    def _lookup(self, d: date) -> bool:
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


# The clerk's holiday table: entering, importing and listing days ------------------------------------

HOLIDAY_TABLE = "holiday"
@dataclass(frozen=True, slots=True)
class HolidayRow:
    """One day of the holiday table: 休 (off) or 班 (make-up workday)."""

    id: str
    day: date
    kind: str  # DayKind code
    name: str
    source: str


@dataclass(frozen=True, slots=True)
class HolidayImport:
    """What an import wrote: the years it covered and the number of days."""

    years: tuple[int, ...]
    days: int
    off: int
    work: int


class HolidayService(Service):
    """The clerk's holiday table (法定节假日安排): import a year, add, change or remove a day."""

    TABLES = (HOLIDAY_TABLE,)

    def list(self, year: int) -> list[HolidayRow]:
        with self.db.reading() as c:
            rows = c.execute("SELECT id, day, kind, name, source FROM holiday WHERE day >= :a AND day <= :b "
                             "ORDER BY day", {"a": f"{year}-01-01", "b": f"{year}-12-31"}).all()
        return [HolidayRow(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4]) for r in rows]

    def years(self) -> builtins.list[int]:
        with self.db.reading() as c:
            return [int(y) for (y,) in c.execute(
                "SELECT DISTINCT substr(day, 1, 4) FROM holiday ORDER BY 1").all()]

    def set_day(self, day: date, kind: str, name: str = "", source: str = "手工录入") -> None:
        from liaison_desk.models import Holiday
        from liaison_desk.store.orm import select

        if DayKind.from_label(kind) is None:
            raise ValidationError("请选择“休”或“班”", column="休/班")
        code = DayKind.from_label(kind)
        with self.db.session() as s:
            h = s.exec(select(Holiday).where(Holiday.day == day)).first()
            if h is None:
                h = Holiday(day=day, kind=str(code), name=name.strip()[:50], source=source)
                s.add(h)
                action = AuditAction.CREATE
            else:
                h.kind, h.name, h.source = str(code), name.strip()[:50], source
                action = AuditAction.UPDATE
            s.flush()
            self.audit(s, action, HOLIDAY_TABLE, h.id, f"节假日安排 {fmt_date(day)} {DayKind.label_of(code)}")
        self.db.notify(*self.TABLES)

    def remove_day(self, day: date) -> None:
        from liaison_desk.models import Holiday
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            h = s.exec(select(Holiday).where(Holiday.day == day)).first()
            if h is None:
                return
            s.delete(h)
            self.audit(s, AuditAction.DELETE, HOLIDAY_TABLE, h.id, f"删除节假日安排 {fmt_date(day)}")
        self.db.notify(*self.TABLES)

    def import_days(self, days: Sequence[tuple[date, DayKind, str]], source: str) -> HolidayImport:
        """Replace the table of every year `days` cover with them (read from the file `source` by
        ledger.holidays); one transaction."""
        from liaison_desk.models import Holiday
        from liaison_desk.store.orm import select

        years = sorted({d.year for d, _, _ in days})
        self.backup_before_import()  # like every import: a backup first
        with self.db.session() as s:
            for y in years:
                for h in s.exec(select(Holiday).where(Holiday.day >= date(y, 1, 1),
                                                      Holiday.day <= date(y, 12, 31))).all():
                    s.delete(h)
            s.flush()
            for d, kind, name in days:
                s.add(Holiday(day=d, kind=kind.value, name=name, source=source[:100]))
            self.audit(s, AuditAction.IMPORT, HOLIDAY_TABLE, "",
                       f"导入节假日安排（{'、'.join(map(str, years))}年，{len(days)} 天）")
        self.db.notify(*self.TABLES)
        off = sum(1 for _, k, _ in days if k is DayKind.HOLIDAY)
        return HolidayImport(tuple(years), len(days), off, len(days) - off)


def builtin_days(year: int) -> list[tuple[date, DayKind, str]]:
    """The arrangement chinesecalendar knows for `year`: weekday holidays, named weekend days off and
    make-up workdays; empty when the library has no data for that year."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday as LibHoliday

    names = {h.value: h.chinese for h in LibHoliday}
    out: list[tuple[date, DayKind, str]] = []
    d = date(year, 1, 1)
    while d.year == year:
        try:
            off, name = chinese_calendar.get_holiday_detail(d)
        except NotImplementedError:
            return []
        weekend = d.weekday() >= 5
        if off and (name or not weekend):
            out.append((d, DayKind.HOLIDAY, names.get(name, name or "")))
        elif not off and weekend:
            out.append((d, DayKind.WORKDAY, names.get(name, name or "") + "调休" if name else "调休上班"))
        d += timedelta(days=1)
    return out
