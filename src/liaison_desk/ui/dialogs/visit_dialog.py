"""Add or edit a visit: who came, how many, what they raised, who received them, how it was handled."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from liaison_desk.models.enums import DEFAULT_CATEGORIES, Channel, Exclusion, Gender, Handling
from liaison_desk.services.visits import VisitRecord
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.form import FormDialog
from liaison_desk.ui.dialogs.pickers import DeputyPicker
from liaison_desk.ui.widgets import CodeCombo, date_edit


class VisitDialog(FormDialog):
    def __init__(self, ctx: AppContext, visit_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改来访登记" if visit_id else "来访登记", parent)
        self.ctx = ctx
        self.record = ctx.visits.get(visit_id) if visit_id else VisitRecord(visited_on=date.today())
        r = self.record
        self.day = self.add_row("来访日期", date_edit())
        self.day.setDate(r.visited_on)
        self.channel = self.add_row("来访方式", CodeCombo.of(Channel))
        self.channel.set_code(r.channel)
        self.visitor = self.add_row("来访人", QLineEdit(r.visitor_name))
        self.gender = self.add_row("性别", CodeCombo.of(Gender, "—"))
        self.gender.set_code(r.visitor_gender or None)
        self.phone = self.add_row("联系电话", QLineEdit(r.visitor_phone))
        self.village = self.add_row("村（社区）", QLineEdit(r.village))
        self.address = self.add_row("住址/单位", QLineEdit(r.visitor_address))
        self.headcount = self.add_row("人数", QSpinBox())
        self.headcount.setRange(1, 999)
        self.headcount.setValue(r.headcount)
        self.category = self.add_row("类别", QComboBox())
        self.category.setEditable(True)
        self.category.addItems(list(DEFAULT_CATEGORIES))
        self.category.setCurrentText(r.category)
        self.content = self.add_row("反映问题", QPlainTextEdit(r.content))
        self.content.setFixedHeight(70)
        self.request = self.add_row("诉求", QPlainTextEdit(r.request))
        self.request.setFixedHeight(50)
        self.deputies = self.add_row("接待代表", DeputyPicker(ctx, r.deputy_ids))
        self.handling = self.add_row("处理方式", CodeCombo.of(Handling, "—"))
        self.handling.set_code(r.handling or None)
        self.exclusion = self.add_row("事项类型", CodeCombo.of(Exclusion, "—"))
        self.exclusion.set_code(r.exclusion or None)
        self.note = self.add_row("处理情况", QPlainTextEdit(r.handling_note))
        self.note.setFixedHeight(50)

    def save(self) -> str:
        r = self.record
        r.visited_on = self.day.date().toPython()
        r.channel = self.channel.code() or Channel.RECEPTION_DAY.value
        r.visitor_name = self.visitor.text().strip()
        r.visitor_gender = self.gender.code() or ""
        r.visitor_phone = self.phone.text().strip()
        r.village = self.village.text().strip()
        r.visitor_address = self.address.text().strip()
        r.headcount = self.headcount.value()
        r.is_group = r.headcount >= 5
        r.category = self.category.currentText().strip()
        r.content = self.content.toPlainText().strip()
        r.request = self.request.toPlainText().strip()
        r.deputy_ids = self.deputies.selected_ids()
        r.handling = self.handling.code() or ""
        r.exclusion = self.exclusion.code() or ""
        r.handling_note = self.note.toPlainText().strip()
        return self.ctx.visits.save(r)
