"""One statistics service: every figure of a period rebuilt from the records and the suggestion timeline
as they stood at the period's end, so re-running November's report in March gives December's numbers.

Figures are counted from dated records (visits, sessions, activities, timeline events by the day they
happened). A record dated inside the period but entered or changed after the report was due (the
township's due day, the 5th of the next month) is counted, and the report says how many (`late_records`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from liaison_desk.models.enums import ActivityKind, Channel, Exclusion, SessionKind, Step, SuggestionKind
from liaison_desk.services.base import Service, rowid

DUE_DAYS = 5  # the township's default due day: the 5th of the following month
OPEN_STEPS = (Step.SORT, Step.ASSIGN, Step.SUPERVISE, Step.REPLY, Step.FEEDBACK)


@dataclass(frozen=True, slots=True)
class Figures:
    """The period's figures; rates are fractions 0–1, None when there is nothing to divide."""

    receptions: int = 0
    receptions_by_kind: dict[str, int] = field(default_factory=dict)
    deputy_attendances: int = 0  # 参加代表人次: deputies present at held receptions and activities
    citizens: int = 0  # 群众人次: visitors, and citizens taking part in activities
    visits: int = 0
    visits_by_channel: dict[str, int] = field(default_factory=dict)
    visits_by_category: dict[str, int] = field(default_factory=dict)
    visits_by_village: dict[str, int] = field(default_factory=dict)
    redirected: dict[str, int] = field(default_factory=dict)  # rule 九, by type
    suggestions_registered: dict[str, int] = field(default_factory=dict)  # {"deputy": n, "citizen": n}
    assigned: int = 0
    replied: int = 0
    fed_back: int = 0
    archived: int = 0
    open_by_step: dict[str, int] = field(default_factory=dict)  # at the period's end
    overdue_at_end: int = 0
    on_time_rate: float | None = None  # 按期答复率 of the period's replies
    satisfaction_rate: float | None = None  # (满意 + 基本满意) / feedback in the period
    solved: int = 0  # replies of the period with the result 已解决
    activities: int = 0
    activities_by_kind: dict[str, int] = field(default_factory=dict)
    activity_deputies: int = 0
    activity_citizens: int = 0
    attendance_rate: float | None = None  # 出席 / 应参加 over the period's roll calls
    late_records: int = 0  # dated in the period, entered or changed after the report was due

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Report:
    start: date
    end: date
    figures: Figures
    last_year: Figures

    def as_json(self) -> dict[str, Any]:
        return {"period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
                "figures": self.figures.as_json(), "last_year": self.last_year.as_json()}


