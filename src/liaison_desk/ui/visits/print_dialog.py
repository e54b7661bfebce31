"""Choose the period (and masking) of the printed register book, then write the PDF in a worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QFileDialog, QWidget

from liaison_desk.errors import ValidationError
from liaison_desk.services.visits.register import RegisterService
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.ops import run_with_progress
from liaison_desk.ui.common.widgets import date_edit, show_error
from liaison_desk.ui.context import AppContext


class PrintRegisterDialog(FormDialog):
    """打印来访登记簿: from, to, mask phones; asks where to save, then runs print_register."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, station_id: str | None = None) -> None:
        super().__init__("打印来访登记簿", parent)
        self.ctx = ctx
        self.station_id = station_id  # a township database: the station chosen in the list, else every one
        today = date.today()
        self.start = self.add_row("起始日期", date_edit())
        self.start.setDate(QDate(today.year, 1, 1))
        self.end = self.add_row("截止日期", date_edit())
        self.mask = self.add_row("隐私", QCheckBox("电话、身份证号脱敏（138****5678，文字中写的号码也隐去）"))
        self.mask.setChecked(True)
        self.hide_names = self.add_row("", QCheckBox("来访人姓名只显示首尾字（张*华）"))
        self.buttons.button(self.buttons.StandardButton.Save).setText("生成 PDF…")
        self.out: Path | None = None
        self.open_when_done = True
        self.result_path: Path | None = None

    def save(self) -> str:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if end < start:
            raise ValidationError("截止日期不能早于起始日期", column="截止日期")
        name = f"来访登记簿_{start:%Y%m%d}-{end:%Y%m%d}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "保存来访登记簿", str(Path.home() / name), "PDF 文件 (*.pdf)")
        if not path:
            raise ValidationError("请选择保存位置", column="截止日期")
        self.out = Path(path)
        self.run(start, end, self.out, self.mask.isChecked(), self.hide_names.isChecked(), self.station_id)
        return str(self.out)

    def run(self, start: date, end: date, out: Path, mask: bool, hide_names: bool = False,
            station_id: str | None = None) -> None:
        book = RegisterService(self.ctx.db)
        parent = self.parentWidget()

        def done(path: Path) -> None:
            self.result_path = path
            if self.open_when_done:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        run_with_progress(parent, "正在生成来访登记簿…",
                          lambda progress: _print(book, start, end, out, mask, progress, hide_names, station_id),
                          on_done=done, on_error=lambda e, _tb: show_error(parent, e, "登记簿未生成"))


def _print(book: RegisterService, start: date, end: date, out: Path, mask: bool, progress: Any,
           hide_names: bool = False, station_id: str | None = None) -> Path:
    """Rows from the service, the book drawn by printing, then the print recorded (in a worker)."""
    from liaison_desk.printing.register import print_register

    head = book.head(start, end, mask=mask, hide_names=hide_names, station_id=station_id)
    path = print_register(head, book.rows(head), out, progress=progress)
    book.record_print(head)
    return path
