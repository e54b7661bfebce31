"""法定节假日安排: the clerk's holiday table per year — import an Excel/CSV file, add or remove a day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.ledger.holidays import import_holidays
from liaison_desk.models.enums import DayKind
from liaison_desk.services.calendar import builtin_days
from liaison_desk.text import fmt_date, fmt_weekday
from liaison_desk.ui.common.widgets import CodeCombo, date_edit, list_table, show_error
from liaison_desk.ui.context import AppContext


class HolidayDialog(QDialog):
    def __init__(self, ctx: AppContext, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.svc = ctx.holidays
        self.setWindowTitle("法定节假日安排")
        self.resize(640, 560)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年")
        self.year.setValue(year or date.today().year + 1)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        import_button = QPushButton("从 Excel/CSV 导入…")
        import_button.clicked.connect(self.import_dialog)
        top = QHBoxLayout()
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(import_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = list_table(["日期", "星期", "休/班", "名称"])
        self.day = date_edit()
        self.kind = CodeCombo.of(DayKind)
        self.name = QLineEdit()
        self.name.setPlaceholderText("节日名称，如 春节")
        add = QPushButton("添加/修改")
        add.clicked.connect(self.add_day)
        remove = QPushButton("删除所选")
        remove.clicked.connect(self.remove_selected)
        edit = QHBoxLayout()
        for w in (self.day, self.kind, self.name, add, remove):
            edit.addWidget(w)
        hint = QLabel("每年年底国务院办公厅公布下一年的放假安排后，在这里导入或录入：放假的日子记“休”，"
                      "调休上班的周末记“班”。表格只需两列：日期、休/班（可加“名称”列）。")
        hint.setWordWrap(True)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit)
        layout.addWidget(hint)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        y = self.year.value()
        rows = self.svc.list(y)
        shown = [(r.day, r.kind, r.name) for r in rows] or [(d, k.value, n) for d, k, n in builtin_days(y)]
        self.table.setRowCount(len(shown))
        for i, (day, kind, name) in enumerate(shown):
            for j, v in enumerate((fmt_date(day), fmt_weekday(day), DayKind.label_of(kind), name)):
                item = QTableWidgetItem(v)
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, day.isoformat() if rows else None)
                self.table.setItem(i, j, item)
        warning = self.ctx.rules.calendar().warning(y)
        if warning:
            self.status.setStyleSheet("color: #c0392b;")
            self.status.setText(warning)
        elif rows:
            self.status.setStyleSheet("")
            self.status.setText(f"{y}年已录入 {len(rows)} 天（录入的安排优先于程序内置的安排）")
        else:
            self.status.setStyleSheet("")
            self.status.setText(f"{y}年使用程序内置的国务院放假安排（下表仅供查看；录入后以录入的为准）")

    def import_file(self, path: Path) -> None:
        try:
            r = import_holidays(self.svc, path)
        except KnownError as e:
            show_error(self, e, "导入失败（没有写入任何内容）")
            return
        self.year.setValue(r.years[0])
        self.refresh()
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(f"已从“{path.name}”导入{'、'.join(map(str, r.years))}年节假日安排："
                            f"放假 {r.off} 天，调休上班 {r.work} 天")

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择节假日安排表", "",
                                              "表格文件 (*.xlsx *.xls *.ods *.csv)")
        if path:
            self.import_file(Path(path))

    def add_day(self) -> None:
        try:
            self.svc.set_day(self.day.date().toPython(), self.kind.code() or DayKind.HOLIDAY.value,
                             self.name.text())
        except KnownError as e:
            show_error(self, e)
            return
        self.year.setValue(self.day.date().year())
        self.refresh()

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        day = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None
        if day:
            self.svc.remove_day(date.fromisoformat(day))
            self.refresh()
