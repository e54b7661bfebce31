"""The year as a level × period grid (rule 一, the station's duty): ✓ held, ⚠ behind, · due, – not owed.

Twelve month columns; a quarter spans three, a half year six, the year twelve; the tooltip of a cell
names the period, its state and the sessions behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from liaison_desk.models.enums import FREQUENCY_LABELS, Level, PeriodState
from liaison_desk.services.schedule.frequency import FrequencyReport, LevelRow, level_word

STATE_COLORS = {PeriodState.HELD.value: "#d7f0d9", PeriodState.BEHIND.value: "#f7d4d0",
                PeriodState.DUE.value: "#fbeccc", PeriodState.NOT_OWED.value: "#eeeeee"}
STATE_TEXT = {PeriodState.HELD.value: "#1b5e20", PeriodState.BEHIND.value: "#b71c1c",
              PeriodState.DUE.value: "#8a5a00", PeriodState.NOT_OWED.value: "#777777"}
LEGEND = "✓ 已接待　⚠ 未接待　· 待接待　– 不需安排"


def row_title(row: LevelRow, wide: bool = False) -> str:
    """乡镇 / 县 … (narrow), or 乡镇 每月 / 县（区） 每季度 … (wide)."""
    if not wide:
        return level_word(row.level)
    return f"{Level.label_of(row.level)} {FREQUENCY_LABELS[row.months].replace('一次', '')}"


class FrequencyGrid(QTableWidget):
    """One station's year; `show_report(report, station)` fills it (read-only)."""

    def __init__(self, cell_width: int = 22, parent: QWidget | None = None) -> None:
        super().__init__(0, 12, parent)
        self.setObjectName("frequency_grid")
        self.cell_width = cell_width
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalHeaderLabels([str(m) for m in range(1, 13)])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setMinimumSectionSize(cell_width)
        self.horizontalHeader().setDefaultSectionSize(cell_width)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.report: FrequencyReport | None = None

    def show_report(self, report: FrequencyReport, station: str | None = None) -> None:
        """Show the rows of `station` (a FrequencyReport station key; None: the first one listed)."""
        self.report = report
        key = station if station is not None else (report.rows[0].station if report.rows else "")
        rows = [r for r in report.rows if r.station == key]
        self.clearSpans()
        self.clearContents()
        self.setRowCount(len(rows))
        bold = QFont(self.font())
        bold.setBold(True)
        for i, row in enumerate(rows):
            header = QTableWidgetItem(row_title(row, self.cell_width >= 40))
            header.setToolTip(f"{Level.label_of(row.level)}人大代表：{FREQUENCY_LABELS[row.months]}（联络站制度第一条）")
            self.setVerticalHeaderItem(i, header)
            for c in row.cells:
                col = c.period.start.month - 1
                span = c.period.months
                if span > 1:
                    self.setSpan(i, col, 1, span)
                state = PeriodState(c.state)
                item = QTableWidgetItem(state.short)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(QColor(STATE_COLORS[c.state])))
                item.setForeground(QBrush(QColor(STATE_TEXT[c.state])))
                item.setFont(bold)
                item.setToolTip(f"{c.period.full_label}：{state.label}\n{c.message}")
                item.setData(Qt.ItemDataRole.UserRole, c.state)
                self.setItem(i, col, item)
        self.setFixedHeight(self.horizontalHeader().height() + 24 * len(rows) + 2 * self.frameWidth() + 2)

    def symbols(self) -> list[list[str]]:
        """The grid as text, one list per level row (spanned cells once) — for tests and the report."""
        out = []
        for i in range(self.rowCount()):
            out.append([self.item(i, c).text() for c in range(12) if self.item(i, c) is not None])
        return out
