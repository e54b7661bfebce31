"""代表请假登记: dates a deputy cannot receive voters; the rota generator leaves them out on those days."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.widgets import FitsOnShow, date_edit, list_table, show_error
from liaison_desk.ui.context import AppContext


class AbsenceDialog(FitsOnShow, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svc = ctx.absences
        self.setWindowTitle("代表不能参加接待的日期（请假登记）")
        self.resize(680, 460)
        self.table = list_table(["代表", "开始日期", "结束日期", "原因"])
        self.deputy = QComboBox()
        for did, label in ctx.roster.choices("", limit=5000):
            self.deputy.addItem(label, did)
        self.start = date_edit()
        self.end = date_edit()
        self.end.setDate(date.today() + timedelta(days=7))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("原因，如 外出学习")
        add = QPushButton("登记")
        add.clicked.connect(self.add)
        remove = QPushButton("删除所选")
        remove.clicked.connect(self.remove_selected)
        edit = QHBoxLayout()
        for w in (self.deputy, self.start, QLabel("至"), self.end, self.reason, add):
            edit.addWidget(w)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(remove)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("生成轮值安排时，代表在这些日期不会被安排接待。"))
        layout.addWidget(self.table, 1)
        layout.addLayout(edit)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        rows = self.svc.list(since=date.today() - timedelta(days=365))
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, v in enumerate((r.name, fmt_date(r.start), fmt_date(r.end), r.reason)):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(i, j, item)

    def add(self) -> None:
        try:
            self.svc.add(self.deputy.currentData() or "", self.start.date().toPython(), self.end.date().toPython(),
                         self.reason.text())
        except KnownError as e:
            show_error(self, e, "无法登记")
            return
        self.reason.clear()
        self.refresh()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.svc.remove(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))
            self.refresh()
