"""Reception sessions (接待安排): list, read and save sessions with their deputies and officials."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from functools import partial
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import KnownError, NotFound, ValidationError
from liaison_desk.models.enums import Attendance, AuditAction, SessionKind, SessionStatus
from liaison_desk.services.base import (
    Page,
    Service,
    check_version,
    deputy_names,
    diff,
    like_pattern,
    like_prefix,
)

if TYPE_CHECKING:
    from liaison_desk.store.orm import Session


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One line of the schedule table."""

    id: str
    day: date
    start_time: time | None
    end_time: time | None
    kind: str
    venue: str
    theme: str
    deputies: str  # names, "、"-joined
    deputy_count: int
    notice_date: date | None  # the day the notice was posted; None until posted
    status: str
    visit_count: int
    notice_places: tuple[str, ...] = ()
    absent: str = ""  # "张三（请假）、李四（缺席）": deputies who did not attend
    station_id: str | None = None  # the station that held it (a township database shows it)


@dataclass(slots=True)
class Official:
    name: str
    unit: str = ""
    post: str = ""


@dataclass(slots=True)
class Presence:
    """A scheduled deputy's attendance: 出席 / 请假 (with a reason) / 缺席."""

    status: str = Attendance.PRESENT.value
    reason: str = ""


def split_places(text: str) -> list[str]:
    """Posting places typed on one line ("、", "，", "；" or new lines between them), in order, once each."""
    for sep in "、，,；;\n":
        text = text.replace(sep, "\n")
    return list(dict.fromkeys(p.strip() for p in text.split("\n") if p.strip()))


@dataclass(slots=True)
class SessionRecord:
    """Every editable field of a reception session; `id` is None for a new one."""

    day: date
    id: str | None = None
    start_time: time | None = None
    end_time: time | None = None
    kind: str = SessionKind.REGULAR.value
    venue: str = ""
    theme: str = ""
    notice_date: date | None = None
    status: str = SessionStatus.PLANNED.value
    notes: str = ""
    station_id: str | None = None
    deputy_ids: list[str] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    attendance: dict[str, Presence] = field(default_factory=dict)  # deputy id → presence; missing = 出席
    notice_places: list[str] = field(default_factory=list)  # 张贴地点
    version: int = 0  # the row version the form read (get()); save() refuses a record saved since


@dataclass(frozen=True, slots=True)
class SessionFilter:
    query: str = ""
    start: date | None = None
    end: date | None = None
    status: str | None = None
    kind: str | None = None
    station_id: str | None = None  # one station of a township database


FIELDS = ("day", "start_time", "end_time", "kind", "venue", "theme", "notice_date", "status", "notes",
          "station_id")
AUDITED = (*FIELDS, "notice_places")
NOTICE_COLUMN = "公告张贴日期"


