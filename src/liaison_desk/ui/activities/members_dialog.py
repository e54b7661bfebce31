"""人大组成人员: the list the clerk keeps of the township congress's leading body, each with the 联系点
(villages / units) and the deputies there whom they visit at least once a month."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.services.activities.members import MemberRecord
from liaison_desk.ui.common.pickers import DeputyPicker
from liaison_desk.ui.common.widgets import confirm, show_error
from liaison_desk.ui.context import AppContext


class MemberDialog(QDialog):
    def __init__(self, ctx: AppContext, member_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rec = ctx.members.get(member_id) if member_id else MemberRecord("")
        self.setWindowTitle("人大组成人员")
        self.name, self.post, self.point = QLineEdit(self.rec.name), QLineEdit(self.rec.post), QLineEdit(
            self.rec.contact_point)
        self.point.setPlaceholderText("如：东庄村、西庄村、镇卫生院")
        self.picker = DeputyPicker(ctx, self.rec.deputy_ids)
        form = QFormLayout(self)
        form.addRow("姓名", self.name)
        form.addRow("职务", self.post)
        form.addRow("联系点", self.point)
        form.addRow("联系的代表", self.picker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self) -> None:
        self.rec.name, self.rec.post = self.name.text(), self.post.text()
        self.rec.contact_point, self.rec.deputy_ids = self.point.text(), self.picker.selected_ids()
        try:
            self.ctx.members.save(self.rec)
        except KnownError as e:
            show_error(self, e, "保存失败")
            return
        self.accept()


class MembersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("人大组成人员及联系点")
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _i: self._edit())
        note = QLabel("每位人大组成人员每年联系代表不少于 12 次、每月不少于 1 次；"
                      "走访记在“代表活动”中，类型选“联系代表”。")
        note.setWordWrap(True)
        add, edit, remove = QPushButton("新增…"), QPushButton("修改…"), QPushButton("删除")
        add.clicked.connect(self._add)
        edit.clicked.connect(self._edit)
        remove.clicked.connect(self._remove)
        row = QHBoxLayout()
        for b in (add, edit, remove):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(640, 420)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        for m in self.ctx.members.list():
            item = QListWidgetItem(f"{m.name}　{m.post}　联系点：{m.contact_point or '（未填）'}　{m.deputies}")
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.list.addItem(item)

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _add(self) -> None:
        if MemberDialog(self.ctx, None, self).exec():
            self._fill()

    def _edit(self) -> None:
        mid = self._current()
        if mid and MemberDialog(self.ctx, mid, self).exec():
            self._fill()

    def _remove(self) -> None:
        mid = self._current()
        if mid and confirm(self, "删除这位人大组成人员？已记下的联系代表活动会保留，但不再记在其名下。"):
            self.ctx.members.delete(mid)
            self._fill()
