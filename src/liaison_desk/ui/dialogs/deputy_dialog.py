"""Add or edit a deputy: the basic fields and the levels held (the roster issue adds the rest)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QPlainTextEdit, QWidget

from liaison_desk.models.enums import DeputyStatus, Gender, Level
from liaison_desk.services.roster import DeputyRecord, LevelEntry
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.form import FormDialog
from liaison_desk.ui.widgets import CodeCombo


class DeputyDialog(FormDialog):
    def __init__(self, ctx: AppContext, deputy_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改代表信息" if deputy_id else "新增代表", parent)
        self.ctx = ctx
        self.record = ctx.roster.get(deputy_id) if deputy_id else DeputyRecord(name="")
        self.name = self.add_row("姓名", QLineEdit())
        self.gender = self.add_row("性别", CodeCombo.of(Gender, "—"))
        levels = QWidget()
        grid = QGridLayout(levels)
        grid.setContentsMargins(0, 0, 0, 0)
        self.level_checks: dict[str, QCheckBox] = {}
        self.level_terms: dict[str, QLineEdit] = {}
        for i, lv in enumerate(Level):
            check, term = QCheckBox(lv.label), QLineEdit()
            term.setPlaceholderText("届次，如 第十八届")
            grid.addWidget(check, i, 0)
            grid.addWidget(term, i, 1)
            self.level_checks[lv.value], self.level_terms[lv.value] = check, term
        self.add_row("代表层级", levels)
        groups = [(None, "—")] + [(gid, name) for gid, name in ctx.roster.groups()]
        self.group = self.add_row("代表小组", CodeCombo(groups))
        self.work_unit = self.add_row("工作单位", QLineEdit())
        self.post = self.add_row("职务", QLineEdit())
        self.phone = self.add_row("联系电话", QLineEdit())
        self.status = self.add_row("状态", CodeCombo.of(DeputyStatus))
        self.notes = self.add_row("备注", QPlainTextEdit())
        self.notes.setFixedHeight(60)
        self._load()

    def _load(self) -> None:
        r = self.record
        self.name.setText(r.name)
        self.gender.set_code(r.gender or None)
        for e in r.levels:
            if e.level in self.level_checks:
                self.level_checks[e.level].setChecked(True)
                self.level_terms[e.level].setText(e.term)
        self.group.set_code(r.group_id)
        self.work_unit.setText(r.work_unit)
        self.post.setText(r.post)
        self.phone.setText(r.phone)
        self.status.set_code(r.status)
        self.notes.setPlainText(r.notes)

    def save(self) -> str:
        r = self.record
        r.name = self.name.text().strip()
        r.gender = self.gender.code() or ""
        old = {e.level: e for e in r.levels}
        r.levels = [LevelEntry(code, self.level_terms[code].text().strip(),
                               old[code].start_date if code in old else None,
                               old[code].end_date if code in old else None)
                    for code, check in self.level_checks.items() if check.isChecked()]
        r.group_id = self.group.code()
        r.work_unit = self.work_unit.text().strip()
        r.post = self.post.text().strip()
        r.phone = self.phone.text().strip()
        r.status = self.status.code() or DeputyStatus.ACTIVE.value
        r.notes = self.notes.toPlainText().strip()
        return self.ctx.roster.save(r)
