"""Two versions of one record side by side: the township's workbook against the station (导入), or this
clerk's unsaved form against what another clerk saved meanwhile (several clerks on one server)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import StaleEdit


def side_by_side(grid: QGridLayout, heads: tuple[str, str, str], rows: Iterable[tuple[str, str, str]],
                 first_row: int = 0) -> None:
    """Fill `grid` from `first_row`: a bold head, then one line per field — its name and both values,
    wrapped in full and selectable, the two value columns sharing the width."""
    for j, head in enumerate(heads):
        grid.addWidget(QLabel(f"<b>{head}</b>"), first_row, j)
    for i, row in enumerate(rows, start=first_row + 1):
        for j, value in enumerate(row):
            cell = QLabel(value)
            cell.setWordWrap(True)
            cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            cell.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(cell, i, j)
    grid.setColumnStretch(1, 1)
    grid.setColumnStretch(2, 1)


class StaleEditDialog(QDialog):
    """「别人已修改了这条记录」: both versions, and the choice — save mine over theirs, or take theirs."""

    MINE, THEIRS = 1, 2

    def __init__(self, error: StaleEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("这条记录已被其他人修改")
        self.setObjectName("staleEditDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(f"{error.message}。下面是两边不同的内容，请选择保留哪一份"
                       "（选“保存我的修改”会覆盖对方的修改；选“采用对方的版本”会放弃您这次的修改）。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        box = QGroupBox("不同的内容")
        grid = QGridLayout(box)
        side_by_side(grid, ("项目", "您的修改（未保存）", "对方已保存的版本"),
                     error.fields or [("（内容）", "您刚才的修改", "对方刚保存的修改")])
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        QVBoxLayout(holder).addWidget(box)
        holder.layout().addStretch(1)  # type: ignore[union-attr]
        area.setWidget(holder)
        layout.addWidget(area, 1)
        buttons = QDialogButtonBox()
        self.mine = QPushButton("保存我的修改")
        self.theirs = QPushButton("采用对方的版本")
        buttons.addButton(self.mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.theirs, QDialogButtonBox.ButtonRole.RejectRole)
        self.mine.clicked.connect(lambda: self.done(self.MINE))
        self.theirs.clicked.connect(lambda: self.done(self.THEIRS))
        layout.addWidget(buttons)
        self.resize(820, 460)
