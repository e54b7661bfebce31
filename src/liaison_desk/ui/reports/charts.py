"""Small charts drawn with QPainter (bars per category, lines per quarter): enough for the 统计 window without
the PySide6-Addons wheel that QtCharts would need (tens of MB in the installer, and its import time)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

COLOURS = (QColor("#2e75b6"), QColor("#ed7d31"))


class Chart(QWidget):
    """Grouped bars (`lines=False`) or lines with points over the same categories; values None are gaps."""

    def __init__(self, title: str, categories: Sequence[str], series: Sequence[Sequence[float | None]],
                 legend: Sequence[str], lines: bool = False, percent: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.categories, self.series = title, list(categories), [list(s) for s in series]
        self.legend, self.lines, self.percent = list(legend), lines, percent
        self.setMinimumSize(360, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 240)

    def top(self) -> float:
        if self.percent:
            return 1.0
        values = [v for s in self.series for v in s if v is not None]
        return max(values, default=0) * 1.15 or 1

    def paintEvent(self, _event: object) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        fm = p.fontMetrics()
        title_font = QFont(p.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.drawText(QRectF(0, 4, self.width(), fm.height() + 4), Qt.AlignmentFlag.AlignHCenter, self.title)
        p.setFont(self.font())
        left, right, top, bottom = 44, 12, fm.height() * 2 + 10, fm.height() + 10
        area = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        # legend at the top right
        x = self.width() - right
        for colour, name in reversed(list(zip(COLOURS, self.legend, strict=False))):
            w = fm.horizontalAdvance(name)
            x -= w
            p.drawText(QPointF(x, top - 6), name)
            x -= 14
            p.fillRect(QRectF(x, top - 6 - fm.ascent() + 2, 10, 10), colour)
            x -= 14
        # axis and grid
        peak = self.top()
        p.setPen(QPen(QColor("#cccccc")))
        for i in range(6):
            y = area.bottom() - area.height() * i / 5
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            value = peak * i / 5
            label = f"{value * 100:.0f}%" if self.percent else f"{value:.0f}"
            p.setPen(QPen(self.palette().text().color()))
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()), Qt.AlignmentFlag.AlignRight, label)
            p.setPen(QPen(QColor("#cccccc")))
        n = max(len(self.categories), 1)
        slot = area.width() / n
        p.setPen(QPen(self.palette().text().color()))
        for i, name in enumerate(self.categories):
            p.drawText(QRectF(area.left() + i * slot, area.bottom() + 2, slot, fm.height() + 4),
                       Qt.AlignmentFlag.AlignHCenter, name)
        if self.lines:
            for colour, values in zip(COLOURS, self.series, strict=False):
                p.setPen(QPen(colour, 2))
                points = [QPointF(area.left() + (i + 0.5) * slot, area.bottom() - area.height() * v / peak)
                          if v is not None else None for i, v in enumerate(values)]
                for a, b in zip(points, points[1:], strict=False):
                    if a is not None and b is not None:
                        p.drawLine(a, b)
                p.setBrush(colour)
                for pt in points:
                    if pt is not None:
                        p.drawEllipse(pt, 3, 3)
        else:
            k = max(len(self.series), 1)
            width = slot * 0.7 / k
            for j, (colour, values) in enumerate(zip(COLOURS, self.series, strict=False)):
                for i, v in enumerate(values):
                    if not v:
                        continue
                    h = area.height() * v / peak
                    p.fillRect(QRectF(area.left() + i * slot + slot * 0.15 + j * width, area.bottom() - h, width, h),
                               colour)
        p.end()
