"""合并重复代表: two records of one person side by side; the clerk keeps one, the other's references move to it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import DeputyStatus, Gender, Level
from liaison_desk.services.roster.merge import DuplicateGroup, MergeResult, MergeService
from liaison_desk.services.roster.service import DeputyRecord
from liaison_desk.services.validate import mask_id
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.ops import run_with_progress
from liaison_desk.ui.common.widgets import show_error
from liaison_desk.ui.context import AppContext

FIELDS: tuple[tuple[str, Any], ...] = (
    ("姓名", lambda r: r.name), ("性别", lambda r: Gender.label_of(r.gender)),
    ("出生日期", lambda r: fmt_date(r.birth_date) if r.birth_date else ""),
    ("工作单位", lambda r: r.work_unit), ("职务", lambda r: r.post), ("联系电话", lambda r: r.phone),
    ("身份证号", lambda r: mask_id(r.id_number)), ("代表层级", lambda r: "、".join(Level.label_of(e.level)
                                                                           for e in r.levels)),
    ("状态", lambda r: DeputyStatus.label_of(r.status)),
)


class MergeDialog(QDialog):
    """Pick a pair (duplicates by ID number, or any two deputies), choose the record to keep, merge."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, first: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("合并重复的代表记录")
        self.ctx = ctx
        self.service = MergeService(ctx.db)
        self.result_info: MergeResult | None = None
        self.groups: list[DuplicateGroup] = self.service.duplicates()
        layout = QVBoxLayout(self)
        note = QLabel("同一个人在名册中有两条记录时，把其中一条并入另一条：接待、来访、建议、活动、小组和层级记录"
                      "都归到保留的记录上，保留记录中空着的信息用另一条补上，操作日志照常保留。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.group_combo = QComboBox()
        self.group_combo.addItem("（自己选择两条记录）", None)
        for g in self.groups:
            self.group_combo.addItem(f"身份证号 {g.id_number_masked}：" + " / ".join(p.name for p in g.people), g)
        self.group_combo.currentIndexChanged.connect(self._group_chosen)
        layout.addWidget(QLabel(f"按身份证号找到重复的代表 {len(self.groups)} 组："))
        layout.addWidget(self.group_combo)
        choices = ctx.roster.choices("", active_only=False, limit=100_000)
        grid = QGridLayout()
        self.pickers: list[QComboBox] = []
        self.keep = QButtonGroup(self)
        self.values: list[list[QLabel]] = [[], []]
        for side in (0, 1):
            picker = QComboBox()
            picker.setEditable(True)
            picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            picker.addItem("", None)
            for did, label in choices:
                picker.addItem(label, did)
            picker.currentIndexChanged.connect(lambda _i: self._show())
            self.pickers.append(picker)
            grid.addWidget(picker, 0, side + 1)
            radio = QRadioButton("保留这条")
            self.keep.addButton(radio, side)
            grid.addWidget(radio, 1, side + 1)
        for i, (label, _get) in enumerate((*FIELDS, ("关联记录", None))):
            grid.addWidget(QLabel(label), i + 2, 0)
            for side in (0, 1):
                value = QLabel()
                value.setWordWrap(True)
                value.setMinimumWidth(220)
                self.values[side].append(value)
                grid.addWidget(value, i + 2, side + 1)
        layout.addLayout(grid)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("合并")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if first is not None:
            self.set_pair(first, None)
        elif self.groups:
            self.group_combo.setCurrentIndex(1)
        self._show()

    def set_pair(self, a: str | None, b: str | None) -> None:
        for picker, did in zip(self.pickers, (a, b), strict=True):
            picker.setCurrentIndex(max(0, picker.findData(did)) if did else 0)
        self._show()

    def _group_chosen(self, _index: int) -> None:
        g = self.group_combo.currentData()
        if g is not None:
            people = sorted(g.people, key=lambda p: -p.references)
            self.set_pair(people[0].id, people[1].id)

    def ids(self) -> tuple[str | None, str | None]:
        return self.pickers[0].currentData(), self.pickers[1].currentData()

    def _show(self) -> None:
        ids = self.ids()
        for side, did in enumerate(ids):
            rec: DeputyRecord | None = self.ctx.roster.get(did) if did else None
            refs = self.ctx.roster.references(did) if did else 0
            texts = [str(get(rec)) if rec else "" for _label, get in FIELDS] + [f"{refs} 条" if rec else ""]
            for label, t in zip(self.values[side], texts, strict=True):
                label.setText(t)
        ok = all(ids) and ids[0] != ids[1]
        self.merge_button.setEnabled(bool(ok))
        if ok and self.keep.checkedId() < 0:
            self.keep.button(0).setChecked(True)

    def confirm(self) -> None:
        a, b = self.ids()
        if not a or not b or a == b:
            show_error(self, KnownError("请选择两条不同的代表记录"), "无法合并")
            return
        keep, drop = (a, b) if self.keep.checkedId() != 1 else (b, a)
        drop_name = self.ctx.roster.get(drop).name
        answer = QMessageBox.question(self, "合并代表记录", f"把「{drop_name}」这条记录并入保留的记录，并删除它？"
                                      "合并前会自动备份数据库。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.merge(keep, drop)

    def merge(self, keep: str, drop: str) -> None:
        """Run the merge off the GUI thread (a backup first); the dialog closes when it is done."""
        service = self.service

        def job(_progress: Any) -> MergeResult:
            return service.merge(keep, drop)

        run_with_progress(self, "正在合并代表记录…", job, self._merged,
                          lambda e, _tb: show_error(self, e, "合并失败，未改动数据"), writes=True)

    def _merged(self, result: MergeResult) -> None:
        self.result_info = result
        self.accept()