class ScheduleService(Service):
    """Reception sessions."""

    TABLES = ("receptionsession", "sessiondeputy", "sessionofficial")

    def _where(self, f: SessionFilter) -> tuple[str, dict[str, Any]]:
        clauses, params = ["1=1"], {}
        if f.query.strip():
            clauses.append("(r.venue LIKE :q ESCAPE '\\' OR r.theme LIKE :q ESCAPE '\\' OR EXISTS ("
                           "SELECT 1 FROM sessiondeputy sd JOIN deputy d ON d.id = sd.deputy_id "
                           "WHERE sd.session_id = r.id AND d.name LIKE :q ESCAPE '\\'))")
            params["q"] = like_pattern(f.query.strip())
        if f.start:
            clauses.append("r.day >= :start")
            params["start"] = f.start.isoformat()
        if f.end:
            clauses.append("r.day <= :end")
            params["end"] = f.end.isoformat()
        if f.status:
            clauses.append("r.status = :status")
            params["status"] = f.status
        if f.kind:
            clauses.append("r.kind = :kind")
            params["kind"] = f.kind
        if f.station_id:
            clauses.append("r.station_id = :station_id")
            params["station_id"] = f.station_id
        return " AND ".join(clauses), params

    def count(self, f: SessionFilter = SessionFilter()) -> int:
        where, params = self._where(f)
        with self.db.reading() as c:
            return int(c.execute(f"SELECT COUNT(*) FROM receptionsession r WHERE {where}",
                                 params).scalar_one())

    def list(self, f: SessionFilter = SessionFilter(), page: Page | None = None,
             newest_first: bool = True, upcoming_from: date | None = None) -> list[SessionRow]:
        """Sessions by day, newest first (or oldest first). With `upcoming_from` (today, on the
        schedule tab): the coming sessions first, the nearest at the top, then the past ones, the most
        recent first — what a clerk looks for is the next reception, then the last one."""
        where, params = self._where(f)
        order = "DESC" if newest_first else "ASC"
        by_day = f"r.day {order}, r.start_time {order}"
        if upcoming_from is not None:
            params["pivot"] = upcoming_from.isoformat()
            by_day = ("CASE WHEN r.day >= :pivot THEN 0 ELSE 1 END, "
                      "CASE WHEN r.day >= :pivot THEN r.day END ASC, r.day DESC, r.start_time ASC")
        limit = f"LIMIT {int(page.limit)} OFFSET {int(page.offset)}" if page else ""
        sql = f"""
            SELECT r.*, (SELECT group_concat(d.name, '、') FROM sessiondeputy sd JOIN deputy d
                          ON d.id = sd.deputy_id WHERE sd.session_id = r.id) AS names,
                   (SELECT COUNT(*) FROM sessiondeputy sd WHERE sd.session_id = r.id) AS n_dep,
                   (SELECT COUNT(*) FROM visit v WHERE v.session_id = r.id) AS n_visits,
                   (SELECT group_concat(d.name || '（' || CASE sd.attendance WHEN 'leave' THEN '请假'
                           ELSE '缺席' END || '）', '、') FROM sessiondeputy sd JOIN deputy d
                          ON d.id = sd.deputy_id WHERE sd.session_id = r.id AND sd.attendance != 'present')
                       AS absent
            FROM receptionsession r WHERE {where}
            ORDER BY {by_day}, r.id {limit}"""
        with self.db.reading() as c:
            rows = c.execute(sql, params).mappings().all()
        return [SessionRow(id=r["id"], day=date.fromisoformat(r["day"]),
                           start_time=time.fromisoformat(r["start_time"]) if r["start_time"] else None,
                           end_time=time.fromisoformat(r["end_time"]) if r["end_time"] else None,
                           kind=r["kind"], venue=r["venue"], theme=r["theme"], deputies=r["names"] or "",
                           deputy_count=r["n_dep"],
                           notice_date=date.fromisoformat(r["notice_date"]) if r["notice_date"] else None,
                           status=r["status"], visit_count=r["n_visits"],
                           notice_places=tuple(split_places(r["notice_places"] or "")),
                           absent=r["absent"] or "", station_id=r["station_id"]) for r in rows]

    def id_by_prefix(self, text_id: str) -> str:
        """The session whose id starts with `text_id` (the first characters are enough on the command line)."""
        text_id = text_id.strip()
        with self.db.reading() as c:
            ids = [r[0] for r in c.execute("SELECT id FROM receptionsession WHERE id LIKE :p ESCAPE '\\' "
                                           "LIMIT 2", {"p": like_prefix(text_id)}).all()] if text_id else []
        if len(ids) != 1:
            raise KnownError(f"找不到编号为「{text_id}」的接待安排" if not ids else
                             f"编号「{text_id}」对应多次接待，请写完整编号")
        return str(ids[0])

    def get(self, session_id: str) -> SessionRecord:
        from liaison_desk.models import ReceptionSession, SessionDeputy, SessionOfficial
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            r = s.get(ReceptionSession, session_id)
            if r is None:
                raise NotFound("找不到这次接待安排，可能已被删除")
            rec = SessionRecord(**{f: getattr(r, f) for f in FIELDS}, id=r.id, version=r.version)
            rec.notice_places = split_places(r.notice_places or "")
            links = list(s.exec(select(SessionDeputy).where(SessionDeputy.session_id == r.id)))
            rec.deputy_ids = [x.deputy_id for x in links]
            rec.attendance = {x.deputy_id: Presence(x.attendance, x.leave_reason) for x in links}
            rec.officials = [Official(o.name, o.unit, o.post) for o in
                             s.exec(select(SessionOfficial).where(SessionOfficial.session_id == r.id))]
            return rec

    def save(self, rec: SessionRecord) -> str:
        """Create or update a session with its deputies and officials; returns the id."""
        from liaison_desk.models import ReceptionSession, SessionDeputy, SessionOfficial
        from liaison_desk.store.orm import select

        if rec.day is None:
            raise ValidationError("请填写接待日期", column="接待日期")
        if SessionKind.from_label(rec.kind) is None or SessionStatus.from_label(rec.status) is None:
            raise ValidationError("接待形式或状态不正确", column="接待形式")
        if rec.start_time and rec.end_time and rec.end_time <= rec.start_time:
            raise ValidationError("结束时间应晚于开始时间", column="结束时间")
        if rec.notice_date and rec.notice_date > rec.day:
            raise ValidationError("公告张贴日期不能晚于接待日期", column=NOTICE_COLUMN)
        if rec.status == SessionStatus.ANNOUNCED.value and rec.notice_date is None:
            raise ValidationError("状态为“已公告”时请填写公告张贴日期", column=NOTICE_COLUMN)
        for p in rec.attendance.values():
            if Attendance.from_label(p.status) is None:
                raise ValidationError("出席情况应为出席、请假或缺席", column="接待代表")
        values = {f: getattr(rec, f) for f in FIELDS}
        values["notice_places"] = "\n".join(split_places("\n".join(rec.notice_places)))
        with self.db.session() as s:
            if rec.id:
                r = s.get(ReceptionSession, rec.id)
                if r is None:
                    raise NotFound("找不到这次接待安排，可能已被其他人删除")
                old = {f: getattr(r, f) for f in AUDITED}
                check_version("receptionsession", r, rec.version, old, values, AUDITED,
                              partial(self._stale_people, s, r.id, rec))
                for k, v in values.items():
                    setattr(r, k, v)
                action, summary, changes = AuditAction.UPDATE, "修改接待安排", diff(old, values, AUDITED)
            else:
                r = ReceptionSession(**values)
                s.add(r)
                s.flush()
                action, summary, changes = AuditAction.CREATE, "新增接待安排", {}
            before: dict[str, str] = {}
            for x in s.exec(select(SessionDeputy).where(SessionDeputy.session_id == r.id)).all():
                before[x.deputy_id] = x.attendance
                s.delete(x)
            for official in s.exec(select(SessionOfficial).where(SessionOfficial.session_id == r.id)).all():
                s.delete(official)
            after: dict[str, str] = {}
            for dep in dict.fromkeys(rec.deputy_ids):
                p = rec.attendance.get(dep) or Presence()
                status = Attendance.from_label(p.status) or Attendance.PRESENT
                reason = p.reason.strip()[:200] if status is Attendance.LEAVE else ""
                s.add(SessionDeputy(session_id=r.id, deputy_id=dep, attendance=status.value, leave_reason=reason))
                after[dep] = status.value
            if rec.id and before != after:
                changes["attendance"] = [before, after]
            for o in rec.officials:
                if o.name.strip():
                    s.add(SessionOfficial(session_id=r.id, name=o.name.strip(), unit=o.unit, post=o.post))
            self.audit(s, action, "receptionsession", r.id, summary, changes)
            sid = r.id
            s.flush()
            rec.version = r.version if rec.version else 0  # the next save from this record checks the version just written
        self.db.notify(*self.TABLES)
        return sid

    @staticmethod
    def _stale_people(s: Session, session_id: str, rec: SessionRecord) -> builtins.list[tuple[str, str, str]]:
        """The session's deputies with their attendance and its officials, typed and stored, in words."""
        from liaison_desk.models import SessionDeputy, SessionOfficial
        from liaison_desk.store.orm import select

        links = list(s.exec(select(SessionDeputy).where(SessionDeputy.session_id == session_id)))
        names = deputy_names(s, [*rec.deputy_ids, *(x.deputy_id for x in links)])

        def roll(pairs: Iterable[tuple[str, str, str]]) -> str:
            words = []
            for dep, status, reason in pairs:
                code = Attendance.from_label(status) or Attendance.PRESENT
                words.append(names.get(dep, "已删除的代表") + ("" if code is Attendance.PRESENT else
                             f"（{code.label}{'：' + reason.strip() if code is Attendance.LEAVE and reason.strip() else ''}）"))
            return "、".join(sorted(words))

        typed = [(d, (rec.attendance.get(d) or Presence()).status, (rec.attendance.get(d) or Presence()).reason)
                 for d in dict.fromkeys(rec.deputy_ids)]
        stored = [(x.deputy_id, x.attendance, x.leave_reason) for x in links]

        def people(officials: Iterable[Official]) -> str:
            return "、".join(sorted("".join(filter(None, (o.name.strip(), o.unit and f"（{o.unit}{o.post}）")))
                                    for o in officials if o.name.strip()))

        stored_officials = [Official(o.name, o.unit, o.post) for o in
                            s.exec(select(SessionOfficial).where(SessionOfficial.session_id == session_id))]
        return [("接待代表", roll(typed), roll(stored)),
                ("应邀人员", people(rec.officials), people(stored_officials))]

    def delete(self, session_id: str) -> None:
        from liaison_desk.models import ReceptionSession

        with self.db.session() as s:
            r = s.get(ReceptionSession, session_id)
            if r is None:
                return
            s.delete(r)
            self.audit(s, AuditAction.DELETE, "receptionsession", session_id, "删除接待安排")
        self.db.notify(*self.TABLES)

    def on_day(self, day: date) -> builtins.list[SessionRow]:
        """Sessions held on `day` (to pre-select one when registering a visit)."""
        return self.list(SessionFilter(start=day, end=day), newest_first=False)

    def deputy_names(self, ids: builtins.list[str]) -> dict[str, str]:
        """{deputy id: name} for the given ids (to word rule messages while a session is edited)."""
        if not ids:
            return {}
        marks = ", ".join(f":d{i}" for i in range(len(ids)))
        with self.db.reading() as c:
            rows = c.execute(f"SELECT id, name FROM deputy WHERE id IN ({marks})",
                             {f"d{i}": d for i, d in enumerate(ids)}).all()
        return {r[0]: r[1] for r in rows}

    def days_in(self, start: date, end: date) -> dict[date, int]:
        """{day: number of sessions (not cancelled)} in [start, end], for the month calendar."""
        with self.db.reading() as c:
            rows = c.execute("SELECT day, COUNT(*) FROM receptionsession WHERE day >= :a AND day <= :b "
                             "AND status != :c GROUP BY day",
                             {"a": start.isoformat(), "b": end.isoformat(),
                              "c": SessionStatus.CANCELLED.value}).all()
        return {date.fromisoformat(d): n for d, n in rows}
