"""The suggestion lifecycle 梳理→交办→督办→回复→反馈→归档: each move checked and recorded as a SuggestionEvent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models.enums import AgencyRole, AuditAction, EventKind, ReplyResult, Satisfaction, Step
from liaison_desk.services.base import Service
from liaison_desk.services.suggestions.bodies import BodiesService
from liaison_desk.services.suggestions.deadlines import DeadlineService
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date

if TYPE_CHECKING:
    from liaison_desk.models import Suggestion, SuggestionAgency
    from liaison_desk.store.orm import Session

S = Step
# action -> (its name in messages, steps it may be taken from)
ACTIONS: dict[str, tuple[str, tuple[Step, ...]]] = {
    "sort": ("登记梳理意见", (S.SORT,)),
    "merge": ("合并相关事项", (S.SORT,)),
    "assign": ("交办", (S.SORT,)),
    "return": ("登记退回", (S.ASSIGN, S.SUPERVISE)),
    "reassign": ("重新交办", (S.ASSIGN, S.SUPERVISE)),
    "urge": ("督办", (S.ASSIGN, S.SUPERVISE)),
    "extend": ("延期", (S.ASSIGN, S.SUPERVISE)),
    # An agency may answer on time without any urging: 回复 straight from 交办 (督办 only when it happened).
    "reply": ("登记回复", (S.ASSIGN, S.SUPERVISE)),
    "feedback": ("登记反馈", (S.REPLY,)),
    "archive": ("归档", (S.FEEDBACK,)),
    "unarchive": ("撤销归档", (S.ARCHIVE,)),
    "note": ("添加备注", (S.SORT, S.ASSIGN, S.SUPERVISE, S.REPLY, S.FEEDBACK)),
}
# what the clerk should do next, per step (used in refusal messages)
NEXT_HINT = {
    S.SORT.value: "下一步应为交办",
    S.ASSIGN.value: "下一步应为登记承办单位的回复（如有督办、延期请先登记），如承办单位退回请重新交办",
    S.SUPERVISE.value: "下一步应为登记承办单位的回复",
    S.REPLY.value: "下一步应为向选民或代表反馈",
    S.FEEDBACK.value: "下一步应为归档",
    S.ARCHIVE.value: "已归档的记录只能查看；如需继续办理，请先撤销归档",
}


def allowed_actions(step: str) -> list[str]:
    """The actions that may be taken on a record in `step`."""
    return [a for a, (_n, steps) in ACTIONS.items() if any(s.value == step for s in steps)]


FUTURE_LIMIT_DAYS = 366


class LifecycleService(Service):
    """Moves a suggestion along its steps; refuses invalid moves with a Chinese message."""

    TABLES = ("suggestion", "suggestionevent", "suggestionagency", "suggestiondeputy")

    def __init__(self, db: Database, deadlines: DeadlineService | None = None) -> None:
        super().__init__(db)
        self.deadlines = deadlines or DeadlineService(self.db)
        self.bodies = BodiesService(self.db)

    # shared checks -------------------------------------------------------------------------------
    def _load(self, s: Session, sid: str, action: str, on: date, after_events: bool = True) -> Suggestion:
        from liaison_desk.models import Suggestion, SuggestionEvent
        from liaison_desk.store.orm import col, select

        g = s.get(Suggestion, sid)
        if g is None:
            raise NotFound("找不到这条意见建议，可能已被删除")
        name, steps = ACTIONS[action]
        if g.step not in {x.value for x in steps}:
            raise ValidationError(f"{g.number}目前处于「{Step.label_of(g.step)}」环节，不能{name}。"
                                  f"{NEXT_HINT.get(g.step, '')}")
        last = s.exec(select(SuggestionEvent).where(SuggestionEvent.suggestion_id == sid)
                      .order_by(col(SuggestionEvent.happened_on).desc())).first() if after_events else None
        floor = max(g.registered_on, last.happened_on) if last else g.registered_on
        if on < floor:
            what = EventKind.label_of(last.kind) if last and last.happened_on == floor else "登记"
            raise ValidationError(f"日期不能早于上一环节（{what}，{fmt_date(floor)}）", column="日期")
        if (on - date.today()).days > FUTURE_LIMIT_DAYS:  # a step records what happened: not years ahead
            raise ValidationError(f"日期 {fmt_date(on)} 在一年以后，请核对（办理步骤记录已经发生的事）", column="日期")
        return g

    def _event(self, s: Session, g: Suggestion, kind: EventKind, on: date, note: str = "",
               operator: str = "", actor: str = "", **kw: Any) -> None:
        """Record a step: `actor` is who did it (body or person), `operator` the clerk who typed it."""
        from liaison_desk.models import SuggestionEvent, utcnow

        agency_id = kw.get("agency_id")
        who = actor.strip()[:100] or self._default_actor(s, g, kind, agency_id if isinstance(agency_id, str) else None)
        s.add(SuggestionEvent(suggestion_id=g.id, kind=kind.value, step=g.step, happened_on=on,
                              recorded_at=utcnow(), operator=operator or self.db.operator, note=note.strip(),
                              actor=who, **kw))
        self.audit(s, AuditAction.STEP, "suggestion", g.id, f"{g.number} {kind.label}")

    def _default_actor(self, s: Session, g: Suggestion, kind: EventKind, agency_id: str | None) -> str:
        """Who did a step when the clerk left it empty: the assigning body assigns, extends and reopens;
        the lead agency replies and sends back; the station registers, sorts, feeds back and archives."""
        from liaison_desk.models import Agency, Station
        from liaison_desk.store.orm import col, select

        if kind in (EventKind.REPLIED, EventKind.RETURNED) and agency_id:
            a = s.get(Agency, agency_id)
            return a.name if a else ""
        if kind in (EventKind.ASSIGNED, EventKind.REASSIGNED, EventKind.EXTENDED, EventKind.REOPENED,
                    EventKind.URGED):
            a = s.get(Agency, agency_id) if agency_id else None
            return self.bodies.bodies().for_kind(a.kind if a else "")
        st = s.get(Station, g.station_id) if g.station_id else None
        st = st or s.exec(select(Station).order_by(col(Station.created_at))).first()
        return st.name if st else "联络站"

    def default_actor(self, sid: str, action: str) -> str:
        """The 办理人 a step dialog proposes for `action` on record `sid`."""
        from liaison_desk.models import Suggestion

        kind = {"assign": EventKind.ASSIGNED, "reassign": EventKind.REASSIGNED, "urge": EventKind.URGED,
                "extend": EventKind.EXTENDED, "reply": EventKind.REPLIED, "return": EventKind.RETURNED,
                "feedback": EventKind.FEEDBACK}.get(action, EventKind.NOTE)
        with self.db.session() as s:
            g = s.get(Suggestion, sid)
            if g is None:
                return ""
            lead = next((a for a in self._active(s, sid) if a.role == AgencyRole.LEAD.value), None)
            return self._default_actor(s, g, kind, lead.agency_id if lead else None)

    def _active(self, s: Session, sid: str) -> list[SuggestionAgency]:
        from liaison_desk.models import SuggestionAgency
        from liaison_desk.store.orm import col, select

        return list(s.exec(select(SuggestionAgency).where(SuggestionAgency.suggestion_id == sid,
                                                          col(SuggestionAgency.returned_on).is_(None))))

    def _lead(self, s: Session, g: Suggestion, action: str) -> SuggestionAgency:
        lead = next((a for a in self._active(s, g.id) if a.role == AgencyRole.LEAD.value), None)
        if lead is None:
            raise ValidationError(f"{g.number}的主办单位已退回，不能{ACTIONS[action][0]}；请先重新交办",
                                  column="主办单位")
        return lead

    def _check_agencies(self, s: Session, lead_id: str | None, co_ids: Sequence[str]) -> list[str]:
        from liaison_desk.models import Agency

        if not lead_id:
            raise ValidationError("请选择主办单位", column="主办单位")
        co = [a for a in dict.fromkeys(co_ids) if a and a != lead_id]
        for aid in (lead_id, *co):
            a = s.get(Agency, aid)
            if a is None:
                raise ValidationError("所选承办单位不存在，请重新选择", column="主办单位")
            if not a.active:
                raise ValidationError(f"承办单位「{a.name}」已停用，请选择其他单位", column="主办单位")
        return co

    def _deadline(self, g: Suggestion, on: date, deadline: date | None) -> date:
        # A deadline that falls on a rest day moves to the next working day (typed or computed).
        dl = self.deadlines.working_deadline(deadline) if deadline else self.deadlines.default_deadline(g.kind, on)
        if dl <= on:
            raise ValidationError("办理期限应晚于交办日期", column="办理期限")
        return dl

    def _done(self) -> None:
        self.db.notify(*self.TABLES)

    # 梳理 ----------------------------------------------------------------------------------------
    def sort(self, sid: str, on: date, note: str, operator: str = "", actor: str = "") -> None:
        """Record the sorting-out (梳理) opinion; the record stays in 梳理 until it is assigned."""
        if not note.strip():
            raise ValidationError("请填写梳理意见", column="说明")
        with self.db.session() as s:
            g = self._load(s, sid, "sort", on)
            self._event(s, g, EventKind.SORTED, on, note, operator, actor)
        self._done()

    def merge(self, sid: str, other_ids: Sequence[str], on: date, note: str = "", operator: str = "", actor: str = "") -> None:
        """Merge related matters into `sid`: they are closed as 已并入 and their proposers carried over."""
        from liaison_desk.models import SuggestionDeputy
        from liaison_desk.store.orm import select

        others = [o for o in dict.fromkeys(other_ids) if o != sid]
        if not others:
            raise ValidationError("请选择要合并进来的相关事项", column="相关事项")
        with self.db.session() as s:
            g = self._load(s, sid, "merge", on)
            numbers = []
            for oid in others:
                o = self._load(s, oid, "merge", on)
                o.merged_into_id, o.step, o.archived_on = g.id, Step.ARCHIVE.value, on
                self._event(s, o, EventKind.MERGED, on, f"并入{g.number}办理" + (f"：{note}" if note else ""),
                            operator, actor)
                have = {d.deputy_id for d in s.exec(select(SuggestionDeputy)
                                                    .where(SuggestionDeputy.suggestion_id == g.id))}
                for d in s.exec(select(SuggestionDeputy).where(SuggestionDeputy.suggestion_id == oid)):
                    if d.deputy_id not in have:
                        s.add(SuggestionDeputy(suggestion_id=g.id, deputy_id=d.deputy_id, is_lead=False))
                        have.add(d.deputy_id)
                numbers.append(o.number)
            self._event(s, g, EventKind.MERGED, on, f"合并相关事项{'、'.join(numbers)}" + (f"：{note}" if note else ""),
                        operator, actor)
        self._done()

    # 交办 ----------------------------------------------------------------------------------------
    def assign(self, sid: str, on: date, lead_id: str | None, co_ids: Sequence[str] = (),
               deadline: date | None = None, note: str = "", operator: str = "", actor: str = "") -> date:
        """交办 to a lead agency (主办) and co-agencies (协办); returns the deadline set."""
        with self.db.session() as s:
            g = self._load(s, sid, "assign", on)
            co = self._check_agencies(s, lead_id, co_ids)
            dl = self._deadline(g, on, deadline)
            self._attach(s, g, on, str(lead_id), co)
            g.step, g.assigned_on, g.deadline = Step.ASSIGN.value, on, dl
            self._event(s, g, EventKind.ASSIGNED, on, note, operator, actor, agency_id=lead_id, new_deadline=dl)
        self._done()
        return dl

    def assign_in(self, s: Session, sid: str, on: date, deadline: date | None, event: bool = False) -> date:
        """交办 recorded by the township, inside the caller's transaction (a returned handoff workbook).

        The agencies are already linked (the workbook's 建议承办 rows) and, unless `event`, the township's
        交办 entry comes with the workbook's 办理过程; the same step, date and deadline checks apply.
        """
        g = self._load(s, sid, "assign", on, after_events=False)  # its later 督办 came in with it
        lead = self._lead(s, g, "assign")
        dl = self._deadline(g, on, deadline)
        g.step, g.assigned_on, g.deadline = Step.ASSIGN.value, on, dl
        s.add(g)
        if event:
            self._event(s, g, EventKind.ASSIGNED, on, "", "", agency_id=lead.agency_id, new_deadline=dl)
        else:
            self.audit(s, AuditAction.STEP, "suggestion", g.id, f"{g.number} {EventKind.ASSIGNED.label}（乡镇）")
        s.flush()
        return dl

    def _attach(self, s: Session, g: Suggestion, on: date, lead_id: str, co: list[str]) -> None:
        from liaison_desk.models import SuggestionAgency

        for a in self._active(s, g.id):
            a.returned_on, a.return_reason = on, a.return_reason or "改为重新交办"
        s.add(SuggestionAgency(suggestion_id=g.id, agency_id=lead_id, role=AgencyRole.LEAD.value, assigned_on=on))
        for aid in co:
            s.add(SuggestionAgency(suggestion_id=g.id, agency_id=aid, role=AgencyRole.CO.value, assigned_on=on))

    def send_back(self, sid: str, agency_id: str, on: date, reason: str = "不属于职责范围",
                  operator: str = "", actor: str = "") -> None:
        """An agency sends the matter back (不属于职责范围); a returned lead means it must be reassigned."""
        if not reason.strip():
            raise ValidationError("请填写退回理由", column="说明")
        with self.db.session() as s:
            g = self._load(s, sid, "return", on)
            link = next((a for a in self._active(s, sid) if a.agency_id == agency_id), None)
            if link is None:
                raise ValidationError("该单位不是这条意见建议目前的承办单位", column="承办单位")
            link.returned_on, link.return_reason = on, reason.strip()[:200]
            if link.role == AgencyRole.LEAD.value:
                g.step = Step.ASSIGN.value
            self._event(s, g, EventKind.RETURNED, on, reason, operator, actor, agency_id=agency_id)
        self._done()

    def reassign(self, sid: str, on: date, lead_id: str | None, co_ids: Sequence[str] = (),
                 deadline: date | None = None, note: str = "", operator: str = "", actor: str = "") -> date:
        """Assign again (after a return or to change agencies): new agencies, date and deadline."""
        with self.db.session() as s:
            g = self._load(s, sid, "reassign", on)
            co = self._check_agencies(s, lead_id, co_ids)
            dl = self._deadline(g, on, deadline)
            self._attach(s, g, on, str(lead_id), co)
            g.step, g.assigned_on, g.deadline = Step.ASSIGN.value, on, dl
            self._event(s, g, EventKind.REASSIGNED, on, note, operator, actor, agency_id=lead_id, new_deadline=dl)
        self._done()
        return dl

    # 督办 ----------------------------------------------------------------------------------------
    def urge(self, sid: str, on: date, note: str, operator: str = "", actor: str = "") -> None:
        """An urging entry (督办): how and what was urged."""
        if not note.strip():
            raise ValidationError("请填写督办情况（方式和内容）", column="说明")
        with self.db.session() as s:
            g = self._load(s, sid, "urge", on)
            lead = self._lead(s, g, "urge")
            g.step = Step.SUPERVISE.value
            self._event(s, g, EventKind.URGED, on, note, operator, actor, agency_id=lead.agency_id)
        self._done()

    def extend(self, sid: str, on: date, new_deadline: date, reason: str, operator: str = "", actor: str = "") -> None:
        """An agency's extension request granted: a later deadline with its reason."""
        if not reason.strip():
            raise ValidationError("请填写延期理由", column="说明")
        with self.db.session() as s:
            g = self._load(s, sid, "extend", on)
            lead = self._lead(s, g, "extend")
            new_deadline = self.deadlines.working_deadline(new_deadline)
            if g.deadline and new_deadline <= g.deadline:
                raise ValidationError(f"新的办理期限应晚于原期限（{fmt_date(g.deadline)}）", column="新期限")
            cap = self.deadlines.latest_allowed(g.kind, g.assigned_on or on)
            if cap and new_deadline > cap:
                raise ValidationError(f"代表建议自交办之日起最长六个月内办结，期限不能晚于{fmt_date(cap)}",
                                      column="新期限")
            g.step, g.deadline = Step.SUPERVISE.value, new_deadline
            self._event(s, g, EventKind.EXTENDED, on, reason, operator, actor, agency_id=lead.agency_id,
                        new_deadline=new_deadline)
        self._done()

    # 回复 / 反馈 ---------------------------------------------------------------------------------
    def reply(self, sid: str, on: date, result: str, reply_text: str, operator: str = "", actor: str = "") -> None:
        """The lead agency's reply with its result (ReplyResult)."""
        with self.db.session() as s:
            self.reply_in(s, sid, on, result, reply_text, operator, actor)
        self._done()

    def reply_in(self, s: Session, sid: str, on: date, result: str, reply_text: str, operator: str = "",
                 actor: str = "") -> None:
        """`reply` inside the caller's transaction (a returned handoff workbook applies its replies so)."""
        if ReplyResult.from_label(result) is None:
            raise ValidationError("请选择办理结果", column="办理结果")
        if not reply_text.strip():
            raise ValidationError("请填写答复内容", column="答复内容")
        result = ReplyResult.from_label(result).value  # type: ignore[union-attr]
        g = self._load(s, sid, "reply", on)
        lead = self._lead(s, g, "reply")
        g.step, g.reply_on, g.reply_text, g.reply_result = Step.REPLY.value, on, reply_text.strip(), result
        self._event(s, g, EventKind.REPLIED, on, reply_text, operator, actor, agency_id=lead.agency_id, result=result)
        s.flush()

    def feedback(self, sid: str, on: date, method: str, satisfaction: str, note: str = "",
                 operator: str = "", new_deadline: date | None = None, actor: str = "") -> None:
        """Tell the citizen or deputy; 不满意 sends the matter back to 交办 (same agencies, new deadline)."""
        sat = Satisfaction.from_label(satisfaction)
        if sat is None:
            raise ValidationError("请选择满意度", column="满意度")
        if not method.strip():
            raise ValidationError("请填写反馈方式（如电话、当面、书面）", column="反馈方式")
        with self.db.session() as s:
            g = self._load(s, sid, "feedback", on)
            g.step, g.feedback_on, g.feedback_method, g.satisfaction = Step.FEEDBACK.value, on, method.strip()[:30], \
                sat.value
            self._event(s, g, EventKind.FEEDBACK, on, f"{method.strip()}反馈" + (f"：{note}" if note else ""),
                        operator, actor, result=sat.value)
            if sat is Satisfaction.UNSATISFIED:
                dl = self._deadline(g, on, new_deadline)
                lead = self._lead(s, g, "feedback")
                g.step, g.assigned_on, g.deadline = Step.ASSIGN.value, on, dl
                g.reply_on, g.reply_text, g.reply_result = None, "", ""
                g.feedback_on, g.feedback_method, g.satisfaction = None, "", ""
                self._event(s, g, EventKind.REOPENED, on, "反馈不满意，退回交办环节重新办理", operator,
                            agency_id=lead.agency_id, new_deadline=dl)
        self._done()

    # 归档 ----------------------------------------------------------------------------------------
    def archive(self, sid: str, on: date, note: str = "", operator: str = "", actor: str = "") -> None:
        with self.db.session() as s:
            g = self._load(s, sid, "archive", on)
            g.step, g.archived_on = Step.ARCHIVE.value, on
            self._event(s, g, EventKind.ARCHIVED, on, note, operator, actor)
        self._done()

    def unarchive(self, sid: str, on: date, reason: str, operator: str = "", actor: str = "") -> str:
        """The explicit, recorded reopening of an archived record; returns the step it goes back to."""
        if not reason.strip():
            raise ValidationError("撤销归档须填写理由", column="说明")
        with self.db.session() as s:
            g = self._load(s, sid, "unarchive", on)
            if g.merged_into_id:
                back = Step.SORT.value
                g.merged_into_id = None
            else:
                back = Step.FEEDBACK.value if g.feedback_on else Step.SORT.value
            g.step, g.archived_on = back, None
            self._event(s, g, EventKind.UNARCHIVED, on, reason, operator, actor)
        self._done()
        return back

    def note(self, sid: str, on: date, note: str, operator: str = "", actor: str = "") -> None:
        if not note.strip():
            raise ValidationError("请填写备注内容", column="说明")
        with self.db.session() as s:
            g = self._load(s, sid, "note", on)
            self._event(s, g, EventKind.NOTE, on, note, operator, actor)
        self._done()
