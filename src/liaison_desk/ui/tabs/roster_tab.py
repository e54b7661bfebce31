"""代表名册: every deputy with levels, group, unit and status; filters and counts per level."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from liaison_desk.models.enums import DeputyStatus, Gender, GroupRole, Level
from liaison_desk.services.base import Page
from liaison_desk.services.roster import DeputyFilter, DeputyRow
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.deputy_dialog import DeputyDialog
from liaison_desk.ui.models.paged import Column
from liaison_desk.ui.tabs.base import ListTab
from liaison_desk.ui.widgets import CodeCombo


class RosterTab(ListTab):
    title = "代表名册"
    search_hint = "搜索姓名、拼音首字母（如 zs）、电话或单位"
    noun = "名代表"
    tables = frozenset({"deputy", "deputylevel", "groupmember", "deputygroup"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.level_filter = CodeCombo.of(Level, "全部层级")
        self.status_filter = CodeCombo.of(DeputyStatus, "全部状态")
        for combo in (self.level_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)

    def columns(self) -> list[Column[DeputyRow]]:
        return [
            Column("姓名", lambda r: r.name, 90),
            Column("性别", lambda r: Gender.label_of(r.gender), 50),
            Column("代表层级", lambda r: r.levels_label, 90),
            Column("代表小组", lambda r: r.group, 110),
            Column("小组职务", lambda r: GroupRole.label_of(r.role), 70),
            Column("工作单位", lambda r: r.work_unit, 220),
            Column("职务", lambda r: r.post, 150),
            Column("联系电话", lambda r: r.phone, 110),
            Column("状态", lambda r: DeputyStatus.label_of(r.status), 60,
                   color=lambda r: None if r.status == DeputyStatus.ACTIVE.value else "#888888"),
        ]

    def _filter(self) -> DeputyFilter:
        level = getattr(self, "level_filter", None)
        status = getattr(self, "status_filter", None)
        return DeputyFilter(query=self.query, level=level.code() if level else None,
                            status=status.code() if status else None)

    def fetch(self, page: Page) -> list[Any]:
        return self.ctx.roster.list(self._filter(), page)

    def total(self) -> int:
        return self.ctx.roster.count(self._filter())

    def summary_text(self) -> str:
        counts = self.ctx.roster.level_counts()
        per_level = "，".join(f"{lv.label} {counts[lv.value]} 人" for lv in Level if counts.get(lv.value))
        return super().summary_text() + (f"　在任：{per_level}" if per_level else "")

    def add_record(self) -> str | None:
        dlg = DeputyDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        dlg = DeputyDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.roster.delete(record_id)
