"""The papers for the wall and the deputy from the 统计 menu: 办理结果公示 (a quarter), 代表履职情况公示 (a year),
履职档案 (one deputy's year, PDF or Excel); drawn off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from liaison_desk.services.activities.checks import QUARTER_NAMES, quarter_bounds
from liaison_desk.ui.common import ops
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成…")
        buttons.accepted.connect(self._go)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _go(self) -> None:
        filters = "PDF 文件 (*.pdf)" + (";;Excel 表格 (*.xlsx)" if self.which == "record" else "")
        path, chosen = QFileDialog.getSaveFileName(self, "保存为", f"{TITLES[self.which]}.pdf", filters)
        if not path:
            return
        ext = ".xlsx" if "xlsx" in chosen else ".pdf"
        out = Path(path if path.lower().endswith(ext) else path + ext)
        ctx, station, year = self.ctx, self.ctx.station.station_name(), self.year.value()
        q, deputy_id = self.quarter.currentData(), self.deputy.code()

        def job(_progress: Any) -> Path:
            from liaison_desk.printing import report_papers as papers

            if self.which == "results":
                lines = ctx.papers.results(*quarter_bounds(year, q))
                return papers.print_results(lines, station, f"{year}年第{QUARTER_NAMES[q - 1]}季度", out)
            if self.which == "performance":
                return papers.print_performance(ctx.papers.performance(year), station, year, out)
            sheet = ctx.papers.deputy_record(str(deputy_id), year)
            if ext == ".xlsx":
                from liaison_desk.ledger.deputy_record import write_deputy_record

                return write_deputy_record(sheet, station, year, out)
            return papers.print_deputy_record(sheet, station, year, out)

        ops.run(self, job, self._done, progress=TITLES[self.which])

    def _done(self, path: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.accept()
