"""Add or edit a suggestion's own fields (its lifecycle steps are separate actions)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from liaison_desk.models.enums import DEFAULT_CATEGORIES, SuggestionKind
from liaison_desk.services.suggestions.service import SuggestionRecord
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.pickers import DeputyPicker
from liaison_desk.ui.common.widgets import CodeCombo, date_edit
from liaison_desk.ui.context import AppContext


class SuggestionDialog(FormDialog):
    def __init__(self, ctx: AppContext, suggestion_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改意见建议" if suggestion_id else "新增意见建议", parent)
        self.ctx = ctx
        self.record = ctx.suggestions.get(suggestion_id) if suggestion_id else SuggestionRecord(
            title="", registered_on=date.today())
        r = self.record
        self.kind = self.add_row("类别", CodeCombo.of(SuggestionKind))
        self.kind.set_code(r.kind)
        self.registered = self.add_row("登记日期", date_edit())
        self.registered.setDate(r.registered_on)
        self.title = self.add_row("标题", QLineEdit(r.title))
        self.category = self.add_row("问题类别", QComboBox())
        self.category.setEditable(True)
        self.category.addItems(list(DEFAULT_CATEGORIES))
        self.category.setCurrentText(r.category)
        self.content = self.add_row("内容", QPlainTextEdit(r.content))
        self.content.setFixedHeight(90)
        self.citizen = self.add_row("反映人", QLineEdit(r.citizen_name))
        self.phone = self.add_row("联系电话", QLineEdit(r.citizen_phone))
        self.address = self.add_row("住址", QLineEdit(r.citizen_address))
        self.deputies = self.add_row("提出代表", DeputyPicker(ctx, r.deputy_ids))
        self.notes = self.add_row("备注", QLineEdit(r.notes))

    def save(self) -> Callable[[], str]:
        r = self.record
        r.kind = self.kind.code() or SuggestionKind.CITIZEN.value
        r.registered_on = self.registered.date().toPython()
        r.title = self.title.text().strip()
        r.category = self.category.currentText().strip()
        r.content = self.content.toPlainText().strip()
        r.citizen_name = self.citizen.text().strip()
        r.citizen_phone = self.phone.text().strip()
        r.citizen_address = self.address.text().strip()
        r.notes = self.notes.text().strip()
        r.deputy_ids = self.deputies.selected_ids()
        suggestions = self.ctx.suggestions
        return lambda: suggestions.save(r)
