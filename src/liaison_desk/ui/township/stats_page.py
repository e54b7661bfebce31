"""乡镇汇总 → 统计汇总: a month's figures per station (only approved months), subtotals, the total; print, Excel."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.services.township.stats import COLUMNS, StationTable, TownshipStats, shown
from liaison_desk.ui.common import ops


class StatsPage(QWidget):
    """Loads the table in a worker with progress and cancel (a county has 93 stations)."""

    def __init__(self, stats: TownshipStats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats = stats
        self.table_data: StationTable | None = None
        today = date.today()
        last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        self.year = QSpinBox(minimum=2000, maximum=2100, value=last[0], suffix=" 年")
        self.month = QSpinBox(minimum=1, maximum=12, value=last[1], suffix=" 月")
        self.load_btn = QPushButton("统计")
        self.print_btn = QPushButton("打印…")
        self.excel_btn = QPushButton("导出 Excel…")
        bar = QHBoxLayout()
        for w in (QLabel("月份"), self.year, self.month, self.load_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_btn)
        bar.addWidget(self.excel_btn)
        self.grid = QTableWidget(0, len(COLUMNS) + 1, objectName="stationTotals")
        # long headers on two lines, so fourteen figures fit beside the station's name
        self.grid.setHorizontalHeaderLabels(["联络站", *(h if len(h) <= 4 else f"{h[:4]}\n{h[4:]}" for _, h in COLUMNS)])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setColumnWidth(0, 210)
        for c in range(1, len(COLUMNS) + 1):
            self.grid.setColumnWidth(c, 70)
        self.missing = QLabel(wordWrap=True, objectName="missingStations")
        self.missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v = QVBoxLayout(self)
        v.addLayout(bar)
        v.addWidget(QLabel("只计入已审核（审核通过）的月份；未审核的联络站列在表下。"))
        v.addWidget(self.grid, 1)
        v.addWidget(self.missing)
        self.load_btn.clicked.connect(self.reload)
        self.print_btn.clicked.connect(lambda: self._save(".pdf"))
        self.excel_btn.clicked.connect(lambda: self._save(".xlsx"))
        self.print_btn.setEnabled(False)
        self.excel_btn.setEnabled(False)

    def period(self) -> tuple[date, date]:
        y, m = self.year.value(), self.month.value()
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])

    def reload(self) -> None:
        start, end = self.period()
        stats = self.stats
        ops.run_with_progress(self, "正在汇总各联络站的统计…",
                              lambda progress: stats.table(start, end, progress), self._show)

    def _show(self, t: StationTable) -> None:
        self.table_data = t
        self.grid.setRowCount(len(t.lines))
        bold = QFont()
        bold.setBold(True)
        for r, line in enumerate(t.lines):
            cells = [line.label, *(shown(k, line.values.get(k)) for k, _ in COLUMNS)]
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if line.kind != "station":
                    it.setFont(bold)
                if c == 0 and line.kind == "station" and line.centre:
                    it.setToolTip(f"履职中心：{line.centre}")
                self.grid.setItem(r, c, it)
        self.missing.setText(t.missing_text())
        self.print_btn.setEnabled(True)
        self.excel_btn.setEnabled(True)

    def _save(self, suffix: str, path: Path | None = None) -> None:
        t = self.table_data
        if t is None:
            return
        if path is None:
            name = f"各联络站统计汇总_{t.start:%Y%m}{suffix}"
            kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 文件 (*.xlsx)"
            chosen, _ = QFileDialog.getSaveFileName(self, "保存为", str(Path.home() / name), kind)
            if not chosen:
                return
            path = Path(chosen if chosen.lower().endswith(suffix) else chosen + suffix)
        out = path

        def job(_p: Any) -> Path:
            if suffix == ".pdf":
                from liaison_desk.printing.township_table import print_station_table

                return print_station_table(t, out)
            from liaison_desk.ledger.township_table import write_station_table

            return write_station_table(t, out)

        ops.run_with_progress(self, "正在生成…", job, lambda p: self.missing.setText(f"已生成：{p}　{t.missing_text()}"))
