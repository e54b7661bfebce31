"""Choosing what to print from 代表活动: the book for a period, the 考勤通报 for a quarter or year, the
年度考核评分表 by group or deputy; the PDF is drawn off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from liaison_desk.services.activities.checks import QUARTER_NAMES, quarter_bounds
from liaison_desk.ui.common.paper import mask_box, save_paper
from liaison_desk.ui.common.widgets import date_edit, from_qdate, to_qdate
from liaison_desk.ui.context import AppContext

TITLES = {"book": "打印人大代表活动情况记录簿", "attendance": "打印代表考勤通报", "score": "打印年度考核评分表"}
FILE_NAMES = {"book": "活动记录簿", "attendance": "代表考勤通报", "score": "年度考核评分表"}


class ActivityPrintDialog(QDialog):
    def __init__(self, ctx: AppContext, which: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.which = ctx, which
        self.setWindowTitle(TITLES[which])
        today = date.today()
        form = QFormLayout(self)
        self.start, self.end = date_edit(), date_edit()
        self.start.setDate(to_qdate(date(today.year, 1, 1)))
        self.end.setDate(to_qdate(today))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.period = QComboBox()
        self.period.addItem("全年", 0)
        for q in range(1, 5):
            self.period.addItem(f"第{QUARTER_NAMES[q - 1]}季度", q)
        self.by = QComboBox()
        self.by.addItem("按代表小组", "group")
        self.by.addItem("按代表", "deputy")
        if which == "book":
            form.addRow("开始日期", self.start)
            form.addRow("结束日期", self.end)
        else:
            form.addRow("年度", self.year)
            form.addRow("期间" if which == "attendance" else "评分对象",
                        self.period if which == "attendance" else self.by)
        self.mask = mask_box()
        form.addRow("", self.mask)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成 PDF…")
        buttons.accepted.connect(self._go)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _go(self) -> None:
        save_paper(self, TITLES[self.which], FILE_NAMES[self.which], self._job())

    def _job(self) -> Callable[[Path], Path]:
        """What to draw, read from the fields now (the GUI thread); the drawing runs off it."""
        from liaison_desk.printing import activities as papers
        from liaison_desk.services.activities.service import ActivityFilter

        ctx, masked = self.ctx, self.mask.isChecked()

        def mask() -> Callable[[str], str] | None:
            return ctx.masking.masker() if masked else None

        if self.which == "book":
            start, end = from_qdate(self.start.date()), from_qdate(self.end.date())

            def book(path: Path) -> Path:
                heading, several = ctx.station.heading()  # a township database: every station, in sections
                rows = ctx.activities.list(ActivityFilter(start=start, end=end), newest_first=False)
                out = papers.print_activity_book(rows, heading, start, end, path, mask(),
                                                 sections=ctx.station.names() if several else None)
                ctx.activities.record_print("打印活动记录簿", len(rows))
                return out
            return book
        year, q, by = self.year.value(), self.period.currentData(), self.by.currentData()
        if self.which == "attendance":
            start, end = quarter_bounds(year, q) if q else (date(year, 1, 1), date(year, 12, 31))
            label = f"{year}年第{QUARTER_NAMES[q - 1]}季度" if q else f"{year}年度"

            def attendance(path: Path) -> Path:
                heading, several = ctx.station.heading()  # a township database: every station, in sections
                lines = ctx.activity_checks.attendance(start, end, by_station=several)
                out = papers.print_attendance(lines, heading, label, path, ctx.activity_checks.threshold(), mask(),
                                              ctx.station.names() if several else None)
                ctx.activities.record_print("打印代表考勤通报", len(lines))
                return out
            return attendance

        def score(path: Path) -> Path:
            heading, several = ctx.station.heading()  # a township database: each sheet names its station
            sheets = ctx.scores.score(year, by)
            out = papers.print_scores(sheets, heading, year, path, mask(), ctx.station.names() if several else None)
            ctx.activities.record_print("打印年度考核评分表", len(sheets))
            return out
        return score
