"""The panel beside the visit form listing earlier visits by the same person and similar matters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import Handling
from liaison_desk.services.visits.repeats import DEFAULT_WINDOW_DAYS, RepeatHit
from liaison_desk.text import fmt_date_short


def describe(hit: RepeatHit) -> str:
    """One line per earlier visit: date, who, where, why it is shown, and how it was handled."""
    handled = Handling.label_of(hit.handling)
    if hit.suggestion_id:
        handled = "已转为意见建议"
    tail = f"（{handled}）" if handled else ""
    score = "" if hit.score >= 1 else f" 相似度 {int(hit.score * 100)}%"
    return (f"{fmt_date_short(hit.visited_on)} {hit.visitor or '（未留姓名）'} {hit.village}\n"
            f"{hit.reason}{score}{tail}\n{hit.summary[:40]}")


class RepeatPanel(QWidget):
    """Shows repeat hits; `mark(hit)` is emitted when the clerk marks the visit as a repeat of one."""

    mark = Signal(object)
    window_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("可能重复的来访")
        self.title.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setMinimumWidth(260)
        self.list.itemActivated.connect(lambda _i: self.mark_current())
        self.mark_button = QPushButton("标记为重复（Alt+R）")
        self.mark_button.setToolTip("把这次来访标记为所选来访同一事项的重复反映（Alt+R）")
        self.mark_button.clicked.connect(self.mark_current)
        self.window = QSpinBox()
        self.window.setRange(7, 3650)
        self.window.setValue(DEFAULT_WINDOW_DAYS)
        self.window.setSuffix(" 天内")
        self.window.setToolTip("类似事项（同类别、同村/社区、内容相近）在多少天内算作可能重复")
        self.window.valueChanged.connect(self.window_changed.emit)
        window_row = QHBoxLayout()
        window_row.addWidget(QLabel("类似事项查找范围："))
        window_row.addWidget(self.window)
        window_row.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #8e44ad;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(window_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.mark_button)
        layout.addWidget(self.status)
        self.hits: list[RepeatHit] = []
        self.set_hits([])

    def set_hits(self, hits: list[RepeatHit]) -> None:
        self.hits = list(hits)
        self.list.clear()
        for hit in self.hits:
            item = QListWidgetItem(describe(hit))
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.list.addItem(item)
        if self.hits:
            self.list.setCurrentRow(0)
            self.title.setText(f"可能重复的来访（{len(self.hits)} 条）")
        else:
            self.title.setText("可能重复的来访：暂无")
        self.mark_button.setEnabled(bool(self.hits))

    def current(self) -> RepeatHit | None:
        row = self.list.currentRow()
        return self.hits[row] if 0 <= row < len(self.hits) else None

    def mark_current(self) -> None:
        hit = self.current()
        if hit is not None:
            self.mark.emit(hit)
