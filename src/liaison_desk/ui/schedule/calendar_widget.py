"""A month calendar for the schedule: weeks start on Monday, session days in bold blue, days off in red,
make-up workdays (调休上班) marked 班 in their tooltip; and opening/printing a finished PDF."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QMessageBox, QWidget

from liaison_desk.services.calendar import WorkCalendar

log = logging.getLogger(__name__)
SESSION_COLOR = QColor("#1f5fa8")
OFF_COLOR = QColor("#c0392b")


class MonthCalendar(QCalendarWidget):
    """Shows one month; `mark(sessions_by_day, calendar)` paints session days and holidays."""

    month_changed = Signal(int, int)  # year, month

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        # weekends are coloured by the holiday table, not by Qt's Saturday/Sunday default
        plain = QTextCharFormat()
        plain.setForeground(QBrush(self.palette().text().color()))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, plain)
        self._marked: list[QDate] = []
        self.currentPageChanged.connect(lambda y, m: self.month_changed.emit(y, m))

    def visible_month(self) -> tuple[int, int]:
        return self.yearShown(), self.monthShown()

    def mark(self, sessions: dict[date, int], cal: WorkCalendar) -> None:
        """Paint the shown month (±1 week): sessions in bold blue with a count tooltip, days off red."""
        for qd in self._marked:
            self.setDateTextFormat(qd, QTextCharFormat())
        self._marked.clear()
        y, m = self.visible_month()
        first = date(y, m, 1) - timedelta(days=7)
        for i in range(45):
            d = first + timedelta(days=i)
            fmt = QTextCharFormat()
            tips = []
            if not cal.is_workday(d):
                fmt.setForeground(QBrush(OFF_COLOR))
                if d.weekday() < 5:
                    tips.append("节假日")
            elif d.weekday() >= 5:
                tips.append("调休上班（班）")
                fmt.setFontUnderline(True)
            n = sessions.get(d, 0)
            if n:
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setBackground(QBrush(QColor("#dbe8f7")))
                fmt.setForeground(QBrush(SESSION_COLOR if cal.is_workday(d) else OFF_COLOR))
                tips.append(f"{n} 次接待")
            if tips:
                fmt.setToolTip("，".join(tips))
            qd = QDate(d.year, d.month, d.day)
            self.setDateTextFormat(qd, fmt)
            self._marked.append(qd)


def open_file(parent: QWidget | None, path: Path) -> None:
    """Open a finished PDF in the computer's viewer."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        QMessageBox.information(parent, "已生成", f"文件已保存：{path}\n这台电脑上没有能打开 PDF 的程序。")


def send_to_printer(parent: QWidget | None, path: Path) -> None:
    """Send a PDF to the default printer (Windows: the PDF program's 打印 verb; elsewhere `lp`)."""
    import subprocess

    try:
        if sys.platform == "win32":
            os.startfile(str(path), "print")  # type: ignore[attr-defined]  # noqa: S606
            return
        lp = shutil.which("lp")
        if lp:
            subprocess.run([lp, str(path)], check=True, capture_output=True, timeout=30)  # noqa: S603
            return
    except (OSError, subprocess.SubprocessError) as e:
        log.warning("printing failed: %s", type(e).__name__)
    QMessageBox.information(parent, "打印", "无法直接发送到打印机，将打开文件，请在阅读器中选择“打印”。")
    open_file(parent, path)


def offer_pdf(parent: QWidget | None, path: Path) -> None:
    """Ask what to do with a finished PDF: open it, print it, or leave it."""
    box = QMessageBox(parent)
    box.setWindowTitle("已生成 PDF")
    box.setText(f"已保存：{path}")
    open_button = box.addButton("打开", QMessageBox.ButtonRole.AcceptRole)
    print_button = box.addButton("打印", QMessageBox.ButtonRole.ActionRole)
    box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_button:
        open_file(parent, path)
    elif box.clickedButton() is print_button:
        send_to_printer(parent, path)
