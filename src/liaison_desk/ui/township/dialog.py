"""乡镇汇总: the reporting grid (stations × months), the review list of uncertain matches, the stations."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import ReportState, ReviewDecision
from liaison_desk.services.township.service import ReviewRow, StationRow, TownshipService
from liaison_desk.services.township.stats import TownshipStats
from liaison_desk.services.township.status import MonthStatus, ReportingService
from liaison_desk.text import fmt_month
from liaison_desk.ui.common import ops

STATE_COLOURS = {ReportState.MISSING: "#f8d7da", ReportState.LATE: "#fff3cd", ReportState.ON_TIME: "#e2f0d9",
                 ReportState.APPROVED: "#c6e0b4", ReportState.SENT_BACK: "#f4b183"}


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    return t


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if tip:
        it.setToolTip(tip)
    return it


class TownshipDialog(QDialog):
    """The office's view of its stations; every load and decision runs off the GUI thread."""

    def __init__(self, township: TownshipService, reporting: ReportingService, parent: QWidget | None = None,
                 stats: TownshipStats | None = None) -> None:
        super().__init__(parent)
        self.township, self.reporting = township, reporting
        self.setObjectName("TownshipDialog")
        self.setWindowTitle("乡镇汇总")
        self.resize(1240, 640)
        self.cells: list[MonthStatus] = []
        self.reviews: list[ReviewRow] = []
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._status_page(), "报送情况")
        self.tabs.addTab(self._review_page(), "待确认的同名代表")
        self.tabs.addTab(self._stations_page(), "联络站")
        from liaison_desk.ui.township.stats_page import StatsPage

        self.stats_page = StatsPage(stats or TownshipStats(township.db), self)
        self.tabs.addTab(self.stats_page, "统计汇总")
        self.reload()

    # pages --------------------------------------------------------------------------------------
    def _status_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.year = QSpinBox(minimum=2000, maximum=2100, value=date.today().year)
        self.year.setSuffix(" 年")
        self.station_filter = QComboBox(objectName="stationFilter")
        self.station_filter.addItem("全部联络站", "")
        self.station_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.station_filter.setMinimumWidth(220)
        self.approve_btn = QPushButton("审核通过")
        self.back_btn = QPushButton("退回修改…")
        self.due_label = QLabel()
        self.add_btn = QPushButton("加入台账文件…")
        self.add_folder_btn = QPushButton("加入文件夹…")
        for w in (QLabel("年份"), self.year, QLabel("联络站"), self.station_filter, self.approve_btn, self.back_btn,
                  self.add_btn, self.add_folder_btn):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.due_label)
        v.addLayout(bar)
        self.grid = _table(["联络站", *[f"{m}月" for m in range(1, 13)]])
        self.grid.setObjectName("statusGrid")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setColumnWidth(0, 200)
        for c in range(1, 13):
            self.grid.setColumnWidth(c, 80)
        v.addWidget(self.grid)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.station_filter.currentIndexChanged.connect(lambda _i: self._fill_grid())
        self.approve_btn.clicked.connect(lambda: self._decide(ReportState.APPROVED))
        self.back_btn.clicked.connect(lambda: self._decide(ReportState.SENT_BACK))
        self.add_btn.clicked.connect(self._choose_files)
        self.add_folder_btn.clicked.connect(self._choose_folder)
        return page

    def _review_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.accept_btn = QPushButton("确认为同一人（合并）")
        self.reject_btn = QPushButton("不是同一人")
        bar.addWidget(QLabel("同名但无法确认是同一人的代表，确认一次后记住，不会自动合并。"))
        bar.addStretch(1)
        bar.addWidget(self.accept_btn)
        bar.addWidget(self.reject_btn)
        v.addLayout(bar)
        self.review_table = _table(["编号", "联络站的代表", "汇总库中的代表", "原因", "结论"])
        self.review_table.setObjectName("reviewTable")
        self.review_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for i, w in enumerate((50, 260, 260, 380, 110)):
            self.review_table.setColumnWidth(i, w)
        v.addWidget(self.review_table)
        self.accept_btn.clicked.connect(lambda: self._review(True))
        self.reject_btn.clicked.connect(lambda: self._review(False))
        return page

    def _stations_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.station_table = _table(["联络站", "已报送的月份", "文件数", "编号"])
        self.station_table.setObjectName("stationTable")
        for i, w in enumerate((220, 560, 70, 300)):
            self.station_table.setColumnWidth(i, w)
        v.addWidget(self.station_table)
        return page

    # loading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        year, township, reporting = self.year.value(), self.township, self.reporting

        def job(_p: Any) -> tuple[list[MonthStatus], list[ReviewRow], list[StationRow], int]:
            return reporting.status(year), township.reviews(), township.stations(), reporting.due_day()

        ops.run(self, job, self._loaded)

    def _loaded(self, result: tuple[list[MonthStatus], list[ReviewRow], list[StationRow], int]) -> None:
        self.cells, self.reviews, stations, due = result
        self.due_label.setText(f"报送截止日：次月 {due} 日")
        keep = self.station_filter.currentData()
        self.station_filter.blockSignals(True)
        self.station_filter.clear()
        self.station_filter.addItem("全部联络站", "")
        for s in stations:
            self.station_filter.addItem(s.name, s.id)
        self.station_filter.setCurrentIndex(max(self.station_filter.findData(keep), 0))
        self.station_filter.blockSignals(False)
        self._fill_grid()
        self._fill_reviews()
        self.station_table.setRowCount(len(stations))
        for r, s in enumerate(stations):
            for c, text in enumerate((s.name, "、".join(map(fmt_month, s.periods)) or "（无）", str(s.files), s.id)):
                self.station_table.setItem(r, c, _item(text))
        open_count = sum(1 for x in self.reviews if x.decision is ReviewDecision.OPEN)
        self.tabs.setTabText(1, f"待确认的同名代表（{open_count}）" if open_count else "待确认的同名代表")

    def _fill_grid(self) -> None:
        only = self.station_filter.currentData()
        rows: dict[str, list[MonthStatus]] = {}
        for cell in self.cells:
            if not only or cell.station_id == only:
                rows.setdefault(cell.station_id, []).append(cell)
        self.grid.setRowCount(len(rows))
        for r, cells in enumerate(rows.values()):
            self.grid.setItem(r, 0, _item(cells[0].station))
            for cell in cells:
                tip = "；".join(x for x in (cell.file, cell.note) if x)
                it = _item(cell.state.label, tip)
                it.setData(Qt.ItemDataRole.UserRole, (cell.station_id, cell.month))
                it.setBackground(QBrush(QColor(STATE_COLOURS[cell.state])))
                it.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.grid.setItem(r, int(cell.month[5:]), it)

    def _fill_reviews(self) -> None:
        self.review_table.setRowCount(len(self.reviews))
        for r, x in enumerate(self.reviews):
            for c, text in enumerate((str(x.id), f"{x.a}（{x.a_station}）", f"{x.b}（{x.b_station}）", x.reason,
                                      x.decision.label)):
                self.review_table.setItem(r, c, _item(text))

    # decisions ----------------------------------------------------------------------------------
    def _decide(self, state: ReportState) -> None:
        it = self.grid.currentItem()
        key = it.data(Qt.ItemDataRole.UserRole) if it else None
        if not key:
            self.due_label.setText("请先在表格中选中一个联络站的某个月")
            return
        note = ""
        if state is ReportState.SENT_BACK:
            note, ok = QInputDialog.getText(self, "退回修改", "退回原因（联络站会在交回的台账中看到）：")
            if not ok:
                return
        reporting = self.reporting
        ops.run(self, lambda _p: reporting.decide(key[0], key[1], state, note), lambda _r: self.reload(),
                writes=True)

    # adding workbooks ------------------------------------------------------------------------------
    def _choose_files(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(self, "选择联络站的月度台账", "", "台账 (*.xlsx *.xls *.ods)")
        if files:
            self.add_paths(files)

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "选择存放台账的文件夹（如U盘）")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[Any], password: str | None = None) -> Any:
        """Add in a worker (progress, cancel); then the summary and a reload. A cancel keeps what went in."""
        from liaison_desk.ui.township.add_files import add_paths, show_summary

        self.last_results: list[Any] | None = None

        def done(results: list[Any]) -> None:
            self.last_results = results
            show_summary(self, results)
            self.reload()

        task = add_paths(self, self.township, paths, done, password)
        if task is not None:
            task.signals.failed.connect(lambda *_: self.reload())  # cancelled: show what did go in
        return task

    def _review(self, accept: bool) -> None:
        row = self.review_table.currentRow()
        if row < 0 or row >= len(self.reviews):
            return
        rid, township = self.reviews[row].id, self.township
        ops.run(self, lambda _p: township.decide(rid, accept), lambda _r: self.reload(), writes=True)
