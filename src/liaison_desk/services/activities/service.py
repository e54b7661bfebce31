"""The activity book (《人大代表活动情况记录簿》): activities with their roll call, and held receptions in it.

A reception session marked 已完成 is itself an entry of type 接待选民: the book reads it from the schedule
(its deputies' attendance is the roll call), so there is one record, never two copies.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models.enums import ActivityKind, Attendance, AuditAction
from liaison_desk.services.base import (
    Page,
    Service,
    check_version,
    deputy_names,
    diff,
    like_pattern,
    names_text,
)

if TYPE_CHECKING:
    from liaison_desk.models import Activity
    from liaison_desk.store.orm import Session

STATION_ORGANIZER = "联络站"
TABLES = ("activity", "activityattendance")

# Every entry of the book: activities, and reception sessions marked 已完成 (read-only here). Cheap columns
# only: a held session's citizens (its visitors) are counted for the rows shown (see ActivityService.list).
BOOK_SQL = """
SELECT a.id AS id, a.day AS day, a.kind AS kind, a.title AS title, a.place AS place, a.group_id AS group_id,
       a.content AS content, a.recorder AS recorder, 'activity' AS source, a.citizen_count AS citizens,
       a.quantity AS quantity, a.station_id AS station_id
  FROM activity a WHERE a.session_id IS NULL
UNION ALL
SELECT s.id, s.day, 'reception', CASE WHEN s.theme <> '' THEN s.theme ELSE '接待选民' END, s.venue, NULL, s.notes, '',
       'session', NULL, 1, s.station_id
  FROM receptionsession s WHERE s.status = 'done'
"""
# Every roll-call line with its entry: (deputy, 出席/请假/缺席, the entry's id, day, kind, title, 件数, the
# entry's station), each arm
# joined on primary keys so a filter on the day or the deputy is pushed into both.
ROLL_SQL = """
SELECT aa.deputy_id AS deputy_id, aa.status AS status, aa.leave_reason AS leave_reason, a.id AS entry_id,
       a.day AS day, a.kind AS kind, a.title AS title, a.quantity AS quantity, a.station_id AS station_id
  FROM activityattendance aa JOIN activity a ON a.id = aa.activity_id WHERE a.session_id IS NULL
UNION ALL
SELECT sd.deputy_id, sd.attendance, sd.leave_reason, s.id, s.day, 'reception',
       CASE WHEN s.theme <> '' THEN s.theme ELSE '接待选民' END, 1, s.station_id
  FROM sessiondeputy sd JOIN receptionsession s ON s.id = sd.session_id WHERE s.status = 'done'
"""
# Per entry of a page: a roll count by status (`:status` bound by the caller's format), both sources indexed.
_ROLL_COUNT = ("((SELECT COUNT(*) FROM activityattendance r WHERE r.activity_id = p.id AND r.status = '{s}') + "
               "(SELECT COUNT(*) FROM sessiondeputy r WHERE r.session_id = p.id AND r.attendance = '{s}'))")


@dataclass(slots=True)
class RollEntry:
    deputy_id: str
    status: str = Attendance.PRESENT.value
    leave_reason: str = ""


@dataclass(slots=True)
class ActivityRecord:
    """An activity as the form edits it."""

    day: date
    kind: str
    title: str
    id: str | None = None
    place: str = ""
    group_id: str | None = None
    content: str = ""
    citizen_count: int = 0
    recorder: str = ""
    quantity: int = 1
    reporter_id: str | None = None
    rated_satisfied: int = 0
    rated_basic: int = 0
    rated_unsatisfied: int = 0
    member_id: str | None = None
    notes: str = ""
    roll: list[RollEntry] = field(default_factory=list)
    version: int = 0  # the row version the form read (get()); save() refuses a record saved since


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One line of the book as the list shows it."""

    id: str
    day: date
    kind: str
    title: str
    place: str
    organizer: str
    citizens: int
    present: int
    leave: int
    absent: int
    source: str  # "activity" or "session" (a held reception, edited in 接待安排)
    deputies: str  # names of those present, 、-separated
    recorder: str
    content: str
    station_id: str | None = None  # the station that held it (a township database shows it)

    @property
    def kind_label(self) -> str:
        return ActivityKind.label_of(self.kind)


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    start: date | None = None
    end: date | None = None
    kind: str | None = None
    group_id: str | None = None
    deputy_id: str | None = None
    query: str = ""
    station_id: str | None = None  # one station of a township database


FIELDS = ("day", "kind", "title", "place", "group_id", "content", "citizen_count", "recorder", "quantity",
          "reporter_id", "rated_satisfied", "rated_basic", "rated_unsatisfied", "member_id", "notes")


