"""Notices (公告) that must be posted: reminders for the coming ones, sessions listed with their posting
state and each deputy's attendance (`schedule sessions`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import Attendance, SessionStatus
from liaison_desk.services.base import Service
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.rules import NOTICE_WORKING_DAYS, latest_notice_date
from liaison_desk.services.schedule.service import split_places


def short_day(d: date) -> str:
    """12月16日 (the reminder's wording, within the current year)."""
    return f"{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class NoticeReminder:
    session: str
    day: date
    latest: date  # the last day the notice may be posted
    late: bool  # that day has passed and the notice is still not posted

    @property
    def message(self) -> str:
        if self.late:
            return f"{short_day(self.day)}的接待公告最晚应在{short_day(self.latest)}张贴，至今未张贴"
        return f"{short_day(self.day)}的接待须在{short_day(self.latest)}前张贴公告"


@dataclass(frozen=True, slots=True)
class SessionDeputyLine:
    id: str
    name: str
    attendance: str  # Attendance
    reason: str


@dataclass(frozen=True, slots=True)
class SessionLine:
    """A session with everything `schedule sessions` shows."""

    id: str
    day: date
    start_time: time | None
    end_time: time | None
    kind: str
    venue: str
    theme: str
    status: str
    deputies: tuple[SessionDeputyLine, ...]
    latest_notice: date
    posted: date | None
    places: tuple[str, ...]
    station_id: str | None = None  # the session's station (a township database names it)

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "day": self.day.isoformat(),
                "start": self.start_time.strftime("%H:%M") if self.start_time else None,
                "end": self.end_time.strftime("%H:%M") if self.end_time else None,
                "kind": self.kind, "venue": self.venue, "theme": self.theme, "status": self.status,
                "deputies": [{"id": d.id, "name": d.name, "attendance": Attendance.label_of(d.attendance),
                              "reason": d.reason} for d in self.deputies],
                "notice": {"latest": self.latest_notice.isoformat(),
                           "posted": self.posted.isoformat() if self.posted else None,
                           "places": list(self.places)}}


def _d(v: str | None) -> date | None:
    return date.fromisoformat(v) if v else None


class NoticeService(Service):
    """What the clerk must post, and the sessions with their notices."""

    def reminders(self, today: date | None = None, horizon: int = NOTICE_WORKING_DAYS) -> list[NoticeReminder]:
        """Unposted notices of coming sessions whose latest posting day is within `horizon` working days
        of `today`, or already past (late), soonest first."""
        today = today or date.today()
        cal = WorkCalendar(self.db)
        limit = cal.add_working_days(today, horizon)
        sql = """SELECT id, day FROM receptionsession WHERE notice_date IS NULL AND day >= :t
                 AND status IN (:p, :a) ORDER BY day, start_time, id"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"t": today.isoformat(), "p": SessionStatus.PLANNED.value,
                                         "a": SessionStatus.ANNOUNCED.value}).all()
        out = []
        for sid, d in rows:
            day = date.fromisoformat(d)
            latest = latest_notice_date(cal, day)
            if latest <= limit:
                out.append(NoticeReminder(sid, day, latest, latest < today))
        return out

    def sessions(self, start: date | None = None, end: date | None = None,
                 station_id: str | None = None) -> list[SessionLine]:
        """Sessions in [start, end] (open ends allowed), oldest first, with deputies and notice; `station_id`:
        one station's sessions of a township database."""
        params: dict[str, object] = {"a": (start or date.min).isoformat(), "b": (end or date.max).isoformat()}
        one = ""
        if station_id:
            one, params["st"] = " AND station_id = :st", station_id
        with self.db.reading() as c:
            rows = c.execute("SELECT id, day, start_time, end_time, kind, venue, theme, status, notice_date, "
                             f"notice_places, station_id FROM receptionsession WHERE day >= :a AND day <= :b{one} "
                             "ORDER BY day, start_time, id", params).all()
            links = c.execute("SELECT sd.session_id, d.id, d.name, sd.attendance, sd.leave_reason "
                              "FROM sessiondeputy sd JOIN deputy d ON d.id = sd.deputy_id "
                              "JOIN receptionsession r ON r.id = sd.session_id WHERE r.day >= :a AND r.day <= :b"
                              + one.replace("station_id", "r.station_id") +
                              " ORDER BY d.sort_order, d.name, d.id", params).all()
        deps: dict[str, list[SessionDeputyLine]] = {}
        for sid, did, name, att, reason in links:
            deps.setdefault(sid, []).append(SessionDeputyLine(did, name, att, reason or ""))
        cal = WorkCalendar(self.db)
        return [SessionLine(r[0], date.fromisoformat(r[1]), _t(r[2]), _t(r[3]), r[4], r[5] or "", r[6] or "", r[7],
                            tuple(deps.get(r[0], [])), latest_notice_date(cal, date.fromisoformat(r[1])), _d(r[8]),
                            tuple(split_places(r[9] or "")), r[10]) for r in rows]

    def session_on(self, day: date) -> str:
        """The id of the one session (not cancelled) held on `day`; a KnownError when none or several."""
        with self.db.reading() as c:
            ids = [r[0] for r in c.execute("SELECT id FROM receptionsession WHERE day = :d AND status != :c "
                                           "ORDER BY start_time, id",
                                           {"d": day.isoformat(), "c": SessionStatus.CANCELLED.value}).all()]
        if not ids:
            raise KnownError(f"{day.year}年{day.month}月{day.day}日没有接待安排",
                             hint="用 liaison-desk schedule sessions 查看接待安排及其编号")
        if len(ids) > 1:
            raise KnownError(f"{day.year}年{day.month}月{day.day}日有 {len(ids)} 次接待，请改用接待安排编号",
                             hint="用 liaison-desk schedule sessions --from 日期 --to 日期 查看编号")
        return str(ids[0])


def _t(v: str | None) -> time | None:
    return time.fromisoformat(v) if v else None
