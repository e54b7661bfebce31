"""The station rules a reception session is checked against: ≥2 deputies, notice 3 working days
before, no deputy or venue booked twice at the same time, no session on a holiday."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from liaison_desk.models.enums import Attendance, ScheduleRule, SessionStatus
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date

MIN_DEPUTIES = 2  # rule 三
NOTICE_WORKING_DAYS = 3  # rule 五

RULE_MIN_DEPUTIES = ScheduleRule.MIN_DEPUTIES.value
RULE_NOTICE_LATE = ScheduleRule.NOTICE_LATE.value
RULE_NOTICE_MISSING = ScheduleRule.NOTICE_MISSING.value
RULE_DEPUTY_DOUBLE = ScheduleRule.DEPUTY_DOUBLE.value
RULE_VENUE_DOUBLE = ScheduleRule.VENUE_DOUBLE.value
RULE_HOLIDAY = ScheduleRule.HOLIDAY.value
RULE_CALENDAR = ScheduleRule.CALENDAR.value


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule, in plain Chinese; `session`/`deputy` are ids or None."""

    rule: str
    session: str | None
    deputy: str | None
    message: str
    day: date | None = None  # the session's day

    def as_json(self) -> dict[str, str | None]:
        return {"session": self.session, "day": self.day.isoformat() if self.day else None, "rule": self.rule,
                "deputy": self.deputy, "message": self.message}


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What the checks need to know about one session (saved or being edited)."""

    id: str | None
    day: date
    start_time: time | None
    end_time: time | None
    venue: str
    notice_date: date | None
    status: str
    deputies: tuple[tuple[str, str], ...]  # (id, name)
    away: frozenset[str] = frozenset()  # ids of the deputies marked 请假 or 缺席


def latest_notice_date(cal: WorkCalendar, day: date) -> date:
    """The last day the notice may be posted: 3 working days before the reception."""
    return cal.add_working_days(day, -NOTICE_WORKING_DAYS)


def _overlap(a: SessionFacts, b: SessionFacts) -> bool:
    if a.day != b.day:
        return False
    if not (a.start_time and a.end_time and b.start_time and b.end_time):
        return True  # a session without times takes the whole day
    return a.start_time < b.end_time and b.start_time < a.end_time


def _venue_key(venue: str) -> str:
    return "".join(venue.split())


def check_one(cal: WorkCalendar, s: SessionFacts, today: date | None = None) -> list[Violation]:
    """The rules that concern one session on its own, as known on `today` (a notice not posted by its
    latest day is a violation once that day has passed)."""
    today = today or date.today()
    out: list[Violation] = []
    if s.status == SessionStatus.CANCELLED.value:
        return out
    when = fmt_date(s.day)
    coming = [d for d, _ in s.deputies if d not in s.away]
    if len(coming) < MIN_DEPUTIES:
        what = (f"只安排了 {len(s.deputies)} 名代表" if len(coming) == len(s.deputies) else
                f"安排的 {len(s.deputies)} 名代表中只有 {len(coming)} 名出席（其余请假或缺席）")
        out.append(Violation(RULE_MIN_DEPUTIES, s.id, None,
                             f"{when}的接待{what}，每次接待至少应有 {MIN_DEPUTIES} 名代表", s.day))
    if cal.is_holiday(s.day):
        out.append(Violation(RULE_HOLIDAY, s.id, None, f"{when}是节假日（非工作日），请确认是否在这一天接待", s.day))
    latest = latest_notice_date(cal, s.day)
    if s.notice_date is None:
        if latest < today or s.status in (SessionStatus.ANNOUNCED.value, SessionStatus.DONE.value):
            out.append(Violation(RULE_NOTICE_MISSING, s.id, None,
                                 f"{when}的接待公告最晚应在{fmt_date(latest)}张贴，没有登记张贴日期", s.day))
    elif s.notice_date > latest:
        if s.notice_date > s.day:
            how = "公告晚于接待日"
        elif s.notice_date == s.day:
            how = "公告与接待在同一天"
        else:
            how = f"只提前了 {max(cal.working_days_between(s.notice_date, s.day), 0)} 个工作日"
        out.append(Violation(RULE_NOTICE_LATE, s.id, None,
                             f"{when}的接待公告{fmt_date(s.notice_date)}才张贴，{how}；"
                             f"应提前 {NOTICE_WORKING_DAYS} 个工作日，最晚{fmt_date(latest)}张贴", s.day))
    return out


def check_pair(a: SessionFacts, b: SessionFacts) -> list[Violation]:
    """Double bookings between two sessions (reported against `a`)."""
    cancelled = SessionStatus.CANCELLED.value
    if a.status == cancelled or b.status == cancelled or not _overlap(a, b):
        return []
    out: list[Violation] = []
    other = {d for d, _ in b.deputies}
    for did, name in a.deputies:
        if did in other:
            out.append(Violation(RULE_DEPUTY_DOUBLE, a.id, did,
                                 f"{name}代表在{fmt_date(a.day)}同一时间被安排了两次接待", a.day))
    if _venue_key(a.venue) and _venue_key(a.venue) == _venue_key(b.venue):
        out.append(Violation(RULE_VENUE_DOUBLE, a.id, None,
                             f"{fmt_date(a.day)}同一时间在“{a.venue}”安排了两次接待", a.day))
    return out


def check_all(cal: WorkCalendar, sessions: Iterable[SessionFacts], today: date | None = None) -> list[Violation]:
    """Every rule over a set of sessions (each double booking reported once, on the later-listed one)."""
    items = sorted(sessions, key=lambda s: (s.day, s.start_time or time.min, s.id or ""))
    out: list[Violation] = []
    by_day: dict[date, list[SessionFacts]] = {}
    for s in items:
        out.extend(check_one(cal, s, today))
        for earlier in by_day.get(s.day, []):
            out.extend(check_pair(s, earlier))
        by_day.setdefault(s.day, []).append(s)
    return out


def load_facts(db: Database, start: date, end: date) -> list[SessionFacts]:
    """Sessions held in [start, end] with their deputies, read in two queries."""
    params = {"a": start.isoformat(), "b": end.isoformat()}
    with db.reading() as c:
        rows = c.execute("SELECT id, day, start_time, end_time, venue, notice_date, status "
                         "FROM receptionsession WHERE day >= :a AND day <= :b ORDER BY day", params).all()
        links = c.execute("SELECT sd.session_id, d.id, d.name, sd.attendance FROM sessiondeputy sd "
                          "JOIN deputy d ON d.id = sd.deputy_id JOIN receptionsession r "
                          "ON r.id = sd.session_id WHERE r.day >= :a AND r.day <= :b "
                          "ORDER BY d.sort_order, d.name, d.id", params).all()
    deps: dict[str, list[tuple[str, str]]] = {}
    away: dict[str, set[str]] = {}
    for sid, did, name, attendance in links:
        deps.setdefault(sid, []).append((did, name))
        if attendance != Attendance.PRESENT.value:
            away.setdefault(sid, set()).add(did)
    return [SessionFacts(r[0], date.fromisoformat(r[1]), _t(r[2]), _t(r[3]), r[4] or "",
                         date.fromisoformat(r[5]) if r[5] else None, r[6], tuple(deps.get(r[0], [])),
                         frozenset(away.get(r[0], ())))
            for r in rows]


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def check_range(db: Database, cal: WorkCalendar, start: date, end: date,
                today: date | None = None) -> list[Violation]:
    """Every violation among the sessions in [start, end], plus a calendar warning per year without data."""
    out = [Violation(RULE_CALENDAR, None, None, w)
           for w in cal.warnings([date(y, 1, 1) for y in range(start.year, end.year + 1)])]
    return out + check_all(cal, load_facts(db, start, end), today)


def check_draft(db: Database, cal: WorkCalendar, draft: SessionFacts, today: date | None = None) -> list[Violation]:
    """The rules for a session being edited, against the other sessions saved on the same day."""
    others = [f for f in load_facts(db, draft.day, draft.day) if f.id != draft.id]
    out = [Violation(RULE_CALENDAR, None, None, w) for w in cal.warnings([draft.day])]
    out += check_one(cal, draft, today)
    for o in others:
        out += check_pair(draft, o)
    return out
