"""The roll call (考勤) of an activity: deputies ticked in a picker, each 出席 / 请假 (with reason) / 缺席."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import Attendance
from liaison_desk.services.activities.service import RollEntry
from liaison_desk.ui.common.pickers import DeputyPicker
from liaison_desk.ui.context import AppContext

COL_NAME, COL_STATUS, COL_REASON = range(3)


class RollCall(QWidget):
    """A DeputyPicker above a table of the ticked deputies with their attendance."""

    def __init__(self, ctx: AppContext, roll: list[RollEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = DeputyPicker(ctx, [r.deputy_id for r in roll])
        self.picker.list.setMinimumHeight(110)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["代表", "考勤", "请假事由"])
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.table, 1)
        self._rows: dict[str, int] = {}
        labels = ctx.roster.labels([r.deputy_id for r in roll])
        for r in roll:
            self._add(r.deputy_id, labels.get(r.deputy_id, r.deputy_id), r.status, r.leave_reason)
        self.picker.list.itemChanged.connect(self._picked)

    def _add(self, deputy_id: str, label: str, status: str = Attendance.PRESENT.value, reason: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(label)
        name.setData(Qt.ItemDataRole.UserRole, deputy_id)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, COL_NAME, name)
        combo = QComboBox()
        for a in Attendance:
            combo.addItem(a.label, a.value)
        combo.setCurrentIndex(max(combo.findData(status), 0))
        edit = QLineEdit(reason)
        edit.setPlaceholderText("请假时填写")
        edit.setEnabled(status == Attendance.LEAVE.value)
        combo.currentIndexChanged.connect(lambda _i, c=combo, e=edit: e.setEnabled(c.currentData() == "leave"))
        self.table.setCellWidget(row, COL_STATUS, combo)
        self.table.setCellWidget(row, COL_REASON, edit)

    def _picked(self, item: object) -> None:
        wanted = dict.fromkeys(self.picker.selected_ids())
        have = [self.table.item(r, COL_NAME).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())]
        for r in reversed(range(self.table.rowCount())):
            if have[r] not in wanted:
                self.table.removeRow(r)
        labels = self.picker.selected_labels()
        for did in wanted:
            if did not in have:
                self._add(did, labels.get(did, did))

    def entries(self) -> list[RollEntry]:
        out = []
        for r in range(self.table.rowCount()):
            did = self.table.item(r, COL_NAME).data(Qt.ItemDataRole.UserRole)
            combo = self.table.cellWidget(r, COL_STATUS)
            reason = self.table.cellWidget(r, COL_REASON)
            assert isinstance(combo, QComboBox) and isinstance(reason, QLineEdit)
            out.append(RollEntry(did, combo.currentData(), reason.text()))
        return out
