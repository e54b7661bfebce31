"""导出月度台账 dialog: month / date range / everything, optional masking, where to save."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import DEFAULT_STATION_NAME
from liaison_desk.services.handoff.schema import period_label
from liaison_desk.ui.common.widgets import FitsOnShow, from_qdate, to_qdate


class HandoffExportDialog(FitsOnShow, QDialog):
    """Choose the period and the file; `choice()` gives (start, end, mask, path)."""

    def __init__(self, station_name: str, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HandoffExportDialog")
        self.setWindowTitle("导出月度台账")
        self.setMinimumWidth(560)
        self.station_name = station_name or DEFAULT_STATION_NAME
        today = today or date.today()
        last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
        self.by_month = QRadioButton("按月")
        self.by_range = QRadioButton("按时间段")
        self.everything = QRadioButton("全部记录")
        self.by_month.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.by_month, self.by_range, self.everything):
            group.addButton(b)
            b.toggled.connect(self._sync)
        self.month = QDateEdit(to_qdate(last_month))
        self.month.setDisplayFormat("yyyy年M月")
        self.month.setCalendarPopup(False)
        self.start = QDateEdit(to_qdate(last_month))
        self.end = QDateEdit(to_qdate(today))
        for w in (self.start, self.end):
            w.setDisplayFormat("yyyy年M月d日")
            w.setCalendarPopup(True)
        self.mask = QCheckBox("个人信息脱敏（电话显示为 138****5678，身份证号、来访人姓名部分隐去）")
        self.encrypt = QCheckBox("设置打开密码（U盘丢失时别人打不开；Excel、WPS 打开时输入密码）")
        self.password = QLineEdit()
        self.password.setObjectName("handoffPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("至少 6 位，与乡镇约定")
        self.password2 = QLineEdit()
        self.password2.setObjectName("handoffPassword2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2.setPlaceholderText("再输入一次")
        self.encrypt.toggled.connect(self._sync)
        self.path = QLineEdit()
        self.path.setObjectName("handoffPath")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.by_month)
        row.addWidget(self.month)
        row.addStretch(1)
        form.addRow("台账期间", row)
        row2 = QHBoxLayout()
        row2.addWidget(self.by_range)
        row2.addWidget(self.start)
        row2.addWidget(QLabel("至"))
        row2.addWidget(self.end)
        row2.addStretch(1)
        form.addRow("", row2)
        form.addRow("", self.everything)
        form.addRow("", self.mask)
        form.addRow("", self.encrypt)
        row4 = QHBoxLayout()
        row4.addWidget(self.password, 1)
        row4.addWidget(self.password2, 1)
        form.addRow("密码", row4)
        row3 = QHBoxLayout()
        row3.addWidget(self.path, 1)
        row3.addWidget(browse)
        form.addRow("保存到", row3)
        hint = QLabel("可以直接保存到U盘。文件先写成临时文件，写完才改成正式文件名，U盘中途拔出也不会留下损坏的台账。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.month.dateChanged.connect(self._suggest_name)
        self._auto_name = True
        self.path.textEdited.connect(lambda _t: setattr(self, "_auto_name", False))
        self._sync()

    def period(self) -> tuple[date | None, date | None]:
        if self.everything.isChecked():
            return None, None
        if self.by_month.isChecked():
            m = from_qdate(self.month.date())
            return m.replace(day=1), m.replace(day=calendar.monthrange(m.year, m.month)[1])
        return from_qdate(self.start.date()), from_qdate(self.end.date())

    def _sync(self) -> None:
        self.month.setEnabled(self.by_month.isChecked())
        self.start.setEnabled(self.by_range.isChecked())
        self.end.setEnabled(self.by_range.isChecked())
        if hasattr(self, "password"):
            self.password.setEnabled(self.encrypt.isChecked())
            self.password2.setEnabled(self.encrypt.isChecked())
        self._suggest_name()

    def _suggest_name(self) -> None:
        if not getattr(self, "_auto_name", True):
            return
        start, end = self.period()
        if start is None:
            label = "全部"
        elif self.by_month.isChecked():
            label = f"{start.year}年{start.month}月"
        else:
            label = f"{start:%Y%m%d}-{end:%Y%m%d}" if end else f"{start:%Y%m%d}"
        folder = Path(self.path.text()).parent if self.path.text() else Path.home()
        self.path.setText(str(folder / f"{self.station_name}-台账-{label}.xlsx"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存月度台账", self.path.text(), "Excel 工作簿 (*.xlsx)")
        if name:
            self._auto_name = False
            self.path.setText(name if name.lower().endswith(".xlsx") else name + ".xlsx")

    def _accept(self) -> None:
        start, end = self.period()
        if start and end and end < start:
            self.error.setText("终止日期早于起始日期")
            self.error.show()
            return
        p = Path(self.path.text().strip())
        if not self.path.text().strip():
            self.error.setText("请选择保存位置")
            self.error.show()
            return
        if not p.parent.is_dir():
            self.error.setText(f"文件夹「{p.parent}」不存在（U盘是否已插好？）")
            self.error.show()
            return
        if self.encrypt.isChecked():
            from liaison_desk.ledger.crypto import MIN_LENGTH

            if len(self.password.text()) < MIN_LENGTH:
                self.error.setText(f"密码至少 {MIN_LENGTH} 个字符")
                self.error.show()
                return
            if self.password.text() != self.password2.text():
                self.error.setText("两次输入的密码不一致")
                self.error.show()
                return
        self.accept()

    def chosen_password(self) -> str | None:
        """The opening password to set, or None."""
        return self.password.text() if self.encrypt.isChecked() else None

    def choice(self) -> tuple[date | None, date | None, bool, Path]:
        start, end = self.period()
        p = Path(self.path.text().strip())
        if p.suffix.lower() != ".xlsx":
            p = p.with_suffix(".xlsx")
        return start, end, self.mask.isChecked(), p

    def summary(self) -> str:
        start, end = self.period()
        return period_label(start, end)
