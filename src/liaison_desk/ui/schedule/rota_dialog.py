"""生成轮值安排: propose a year's or quarter's sessions, let the clerk review and edit them, then accept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.services.schedule.rota import ProposedSession, RotaOptions, RotaPlan
from liaison_desk.services.schedule.rules import latest_notice_date
from liaison_desk.text import WEEKDAYS, fmt_date, fmt_time_range, fmt_weekday
from liaison_desk.ui.common.ops import run_with_progress
from liaison_desk.ui.common.pickers import DeputyPicker
from liaison_desk.ui.common.widgets import date_edit, show_error
from liaison_desk.ui.context import AppContext

HEADERS = ("接待日期", "星期", "时间", "接待地点", "最晚公告日", "人数", "接待代表")


class ProposalEditor(QDialog):
    """Change one proposed session's day and deputies."""

    def __init__(self, ctx: AppContext, p: ProposedSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改拟安排的接待")
        self.p = p
        self.cal = ctx.rules.calendar()
        self.ctx = ctx
        self.day = date_edit()
        self.day.setDate(p.day)
        self.picker = DeputyPicker(ctx, [d for d, _ in p.deputies])
        form = QFormLayout(self)
        form.addRow("接待日期", self.day)
        form.addRow("接待代表", self.picker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def result_session(self) -> ProposedSession:
        d = self.day.date().toPython()
        ids = self.picker.selected_ids()
        names = self.ctx.schedule.deputy_names(ids)
        return replace(self.p, day=d, notice_date=latest_notice_date(self.cal, d),
                       deputies=tuple((i, names.get(i, "")) for i in ids))


class RotaDialog(QDialog):
    def __init__(self, ctx: AppContext, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("生成轮值安排")
        self.resize(1000, 620)
        station = ctx.station.station()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year or date.today().year + (1 if date.today().month >= 11 else 0))
        self.quarter = QComboBox()
        self.quarter.addItem("全年", None)
        for q in range(1, 5):
            self.quarter.addItem(f"第{'一二三四'[q - 1]}季度", q)
        self.weekday = QComboBox()
        for i, ch in enumerate(WEEKDAYS, 1):
            self.weekday.addItem(f"星期{ch}", i)
        self.weekday.setCurrentIndex(((station.reception_weekday if station else 3) or 3) - 1)
        self.week = QComboBox()
        for i, label in enumerate(("第一周", "第二周", "第三周", "第四周", "最后一周"), 1):
            self.week.addItem(label, i)
        self.week.setCurrentIndex(2)
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(11, 30))
        self.venue = QLineEdit((station.venue or station.name) if station else "")
        self.per_session = QSpinBox()
        self.per_session.setRange(2, 20)
        self.per_session.setValue(2)
        self.per_session.setToolTip("每次接待安排的代表人数（至少 2 名）；为落实县、市、省级频次会再加一名该级代表")
        self.per_month = QSpinBox()
        self.per_month.setRange(1, 4)
        self.per_month.setValue(1)
        self.per_month.setToolTip("联络站制度要求每月安排乡镇人大代表接待一次；需要时可增加")
        self.generate = QPushButton("生成方案")
        self.generate.clicked.connect(self.propose)
        grid = QGridLayout()
        for i, (label, w) in enumerate((("年度", self.year), ("范围", self.quarter), ("接待日", self.weekday),
                                        ("每月", self.week), ("开始", self.start), ("结束", self.end),
                                        ("每次代表人数", self.per_session), ("每月接待次数", self.per_month),
                                        ("接待地点", self.venue))):
            grid.addWidget(QLabel(label), i // 4, (i % 4) * 2)
            grid.addWidget(w, i // 4, (i % 4) * 2 + 1)
        grid.addWidget(self.generate, 2, 3)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.notes = QLabel("选择年度和接待日后点“生成方案”。同样的条件总是得到同样的方案。")
        self.notes.setWordWrap(True)
        self.edit_button = QPushButton("修改所选…")
        self.remove_button = QPushButton("删除所选")
        self.accept_button = QPushButton("接受方案")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.accept_button.setToolTip("把表中的接待写入接待安排（状态为“计划”）")
        self.accept_button.clicked.connect(self.accept_plan)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        absences = QPushButton("代表请假登记…")
        absences.setToolTip("登记代表不能参加接待的日期，生成方案时会避开")
        absences.clicked.connect(self.open_absences)
        row = QHBoxLayout()
        for b in (self.edit_button, self.remove_button, absences):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.accept_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        layout.addLayout(row)
        self.plan: RotaPlan | None = None
        self.sessions: list[ProposedSession] = []
        self.applied: list[str] = []
        self._update_buttons()

    def options(self) -> RotaOptions:
        s, e = self.start.time(), self.end.time()
        return RotaOptions(self.year.value(), self.quarter.currentData(), self.weekday.currentData(),
                           self.week.currentData(), time(s.hour(), s.minute()), time(e.hour(), e.minute()),
                           self.venue.text().strip(), per_session=self.per_session.value(),
                           per_month=self.per_month.value())

    def propose(self) -> None:
        opts = self.options()
        svc = self.ctx.rota
        self._task = run_with_progress(self, "正在生成轮值安排…", lambda _p: svc.propose(opts), self._show,
                          lambda e, _tb: show_error(self, e, "无法生成"))

    def _show(self, plan: RotaPlan) -> None:
        self.plan = plan
        self.sessions = list(plan.sessions)
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.sessions))
        for i, s in enumerate(self.sessions):
            values = (fmt_date(s.day), fmt_weekday(s.day), fmt_time_range(s.start_time, s.end_time), s.venue,
                      fmt_date(s.notice_date), str(len(s.deputies)), "、".join(n for _, n in s.deputies))
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        lines = [f"共 {len(self.sessions)} 次接待。"]
        if self.plan:
            lines += [f"注意：{w}" for w in self.plan.warnings]
            lines += [f"无法安排：{u.message}" for u in self.plan.unmet]
        self.notes.setText("\n".join(lines))
        self._update_buttons()

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def edit_selected(self) -> None:
        i = self._row()
        if i < 0:
            return
        dlg = ProposalEditor(self.ctx, self.sessions[i], self)
        if dlg.exec():
            self.sessions[i] = dlg.result_session()
            self.sessions.sort(key=lambda s: s.day)
            self._fill()

    def remove_selected(self) -> None:
        i = self._row()
        if i >= 0:
            del self.sessions[i]
            self._fill()

    def accept_plan(self) -> None:
        sessions = list(self.sessions)
        svc = self.ctx.rota

        def done(ids: list[str]) -> None:
            self.applied = ids
            self.accept()

        self._task = run_with_progress(self, "正在写入接待安排…", lambda _p: svc.apply(sessions), done,
                          lambda e, _tb: show_error(self, e, "写入失败"), writes=True)

    def open_absences(self) -> None:
        from liaison_desk.ui.schedule.absence_dialog import AbsenceDialog

        AbsenceDialog(self.ctx, self).exec()

    def _update_buttons(self) -> None:
        self.accept_button.setEnabled(bool(self.sessions))
        self.edit_button.setEnabled(bool(self.sessions))
        self.remove_button.setEnabled(bool(self.sessions))
