"""接待安排: a month calendar beside the list of reception sessions, rule checks where the clerk works,
and the schedule's tools (频次落实, 轮值安排, 节假日安排, 公告 and 安排表 PDFs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFrame,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import ScheduleRule, SessionKind, SessionStatus
from liaison_desk.services.base import Page
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import QUARTERS, month_end, view_range
from liaison_desk.services.schedule.frequency import FrequencyReport
from liaison_desk.services.schedule.rules import RULE_CALENDAR, Violation
from liaison_desk.services.schedule.service import SessionFilter, SessionRow
from liaison_desk.text import fmt_date, fmt_time_range, fmt_weekday
from liaison_desk.ui.common.list_tab import ListTab
from liaison_desk.ui.common.ops import run_with_progress
from liaison_desk.ui.common.paged import Column
from liaison_desk.ui.common.widgets import CodeCombo, show_error
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.main_window import TAB_TITLES
from liaison_desk.ui.schedule.calendar_widget import MonthCalendar, offer_pdf
from liaison_desk.ui.schedule.frequency_grid import LEGEND, FrequencyGrid

MAX_RULE_LINES = 30  # rule findings listed beside the calendar; the rest are in the table's column


@dataclass(frozen=True)
class CheckedSession:
    """A session row with what the station's rules say about it (read together in the worker)."""

    row: SessionRow
    problems: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:  # the row's fields: id, day, venue …
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


@dataclass(frozen=True, slots=True)
class Wanted:
    """The list's filter, the month the calendar shows, and today (the coming sessions are listed first)."""

    base: SessionFilter
    year: int
    month: int
    today: date


@dataclass(frozen=True, slots=True)
class MonthView:
    """What the calendar panel and the summary show for the visible month."""

    marks: dict[date, int]
    calendar: WorkCalendar
    found: list[Violation]
    sessions: int
    warnings: list[str]
    frequency: FrequencyReport  # the visible year, level × period
    reminders: list[str]  # notices to post soon, or already late


