"""Choosing deputies: a searchable checklist using the roster's name matcher (pinyin initials too)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from liaison_desk.ui.common.widgets import SearchBox
from liaison_desk.ui.context import AppContext

SHOWN = 200  # matches listed at once; typing narrows the list (county rosters have thousands)


class DeputyPicker(QWidget):
    """Tick the deputies; typing filters the list with the same matcher as the roster search
    (part of the name, pinyin initials such as "zs", full pinyin, phone or work unit).

    Ticked deputies stay listed first, whatever the search; deputies who left office are only
    shown when already ticked.
    """

    def __init__(self, ctx: AppContext, selected: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        labels = ctx.roster.labels(list(selected))
        self._selected: dict[str, str] = {did: labels[did] for did in selected if did in labels}
        self.search = SearchBox("输入姓名、拼音首字母（如 zs）筛选")
        self.list = QListWidget()
        self.list.setMinimumHeight(140)
        self.list.itemChanged.connect(self._on_item)
        # The count sits beside the search box, never under the list where a squeezed form drew the
        # list over it; the "only the first 200" hint gets its own line only when it applies.
        self.count_label = QLabel()
        self.count_label.setObjectName("pickerCount")
        self.count_label.setStyleSheet("color: #666;")
        self.note_label = QLabel()
        self.note_label.setStyleSheet("color: #666;")
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note_label)
        self.search.search.connect(self._fill)
        self._fill("")

    def _fill(self, query: str) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        shown = set()
        matches = self.ctx.roster.choices(query, limit=SHOWN)
        for did, label in list(self._selected.items()) + matches:
            if did in shown:
                continue
            shown.add(did)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, did)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if did in self._selected else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        more = "（只列出前 200 名，请输入更多文字缩小范围）" if len(matches) >= SHOWN else ""
        none = "没有找到匹配的在任代表" if query and not matches else ""
        self._update_count(none or more)

    def _update_count(self, extra: str | None = None) -> None:
        self.count_label.setText(f"已选 {len(self._selected)} 名")
        if extra is not None:
            self.note_label.setText(extra)
            self.note_label.setVisible(bool(extra))

    def _on_item(self, item: QListWidgetItem) -> None:
        did = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._selected[did] = item.text()
        else:
            self._selected.pop(did, None)
        self._update_count()

    def selected_ids(self) -> list[str]:
        return list(self._selected)

    def selected_labels(self) -> dict[str, str]:
        """{id: "name（levels）"} of the ticked deputies, in the order they were ticked."""
        return dict(self._selected)
