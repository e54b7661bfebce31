"""导入乡镇返回的台账: the preview (new / changed / unchanged / conflicts / errors) and conflict decisions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.ledger.handoff_import import KEEP, TAKE, ImportPlan
from liaison_desk.ui.common.widgets import FitsOnShow

DECISIONS = ((KEEP, "保留本站的值"), (TAKE, "采用台账的值"))
MAX_LISTED = 2000  # a preview lists at most this many rows per tab (counts are always exact)
MAX_CARDS = 200  # conflicts shown as cards; the rest follow the 全部… buttons


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableWidget:
    t = QTableWidget(min(len(rows), MAX_LISTED), len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setWordWrap(True)
    t.verticalHeader().setVisible(False)
    for i, row in enumerate(rows[:MAX_LISTED]):
        for j, v in enumerate(row):
            t.setItem(i, j, QTableWidgetItem(v))
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    t.resizeColumnsToContents()
    for j in range(len(headers)):
        t.setColumnWidth(j, min(t.columnWidth(j), 320))
    if t.rowCount() <= 300:  # long replies wrap in full (row heights cost time on thousands of rows)
        t.resizeRowsToContents()
    return t


class HandoffPreviewDialog(FitsOnShow, QDialog):
    """Shows what importing would do; 导入 is disabled while the workbook has errors."""

    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HandoffPreviewDialog")
        self.setWindowTitle(f"导入乡镇返回的台账 — {plan.path.name}")
        self.resize(1100, 600)  # within the 1366×697 of a maximised window on a 1366×768 screen
        self.plan = plan
        self.combos: dict[str, QComboBox] = {}
        self._decided: dict[str, str] = {}
        summary = QLabel(self._summary_text())
        summary.setObjectName("handoffSummary")
        summary.setWordWrap(True)
        self.tabs = QTabWidget()
        if plan.errors:
            self.tabs.addTab(_table(["工作表", "行", "列", "问题"], [
                [e.sheet, str(e.row or ""), e.column or "", e.message] for e in plan.errors], "errorsTable"),
                f"错误（{len(plan.errors)}）")
        if plan.conflicts:
            page = QWidget()
            box = QVBoxLayout(page)
            box.addWidget(QLabel("导出台账以后，联络站也改过这些记录。请逐条选择保留哪一边的值："))
            box.addWidget(self._conflicts_cards(), 1)
            row = QHBoxLayout()
            for code, label in DECISIONS:
                b = QPushButton("全部" + label.replace("的值", ""))
                b.clicked.connect(lambda _=False, code=code: self.decide_all(code))
                row.addWidget(b)
            row.addStretch(1)
            box.addLayout(row)
            self.tabs.addTab(page, f"冲突（{len(plan.conflicts)}）")
        self.tabs.addTab(_table(["工作表", "行", "记录", "改动"], [
            [c.sheet, str(c.row), c.label, "；".join(f"{f.column}：{f.station} → {f.workbook}" for f in c.fields)]
            for c in plan.changed], "changedTable"), f"修改（{len(plan.changed)}）")
        self.tabs.addTab(_table(["工作表", "行", "记录"], [
            [n.sheet, str(n.row), str(n.values.get("name") or n.values.get("title") or "")] for n in plan.new],
            "newTable"), f"新增（{len(plan.new)}）")
        listed = [[c.sheet, str(c.row), c.label, "联络站填写的列被改动，未导入：" + "；".join(
            f"{f.column}：{f.station} → {f.workbook}" for f in c.fields)] for c in plan.station_changes]
        listed += [[s.sheet, str(s.row or ""), s.column or "", s.message] for s in plan.skipped]
        self.tabs.addTab(_table(["工作表", "行", "记录", "说明"], listed, "notImportedTable"),
                         f"未导入（{len(listed)}）")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.import_button.setEnabled(plan.ok and bool(plan.new or plan.changed or plan.conflicts))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        note = QLabel("导入前会自动备份数据库；全部内容在一次操作中写入，出错时不会留下一半的数据。" if plan.ok else
                      "台账中有错误，不能导入。请按「错误」页的提示在 Excel 或 WPS 中改正后保存，再重新导入。")
        note.setWordWrap(True)
        note.setStyleSheet("" if plan.ok else "color: #c0392b;")
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def _summary_text(self) -> str:
        p = self.plan
        return (f"新增 <b>{len(p.new)}</b> 行，修改 <b>{len(p.changed)}</b> 行，未变 <b>{p.unchanged}</b> 行，"
                f"冲突 <b>{len(p.conflicts)}</b> 行，错误 <b>{len(p.errors)}</b> 处"
                + ("" if p.known_export or not any(n.restored for n in p.new) else
                   "<br>这份台账不是本数据库导出的：本站没有的记录将作为新记录导入。"))

    def _conflicts_cards(self) -> QScrollArea:
        """One card per conflicting record: the fields side by side, wrapped in full, and above them
        the chooser "保留哪一边的值" — readable at 1366 px however long the replies are."""
        holder = QWidget()
        holder.setObjectName("conflictCards")
        column = QVBoxLayout(holder)
        for c in self.plan.conflicts[:MAX_CARDS]:
            column.addWidget(self._card(c))
        hidden = len(self.plan.conflicts) - MAX_CARDS
        if hidden > 0:
            more = QLabel(f"另有 {hidden} 条冲突未列出，按下方“全部……”按钮统一处理（默认保留本站的值）。")
            more.setWordWrap(True)
            column.addWidget(more)
        column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(holder)
        return area

    def _card(self, c: Any) -> QGroupBox:
        box = QGroupBox(f"{c.sheet} 第{c.row}行：{c.label}")
        grid = QGridLayout(box)
        grid.addWidget(QLabel("保留哪一边的值："), 0, 0)
        combo = QComboBox()
        for code, label in DECISIONS:
            combo.addItem(label, code)
        combo.setCurrentIndex(combo.findData(self._decided.get(c.key, KEEP)))
        combo.currentIndexChanged.connect(lambda _i, key=c.key, cb=combo: self._decide(key, cb.currentData()))
        self.combos[c.key] = combo
        grid.addWidget(combo, 0, 1, 1, 2, Qt.AlignmentFlag.AlignLeft)
        for j, head in enumerate(("列", "本站的值（导出后改过）", "台账的值（乡镇填写）")):
            label = QLabel(f"<b>{head}</b>")
            grid.addWidget(label, 1, j)
        for i, f in enumerate(c.fields, start=2):
            for j, text in enumerate((f.column, f.station, f.workbook)):
                cell = QLabel(text)
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                cell.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                grid.addWidget(cell, i, j)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return box

    def _decide(self, key: str, code: str) -> None:
        self._decided[key] = code

    def decisions(self) -> dict[str, str]:
        """The choice for every conflict, listed or not (KEEP unless the clerk chose otherwise)."""
        return {c.key: self._decided.get(c.key, KEEP) for c in self.plan.conflicts}

    def decide_all(self, code: str) -> None:
        for c in self.plan.conflicts:
            self._decided[c.key] = code
        for combo in self.combos.values():
            combo.setCurrentIndex(combo.findData(code))


def result_text(result: Any) -> str:
    text = f"已导入：新增 {result.new} 行，修改 {result.changed} 行"
    if result.conflicts_taken:
        text += f"（其中冲突采用台账的值 {result.conflicts_taken} 行）"
    if result.backup:
        text += f"。\n导入前的数据库已备份为：{result.backup}"
    return text
