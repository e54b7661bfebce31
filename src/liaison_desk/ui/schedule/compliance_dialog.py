"""接待频次落实情况: the station's duty per level and period (rule 一) for a year, the sessions still to
confirm, and each deputy's turns (轮值情况 — fairness information, not a violation)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.services.schedule.frequency import FrequencyReport, level_word
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.widgets import list_table
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.schedule.frequency_grid import LEGEND, FrequencyGrid

TURN_HEADERS = ["代表", "层级", "今年接待次数", "最近一次接待", "已安排（未来）"]


class ComplianceDialog(QDialog):
    """A year chosen at the top; the grid, what is behind or due, then the deputies' turns."""

    def __init__(self, ctx: AppContext, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("代表接待选民频次落实情况")
        self.resize(900, 600)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(year or date.today().year)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addWidget(QLabel(LEGEND))
        top.addStretch(1)
        self.grid = FrequencyGrid(cell_width=44)
        self.summary = QLabel()
        self.summary.setObjectName("frequency_summary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.turns = list_table(TURN_HEADERS)
        rule = QLabel("联络站制度第一条：每年安排省人大代表接待选民一次，每半年安排市人大代表一次，每季度安排县（区）"
                      "人大代表一次，每月安排乡镇人大代表一次，由该级代表轮流参加。下表是各位代表的轮值情况，"
                      "供排班时照顾公平，不作为违规。")
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #555;")
        lower = QWidget()
        v = QVBoxLayout(lower)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(QLabel("轮值情况（今年接待次数少的在前）"))
        v.addWidget(self.turns, 1)
        upper = QWidget()
        u = QVBoxLayout(upper)
        u.setContentsMargins(0, 0, 0, 0)
        u.addWidget(self.grid)
        u.addWidget(self.summary, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(rule)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.report: FrequencyReport | None = None
        self.refresh()

    def refresh(self) -> None:
        station = self.ctx.station.station()
        r = self.ctx.frequency.year(self.year.value(), station_id=station.id if station else None)
        self.report = r
        self.grid.show_report(r)
        lines = []
        if r.behind:
            lines.append(f"<b style='color:#b71c1c'>未接待 {len(r.behind)} 个周期：</b>"
                         + "；".join(c.message for c in r.behind))
        if r.due:
            lines.append(f"<b style='color:#8a5a00'>待接待 {len(r.due)} 个周期：</b>"
                         + "；".join(c.message for c in r.due[:8]) + ("……" if len(r.due) > 8 else ""))
        if r.unconfirmed:
            lines.append(f"<b>待确认 {len(r.unconfirmed)} 次</b>（日期已过，尚未标记“已完成”，不计为已接待）："
                         + "、".join(fmt_date(u.day) for u in r.unconfirmed))
        if not lines:
            lines.append("<span style='color:#1b5e20'>本年度各层级接待频次均已落实</span>")
        self.summary.setText("<br>".join(lines))
        self.turns.setRowCount(len(r.turns))
        for i, t in enumerate(r.turns):
            values = (t.name, "、".join(level_word(x) for x in t.levels), str(t.attended),
                      fmt_date(t.last) if t.last else "从未参加接待", str(t.upcoming))
            for j, value in enumerate(values):
                self.turns.setItem(i, j, QTableWidgetItem(value))
