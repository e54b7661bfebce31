"""Choosing deputies: a searchable checklist using the roster's name matcher (pinyin initials too)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from liaison_desk.ui.context import AppContext
from liaison_desk.ui.widgets import SearchBox


class DeputyPicker(QWidget):
    """Tick the deputies; typing filters the list with the same matcher as the roster search."""

    def __init__(self, ctx: AppContext, selected: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._selected: dict[str, str] = {}
        for did, label in ctx.roster.choices("", active_only=False, limit=5000):
            if did in selected:
                self._selected[did] = label
        self.search = SearchBox("输入姓名或拼音首字母筛选")
        self.list = QListWidget()
        self.list.setMinimumHeight(140)
        self.list.itemChanged.connect(self._on_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.search.connect(self._fill)
        self._fill("")

    def _fill(self, query: str) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        shown = set()
        for did, label in list(self._selected.items()) + self.ctx.roster.choices(query, limit=200):
            if did in shown:
                continue
            shown.add(did)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, did)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if did in self._selected else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _on_item(self, item: QListWidgetItem) -> None:
        did = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._selected[did] = item.text()
        else:
            self._selected.pop(did, None)

    def selected_ids(self) -> list[str]:
        return list(self._selected)
