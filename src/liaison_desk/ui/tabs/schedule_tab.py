"""接待安排: reception sessions, newest first, with deputies, status and visits registered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from liaison_desk.models.enums import SessionKind, SessionStatus
from liaison_desk.services.base import Page
from liaison_desk.services.schedule import SessionFilter, SessionRow
from liaison_desk.text import fmt_date, fmt_time_range, fmt_weekday
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.session_dialog import SessionDialog
from liaison_desk.ui.models.paged import Column
from liaison_desk.ui.tabs.base import ListTab
from liaison_desk.ui.widgets import CodeCombo


class ScheduleTab(ListTab):
    title = "接待安排"
    search_hint = "搜索地点、主题或代表姓名"
    noun = "次接待"
    tables = frozenset({"receptionsession", "sessiondeputy", "sessionofficial", "visit"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status_filter = CodeCombo.of(SessionStatus, "全部状态")
        self.kind_filter = CodeCombo.of(SessionKind, "全部形式")
        for combo in (self.status_filter, self.kind_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)

    def columns(self) -> list[Column[SessionRow]]:
        center = Qt.AlignmentFlag.AlignCenter
        return [
            Column("接待日期", lambda r: f"{fmt_date(r.day)} {fmt_weekday(r.day)}", 170),
            Column("时间", lambda r: fmt_time_range(r.start_time, r.end_time), 100),
            Column("接待形式", lambda r: SessionKind.label_of(r.kind), 80),
            Column("接待地点", lambda r: r.venue, 180),
            Column("接待主题", lambda r: r.theme, 160),
            Column("接待代表", lambda r: r.deputies, 170,
                   color=lambda r: "#c0392b" if r.deputy_count < 2 else None),
            Column("公告日期", lambda r: fmt_date(r.notice_date), 120),
            Column("状态", lambda r: SessionStatus.label_of(r.status), 60),
            Column("来访人数", lambda r: r.visit_count, 70, align=center),
        ]

    def _filter(self) -> SessionFilter:
        status = getattr(self, "status_filter", None)
        kind = getattr(self, "kind_filter", None)
        return SessionFilter(query=self.query, status=status.code() if status else None,
                             kind=kind.code() if kind else None)

    def fetch(self, page: Page) -> list[Any]:
        return self.ctx.schedule.list(self._filter(), page)

    def total(self) -> int:
        return self.ctx.schedule.count(self._filter())

    def describe(self, row: Any) -> str:
        return f"{fmt_date(row.day)} {row.venue}的接待"

    def add_record(self) -> str | None:
        dlg = SessionDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        dlg = SessionDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.schedule.delete(record_id)
