"""Add or edit a deputy: every field of the record, errors shown next to the field, status history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import DeputyStatus, Gender, GroupRole
from liaison_desk.services.roster.service import DeputyRecord
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.widgets import CodeCombo, date_edit, show_error
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.roster.widgets import DateText, IdNumberEdit, LevelsEditor, PhotoBox

POLITICAL = ("中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员",
             "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众")
EDUCATION = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学")


def _editable_combo(items: tuple[str, ...]) -> CodeCombo:
    combo = CodeCombo(((x, x) for x in items), "")
    combo.setEditable(True)
    return combo


class DeputyDialog(FormDialog):
    def __init__(self, ctx: AppContext, deputy_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改代表信息" if deputy_id else "新增代表", parent)
        self.ctx = ctx
        self.record = ctx.roster.get(deputy_id) if deputy_id else DeputyRecord(name="")
        self.setMinimumWidth(1000)
        # two columns of fields: FormDialog.add_row adds to self.form, so point it at each in turn
        left, right = QFormLayout(), QFormLayout()
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        self.layout().insertLayout(0, columns)

        self.form = left
        self.name = self.add_row("姓名", QLineEdit())
        self.gender = self.add_row("性别", CodeCombo.of(Gender, "—"))
        self.ethnicity = self.add_row("民族", QLineEdit())
        self.ethnicity.setPlaceholderText("如 汉族")
        self.birth_date = self.add_row("出生日期", DateText("如 1975-03-08 或 1975年3月"))
        self.political = self.add_row("政治面貌", _editable_combo(POLITICAL))
        self.education = self.add_row("学历", _editable_combo(EDUCATION))
        self.id_number = self.add_row("身份证号", IdNumberEdit())
        self.phone = self.add_row("联系电话", QLineEdit())
        self.phone.setPlaceholderText("手机 11 位，或座机如 0315-5123456")
        self.work_unit = self.add_row("工作单位", QLineEdit())
        self.post = self.add_row("职务", QLineEdit())
        self.address = self.add_row("村（社区）/住址", QLineEdit())
        self.constituency = self.add_row("选区", QLineEdit())
        self.is_cppcc = self.add_row("政协委员", QCheckBox("同时是政协委员"))
        self.notes = self.add_row("备注", QPlainTextEdit())
        self.notes.setFixedHeight(54)

        self.form = right
        self.photo = self.add_row("照片", PhotoBox(ctx.photos))
        self.levels = self.add_row("代表层级", LevelsEditor())
        self.level_checks, self.level_terms = self.levels.checks, self.levels.terms
        group_row = QWidget()
        g = QHBoxLayout(group_row)
        g.setContentsMargins(0, 0, 0, 0)
        self.group = CodeCombo([])
        self.group_role = CodeCombo.of(GroupRole)
        self.new_group = QPushButton("新建小组…")
        self.new_group.clicked.connect(self._add_group)
        g.addWidget(self.group, 1)
        g.addWidget(self.group_role)
        g.addWidget(self.new_group)
        self.add_row("代表小组", group_row)
        self._fill_groups()
        status_row = QWidget()
        st = QHBoxLayout(status_row)
        st.setContentsMargins(0, 0, 0, 0)
        self.status = CodeCombo.of(DeputyStatus)
        self.status_date = date_edit()
        self.status_reason = QLineEdit()
        self.status_reason.setPlaceholderText("变动原因，如 工作调动")
        st.addWidget(self.status)
        st.addWidget(self.status_date)
        st.addWidget(self.status_reason, 1)
        self.add_row("状态", status_row)
        self.history = self.add_row("状态记录", QListWidget())
        self.history.setFixedHeight(64)
        self.form = left
        self._load()
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self._status_changed()
        self.finished.connect(self._drop_unused_photos)

    def _fill_groups(self, select: str | None = None) -> None:
        self.group.clear()
        self.group.addItem("—（不在小组）", None)
        for gid, name in self.ctx.roster.groups():
            self.group.addItem(name, gid)
        if select is not None:
            self.group.set_code(select)

    def _add_group(self) -> None:
        name, ok = QInputDialog.getText(self, "新建代表小组", "小组名称（如 第三代表小组）：")
        if ok and name.strip():
            try:
                self._fill_groups(self.ctx.roster.add_group(name))
            except KnownError as e:
                show_error(self, e)

    def _load(self) -> None:
        r = self.record
        self.name.setText(r.name)
        self.gender.set_code(r.gender or None)
        self.ethnicity.setText(r.ethnicity)
        self.birth_date.set_date(r.birth_date)
        self.political.setCurrentText(r.political)
        self.education.setCurrentText(r.education)
        self.id_number.set_value(r.id_number)
        self.phone.setText(r.phone)
        self.work_unit.setText(r.work_unit)
        self.post.setText(r.post)
        self.address.setText(r.address)
        self.constituency.setText(r.constituency)
        self.is_cppcc.setChecked(r.is_cppcc)
        self.notes.setPlainText(r.notes)
        self.photo.set_photo(r.photo)
        self.levels.set_entries(r.levels)
        self.group.set_code(r.group_id)
        self.group_role.set_code(r.group_role)
        self.status.set_code(r.status)
        history = self.ctx.roster.status_history(r.id) if r.id else []
        for h in history:
            self.history.addItem(f"{fmt_date(h.changed_on)}　{DeputyStatus.label_of(h.status)}"
                                 + (f"　{h.reason}" if h.reason else ""))
        if not history:
            self.history.addItem("（保存后记录状态变动）")

    def _status_changed(self) -> None:
        """Date and reason are asked for when the status is set or changed, and kept as history."""
        changing = not self.record.id or self.status.code() != self.record.status
        self.status_date.setEnabled(changing)
        self.status_reason.setEnabled(changing)

    def save(self) -> Callable[[], str]:
        r = replace(self.record, levels=list(self.record.levels))  # the record stays as loaded if invalid
        r.name = self.name.text().strip()
        r.gender = self.gender.code() or ""
        r.ethnicity = self.ethnicity.text().strip()
        r.birth_date = self.birth_date.date_value("出生日期")
        r.political = self.political.currentText().strip()
        r.education = self.education.currentText().strip()
        r.id_number = self.id_number.value()
        r.phone = self.phone.text().strip()
        r.work_unit = self.work_unit.text().strip()
        r.post = self.post.text().strip()
        r.address = self.address.text().strip()
        r.constituency = self.constituency.text().strip()
        r.is_cppcc = self.is_cppcc.isChecked()
        r.notes = self.notes.toPlainText().strip()
        r.photo = self.photo.name
        r.levels = self.levels.entries("代表层级")
        r.group_id = self.group.code()
        r.group_role = self.group_role.code() or GroupRole.MEMBER.value
        new_status = self.status.code() or DeputyStatus.ACTIVE.value
        if not r.id or new_status != r.status:
            r.status_date = self.status_date.date().toPython()
            r.status_reason = self.status_reason.text().strip()
        r.status = new_status
        roster, self._saving_record = self.ctx.roster, r
        return lambda: roster.save(r)

    def can_save_over(self) -> bool:
        return bool(self.record.id)

    def save_over(self, version: int) -> None:
        self.record.version = version
        self._try_save()

    def after_save(self, saved_id: str) -> None:
        r = self._saving_record
        r.id, self.record = saved_id, r

    def _drop_unused_photos(self, _result: int) -> None:
        """Photos chosen while the dialog was open and not kept (cancelled, or replaced) are deleted."""
        kept = self.record.photo if self.saved_id else ""
        for name in self.photo.added:
            if name != kept:
                self.ctx.photos.remove(name)
