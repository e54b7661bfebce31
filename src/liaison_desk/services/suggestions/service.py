"""The suggestion tracker (建议办理): list, read and save suggestions and citizen opinions."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import (  # noqa: UP035 (the class defines `list`)
    TYPE_CHECKING,
    Any,
)

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models.enums import AuditAction, EventKind, Step, SuggestionKind
from liaison_desk.services.base import (
    Page,
    Service,
    check_version,
    deputy_names,
    diff,
    names_text,
    text_match_sql,
)
from liaison_desk.services.suggestions.deadlines import DEADLINE_STEPS_SQL, lead_agency_sql
from liaison_desk.store.search import SUGGESTION_BODY

if TYPE_CHECKING:
    from liaison_desk.store.orm import Session


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    """One line of the tracker table."""

    id: str
    number: str
    kind: str
    title: str
    category: str
    step: str
    agency: str
    registered_on: date
    deadline: date | None
    reply_result: str
    satisfaction: str
    station_id: str | None = None  # the station that raised it (a township database shows it)


@dataclass(slots=True)
class SuggestionRecord:
    """The editable fields of a suggestion (lifecycle steps go through their own calls)."""

    title: str
    registered_on: date
    id: str | None = None
    kind: str = SuggestionKind.CITIZEN.value
    content: str = ""
    category: str = ""
    citizen_name: str = ""
    citizen_phone: str = ""
    citizen_address: str = ""
    notes: str = ""
    station_id: str | None = None
    number: str = ""
    step: str = Step.SORT.value
    deadline: date | None = None
    deputy_ids: list[str] = field(default_factory=list)
    version: int = 0  # the row version this form was read at (0: new, or save over whatever is stored)


@dataclass(frozen=True, slots=True)
class SuggestionFilter:
    query: str = ""
    kind: str | None = None
    step: str | None = None
    agency_id: str | None = None
    overdue_on: date | None = None  # open records whose deadline is before this day
    due_from: date | None = None  # records in 交办/督办 whose deadline is in [due_from, due_to]
    due_to: date | None = None
    start: date | None = None
    end: date | None = None
    station_id: str | None = None  # one station of a township database


FIELDS = ("title", "registered_on", "kind", "content", "category", "citizen_name", "citizen_phone",
          "citizen_address", "notes", "station_id")


def format_number(year: int, seq: int) -> str:
    """〔2026〕第12号."""
    return f"〔{year}〕第{seq}号"


class SuggestionService(Service):
    """Suggestions and citizen opinions."""

    TABLES = ("suggestion", "suggestiondeputy", "suggestionevent", "suggestionagency")

    def where(self, f: SuggestionFilter) -> tuple[str, dict[str, Any]]:
        clauses, params = ["1=1"], {}
        if f.query.strip():
            sql, p = text_match_sql("suggestion", SUGGESTION_BODY, f.query, self.db.dialect)
            clauses.append(sql)
            params.update(p)
        if f.kind:
            clauses.append("suggestion.kind = :kind")
            params["kind"] = f.kind
        if f.step:
            clauses.append("suggestion.step = :step")
            params["step"] = f.step
        if f.agency_id:
            clauses.append("EXISTS (SELECT 1 FROM suggestionagency sa WHERE sa.suggestion_id = suggestion.id "
                           "AND sa.agency_id = :agency AND sa.returned_on IS NULL)")
            params["agency"] = f.agency_id
        if f.overdue_on:
            clauses.append(f"suggestion.step IN ({DEADLINE_STEPS_SQL}) AND suggestion.deadline < :overdue")
            params["overdue"] = f.overdue_on.isoformat()
        if f.due_from and f.due_to:
            clauses.append(f"suggestion.step IN ({DEADLINE_STEPS_SQL}) AND suggestion.deadline >= :due_from "
                           "AND suggestion.deadline <= :due_to")
            params["due_from"], params["due_to"] = f.due_from.isoformat(), f.due_to.isoformat()
        if f.start:
            clauses.append("suggestion.registered_on >= :start")
            params["start"] = f.start.isoformat()
        if f.end:
            clauses.append("suggestion.registered_on <= :end")
            params["end"] = f.end.isoformat()
        if f.station_id:
            clauses.append("suggestion.station_id = :station_id")
            params["station_id"] = f.station_id
        return " AND ".join(clauses), params

    def count(self, f: SuggestionFilter = SuggestionFilter()) -> int:
        where, params = self.where(f)
        with self.db.reading() as c:
            return int(c.execute(f"SELECT COUNT(*) FROM suggestion WHERE {where}", params).scalar_one())

    def step_counts(self) -> dict[str, int]:
        with self.db.reading() as c:
            return {str(s): int(n) for s, n in c.execute("SELECT step, COUNT(*) FROM suggestion GROUP BY step").all()}

    def list(self, f: SuggestionFilter = SuggestionFilter(), page: Page | None = None) -> list[SuggestionRow]:
        """Suggestions matching `f`, newest first."""
        where, params = self.where(f)
        limit = f"LIMIT {int(page.limit)} OFFSET {int(page.offset)}" if page else ""
        sql = f"""
            SELECT suggestion.id, suggestion.number, suggestion.kind, suggestion.title, suggestion.category,
                   suggestion.step, suggestion.registered_on, suggestion.deadline, suggestion.reply_result,
                   suggestion.satisfaction, suggestion.station_id, {lead_agency_sql("suggestion.id")} AS agency
            FROM suggestion WHERE {where}
            ORDER BY suggestion.registered_on DESC, suggestion.year DESC, suggestion.seq DESC, suggestion.id
            {limit}"""
        with self.db.reading() as c:
            rows = c.execute(sql, params).all()
        return [SuggestionRow(id=r.id, number=r.number, kind=r.kind, title=r.title, category=r.category,
                              step=r.step, agency=r.agency or "",
                              registered_on=date.fromisoformat(r.registered_on),
                              deadline=date.fromisoformat(r.deadline) if r.deadline else None,
                              reply_result=r.reply_result, satisfaction=r.satisfaction,
                              station_id=r.station_id) for r in rows]

    def get(self, suggestion_id: str) -> SuggestionRecord:
        from liaison_desk.models import Suggestion, SuggestionDeputy
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            g = s.get(Suggestion, suggestion_id)
            if g is None:
                raise NotFound("找不到这条意见建议，可能已被删除")
            rec = SuggestionRecord(**{f: getattr(g, f) for f in FIELDS}, id=g.id, number=g.number, step=g.step,
                                   deadline=g.deadline, version=g.version)
            rec.deputy_ids = [x.deputy_id for x in
                              s.exec(select(SuggestionDeputy).where(SuggestionDeputy.suggestion_id == g.id))]
            return rec

    def next_seq(self, year: int) -> int:
        from liaison_desk.models import Suggestion
        from liaison_desk.store.orm import func, select

        with self.db.session() as s:
            return int(s.exec(select(func.coalesce(func.max(Suggestion.seq), 0))
                              .where(Suggestion.year == year)).one()) + 1

    def save(self, rec: SuggestionRecord) -> str:
        """Create (numbered, step 梳理) or update the editable fields; returns the id."""
        with self.db.session() as s:
            sid = self.save_in(s, rec)
        self.db.notify(*self.TABLES)
        return sid

    def save_in(self, s: Session, rec: SuggestionRecord) -> str:
        """`save` inside the caller's transaction (a visit turned into a suggestion is saved with it)."""
        from liaison_desk.models import Suggestion, SuggestionDeputy, SuggestionEvent
        from liaison_desk.store.orm import func, select

        if not rec.title.strip():
            raise ValidationError("请填写标题", column="标题")
        if SuggestionKind.from_label(rec.kind) is None:
            raise ValidationError("请选择类别（人大代表建议或选民意见转办）", column="类别")
        values = {f: getattr(rec, f) for f in FIELDS}
        if rec.id:
            g = s.get(Suggestion, rec.id)
            if g is None:
                raise NotFound("找不到这条意见建议，可能已被其他人删除")
            if g.step == Step.ARCHIVE.value:
                raise ValidationError("已归档的记录不能修改；如需修改，请先撤销归档", column="状态")
            old = {f: getattr(g, f) for f in FIELDS}
            check_version("suggestion", g, rec.version, old, values, FIELDS,
                          partial(self._stale_deputies, s, g.id, rec.deputy_ids))
            for k, v in values.items():
                setattr(g, k, v)
            changes, action, summary = diff(old, values, FIELDS), AuditAction.UPDATE, "修改意见建议"
        else:
            year = rec.registered_on.year
            seq = int(s.exec(select(func.coalesce(func.max(Suggestion.seq), 0))
                             .where(Suggestion.year == year)).one()) + 1
            g = Suggestion(**values, year=year, seq=seq, number=format_number(year, seq),
                           step=Step.SORT.value)
            s.add(g)
            s.flush()
            s.add(SuggestionEvent(suggestion_id=g.id, kind=EventKind.CREATED.value, step=Step.SORT.value,
                                  happened_on=rec.registered_on, operator=self.db.operator))
            changes, action, summary = {}, AuditAction.CREATE, "新增意见建议"
        for x in s.exec(select(SuggestionDeputy).where(SuggestionDeputy.suggestion_id == g.id)).all():
            s.delete(x)
        for i, dep in enumerate(dict.fromkeys(rec.deputy_ids)):
            s.add(SuggestionDeputy(suggestion_id=g.id, deputy_id=dep, is_lead=i == 0))
        self.audit(s, action, "suggestion", g.id, summary, changes)
        s.flush()
        rec.version = g.version if rec.version else 0  # the next save from this record checks the version just written
        return g.id

    @staticmethod
    def _stale_deputies(s: Session, sid: str, typed: builtins.list[str]) -> builtins.list[tuple[str, str, str]]:
        from liaison_desk.models import SuggestionDeputy
        from liaison_desk.store.orm import col, select

        stored = [x.deputy_id for x in s.exec(select(SuggestionDeputy).where(SuggestionDeputy.suggestion_id == sid)
                                              .order_by(col(SuggestionDeputy.is_lead).desc(),
                                                        col(SuggestionDeputy.created_at)))]
        names = deputy_names(s, [*typed, *stored])
        return [("提出代表", names_text(names, typed), names_text(names, stored))]

    def delete(self, suggestion_id: str) -> None:
        from liaison_desk.models import Suggestion

        with self.db.session() as s:
            g = s.get(Suggestion, suggestion_id)
            if g is None:
                return
            if g.step == Step.ARCHIVE.value:
                raise ValidationError("已归档的记录不能删除", column="状态")
            s.delete(g)
            self.audit(s, AuditAction.DELETE, "suggestion", suggestion_id, "删除意见建议")
        self.db.notify(*self.TABLES)
