"""代表活动: the activity book (《人大代表活动情况记录簿》) with held receptions in it, filters, the activity
rules' findings, and the activity papers."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QPushButton, QWidget

from liaison_desk.models.enums import ActivityKind
from liaison_desk.services.activities.checks import ActivityCheck
from liaison_desk.services.activities.service import ActivityFilter, ActivityRow
from liaison_desk.services.base import Page
from liaison_desk.text import fmt_date_short
from liaison_desk.ui.common.list_tab import ListTab
from liaison_desk.ui.common.paged import Column
from liaison_desk.ui.common.widgets import CodeCombo
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.main_window import TAB_TITLES

SHOWN_FINDINGS = 3


def _years(today: date) -> list[tuple[int | None, str]]:
    return [(None, "全部年度")] + [(y, f"{y}年") for y in range(today.year, today.year - 6, -1)]


class ActivitiesTab(ListTab):
    title = TAB_TITLES["ActivitiesTab"]
    search_hint = "搜索主题、地点或内容"
    noun = "条活动记录"
    tables = frozenset({"activity", "activityattendance", "receptionsession", "sessiondeputy", "deputygroup",
                        "congressmember"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        today = date.today()
        self.year_filter = QComboBox()
        for y, label in _years(today):
            self.year_filter.addItem(label, y)
        self.year_filter.setCurrentIndex(1)
        self.kind_filter = CodeCombo.of(ActivityKind, "全部类型")
        self.group_filter = CodeCombo([], "全部组织")
        self.deputy_filter = CodeCombo([], "全部代表")
        roster = ctx.roster
        self.deputy_filter.fill_on_open(lambda: roster.choices("", active_only=False, limit=2000))
        for combo in (self.year_filter, self.kind_filter, self.group_filter, self.deputy_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setStyleSheet("color: #b03a2e;")
        self.findings.hide()
        self.layout().insertWidget(1, self.findings)
        self.book_button = QPushButton("打印记录簿…")
        self.attendance_button = QPushButton("考勤通报…")
        self.score_button = QPushButton("考核评分…")
        self.members_button = QPushButton("人大组成人员…")
        self.book_button.clicked.connect(lambda: self.print_paper("book"))
        self.attendance_button.clicked.connect(lambda: self.print_paper("attendance"))
        self.score_button.clicked.connect(lambda: self.print_paper("score"))
        self.members_button.clicked.connect(self.edit_members)
        for b in (self.book_button, self.attendance_button, self.score_button, self.members_button):
            self.actions.addWidget(b)

    def columns(self) -> list[Column[ActivityRow]]:
        center = Qt.AlignmentFlag.AlignCenter
        return [
            Column("日期", lambda r: fmt_date_short(r.day), 90),
            Column("类型", lambda r: r.kind_label, 80),
            Column("主题", lambda r: r.title, 260),
            Column("组织", lambda r: r.organizer, 110),
            Column("地点", lambda r: r.place, 120),
            Column("出席", lambda r: r.present, 45, align=center),
            Column("请假", lambda r: r.leave or "", 45, align=center),
            Column("缺席", lambda r: r.absent or "", 45, align=center,
                   color=lambda r: "#b03a2e" if r.absent else None),
            Column("群众人次", lambda r: r.citizens, 65, align=center),
            Column("参加代表", lambda r: r.deputies, 200),
            Column("来源", lambda r: "接待安排" if r.source == "session" else "活动记录", 70,
                   color=lambda r: "#666666" if r.source == "session" else None),
        ]

    def current_filter(self) -> ActivityFilter:
        year = self.year_filter.currentData()
        return ActivityFilter(start=date(year, 1, 1) if year else None, end=date(year, 12, 31) if year else None,
                              kind=self.kind_filter.code(), group_id=self.group_filter.code(),
                              deputy_id=self.deputy_filter.code(), query=self.query,
                              station_id=self.station_choice())

    def load(self, flt: ActivityFilter, page: Page) -> list[ActivityRow]:
        return self.ctx.activities.list(flt, page)

    def count(self, flt: ActivityFilter) -> int:
        return self.ctx.activities.count(flt)

    def load_extra(self, flt: ActivityFilter) -> tuple[ActivityCheck, list[tuple[str, str]]]:
        year = flt.start.year if flt.start else date.today().year
        return self.ctx.activity_checks.check(year), list(self.ctx.roster.groups())

    def show_extra(self, extra: Any) -> None:
        check, groups = extra
        self.group_filter.refill(groups)
        lines = [x.message for x in (*check.groups, *check.contacts, *check.attendance)]
        if lines:
            more = f"\n…… 另有 {len(lines) - SHOWN_FINDINGS} 项" if len(lines) > SHOWN_FINDINGS else ""
            self.findings.setText(f"{check.year}年活动检查发现 {len(lines)} 项：\n· "
                                  + "\n· ".join(lines[:SHOWN_FINDINGS]) + more)
        self.findings.setVisible(bool(lines))

    def describe(self, row: ActivityRow) -> str:
        return f"{fmt_date_short(row.day)} {row.kind_label}：{row.title}"

    def _is_session(self, record_id: str) -> bool:
        row = self.selected_row()
        if row is not None and row.id == record_id and row.source == "session":
            QMessageBox.information(self, "接待安排中的记录", "这是接待安排中已完成的接待，"
                                    "请到“接待安排”中修改它的代表和考勤。")
            return True
        return False

    def add_record(self) -> str | None:
        from liaison_desk.ui.activities.dialog import ActivityDialog

        dlg = ActivityDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        from liaison_desk.ui.activities.dialog import ActivityDialog

        if self._is_session(record_id):
            return None
        dlg = ActivityDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        if self._is_session(record_id):
            return
        self.ctx.activities.delete(record_id)

    def print_paper(self, which: str) -> None:
        from liaison_desk.ui.activities.print_dialog import ActivityPrintDialog

        ActivityPrintDialog(self.ctx, which, self).exec()

    def edit_members(self) -> None:
        from liaison_desk.ui.activities.members_dialog import MembersDialog

        MembersDialog(self.ctx, self).exec()
