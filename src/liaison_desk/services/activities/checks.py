"""The activity rules, checked as the schedule rules are: groups each quarter, members each month,
deputies' attendance (考勤) against the clerk's threshold, and who has reported to voters (述职)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from liaison_desk.errors import ValidationError
from liaison_desk.services.activities.service import ROLL_SQL
from liaison_desk.services.base import Service

THRESHOLD_KEY = "activities.attendance_threshold"
DEFAULT_THRESHOLD = 0.6
CONTACTS_PER_YEAR = 12  # each member visits their contact point's deputies ≥ 12 times a year, ≥ 1 a month
QUARTER_NAMES = "一二三四"


@dataclass(frozen=True, slots=True)
class GroupGap:
    group: str
    quarter: str  # "2026Q3"
    message: str


@dataclass(frozen=True, slots=True)
class ContactGap:
    member: str
    month: str  # "2026-05", or "2026" for the year's total
    message: str


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    """One deputy's 考勤 over a period: 应参加 / 出席 / 请假 / 缺席 / 出席率."""

    deputy_id: str
    name: str
    expected: int
    present: int
    leave: int
    absent: int
    station_id: str | None = None  # a township database: the station whose roll calls these are

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True, slots=True)
class AttendanceFlag:
    deputy: str
    rate: float
    message: str


@dataclass(frozen=True, slots=True)
class ReportGap:
    deputy: str
    message: str


@dataclass(frozen=True, slots=True)
class ActivityCheck:
    year: int
    groups: list[GroupGap]
    contacts: list[ContactGap]
    attendance: list[AttendanceFlag]
    reports: list[ReportGap]

    @property
    def findings(self) -> int:
        """How many rule breaches (述职 is shown for information and not counted)."""
        return len(self.groups) + len(self.contacts) + len(self.attendance)


def quarter_bounds(year: int, q: int) -> tuple[date, date]:
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - timedelta(days=1)
    return start, end


def month_bounds(year: int, m: int) -> tuple[date, date]:
    return date(year, m, 1), date(year + (m == 12), 1 if m == 12 else m + 1, 1) - timedelta(days=1)


def percent(rate: float) -> str:
    return f"{rate * 100:.0f}%"


