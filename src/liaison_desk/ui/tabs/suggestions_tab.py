"""建议办理: suggestions and citizen opinions by step, agency and deadline; overdue ones in red."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from liaison_desk.models.enums import ReplyResult, Satisfaction, Step, SuggestionKind
from liaison_desk.services.base import Page
from liaison_desk.services.suggestions import OPEN_STEPS, SuggestionFilter, SuggestionRow
from liaison_desk.text import fmt_date_short
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.suggestion_dialog import SuggestionDialog
from liaison_desk.ui.models.paged import Column
from liaison_desk.ui.tabs.base import ListTab
from liaison_desk.ui.widgets import CodeCombo


def _overdue(r: SuggestionRow) -> bool:
    return r.step in OPEN_STEPS and r.deadline is not None and r.deadline < date.today()


class SuggestionsTab(ListTab):
    title = "建议办理"
    search_hint = "搜索编号、标题、内容或反映人"
    noun = "条意见建议"
    tables = frozenset({"suggestion", "suggestionevent", "suggestionagency", "suggestiondeputy"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.step_filter = CodeCombo(((s.value, s.label) for s in Step if s not in (Step.PUBLISH, Step.RECEIVE)),
                                     "全部环节")
        self.kind_filter = CodeCombo.of(SuggestionKind, "全部类别")
        for combo in (self.step_filter, self.kind_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)

    def columns(self) -> list[Column[SuggestionRow]]:
        return [
            Column("编号", lambda r: r.number, 110),
            Column("类别", lambda r: SuggestionKind(r.kind).short if r.kind in SuggestionKind._value2member_map_
                   else r.kind, 70),
            Column("标题", lambda r: r.title, 260),
            Column("问题类别", lambda r: r.category, 75),
            Column("办理环节", lambda r: Step.label_of(r.step), 65),
            Column("主办单位", lambda r: r.agency, 170),
            Column("登记日期", lambda r: fmt_date_short(r.registered_on), 90),
            Column("办理期限", lambda r: fmt_date_short(r.deadline), 90,
                   color=lambda r: "#c0392b" if _overdue(r) else None),
            Column("办理结果", lambda r: ReplyResult.label_of(r.reply_result), 100),
            Column("满意度", lambda r: Satisfaction.label_of(r.satisfaction), 70),
        ]

    def _filter(self) -> SuggestionFilter:
        step = getattr(self, "step_filter", None)
        kind = getattr(self, "kind_filter", None)
        return SuggestionFilter(query=self.query, step=step.code() if step else None,
                                kind=kind.code() if kind else None)

    def fetch(self, page: Page) -> list[Any]:
        return self.ctx.suggestions.list(self._filter(), page)

    def total(self) -> int:
        return self.ctx.suggestions.count(self._filter())

    def summary_text(self) -> str:
        counts = self.ctx.suggestions.step_counts()
        steps = "，".join(f"{s.label} {counts[s.value]}" for s in Step if counts.get(s.value))
        overdue = self.ctx.suggestions.count(SuggestionFilter(overdue_on=date.today()))
        return super().summary_text() + f"　{steps}" + (f"　已超期 {overdue} 条" if overdue else "")

    def describe(self, row: Any) -> str:
        return f"{row.number} {row.title}"

    def add_record(self) -> str | None:
        dlg = SuggestionDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        dlg = SuggestionDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.suggestions.delete(record_id)
