"""Who has reported: stations × months (未报送 / 按时报送 / 迟报 / 已审核 / 退回修改), approvals recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.models.enums import AuditAction, ReportState
from liaison_desk.services.base import Service
from liaison_desk.services.township.service import TownshipService, months
from liaison_desk.text import fmt_month

if TYPE_CHECKING:
    from liaison_desk.models import TownshipFile

DUE_DAY_KEY = "township.due_day"
DEFAULT_DUE_DAY = 5  # a month's workbook is due by the 5th of the next month unless the office sets another day


@dataclass(frozen=True, slots=True)
class MonthStatus:
    """One cell of the grid: a station's month, its state, the file that reported it and the office's note."""

    station_id: str
    station: str
    month: str
    state: ReportState
    file: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {"station": self.station, "station_id": self.station_id, "month": self.month,
                "state": self.state.label, "file": self.file, "note": self.note}


def parse_month(text: str) -> str:
    """YYYY-MM, checked."""
    try:
        y, m = (int(p) for p in text.split("-"))
        return date(y, m, 1).strftime("%Y-%m")
    except ValueError:
        raise ValidationError(f"月份「{text}」格式不对，应为 YYYY-MM，如 2026-11", column="月份") from None


def due_date(month: str, due_day: int) -> date:
    """The day a month's workbook is due: `due_day` of the following month."""
    y, m = (int(p) for p in month.split("-"))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return date(y, m, min(due_day, 28))


def _local_day(at: datetime) -> date:
    """The office's calendar day of a stored UTC time (the PC's own time zone)."""
    return at.astimezone().date()


class ReportingService(Service):
    """The reporting grid of a township database and the office's approvals."""

    def due_day(self) -> int:
        value = self.setting(DUE_DAY_KEY)
        try:
            return int(value) if value is not None else DEFAULT_DUE_DAY
        except ValueError:
            return DEFAULT_DUE_DAY

    def set_due_day(self, day: int) -> None:
        from liaison_desk.models import Setting

        if not 1 <= day <= 28:
            raise ValidationError("报送截止日应在每月 1 日到 28 日之间", column="截止日")
        with self.db.session() as s:
            row = s.get(Setting, DUE_DAY_KEY) or Setting(key=DUE_DAY_KEY)
            row.value = str(day)
            s.add(row)
            self.audit(s, AuditAction.UPDATE, "setting", DUE_DAY_KEY, f"报送截止日改为每月 {day} 日")
        self.db.notify("setting")

    def status(self, year: int, today: date | None = None) -> list[MonthStatus]:
        """Every station × every month of `year` up to this month (all twelve for a past year)."""
        from liaison_desk.models import Station, TownshipFile, TownshipMonth
        from liaison_desk.store.orm import col, select

        today = today or date.today()
        last = 12 if year < today.year else (today.month if year == today.year else 0)
        wanted = [f"{year:04d}-{m:02d}" for m in range(1, last + 1)]
        due = self.due_day()
        with self.db.session() as s:
            stations = s.exec(select(Station).order_by(col(Station.name))).all()
            files = s.exec(select(TownshipFile).order_by(col(TownshipFile.added_at))).all()
            decided = {(d.station_id, d.month): d for d in s.exec(select(TownshipMonth)).all()}
        reported: dict[tuple[str, str], list[TownshipFile]] = {}
        for f in files:
            for m in months(f.start, f.end):
                reported.setdefault((f.station_id, m), []).append(f)
        out = []
        for st in stations:
            for m in wanted:
                got = reported.get((st.id, m), [])
                d = decided.get((st.id, m))
                note, name = (d.note if d else ""), (got[-1].file_name if got else "")
                if d is not None and (not got or got[-1].added_at <= d.decided_at):
                    state = ReportState(d.state)
                elif not got:
                    state = ReportState.MISSING
                else:
                    state = ReportState.ON_TIME if _local_day(got[0].added_at) <= due_date(m, due) else ReportState.LATE
                out.append(MonthStatus(st.id, st.name, m, state, name, note))
        return out

    def decide(self, station: str, month: str, state: ReportState, note: str = "") -> MonthStatus:
        """Approve (已审核) or send back (退回修改) a station's month that has been reported."""
        from liaison_desk.models import TownshipFile, TownshipMonth, utcnow
        from liaison_desk.store.orm import select

        TownshipService(self.db).require()
        month = parse_month(month)
        station_id = TownshipService(self.db).station_id(station)
        if state is ReportState.SENT_BACK and not note.strip():
            raise ValidationError("退回修改要写明原因（--note）", column="说明")
        with self.db.session() as s:
            files = [f for f in s.exec(select(TownshipFile).where(TownshipFile.station_id == station_id)).all()
                     if month in months(f.start, f.end)]
            if not files:
                raise KnownError(f"这个联络站 {fmt_month(month)} 的台账还没有报送，不能{state.label}")
            row = s.get(TownshipMonth, (station_id, month)) or TownshipMonth(station_id=station_id, month=month,
                                                                             state=state.value)
            row.state, row.note, row.decided_at = state.value, note.strip(), utcnow()
            s.add(row)
            self.audit(s, AuditAction.UPDATE, "townshipmonth", station_id, f"{fmt_month(month)} {state.label}")
        self.db.notify("townshipmonth")
        year = int(month[:4])
        return next(r for r in self.status(year, today=date(year, 12, 31)) if r.station_id == station_id
                    and r.month == month)