class ActivityChecks(Service):
    """The activity rules for a year, as of `today` (a period still running is not yet a gap)."""

    def threshold(self) -> float:
        value = self.setting(THRESHOLD_KEY)
        return float(value) if value else DEFAULT_THRESHOLD

    def set_threshold(self, value: float) -> None:
        from liaison_desk.models import Setting

        if not 0 < value <= 1:
            raise ValidationError("出席率提醒线应在 1% 到 100% 之间", column="出席率提醒线")
        with self.db.session() as s:
            row = s.get(Setting, THRESHOLD_KEY) or Setting(key=THRESHOLD_KEY)
            row.value = f"{value:.2f}"
            s.add(row)
        self.db.notify("setting")

    def check(self, year: int, today: date | None = None) -> ActivityCheck:
        today = today or date.today()
        return ActivityCheck(year, self.group_gaps(year, today), self.contact_gaps(year, today),
                             self.attendance_flags(year, today), self.report_gaps(today))

    def group_gaps(self, year: int, today: date) -> list[GroupGap]:
        """Each 代表小组 holds ≥ 1 activity in every quarter that has ended."""
        with self.db.reading() as c:
            groups = c.execute("SELECT id, name FROM deputygroup ORDER BY name").all()
            held = {(r.group_id, r.q) for r in c.execute(
                "SELECT group_id, (CAST(strftime('%m', day) AS INTEGER) + 2) / 3 AS q FROM activity "
                "WHERE group_id IS NOT NULL AND strftime('%Y', day) = :y GROUP BY group_id, q", {"y": str(year)})}
        out = []
        for q in range(1, 5):
            if quarter_bounds(year, q)[1] >= today:
                break
            for g in groups:
                if (g.id, q) not in held:
                    out.append(GroupGap(g.name, f"{year}Q{q}", f"{g.name} {year}年第{QUARTER_NAMES[q - 1]}季度未开展活动"))
        return out

    def contact_gaps(self, year: int, today: date) -> list[ContactGap]:
        """Each member contacts their deputies ≥ 1 time every month that has ended, ≥ 12 in an ended year."""
        with self.db.reading() as c:
            members = c.execute("SELECT id, name FROM congressmember WHERE active ORDER BY sort_order, name").all()
            counts: dict[tuple[str, int], int] = {
                (r.member_id, r.m): r.n for r in c.execute(
                    "SELECT member_id, CAST(strftime('%m', day) AS INTEGER) AS m, COUNT(*) AS n FROM activity "
                    "WHERE kind = 'contact' AND member_id IS NOT NULL AND strftime('%Y', day) = :y "
                    "GROUP BY member_id, m", {"y": str(year)})}
        out = []
        for m in members:
            for month in range(1, 13):
                if month_bounds(year, month)[1] >= today:
                    break
                if not counts.get((m.id, month)):
                    out.append(ContactGap(m.name, f"{year}-{month:02d}", f"{m.name} {year}年{month}月未联系代表"))
            total = sum(n for (mid, _), n in counts.items() if mid == m.id)
            if date(year, 12, 31) < today and total < CONTACTS_PER_YEAR:
                out.append(ContactGap(m.name, str(year),
                                      f"{m.name} {year}年联系代表 {total} 次，少于每年 {CONTACTS_PER_YEAR} 次"))
        return out

    def attendance(self, start: date, end: date, station_id: str | None = None,
                   by_station: bool = False) -> list[AttendanceLine]:
        """考勤 of every deputy on a roll call in [start, end] (activities and held receptions).

        A township database: `station_id` keeps to one station's roll calls; `by_station` gives a line per
        deputy and station (a deputy of two stations is counted at each), the station's lines together."""
        one = "AND r.station_id = :st" if station_id else ""
        sql = f"""WITH roll AS ({ROLL_SQL})
            SELECT d.id, d.name, COUNT(*) AS n, {"r.station_id" if by_station else "NULL"} AS station_id,
                   SUM(r.status = 'present') AS p, SUM(r.status = 'leave') AS l, SUM(r.status = 'absent') AS a
            FROM roll r JOIN deputy d ON d.id = r.deputy_id
            WHERE r.day BETWEEN :start AND :end {one}
            GROUP BY d.id{", r.station_id" if by_station else ""}
            ORDER BY {"r.station_id, " if by_station else ""}d.sort_order, d.name_pinyin, d.id"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"start": start, "end": end, "st": station_id}).all()
        return [AttendanceLine(r.id, r.name, r.n, r.p, r.l, r.a, r.station_id if by_station else station_id)
                for r in rows]

    def attendance_flags(self, year: int, today: date) -> list[AttendanceFlag]:
        limit = self.threshold()
        end = min(date(year, 12, 31), today)
        out = []
        for line in self.attendance(date(year, 1, 1), end):
            if line.rate is not None and line.rate < limit:
                out.append(AttendanceFlag(line.name, round(line.rate, 4),
                                          f"{line.name} 出席率 {percent(line.rate)}（应参加 {line.expected} 次，"
                                          f"出席 {line.present} 次），低于 {percent(limit)}"))
        return out

    def report_gaps(self, today: date) -> list[ReportGap]:
        """Deputies in office who have not reported to voters (述职) since their term began."""
        with self.db.reading() as c:
            rows = c.execute("SELECT id, name FROM deputy WHERE status = 'active' "
                             "ORDER BY sort_order, name_pinyin, id").all()
            since = {r[0]: r[1] for r in c.execute(
                "SELECT deputy_id, MIN(start_date) FROM deputylevel GROUP BY deputy_id")}
        last = self.reported()
        out = []
        for r in rows:
            began, reported = str(since.get(r.id) or "")[:10], last.get(r.id)
            if reported is None or (began and reported.isoformat() < began):
                out.append(ReportGap(r.name, f"{r.name} 本届尚未向选民述职"))
        return out

    def reported(self) -> dict[str, date]:
        """{deputy id: the day of their latest 述职}."""
        with self.db.reading() as c:
            rows = c.execute("SELECT reporter_id, MAX(day) AS last FROM activity WHERE kind = 'report' "
                             "AND reporter_id IS NOT NULL GROUP BY reporter_id").all()
        return {r.reporter_id: date.fromisoformat(str(r.last)[:10]) for r in rows}

