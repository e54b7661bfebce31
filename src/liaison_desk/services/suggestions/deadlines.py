"""Suggestion deadlines: default terms, the working-day setting, overdue and due-soon lists, period rates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import (
    DEADLINE_STEPS,
    DUE_SOON_WORKING_DAYS,
    AgencyRole,
    AuditAction,
    DeadlineState,
    EventKind,
    Satisfaction,
    SuggestionKind,
)
from liaison_desk.services.base import Service
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.store.db import Database

CITIZEN_DAYS_KEY = "suggestions.citizen_working_days"
DEFAULT_CITIZEN_DAYS = 15  # working days for a citizen opinion passed on (editable setting)
DEPUTY_MONTHS = 3  # the deputies law: reply within 3 months of assignment …
DEPUTY_MAX_MONTHS = 6  # … at most 6 months for hard cases
DEADLINE_STEPS_SQL = ", ".join(f"'{s.value}'" for s in DEADLINE_STEPS)  # for `step IN (…)`


def lead_agency_sql(suggestion: str) -> str:
    """The name of the lead agency (主办单位) now handling the suggestion whose id is the SQL `suggestion`."""
    return ("(SELECT a.name FROM suggestionagency sa JOIN agency a ON a.id = sa.agency_id "
            f"WHERE sa.suggestion_id = {suggestion} AND sa.role = '{AgencyRole.LEAD.value}' "
            "AND sa.returned_on IS NULL LIMIT 1)")


def add_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (11月30日 + 3 → 2月28日)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """An open record with a running deadline (overdue or due soon)."""

    id: str
    number: str
    title: str
    kind: str
    step: str
    agency: str
    deadline: date
    working_days_overdue: int  # > 0 overdue; 0 or less: working days left, negated
    station_id: str | None = None  # the station that raised it (a township database lists every station's)


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """On-time and satisfaction rates over replies and feedback recorded in a period."""

    start: date
    end: date
    replied: int
    on_time: int
    feedback: int
    satisfied: int
    basic: int
    unsatisfied: int

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.replied if self.replied else None

    @property
    def satisfaction_rate(self) -> float | None:
        """(满意 + 基本满意) / all feedback."""
        return (self.satisfied + self.basic) / self.feedback if self.feedback else None


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class DeadlineService(Service):
    """Deadlines of suggestions; one WorkCalendar per service (call `calendar.reload()` after edits)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.calendar = WorkCalendar(self.db)

    # the setting ---------------------------------------------------------------------------------
    def citizen_working_days(self) -> int:
        value = (self.setting(CITIZEN_DAYS_KEY) or "").strip()
        try:
            return int(value) if value else DEFAULT_CITIZEN_DAYS
        except ValueError:
            return DEFAULT_CITIZEN_DAYS

    def set_citizen_working_days(self, days: int) -> None:
        from liaison_desk.models import Setting

        if not 1 <= int(days) <= 120:
            raise ValidationError("选民意见办理期限应为 1 至 120 个工作日", column="办理期限")
        with self.db.session() as s:
            row = s.get(Setting, CITIZEN_DAYS_KEY) or Setting(key=CITIZEN_DAYS_KEY)
            old = row.value
            row.value = str(int(days))
            s.add(row)
            self.audit(s, AuditAction.UPDATE, "setting", CITIZEN_DAYS_KEY, "修改选民意见办理期限",
                       {"value": [old, row.value]})
        self.db.notify("setting")

    # computing -----------------------------------------------------------------------------------
    def default_deadline(self, kind: str, assigned_on: date) -> date:
        """3 months for a deputy suggestion; the configured working days for a citizen opinion;
        a deadline that falls on a rest day moves to the next working day."""
        if kind == SuggestionKind.DEPUTY.value:
            return self.calendar.next_workday(add_months(assigned_on, DEPUTY_MONTHS))
        return self.calendar.add_working_days(assigned_on, self.citizen_working_days())

    def latest_allowed(self, kind: str, assigned_on: date) -> date | None:
        """The furthest deadline an extension may set (6 months for a deputy suggestion, moved to the
        next working day like any deadline), else None."""
        if kind != SuggestionKind.DEPUTY.value:
            return None
        return self.calendar.next_workday(add_months(assigned_on, DEPUTY_MAX_MONTHS))

    def working_deadline(self, d: date) -> date:
        """A deadline the clerk typed, moved to the next working day when it falls on a rest day."""
        return self.calendar.next_workday(d)

    def due_soon_limit(self, on: date) -> date:
        return self.calendar.add_working_days(on, DUE_SOON_WORKING_DAYS)

    def state(self, step: str, deadline: date | None, on: date,
              soon_limit: date | None = None) -> DeadlineState | None:
        """OVERDUE, DUE_SOON or None for a record in `step` with `deadline`, as of `on`.

        Pass `soon_limit` (= due_soon_limit(on)) when classifying many rows.
        """
        if step not in DEADLINE_STEPS or deadline is None:
            return None
        if deadline < on:
            return DeadlineState.OVERDUE
        return DeadlineState.DUE_SOON if deadline <= (soon_limit or self.due_soon_limit(on)) else None

    # lists ---------------------------------------------------------------------------------------
    def _rows(self, where: str, params: dict[str, str], on: date) -> list[DeadlineRow]:
        sql = f"""
            SELECT s.id, s.number, s.title, s.kind, s.step, s.deadline, s.station_id,
                   {lead_agency_sql("s.id")} AS agency
            FROM suggestion s WHERE s.step IN ({DEADLINE_STEPS_SQL}) AND s.deadline IS NOT NULL AND {where}
            ORDER BY s.deadline, s.year, s.seq"""
        with self.db.reading() as c:
            rows = c.execute(sql, params).all()
        out = []
        for r in rows:
            dl = date.fromisoformat(r.deadline)
            out.append(DeadlineRow(r.id, r.number, r.title, r.kind, r.step, r.agency or "", dl,
                                   self.calendar.working_days_between(dl, on), r.station_id))
        return out

    def overdue(self, on: date) -> list[DeadlineRow]:
        """Records in 交办/督办 whose deadline is before `on`, most overdue first."""
        return self._rows("s.deadline < :on", {"on": on.isoformat()}, on)

    def overdue_count(self, on: date) -> int:
        with self.db.reading() as c:
            return int(c.execute(f"SELECT COUNT(*) FROM suggestion WHERE step IN ({DEADLINE_STEPS_SQL}) "
                                 "AND deadline < :on", {"on": on.isoformat()}).scalar_one())

    def due_soon_count(self, on: date) -> int:
        with self.db.reading() as c:
            return int(c.execute(f"SELECT COUNT(*) FROM suggestion WHERE step IN ({DEADLINE_STEPS_SQL}) "
                                 "AND deadline >= :on AND deadline <= :limit",
                                 {"on": on.isoformat(), "limit": self.due_soon_limit(on).isoformat()}).scalar_one())

    def due_soon(self, on: date) -> list[DeadlineRow]:
        """Records whose deadline falls from `on` to DUE_SOON_WORKING_DAYS working days after it."""
        return self._rows("s.deadline >= :on AND s.deadline <= :limit",
                          {"on": on.isoformat(), "limit": self.due_soon_limit(on).isoformat()}, on)

    # rates ---------------------------------------------------------------------------------------
    def stats(self, start: date, end: date) -> PeriodStats:
        """Replies in [start, end] and whether each came by the deadline then in force; feedback given."""
        if end < start:
            raise ValidationError("结束日期不能早于开始日期", column="结束日期")
        p = {"start": start.isoformat(), "end": end.isoformat(), "replied": EventKind.REPLIED.value,
             "feedback": EventKind.FEEDBACK.value}
        reply_sql = """
            SELECT e.happened_on,
                   (SELECT x.new_deadline FROM suggestionevent x
                     WHERE x.suggestion_id = e.suggestion_id AND x.new_deadline IS NOT NULL
                       AND x.happened_on <= e.happened_on
                     ORDER BY x.happened_on DESC, x.recorded_at DESC LIMIT 1) AS deadline
            FROM suggestionevent e
            WHERE e.kind = :replied AND e.happened_on BETWEEN :start AND :end"""
        fb_sql = """SELECT result, COUNT(*) FROM suggestionevent
                    WHERE kind = :feedback AND happened_on BETWEEN :start AND :end GROUP BY result"""
        with self.db.reading() as c:
            replies = c.execute(reply_sql, p).all()
            fb = {str(k): int(n) for k, n in c.execute(fb_sql, p).all()}
        on_time = sum(1 for r in replies if r.deadline is None or r.happened_on <= r.deadline)
        return PeriodStats(start, end, len(replies), on_time, sum(fb.values()),
                           fb.get(Satisfaction.SATISFIED.value, 0), fb.get(Satisfaction.BASIC.value, 0),
                           fb.get(Satisfaction.UNSATISFIED.value, 0))
