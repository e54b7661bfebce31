"""接待频次落实情况: per deputy and period, whether they received voters as rule 一 requires."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import Level, PeriodState
from liaison_desk.services.schedule.compliance import ComplianceRow, view_range
from liaison_desk.text import fmt_date
from liaison_desk.ui.context import AppContext

STATE_COLORS = {PeriodState.RECEIVED.value: "#d7f0d9", PeriodState.SCHEDULED.value: "#dbe8f7",
                PeriodState.MISSED.value: "#f7d4d0", PeriodState.UNPLANNED.value: "#fbeccc"}
SCOPES: list[tuple[str, dict[str, int]]] = (
    [("全年", {})] + [(f"{'上下'[h - 1]}半年", {"half": h}) for h in (1, 2)]
    + [(f"第{'一二三四'[q - 1]}季度", {"quarter": q}) for q in (1, 2, 3, 4)]
    + [(f"{m}月", {"month": m}) for m in range(1, 13)])


class ComplianceDialog(QDialog):
    """A year / half / quarter / month chosen at the top; deputies behind listed first."""

    def __init__(self, ctx: AppContext, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("代表接待选民频次落实情况")
        self.resize(980, 560)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(year or date.today().year)
        self.scope = QComboBox()
        for label, _ in SCOPES:
            self.scope.addItem(label)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("统计期间："))
        top.addWidget(self.year)
        top.addWidget(self.scope)
        top.addStretch(1)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        legend = QLabel("按代表所任最高频次层级计算：省级每年一次，市级每半年一次，县（区）级每季度一次，"
                        "乡镇每月一次。绿色已接待，蓝色已安排，红色未接待，黄色尚未安排。")
        legend.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.rows: list[ComplianceRow] = []
        self.refresh()

    def refresh(self) -> None:
        start, end = view_range(self.year.value(), **SCOPES[self.scope.currentIndex()][1])
        self.rows = self.ctx.compliance.report(start, end)
        width = max((len(r.cells) for r in self.rows), default=0)
        self.table.clear()
        self.table.setColumnCount(3 + width)
        self.table.setHorizontalHeaderLabels(["代表", "所任层级", "接待频次"] + [f"周期{i + 1}" for i in range(width)])
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            self.table.setItem(i, 0, QTableWidgetItem(r.name))
            self.table.setItem(i, 1, QTableWidgetItem(Level.label_of(r.level)))
            freq = QTableWidgetItem(r.frequency + (f"（缺 {r.missed} 次）" if r.missed else ""))
            if r.missed:
                freq.setForeground(QBrush(QColor("#c0392b")))
            self.table.setItem(i, 2, freq)
            for j, c in enumerate(r.cells):
                item = QTableWidgetItem(f"{c.period.label} {PeriodState.label_of(c.state)}")
                item.setBackground(QBrush(QColor(STATE_COLORS[c.state])))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(f"{fmt_date(c.period.start)}至{fmt_date(c.period.end)}"
                                + ("；接待日：" + "、".join(fmt_date(d) for d in c.days) if c.days else ""))
                self.table.setItem(i, 3 + j, item)
        self.table.resizeColumnsToContents()
        behind = sum(1 for r in self.rows if r.behind)
        text = (f"{fmt_date(start)}至{fmt_date(end)}：{len(self.rows)} 名代表，"
                + (f"{behind} 名未达到接待频次（排在前面）" if behind else "全部达到接待频次"))
        warnings = self.ctx.rules.calendar().warnings([start, end])
        self.summary.setText(text + ("\n" + "；".join(warnings) if warnings else ""))
