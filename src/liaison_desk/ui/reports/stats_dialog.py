"""统计: pick a month, a quarter or a year; see the figures beside last year's, the charts, and export the
monthly form or the yearly statistics to PDF / Excel (and the yearly summary draft to Word). Built off the
GUI thread with progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.ui.common import ops
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.reports.charts import Chart

MONTHS = [f"{m}月" for m in range(1, 13)]
QUARTERS = ["一季度", "二季度", "三季度", "四季度"]


class StatsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("统计")
        today = date.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.period = QComboBox()
        self.period.addItem("全年", 0)
        for m in range(1, 13):
            self.period.addItem(f"{m}月", m)
        self.period.setCurrentIndex(today.month)
        show = QPushButton("统计")
        show.clicked.connect(self.load)
        self.export_button = QPushButton("导出…")
        self.export_button.clicked.connect(self.export)
        bar = QHBoxLayout()
        for w in (QLabel("年度"), self.year, QLabel("期间"), self.period, show):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["类别", "项目", "本期", "去年同期", "增减"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.charts = QWidget()
        self.chart_grid = QGridLayout(self.charts)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        body = QHBoxLayout()
        body.addWidget(self.table, 2)
        body.addWidget(scroll, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addLayout(body, 1)
        self.resize(1200, 640)
        self.report: Any = None
        self._loading: Any = None  # the load on its way; a newer one cancels it and ignores its result
        self.load()

    def _bounds(self) -> tuple[date, date]:
        from liaison_desk.services.reports.stats import month_bounds

        year, month = self.year.value(), self.period.currentData()
        return month_bounds(year, month) if month else (date(year, 1, 1), date(year, 12, 31))

    def load(self) -> None:
        start, end = self._bounds()
        ctx = self.ctx

        def job(progress: Any) -> Any:
            progress(0, 2, "正在统计……")
            report = ctx.stats.report(start, end)
            progress(1, 2, "正在准备图表……")
            whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            return report, ctx.year_series.series(start.year, figures=report.figures if whole_year else None)

        if self._loading is not None:
            self._loading.cancel()
        task = ops.run(self, job, lambda result: self._shown_if_current(task, result), progress="统计")
        self._loading = task

    def _shown_if_current(self, task: Any, result: Any) -> None:
        """Only the newest load is shown: an older one finishing last must not replace the period asked."""
        if task is self._loading:
            self._loading = None
            self._show(result)

    def _show(self, result: Any) -> None:
        from liaison_desk.services.reports.form import form_rows

        self.report, series = result
        rows = form_rows(self.report)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, v in enumerate((r.section, r.item, r.shown(r.value), r.shown(r.last), r.shown_change())):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnToContents(0)
        late = self.report.figures.late_records
        self.note.setText(f"注：本期数字含统计期结束后补录或修改的记录 {late} 条。" if late else "")
        while self.chart_grid.count():
            item = self.chart_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        cats = series.categories[:10]
        charts = [
            Chart("每月来访和意见建议", MONTHS, [series.visits_per_month, series.suggestions_per_month],
                  ["来访件数", "登记意见建议"]),
            Chart("来访类别（前十）", [k[:4] for k, _ in cats], [[n for _, n in cats]], ["件数"]),
            Chart("年末在办（按环节）", [k for k, _ in series.steps_at_end], [[n for _, n in series.steps_at_end]],
                  ["件数"]),
            Chart("按期答复率和满意率", QUARTERS, [series.on_time_per_quarter, series.satisfaction_per_quarter],
                  ["按期答复率", "满意率"], lines=True, percent=True),
        ]
        for i, chart in enumerate(charts):
            self.chart_grid.addWidget(chart, i, 0)

    def export(self) -> None:
        if self.report is None:
            return
        monthly = self.period.currentData() != 0
        filters = "PDF 文件 (*.pdf);;Excel 表格 (*.xlsx)" + ("" if monthly else ";;Word 文档 (*.docx)")
        name = "月度统计报表.pdf" if monthly else "年度工作统计.pdf"
        path, chosen = QFileDialog.getSaveFileName(self, "导出", name, filters)
        if not path:
            return
        ext = ".xlsx" if "xlsx" in chosen else ".docx" if "docx" in chosen else ".pdf"
        out = Path(path if path.lower().endswith(ext) else path + ext)
        report, ctx = self.report, self.ctx
        station = ctx.station.heading()[0]  # a township database: the office's name over every station's figures
        year = report.start.year
        title = f"{year}年{report.start.month}月联络站月度统计报表" if monthly else f"{year}年联络站工作统计"

        def job(_progress: Any) -> Path:
            from liaison_desk.services.reports.form import form_rows

            rows = form_rows(report)
            if ext == ".docx":
                from liaison_desk.ledger.summary_docx import write_summary

                return write_summary(report, station, out)
            if monthly and ext == ".pdf":
                from liaison_desk.printing.report_month import print_form

                return print_form(rows, station, title, report.start, report.end, out)
            if monthly:
                from liaison_desk.ledger.report_month import write_form

                return write_form(rows, station, title, report.start, report.end, out)
            series = ctx.year_series.series(year, figures=report.figures)
            if ext == ".pdf":
                from liaison_desk.printing.report_year import print_year

                return print_year(rows, series, station, title, year, out)
            from liaison_desk.ledger.report_year import write_year

            return write_year(rows, series, station, title, year, out)

        ops.run(self, job, self._exported, progress="导出统计")

    def _exported(self, path: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
