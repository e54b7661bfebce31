"""操作日志: every recorded change with filters (date range, operator, action, record kind, text) and export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import TABLE_LABELS, AuditAction
from liaison_desk.services.audit import AuditFilter, AuditRow, AuditService
from liaison_desk.text import fmt_datetime
from liaison_desk.ui.common.loader import PagedLoader
from liaison_desk.ui.common.paged import Column, PagedTableModel
from liaison_desk.ui.common.widgets import CodeCombo, SearchBox, date_edit, from_qdate, to_qdate


class AuditDialog(QDialog):
    """Read-only view of the 操作日志; entries are paged from SQL, newest first."""

    def __init__(self, service: AuditService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setObjectName("AuditDialog")
        self.setWindowTitle("操作日志")
        self.resize(1100, 620)
        self.exported: Path | None = None  # the last workbook exported
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.use_dates = QCheckBox("日期从")
        self.start = date_edit()
        self.start.setDate(to_qdate(date.today() - timedelta(days=30)))
        self.end = date_edit()
        # The operator and record-kind choices come with each load (PagedLoader's extra), off the GUI thread.
        self.operator = CodeCombo([], all_label="全部操作员")
        self.action = CodeCombo.of(AuditAction, all_label="全部操作")
        self.table = CodeCombo([], all_label="全部记录")
        self.search = SearchBox("搜索内容或记录编号")
        for w in (self.use_dates, self.start, QLabel("到"), self.end, self.operator, self.action, self.table):
            bar.addWidget(w)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        columns: list[Column[AuditRow]] = [
            Column("时间", lambda r: fmt_datetime(r.at, seconds=True), 170),
            Column("操作员", lambda r: r.operator or "（未设置）", 90),
            Column("操作", lambda r: r.action_label, 70),
            Column("记录", lambda r: r.table_label, 80),
            Column("内容", lambda r: r.summary, 330),
            Column("改动", lambda r: r.changes_text, 300, tooltip=lambda r: r.changes_text),
        ]
        self.model: PagedTableModel[AuditRow] = PagedTableModel(columns, parent=self)
        self.loader = PagedLoader(self, self.model, service.entries, service.count, self._choices, self._fill_choices)
        self.loader.finished.connect(self._shown)
        self.view = QTableView()
        self.view.setObjectName("auditView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        for i, c in enumerate(columns):
            if c.width:
                self.view.setColumnWidth(i, c.width)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.count_label = QLabel()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(QLabel("操作日志只能查看和导出，不能修改或删除。"))
        self.export_button = QPushButton("导出…")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        for w in (self.operator, self.action, self.table):
            w.currentIndexChanged.connect(lambda _i: self.reload())
        self.use_dates.toggled.connect(lambda _b: self.reload())
        self.start.dateChanged.connect(lambda _d: self.reload())
        self.end.dateChanged.connect(lambda _d: self.reload())
        self.search.search.connect(lambda _t: self.reload())
        self.reload()

    def current_filter(self) -> AuditFilter:
        dated = self.use_dates.isChecked()
        return AuditFilter(start=from_qdate(self.start.date()) if dated else None,
                           end=from_qdate(self.end.date()) if dated else None,
                           operator=self.operator.code(), action=self.action.code(), table=self.table.code(),
                           text=self.search.text().strip())

    def _choices(self, _flt: AuditFilter) -> tuple[list[str], list[str]]:
        """Worker thread: the operators and record kinds that occur in the log."""
        return self.service.operators_in_log(), self.service.tables_in_log()

    def _fill_choices(self, choices: tuple[list[str], list[str]]) -> None:
        operators, tables = choices
        for combo, items in ((self.operator, [(n, n) for n in operators]),
                             (self.table, [(t, TABLE_LABELS.get(t, t)) for t in tables])):
            combo.refill(items)

    def reload(self) -> None:
        """Load the entries the filters ask for, in a worker (ui.common.loader)."""
        self.loader.refresh(self.current_filter())

    def _shown(self) -> None:
        self.count_label.setText(f"共 {self.model.total()} 条")

    def export(self, path: Any = None) -> None:
        """Export the entries the filters show to an Excel workbook (asks for the file when not given),
        on the writer thread: the export is itself recorded in the log."""
        from liaison_desk.ledger.audit_log import export_log
        from liaison_desk.ui.common import ops

        if not path:
            name, _ = QFileDialog.getSaveFileName(self, "导出操作日志",
                                                  str(Path.home() / f"操作日志-{date.today():%Y%m%d}.xlsx"),
                                                  "Excel 工作簿 (*.xlsx)")
            if not name:
                return
            path = name
        service, flt, out = self.service, self.current_filter(), Path(path)

        def exported(n: int) -> None:
            self.exported = out
            self.reload()
            QMessageBox.information(self, "导出完成", f"已导出 {n} 条操作日志到：\n{out}")

        ops.run(self, lambda _p: export_log(service, out, flt), exported, writes=True, progress="正在导出操作日志…",
                error_title="导出失败")
