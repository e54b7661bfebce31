"""Links of a visit: 转为意见建议 (several visits may share one suggestion) and "repeat of" an earlier matter.

Every function takes the caller's session where it may be part of a larger change, so saving a visit
and turning it into a suggestion is one transaction. Nothing here imports the visit service.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models import Suggestion, Visit, VisitDeputy
from liaison_desk.models.enums import AuditAction, Exclusion, Handling, SuggestionKind
from liaison_desk.services.base import Service
from liaison_desk.services.suggestions.service import SuggestionRecord, SuggestionService

TITLE_CHARS = 30
VISIT_TABLES = ("visit", "visitdeputy")


def suggestion_title(content: str, village: str = "", category: str = "") -> str:
    """A short title from what was raised: the first sentence, at most 30 characters."""
    first = content.strip().replace("\n", " ")
    for stop in "。！？；\n":
        if stop in first:
            first = first.split(stop, 1)[0]
    first = first.strip() or category or "来访反映事项"
    title = first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS] + "…"
    return f"{village}：{title}" if village and not title.startswith(village) else title


def _refuse_lawful(v: Visit) -> None:
    if v.handling == Handling.LAWFUL_CHANNEL.value or v.exclusion:
        kind = Exclusion.label_of(v.exclusion) or "依法途径事项"
        raise ValidationError(f"这条来访属于“{kind}”，已告知依法途径；按规定不作为意见建议办理，不能转为意见建议",
                              column="处理方式")


def root_in(s: Session, visit_id: str) -> str:
    """The first visit of a chain of repeats (cycles are cut), read in the caller's session."""
    seen = {visit_id}
    current = visit_id
    while True:
        v = s.get(Visit, current)
        if v is None or not v.repeat_of_id or v.repeat_of_id in seen:
            return current
        seen.add(v.repeat_of_id)
        current = v.repeat_of_id


class VisitLinks(Service):
    """转为意见建议, linking visits to a suggestion, repeats, finding a suggestion by its number."""

    TABLES = (*VISIT_TABLES, *SuggestionService.TABLES)

    def root_of(self, visit_id: str) -> str:
        """The first visit of a chain of repeats (cycles are cut)."""
        with self.db.session() as s:
            return root_in(s, visit_id)

    def convert(self, visit_id: str) -> str:
        """转为意见建议: create a 选民意见转办 pre-filled from the visit and link it; returns the suggestion id.

        A visit already linked returns its suggestion. A visit marked as a repeat of a matter that already
        became a suggestion is linked to that suggestion instead, so one problem does not become two.
        Visits redirected to lawful channels (rule 九) are refused. One transaction.
        """
        with self.db.session() as s:
            v = s.get(Visit, visit_id)
            if v is None:
                raise NotFound("找不到这条来访登记，可能已被删除")
            sid = self.convert_in(s, v)
        self.db.notify(*self.TABLES)
        return sid

    def convert_in(self, s: Session, v: Visit) -> str:
        """`convert` inside the caller's transaction (VisitService.save uses it for a new visit)."""
        _refuse_lawful(v)
        if v.suggestion_id:
            return v.suggestion_id
        if v.repeat_of_id:
            original = s.get(Visit, root_in(s, v.repeat_of_id))
            if original is not None and original.suggestion_id:
                self.link_in(s, [v.id], original.suggestion_id)
                return original.suggestion_id
        deputies = [x.deputy_id for x in s.exec(select(VisitDeputy).where(VisitDeputy.visit_id == v.id))]
        content = v.content.strip() + (f"\n诉求：{v.request.strip()}" if v.request.strip() else "")
        rec = SuggestionRecord(title=suggestion_title(v.content, v.village, v.category), registered_on=v.visited_on,
                               kind=SuggestionKind.CITIZEN.value, content=content, category=v.category,
                               citizen_name=v.visitor_name, citizen_phone=v.visitor_phone,
                               citizen_address=v.visitor_address or v.village, station_id=v.station_id,
                               deputy_ids=deputies)
        sid = SuggestionService(self.db).save_in(s, rec)
        self.link_in(s, [v.id], sid, summary="来访登记转为意见建议")
        return sid

    def link(self, visit_ids: list[str], suggestion_id: str, summary: str = "来访登记关联意见建议") -> None:
        """Link visits to one suggestion (handling becomes 转为意见建议); all or none."""
        with self.db.session() as s:
            self.link_in(s, visit_ids, suggestion_id, summary)
        self.db.notify(*VISIT_TABLES)

    def link_in(self, s: Session, visit_ids: list[str], suggestion_id: str,
                summary: str = "来访登记关联意见建议") -> None:
        if s.get(Suggestion, suggestion_id) is None:
            raise NotFound("找不到这条意见建议，可能已被删除")
        for vid in dict.fromkeys(visit_ids):
            v = s.get(Visit, vid)
            if v is None:
                raise NotFound("找不到这条来访登记，可能已被删除")
            _refuse_lawful(v)
            old = [v.suggestion_id, v.handling]
            v.suggestion_id, v.handling = suggestion_id, Handling.TO_SUGGESTION.value
            self.audit(s, AuditAction.UPDATE, "visit", v.id, summary,
                       {"suggestion_id": [old[0], suggestion_id], "handling": [old[1], v.handling]})

    def mark_repeat(self, visit_id: str, original_id: str | None) -> str | None:
        """Mark `visit_id` as a repeat of the matter first raised in `original_id`'s chain; None clears it."""
        with self.db.session() as s:
            root = root_in(s, original_id) if original_id else None
            if root == visit_id:
                raise ValidationError("不能标记为自己的重复", column="重复")
            v = s.get(Visit, visit_id)
            if v is None:
                raise NotFound("找不到这条来访登记，可能已被删除")
            if root and s.get(Visit, root) is None:
                raise NotFound("找不到被标记为原事项的来访登记")
            old = v.repeat_of_id
            v.repeat_of_id = root
            self.audit(s, AuditAction.UPDATE, "visit", v.id, "标记重复来访" if root else "取消重复标记",
                       {"repeat_of_id": [old, root]})
        self.db.notify(*VISIT_TABLES)
        return root

    def suggestion_by_number(self, number: str, year: int) -> str | None:
        """The suggestion numbered `number` — 〔2026〕第12号, 2026-12, or 12 (of `year`); None when there is none."""
        parts = [int(x) for x in re.findall(r"\d+", number)]
        if not parts:
            return None
        y, seq = (parts[0], parts[1]) if len(parts) >= 2 else (year, parts[0])
        with self.db.session() as s:
            g = s.exec(select(Suggestion).where(Suggestion.year == y, Suggestion.seq == seq)).first()
            return g.id if g else None