class ActivityService(Service):
    """Activities and their roll call; the book's list reads held receptions too."""

    def _where(self, f: ActivityFilter) -> tuple[str, dict[str, Any]]:
        clauses: list[str] = ["1=1"]
        params: dict[str, Any] = {}
        if f.start:
            clauses.append("b.day >= :start")
            params["start"] = f.start
        if f.end:
            clauses.append("b.day <= :end")
            params["end"] = f.end
        if f.kind:
            clauses.append("b.kind = :kind")
            params["kind"] = f.kind
        if f.group_id:
            clauses.append("b.group_id = :group_id")
            params["group_id"] = f.group_id
        if f.deputy_id:
            clauses.append("b.id IN (SELECT activity_id FROM activityattendance WHERE deputy_id = :deputy_id "
                           "UNION ALL SELECT session_id FROM sessiondeputy WHERE deputy_id = :deputy_id)")
            params["deputy_id"] = f.deputy_id
        if f.station_id:
            clauses.append("b.station_id = :station_id")
            params["station_id"] = f.station_id
        if f.query.strip():
            clauses.append("(b.title LIKE :q ESCAPE '\\' OR b.place LIKE :q ESCAPE '\\' "
                           "OR b.content LIKE :q ESCAPE '\\')")
            params["q"] = like_pattern(f.query.strip())
        return " AND ".join(clauses), params

    def count(self, f: ActivityFilter = ActivityFilter()) -> int:
        where, params = self._where(f)
        sql = f"WITH book AS ({BOOK_SQL}) SELECT COUNT(*) FROM book b WHERE {where}"
        with self.db.reading() as c:
            return int(c.execute(sql, params).scalar_one())

    def list(self, f: ActivityFilter = ActivityFilter(), page: Page | None = None,
             newest_first: bool = True) -> builtins.list[ActivityRow]:
        """Entries of the book matching `f`, newest first (oldest first for the printed book)."""
        where, params = self._where(f)
        order = "DESC" if newest_first else "ASC"
        limit = f"LIMIT {int(page.limit)} OFFSET {int(page.offset)}" if page else ""
        sort = f"day {order}, title {order}, id {order}"
        # the page first, then the per-row counts for those rows only
        sql = f"""WITH book AS ({BOOK_SQL}),
            page AS (SELECT b.* FROM book b WHERE {where} ORDER BY b.{sort.replace(", ", ", b.")} {limit})
            SELECT p.*, g.name AS group_name,
              CASE WHEN p.source = 'session'
                   THEN (SELECT COALESCE(SUM(v.headcount), 0) FROM visit v WHERE v.session_id = p.id)
                   ELSE p.citizens END AS n_citizens,
              {_ROLL_COUNT.format(s="present")} AS n_present, {_ROLL_COUNT.format(s="leave")} AS n_leave,
              {_ROLL_COUNT.format(s="absent")} AS n_absent,
              (SELECT group_concat(name, '、') FROM (
                 SELECT d.name FROM activityattendance r JOIN deputy d ON d.id = r.deputy_id
                  WHERE r.activity_id = p.id AND r.status = 'present'
                 UNION ALL SELECT d.name FROM sessiondeputy r JOIN deputy d ON d.id = r.deputy_id
                  WHERE r.session_id = p.id AND r.attendance = 'present') AS present) AS names
            FROM page p LEFT JOIN deputygroup g ON g.id = p.group_id ORDER BY p.{sort.replace(", ", ", p.")}"""
        with self.db.reading() as c:
            rows = c.execute(sql, params).all()
        return [ActivityRow(id=r.id, day=_day(r.day), kind=r.kind, title=r.title, place=r.place or "",
                            organizer=r.group_name or STATION_ORGANIZER, citizens=int(r.n_citizens or 0),
                            present=r.n_present, leave=r.n_leave, absent=r.n_absent, source=r.source,
                            deputies=r.names or "", recorder=r.recorder or "", content=r.content or "",
                            station_id=r.station_id)
                for r in rows]

    def get(self, activity_id: str) -> ActivityRecord:
        from liaison_desk.models import Activity, ActivityAttendance
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            a = s.get(Activity, activity_id)
            if a is None:
                raise NotFound("这条活动记录已不存在（可能已被删除）")
            roll = s.exec(select(ActivityAttendance).where(ActivityAttendance.activity_id == activity_id)).all()
            rec = ActivityRecord(id=a.id, **{f: getattr(a, f) for f in FIELDS}, version=a.version)
            rec.roll = [RollEntry(r.deputy_id, r.status, r.leave_reason) for r in roll]
            return rec

    def validate(self, rec: ActivityRecord) -> None:
        if not rec.title.strip():
            raise ValidationError("主题不能为空", column="主题")
        if rec.kind not in {k.value for k in ActivityKind}:
            raise ValidationError("没有这种活动类型", column="类型")
        if rec.day > date.today().replace(year=date.today().year + 1):
            raise ValidationError("日期太远，请检查年份", column="日期")
        for label, n in (("群众参与人次", rec.citizen_count), ("件数", rec.quantity),
                         ("满意", rec.rated_satisfied), ("基本满意", rec.rated_basic),
                         ("不满意", rec.rated_unsatisfied)):
            if n < 0:
                raise ValidationError("不能是负数", column=label)
        seen: set[str] = set()
        for r in rec.roll:
            if r.deputy_id in seen:
                raise ValidationError("同一位代表在考勤中出现了两次", column="参加代表")
            seen.add(r.deputy_id)
            if r.status not in {a.value for a in Attendance}:
                raise ValidationError("考勤只能是出席、请假或缺席", column="参加代表")
        if rec.kind == ActivityKind.REPORT.value and not rec.reporter_id:
            raise ValidationError("述职活动要写明述职的代表", column="述职代表")
        if rec.kind == ActivityKind.CONTACT.value and not rec.member_id:
            raise ValidationError("联系代表活动要写明是哪位人大组成人员", column="人大组成人员")

    def save(self, rec: ActivityRecord) -> str:
        """Insert or update the activity and replace its roll call, in one transaction."""
        from liaison_desk.models import Activity, ActivityAttendance, Station
        from liaison_desk.store.orm import col, select

        self.validate(rec)
        values = {f: getattr(rec, f) for f in FIELDS}
        values["title"] = rec.title.strip()
        with self.db.session() as s:
            if rec.id:
                a = s.get(Activity, rec.id)
                if a is None:
                    raise NotFound("这条活动记录已不存在（可能已被删除）")
                stored = {f: getattr(a, f) for f in FIELDS}
                check_version("activity", a, rec.version, stored, values, FIELDS,
                              partial(self._stale_roll, s, a, rec))
                changes = diff(stored, values, FIELDS)
                for k, v in values.items():
                    setattr(a, k, v)
                action, summary = AuditAction.UPDATE, "修改活动记录"
                for old in s.exec(select(ActivityAttendance).where(ActivityAttendance.activity_id == a.id)).all():
                    s.delete(old)
            else:
                station = s.exec(select(Station.id).order_by(col(Station.created_at))).first()
                a = Activity(**values, station_id=station)
                s.add(a)
                changes, action, summary = {}, AuditAction.CREATE, "新增活动记录"
            s.flush()
            for r in rec.roll:
                s.add(ActivityAttendance(activity_id=a.id, deputy_id=r.deputy_id, status=r.status,
                                         leave_reason=r.leave_reason.strip() if r.status == "leave" else ""))
            self.audit(s, action, "activity", a.id, f"{summary}（{ActivityKind.label_of(rec.kind)}）", changes)
            activity_id = a.id
            s.flush()
            rec.version = a.version if rec.version else 0  # the next save from this record checks the version just written
        self.db.notify(*TABLES)
        return activity_id

    @staticmethod
    def _stale_roll(s: Session, a: Activity, rec: ActivityRecord) -> builtins.list[tuple[str, str, str]]:
        """The roll call (who, 出席/请假/缺席) and the deputy reporting, typed and stored, in words."""
        from liaison_desk.models import ActivityAttendance
        from liaison_desk.store.orm import select

        stored = [RollEntry(x.deputy_id, x.status, x.leave_reason) for x in
                  s.exec(select(ActivityAttendance).where(ActivityAttendance.activity_id == a.id))]
        names = deputy_names(s, [*(r.deputy_id for r in rec.roll), *(r.deputy_id for r in stored),
                                 rec.reporter_id, a.reporter_id])

        def roll(entries: Iterable[RollEntry]) -> str:
            return "、".join(sorted(names.get(r.deputy_id, "已删除的代表")
                                    + ("" if r.status == Attendance.PRESENT.value else
                                       f"（{Attendance.label_of(r.status)}）") for r in entries))

        return [("参加代表", roll(rec.roll), roll(stored)),
                ("述职代表", names_text(names, [rec.reporter_id]), names_text(names, [a.reporter_id]))]

    def resolve_deputies(self, names: builtins.list[str], column: str) -> builtins.list[str]:
        """Deputy ids for names as the clerk types them (exact name, else the pinyin picker's matcher);
        an unknown or ambiguous name is a ValidationError naming it."""
        from liaison_desk.services.roster.service import RosterService

        roster = RosterService(self.db)
        out = []
        for raw in names:
            name = raw.strip()
            if not name:
                continue
            with self.db.reading() as c:
                exact = [r[0] for r in c.execute("SELECT id FROM deputy WHERE name = :n", {"n": name})]
            found = exact or [i for i, _ in roster.choices(name, active_only=False, limit=3)]
            if not found:
                raise ValidationError(f"名册中没有叫「{name}」的代表", column=column)
            if len(found) > 1:
                raise ValidationError(f"「{name}」对应多名代表，请写全名或加以区分", column=column)
            out.append(found[0])
        return out

    def record_print(self, summary: str, rows: int) -> None:
        """An 操作日志 entry for a printed paper that names deputies (the caller drew it)."""
        with self.db.session() as s:
            self.audit(s, AuditAction.PRINT, "activity", "-", summary, {"rows": [None, rows]})
        self.db.notify("auditentry")

    def delete(self, activity_id: str) -> None:
        from liaison_desk.models import Activity

        with self.db.session() as s:
            a = s.get(Activity, activity_id)
            if a is None:
                return
            s.delete(a)
            self.audit(s, AuditAction.DELETE, "activity", activity_id, "删除活动记录")
        self.db.notify(*TABLES)


def _day(v: Any) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])

