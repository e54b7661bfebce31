"""来访登记: every visit, letter and call, newest first; text search runs in SQL (FTS5 / LIKE)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from liaison_desk.models.enums import Channel, Handling
from liaison_desk.services.base import Page
from liaison_desk.services.visits import VisitFilter, VisitRow
from liaison_desk.text import fmt_date_short
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.visit_dialog import VisitDialog
from liaison_desk.ui.models.paged import Column
from liaison_desk.ui.tabs.base import ListTab
from liaison_desk.ui.widgets import CodeCombo


class VisitsTab(ListTab):
    title = "来访登记"
    search_hint = "搜索来访人、住址或反映的问题"
    noun = "条来访登记"
    tables = frozenset({"visit", "visitdeputy"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.channel_filter = CodeCombo.of(Channel, "全部来访方式")
        self.handling_filter = CodeCombo.of(Handling, "全部处理方式")
        for combo in (self.channel_filter, self.handling_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)

    def columns(self) -> list[Column[VisitRow]]:
        center = Qt.AlignmentFlag.AlignCenter
        return [
            Column("日期", lambda r: fmt_date_short(r.visited_on), 90),
            Column("来访方式", lambda r: Channel.label_of(r.channel), 80),
            Column("来访人", lambda r: r.visitor, 70),
            Column("村（社区）", lambda r: r.village, 90),
            Column("人数", lambda r: r.headcount, 45, align=center),
            Column("类别", lambda r: r.category, 75),
            Column("反映问题", lambda r: r.summary, 330),
            Column("接待代表", lambda r: r.deputies, 130),
            Column("处理方式", lambda r: Handling.label_of(r.handling), 90),
        ]

    def _filter(self) -> VisitFilter:
        channel = getattr(self, "channel_filter", None)
        handling = getattr(self, "handling_filter", None)
        return VisitFilter(query=self.query, channel=channel.code() if channel else None,
                           handling=handling.code() if handling else None)

    def fetch(self, page: Page) -> list[Any]:
        return self.ctx.visits.list(self._filter(), page)

    def total(self) -> int:
        return self.ctx.visits.count(self._filter())

    def describe(self, row: Any) -> str:
        return f"{fmt_date_short(row.visited_on)} {row.visitor} 的来访登记"

    def add_record(self) -> str | None:
        dlg = VisitDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        dlg = VisitDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.visits.delete(record_id)