def year_before(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    end = date(year + (month == 12), 1 if month == 12 else month + 1, 1) - timedelta(days=1)
    return date(year, month, 1), end


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


class StatsService(Service):
    """Figures of a period for one station (`station_id`) or every station of the database (None)."""

    def report(self, start: date, end: date, station_id: str | None = None) -> Report:
        return Report(start, end, self.figures(start, end, station_id),
                      self.figures(year_before(start), year_before(end), station_id))

    def figures(self, start: date, end: date, station_id: str | None = None) -> Figures:
        p: dict[str, Any] = {"s": start, "e": end, "after": end + timedelta(days=DUE_DAYS + 1), "st": station_id}
        st = "(:st IS NULL OR {t}.station_id = :st)"
        with self.db.reading() as c:
            def one(sql: str) -> int:
                return int(c.execute(sql, p).scalar() or 0)

            def grouped(sql: str) -> dict[str, int]:
                return {str(k or ""): int(n) for k, n in c.execute(sql, p)}

            sessions = f"FROM receptionsession r WHERE r.status = 'done' AND r.day BETWEEN :s AND :e AND {st.format(t='r')}"
            by_kind = grouped(f"SELECT r.kind, COUNT(*) {sessions} GROUP BY r.kind")
            visits = f"FROM visit v WHERE v.visited_on BETWEEN :s AND :e AND {st.format(t='v')}"
            acts = f"FROM activity a WHERE a.session_id IS NULL AND a.day BETWEEN :s AND :e AND {st.format(t='a')}"
            roll = f"""SELECT sd.attendance AS status FROM sessiondeputy sd JOIN receptionsession r ON r.id = sd.session_id
                       WHERE r.status = 'done' AND r.day BETWEEN :s AND :e AND {st.format(t='r')}
                       UNION ALL SELECT aa.status FROM activityattendance aa JOIN activity a ON a.id = aa.activity_id
                       WHERE a.session_id IS NULL AND a.day BETWEEN :s AND :e AND {st.format(t='a')}"""
            roll_counts = grouped(f"SELECT status, COUNT(*) FROM ({roll}) AS roll GROUP BY status")
            act_present = one(f"""SELECT COUNT(*) FROM activityattendance aa JOIN activity a ON a.id = aa.activity_id
                                  WHERE aa.status = 'present' AND a.session_id IS NULL AND a.day BETWEEN :s AND :e
                                  AND {st.format(t='a')}""")
            registered = grouped(f"""SELECT g.kind, COUNT(*) FROM suggestion g WHERE g.registered_on BETWEEN :s AND :e
                                     AND {st.format(t='g')} GROUP BY g.kind""")
            events = f"""FROM suggestionevent ev JOIN suggestion g ON g.id = ev.suggestion_id
                         WHERE ev.happened_on BETWEEN :s AND :e AND {st.format(t='g')}"""
            took = grouped(f"""SELECT ev.kind, COUNT(DISTINCT ev.suggestion_id) {events}
                               AND ev.kind IN ('assigned', 'feedback', 'archived') GROUP BY ev.kind""")
            steps, overdue = self._steps_at(c, p, st.format(t="g"))
            replies, on_time_rate, satisfaction_rate = self._replies(c, p, st.format(t="g"))
            late = one(f"""SELECT (SELECT COUNT(*) {events} AND ev.recorded_at >= :after)
                          + (SELECT COUNT(*) {visits} AND v.updated_at >= :after)
                          + (SELECT COUNT(*) {acts} AND a.updated_at >= :after)""")
            # the period's visits once, counted here (one indexed range instead of a query per grouping)
            tally = _VisitTally(c.execute(f"SELECT v.channel, v.category, v.village, v.exclusion, v.headcount "
                                          f"{visits}", p))
            act_rows = c.execute(f"SELECT a.kind, a.citizen_count {acts}", p).all()
            act_citizens = sum(int(n or 0) for _, n in act_rows)
            expected = sum(roll_counts.values())
            return Figures(
                receptions=sum(by_kind.values()),
                receptions_by_kind={SessionKind.label_of(k): n for k, n in by_kind.items()},
                deputy_attendances=roll_counts.get("present", 0),
                citizens=tally.headcount + act_citizens,
                visits=tally.count,
                visits_by_channel={Channel.label_of(k): n for k, n in tally.channel.most_common()},
                visits_by_category={k or "未分类": n for k, n in tally.category.most_common()},
                visits_by_village={k or "未填写": n for k, n in tally.village.most_common()},
                redirected={Exclusion.label_of(k): n for k, n in tally.exclusion.most_common() if k},
                suggestions_registered={k.value: registered.get(k.value, 0) for k in SuggestionKind},
                assigned=took.get("assigned", 0),
                replied=len({r.suggestion_id for r in replies}),
                fed_back=took.get("feedback", 0),
                archived=took.get("archived", 0),
                open_by_step={s.label: n for s in OPEN_STEPS if (n := steps.get(s.value, 0))},
                overdue_at_end=overdue,
                on_time_rate=on_time_rate,
                satisfaction_rate=satisfaction_rate,
                solved=len({r.suggestion_id for r in replies if r.result == "solved"}),
                activities=len(act_rows),
                activities_by_kind={ActivityKind.label_of(k): n for k, n in Counter(k for k, _ in act_rows).most_common()},
                activity_deputies=act_present,
                activity_citizens=act_citizens,
                attendance_rate=_rate(roll_counts.get("present", 0), expected),
                late_records=late,
            )

    def rates(self, start: date, end: date, station_id: str | None = None) -> tuple[float | None, float | None]:
        """(按期答复率, 满意率) of [start, end] alone (the charts' quarters), without the other figures."""
        p: dict[str, Any] = {"s": start, "e": end, "st": station_id}
        with self.db.reading() as c:
            _, on_time, satisfied = self._replies(c, p, "(:st IS NULL OR g.station_id = :st)")
        return on_time, satisfied

    def rates_for(self, start: date, end: date, station_ids: list[str]) -> tuple[float | None, float | None]:
        """(按期答复率, 满意率) of [start, end] over a set of stations together (a township's total)."""
        keys = {f"st{i}": sid for i, sid in enumerate(station_ids)}
        where = f"g.station_id IN ({', '.join(':' + k for k in keys)})" if keys else "0"
        with self.db.reading() as c:
            _, on_time, satisfied = self._replies(c, {"s": start, "e": end, **keys}, where)
        return on_time, satisfied

    @staticmethod
    def _replies(c: Any, p: dict[str, Any], station: str) -> tuple[list[Any], float | None, float | None]:
        """The period's reply events (with the deadline in force on the reply's day), the on-time rate and
        the satisfaction rate of the period's feedback."""
        events = f"""FROM suggestionevent ev JOIN suggestion g ON g.id = ev.suggestion_id
                     WHERE ev.happened_on BETWEEN :s AND :e AND {station}"""
        replies = c.execute(f"""
            SELECT ev.suggestion_id, ev.happened_on, ev.result,
              (SELECT d.new_deadline FROM suggestionevent d WHERE d.suggestion_id = ev.suggestion_id
                 AND d.new_deadline IS NOT NULL AND d.happened_on <= ev.happened_on
               ORDER BY d.happened_on DESC, d.recorded_at DESC, d.{rowid(c.dialect.name)} DESC LIMIT 1) AS deadline
            {events} AND ev.kind = 'replied'""", p).all()
        with_deadline = [r for r in replies if r.deadline is not None]
        on_time = sum(1 for r in with_deadline if str(r.happened_on)[:10] <= str(r.deadline)[:10])
        feedback = {str(k or ""): int(n) for k, n in c.execute(
            f"SELECT ev.result, COUNT(*) {events} AND ev.kind = 'feedback' GROUP BY ev.result", p)}
        rated = sum(n for k, n in feedback.items() if k)
        return (replies, _rate(on_time, len(with_deadline)),
                _rate(feedback.get("satisfied", 0) + feedback.get("basic", 0), rated))

    @staticmethod
    def _steps_at(c: Any, p: dict[str, Any], station: str) -> tuple[dict[str, int], int]:
        """How many suggestions registered by the period's end stood at each step at its end (the latest
        timeline event on or before that day; none yet: 梳理), and how many of those at 交办/督办 were past
        their deadline in force then. Counted in SQL: 50,000 suggestions never cross into Python."""
        # per suggestion, the latest event on or before the end: an index seek each on
        # ix_suggestionevent_timeline (measured faster on a county's 266,000 events than one
        # window-function pass, which sorts them all); the deadline only for the matters at 交办/督办
        order = f"ORDER BY ev.happened_on DESC, ev.recorded_at DESC, ev.{rowid(c.dialect.name)} DESC LIMIT 1"
        step = f"SELECT ev.step FROM suggestionevent ev WHERE ev.suggestion_id = g.id AND ev.happened_on <= :e {order}"
        deadline = (f"SELECT ev.new_deadline FROM suggestionevent ev WHERE ev.suggestion_id = at_end.id "
                    f"AND ev.happened_on <= :e AND ev.new_deadline IS NOT NULL {order}")
        # LIMIT -1 keeps SQLite from flattening the inner query, which would repeat the step lookup for every
        # mention of at_end.step; CASE looks the deadline up only for the matters at 交办/督办
        no_limit = "LIMIT ALL" if c.dialect.name == "postgresql" else "LIMIT -1"
        rows = c.execute(f"""
            SELECT at_end.step, COUNT(*),
                   SUM(CASE WHEN at_end.step IN ('{Step.ASSIGN.value}', '{Step.SUPERVISE.value}')
                       THEN substr(CAST(({deadline}) AS TEXT), 1, 10) < :e_day END)
            FROM (SELECT g.id AS id, COALESCE(({step}), '{Step.SORT.value}') AS step
                  FROM suggestion g WHERE g.registered_on <= :e AND {station} {no_limit}) AS at_end
            GROUP BY at_end.step""", {**p, "e_day": p["e"].isoformat()}).all()
        return {str(step): int(n) for step, n, _ in rows}, sum(int(o or 0) for _, _, o in rows)


class _VisitTally:
    """The period's visits counted by channel, category, village and rule-九 type in one pass."""

    def __init__(self, rows: Any) -> None:
        self.count = self.headcount = 0
        self.channel: Counter[str] = Counter()
        self.category: Counter[str] = Counter()
        self.village: Counter[str] = Counter()
        self.exclusion: Counter[str] = Counter()
        for channel, category, village, exclusion, headcount in rows:
            self.count += 1
            self.headcount += int(headcount or 0)
            self.channel[str(channel or "")] += 1
            self.category[str(category or "")] += 1
            self.village[str(village or "")] += 1
            self.exclusion[str(exclusion or "")] += 1
