"""The papers for the wall and the deputy from the 统计 menu: 办理结果公示 (a quarter), 代表履职情况公示 (a year),
履职档案 (one deputy's year, PDF or Excel); drawn off the GUI thread."""

from __future__ import annotations

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
from liaison_desk.ui.common.widgets import CodeCombo
from liaison_desk.ui.context import AppContext

TITLES = {"results": "意见建议办理结果公示", "performance": "代表履职情况公示", "record": "代表履职档案"}


class PapersDialog(QDialog):
    def __init__(self, ctx: AppContext, which: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.which = ctx, which
        self.setWindowTitle(TITLES[which])
        today = date.today()
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        form.addRow("年度", self.year)
        self.quarter = QComboBox()
        for q in range(1, 5):
            self.quarter.addItem(f"第{QUARTER_NAMES[q - 1]}季度", q)
        self.quarter.setCurrentIndex((today.month - 1) // 3)
        self.deputy = CodeCombo(ctx.roster.choices("", active_only=False, limit=2000))
        if which == "results":
            form.addRow("季度", self.quarter)
        if which == "record":
            form.addRow("代表", self.deputy)
        self.mask = mask_box()
        form.addRow("", self.mask)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成…")
        buttons.accepted.connect(self._go)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _go(self) -> None:
        ctx, year = self.ctx, self.year.value()
        station, several = ctx.station.heading()  # a township database: the office, each station in sections
        sections = ctx.station.names() if several else None
        q, deputy_id, masked = self.quarter.currentData(), self.deputy.code(), self.mask.isChecked()

        def draw(out: Path) -> Path:
            from liaison_desk.printing import report_papers as papers

            mask = ctx.masking.masker() if masked else None
            if self.which == "results":
                lines = ctx.papers.results(*quarter_bounds(year, q))
                return papers.print_results(lines, station, f"{year}年第{QUARTER_NAMES[q - 1]}季度", out, mask,
                                            sections)
            if self.which == "performance":
                return papers.print_performance(ctx.papers.performance(year), station, year, out, mask, sections)
            sheet = ctx.papers.deputy_record(str(deputy_id), year)
            # a township database: the deputy's own station heads the record
            own = ctx.station.info_of(sheet.line.station_id).name if several else station
            if out.suffix == ".xlsx":
                from liaison_desk.ledger.deputy_record import write_deputy_record

                return write_deputy_record(sheet, own, year, out, mask)
            return papers.print_deputy_record(sheet, own, year, out, mask)

        save_paper(self, TITLES[self.which], TITLES[self.which], draw, excel=self.which == "record")