class ScheduleTab(ListTab):
    title = TAB_TITLES["ScheduleTab"]
    search_hint = "搜索地点、主题或代表姓名"
    noun = "次接待"
    tables = frozenset({"receptionsession", "sessiondeputy", "sessionofficial", "visit", "holiday", "deputy"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.today = date.today()
        super().__init__(ctx, parent)
        self.after_pdf: Callable[[QWidget, Path], None] = offer_pdf
        self.status_filter = CodeCombo.of(SessionStatus, "全部状态")
        self.kind_filter = CodeCombo.of(SessionKind, "全部形式")
        for combo in (self.status_filter, self.kind_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)
        self._tools()
        self._calendar_panel()
        self._update_buttons()

    # layout ----------------------------------------------------------------------------------------
    def _calendar_panel(self) -> None:
        self.calendar = MonthCalendar()
        self.calendar.setMinimumWidth(318)
        self.calendar.month_changed.connect(lambda _y, _m: self.refresh())
        self.calendar.clicked.connect(self._day_clicked)
        self.calendar.activated.connect(self._day_activated)
        self.month_only = QCheckBox("列表只显示日历所在月份")
        self.month_only.toggled.connect(lambda _c: self.refresh())
        self.grid_title = QLabel()
        self.grid_title.setObjectName("grid_title")
        self.grid = FrequencyGrid()
        self.grid.setToolTip("联络站制度第一条：按层级、周期落实接待频次")
        self.grid.cellDoubleClicked.connect(lambda _r, _c: self.open_compliance())
        legend = QLabel(LEGEND + "　双击查看轮值情况")
        legend.setStyleSheet("color: #555;")
        legend.setWordWrap(True)
        self.reminders = QLabel()
        self.reminders.setObjectName("notice_reminders")
        self.reminders.setWordWrap(True)
        self.reminders.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.reminders.hide()
        self.month_rules = QLabel()
        self.month_rules.setObjectName("month_rules")
        self.month_rules.setWordWrap(True)
        self.month_rules.setAlignment(Qt.AlignmentFlag.AlignTop)
        left = QWidget()
        v = QVBoxLayout(left)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.calendar)
        v.addWidget(self.month_only)
        v.addWidget(self.reminders)
        v.addWidget(self.grid_title)
        v.addWidget(self.grid)
        v.addWidget(legend)
        # A county's month can hold thousands of rule findings: they scroll instead of growing the window.
        rules_area = QScrollArea()
        rules_area.setWidgetResizable(True)
        rules_area.setFrameShape(QFrame.Shape.NoFrame)
        rules_area.setWidget(self.month_rules)
        v.addWidget(rules_area, 1)
        # the panel scrolls as a whole in a short window (the grid and calendar keep their size)
        panel = QScrollArea()
        panel.setWidgetResizable(True)
        panel.setFrameShape(QFrame.Shape.NoFrame)
        panel.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel.setWidget(left)
        panel.setMinimumWidth(left.sizeHint().width() + 14)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.body.removeWidget(self.view)
        self.splitter.addWidget(panel)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 900])
        self.body.addWidget(self.splitter, 1)

    def _tools(self) -> None:
        self.notice_button = QPushButton("打印公告")
        self.notice_button.setToolTip("为所选接待生成《人大代表接待选民公告》PDF")
        self.notice_button.clicked.connect(self.print_notice_dialog)
        self.print_button = QPushButton("打印安排表")
        menu = QMenu(self.print_button)
        menu.addAction("本月接待安排表", lambda: self.print_schedule_dialog("month"))
        menu.addAction("本季度接待安排表", lambda: self.print_schedule_dialog("quarter"))
        menu.addAction("年度活动计划", lambda: self.print_schedule_dialog("year"))
        self.print_button.setMenu(menu)
        self.compliance_button = QPushButton("频次落实")
        self.compliance_button.clicked.connect(self.open_compliance)
        self.rota_button = QPushButton("生成轮值")
        self.rota_button.clicked.connect(self.open_rota)
        self.holiday_button = QPushButton("节假日安排")
        self.holiday_button.clicked.connect(self.open_holidays)
        for b in (self.compliance_button, self.rota_button, self.holiday_button, self.notice_button,
                  self.print_button):
            self.actions.addWidget(b)

    @classmethod
    def install(cls, window: Any, tab: Any) -> None:
        """Tools menu entries, and the notice reminder in the status bar (after the first rows); the tab
        (`tab()`) is built when an entry or the reminder is clicked."""
        window.notice_alert = NoticeAlert(window, tab)
        menu = window.tools_menu
        for text, name in (("法定节假日安排…", "open_holidays"), ("代表接待频次落实情况…", "open_compliance"),
                           ("生成轮值安排…", "open_rota"), ("代表请假登记…", "open_absences")):
            menu.addAction(QAction(text, window, triggered=lambda _=False, n=name: getattr(tab(), n)()))

    @property
    def notice_alert(self) -> QPushButton:
        alert: QPushButton = self.window().notice_alert
        return alert

    def reminder_texts(self) -> list[str]:
        """Notices to post within 3 working days, and notices already late (one quick query)."""
        return [r.message for r in self.ctx.notices.reminders()]

    def update_notice_alert(self) -> None:
        self.window().notice_alert.update_now()

    # the list -----------------------------------------------------------------------------------
    def columns(self) -> list[Column[SessionRow]]:
        center = Qt.AlignmentFlag.AlignCenter
        return [
            Column("接待日期", lambda r: f"{fmt_date(r.day)} {fmt_weekday(r.day)}", 170),
            Column("制度检查", self._check_text, 110,
                   color=lambda r: "#c0392b" if r.problems else "#2e7d32",
                   tooltip=lambda r: "\n".join(r.problems) or "符合联络站制度"),
            Column("时间", lambda r: fmt_time_range(r.start_time, r.end_time), 100),
            Column("接待形式", lambda r: SessionKind.label_of(r.kind), 80),
            Column("接待地点", lambda r: r.venue, 160),
            Column("接待主题", lambda r: r.theme, 130),
            Column("接待代表", lambda r: r.deputies, 170,
                   color=lambda r: "#c0392b" if r.deputy_count < 2 else None,
                   tooltip=lambda r: f"未出席：{r.absent}" if r.absent else "全部出席或尚未接待"),
            Column("公告张贴", lambda r: fmt_date(r.notice_date) if r.notice_date else "未张贴", 120,
                   color=lambda r: None if r.notice_date or r.status == SessionStatus.CANCELLED.value else "#8a5a00",
                   tooltip=lambda r: "张贴地点：" + "、".join(r.notice_places) if r.notice_places else ""),
            Column("状态", self._status_text, 60,
                   color=lambda r: "#8a5a00" if self._unconfirmed(r) else None,
                   tooltip=lambda r: "接待日期已过，尚未标记“已完成”：请确认是否已接待" if self._unconfirmed(r) else ""),
            Column("来访人数", lambda r: r.visit_count, 70, align=center),
        ]

    @staticmethod
    def _unconfirmed(r: Any) -> bool:
        return bool(r.day < date.today() and r.status in (SessionStatus.PLANNED.value, SessionStatus.ANNOUNCED.value))

    def _status_text(self, r: Any) -> str:
        return "待确认" if self._unconfirmed(r) else SessionStatus.label_of(r.status)

    def _check_text(self, r: CheckedSession) -> str:
        return "⚠ " + "、".join(ScheduleRule(x).short for x in r.rules) if r.rules else "✓"

    def current_filter(self) -> Wanted:
        y, m = self.calendar.visible_month()
        start = end = None
        if self.month_only.isChecked():
            start, end = date(y, m, 1), month_end(y, m)
        return Wanted(SessionFilter(query=self.query, start=start, end=end, status=self.status_filter.code(),
                                    kind=self.kind_filter.code(), station_id=self.station_choice()), y, m,
                      self.today)

    def load(self, wanted: Wanted, page: Page) -> list[CheckedSession]:
        rows = self.ctx.schedule.list(wanted.base, page, upcoming_from=wanted.today)
        if not rows:
            return []
        problems: dict[str, list[str]] = {}
        rules: dict[str, list[str]] = {}
        for v in self.ctx.rules.check_range(min(r.day for r in rows), max(r.day for r in rows)):
            if v.session and v.rule != RULE_CALENDAR:
                if v.message not in problems.setdefault(v.session, []):
                    problems[v.session].append(v.message)
                if v.rule not in rules.setdefault(v.session, []):
                    rules[v.session].append(v.rule)
        return [CheckedSession(r, tuple(problems.get(r.id, ())), tuple(rules.get(r.id, ()))) for r in rows]

    def count(self, wanted: Wanted) -> int:
        return self.ctx.schedule.count(wanted.base)

    def load_extra(self, wanted: Wanted) -> MonthView:
        """The visible month for the calendar panel, and the calendar warnings for the summary."""
        y, m = wanted.year, wanted.month
        start, end = date(y, m, 1), month_end(y, m)
        cal = self.ctx.rules.calendar()
        today = date.today()
        years = (today.year, today.year + 1) if today.month >= 11 else (today.year,)
        station_id = self.ctx.station.station_id()
        return MonthView(self.ctx.schedule.days_in(start - timedelta(days=7), end + timedelta(days=7)), cal,
                         self.ctx.rules.check_range(start, end, cal), len(self.ctx.schedule.days_in(start, end)),
                         cal.warnings([date(y, 1, 1) for y in years]),
                         self.ctx.frequency.year(y, today, station_id=station_id),
                         [r.message for r in self.ctx.notices.reminders(today)])

    def show_extra(self, view: MonthView) -> None:
        self._paint_month(view)

    def summary_text(self) -> str:
        text = super().summary_text()
        warnings = self.extra.warnings if self.extra else []
        return text + ("　　注意：" + "；".join(warnings) + "（点“节假日安排”导入）" if warnings else "")

    def describe(self, row: Any) -> str:
        return f"{fmt_date(row.day)} {row.venue}的接待"

    def add_record(self, day: date | None = None) -> str | None:
        from liaison_desk.ui.schedule.session_dialog import SessionDialog

        dlg = SessionDialog(self.ctx, None, self, day=day)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        from liaison_desk.ui.schedule.session_dialog import SessionDialog

        dlg = SessionDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.schedule.delete(record_id)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.notice_button.setEnabled(self.selected_id() is not None)

    # the calendar -----------------------------------------------------------------------------
    def _paint_month(self, view: MonthView) -> None:
        y, m = self.calendar.visible_month()
        self.calendar.mark(view.marks, view.calendar)
        found = view.found
        lines = [f"{y}年{m}月：{view.sessions} 个接待日"]
        lines += [f"· {v.message}" for v in found[:MAX_RULE_LINES]]
        if len(found) > MAX_RULE_LINES:
            lines.append(f"……另有 {len(found) - MAX_RULE_LINES} 条，请在列表的“制度检查”列查看")
        if not found:
            lines.append("本月接待安排符合联络站制度")
        self.month_rules.setStyleSheet("color: #c0392b;" if found else "color: #2e7d32;")
        self.month_rules.setText("\n".join(lines))
        report = view.frequency
        self.grid.show_report(report)
        self.grid_title.setText(f"{y}年接待频次（层级 × 周期）"
                                + (f"：未接待 {len(report.behind)} 个周期" if report.behind else "")
                                + (f"，待确认 {len(report.unconfirmed)} 次" if report.unconfirmed else ""))
        texts = view.reminders
        self.reminders.setText("\n".join(f"⚠ {t}" for t in texts[:5])
                               + (f"\n……另有 {len(texts) - 5} 次" if len(texts) > 5 else ""))
        self.reminders.setVisible(bool(texts))

    def _day_clicked(self, qd: QDate) -> None:
        d = qd.toPython()
        for i in range(self.model.rowCount()):
            if self.model.row_at(i).day == d:
                self.view.selectRow(i)
                self.view.scrollTo(self.model.index(i, 0))
                return

    def _day_activated(self, qd: QDate) -> None:
        new_id = self.add_record(qd.toPython())
        if new_id:
            self.refresh(select=new_id)

    # tools --------------------------------------------------------------------------------------
    def open_compliance(self) -> None:
        from liaison_desk.ui.schedule.compliance_dialog import ComplianceDialog

        ComplianceDialog(self.ctx, self.calendar.yearShown(), self).exec()

    def open_rota(self) -> None:
        from liaison_desk.ui.schedule.rota_dialog import RotaDialog

        if RotaDialog(self.ctx, None, self).exec():
            self.refresh()

    def open_absences(self) -> None:
        from liaison_desk.ui.schedule.absence_dialog import AbsenceDialog

        AbsenceDialog(self.ctx, self).exec()

    def open_holidays(self) -> None:
        from liaison_desk.ui.schedule.holidays_dialog import HolidayDialog

        HolidayDialog(self.ctx, None, self).exec()
        self.refresh()

    def print_notice_dialog(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "保存接待公告", f"接待公告-{row.day.isoformat()}.pdf",
                                              "PDF 文件 (*.pdf)")
        if path:
            self.print_notice_to(row.id, Path(path))

    def print_notice_to(self, session_id: str, path: Path, photos: bool = True) -> None:
        from liaison_desk.printing.notice import print_notice
        from liaison_desk.services.schedule.printing import notice_data

        db = self.ctx.db
        self._task = run_with_progress(self, "正在生成接待公告…",
                                       lambda _p: print_notice(notice_data(db, session_id), path, photos),
                          lambda p: self.after_pdf(self, p), lambda e, _tb: show_error(self, e, "无法生成公告"))

    def schedule_range(self, scope: str) -> tuple[date, date]:
        y, m = self.calendar.visible_month()
        if scope == "month":
            return date(y, m, 1), month_end(y, m)
        if scope == "quarter":
            return view_range(y, quarter=(m - 1) // 3 + 1)
        return view_range(y)

    def print_schedule_dialog(self, scope: str) -> None:
        start, end = self.schedule_range(scope)
        name = {"month": f"{start.year}年{start.month}月接待安排表",
                "quarter": f"{start.year}年第{QUARTERS[(start.month - 1) // 3]}季度接待安排表",
                "year": f"{start.year}年度活动计划"}[scope]
        path, _ = QFileDialog.getSaveFileName(self, "保存接待安排表", f"{name}.pdf", "PDF 文件 (*.pdf)")
        if path:
            self.print_schedule_to(start, end, Path(path))

    def print_schedule_to(self, start: date, end: date, path: Path) -> None:
        from liaison_desk.printing.wall_schedule import print_schedule
        from liaison_desk.services.schedule.printing import wall_schedule

        db = self.ctx.db
        self._task = run_with_progress(self, "正在生成接待安排表…",
                                       lambda _p: print_schedule(wall_schedule(db, start, end), path),
                          lambda p: self.after_pdf(self, p), lambda e, _tb: show_error(self, e, "无法生成"))


class NoticeAlert(QPushButton):
    """The status bar's reminder of notices to post (or late), read in a worker; a click shows the tab."""

    def __init__(self, window: Any, tab: Callable[[], Any]) -> None:
        super().__init__(window)
        self.setObjectName("notice_alert")
        self.setFlat(True)
        self.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.hide()
        self._notices = window.ctx.notices
        window.statusBar().addPermanentWidget(self)
        self.clicked.connect(lambda: window.tabs.setCurrentWidget(tab()))
        window.ctx.changes.changed.connect(self._changed)  # bound: disconnected with the button
        window.after_first_rows(self.update_now)

    def update_now(self) -> None:
        from liaison_desk.ui.common import ops

        notices = self._notices
        ops.run(self, lambda _p: [r.message for r in notices.reminders()], self._show)

    def _show(self, texts: list[str]) -> None:
        more = f"（另有 {len(texts) - 1} 次）" if len(texts) > 1 else ""
        self.setText(f"⚠ {texts[0]}{more}" if texts else "")
        self.setToolTip("\n".join(texts) + "\n点击查看接待安排")
        self.setVisible(bool(texts))

    def _changed(self, tables: frozenset[str]) -> None:
        if "receptionsession" in tables:
            self.update_now()
