"""Add or edit a reception session: date, time, form, venue, theme, deputies, status."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLineEdit, QTimeEdit, QWidget

from liaison_desk.models.enums import SessionKind, SessionStatus
from liaison_desk.services.schedule import SessionRecord
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.dialogs.form import FormDialog
from liaison_desk.ui.dialogs.pickers import DeputyPicker
from liaison_desk.ui.widgets import CodeCombo, date_edit


class SessionDialog(FormDialog):
    def __init__(self, ctx: AppContext, session_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改接待安排" if session_id else "新增接待安排", parent)
        self.ctx = ctx
        from datetime import date, time

        self.record = ctx.schedule.get(session_id) if session_id else SessionRecord(
            day=date.today(), start_time=time(9, 0), end_time=time(11, 30))
        r = self.record
        self.day = self.add_row("接待日期", date_edit())
        self.day.setDate(r.day)
        self.start = self.add_row("开始时间", QTimeEdit(QTime(r.start_time.hour, r.start_time.minute)
                                                     if r.start_time else QTime(9, 0)))
        self.end = self.add_row("结束时间", QTimeEdit(QTime(r.end_time.hour, r.end_time.minute)
                                                   if r.end_time else QTime(11, 30)))
        self.kind = self.add_row("接待形式", CodeCombo.of(SessionKind))
        self.kind.set_code(r.kind)
        self.venue = self.add_row("接待地点", QLineEdit(r.venue))
        self.theme = self.add_row("接待主题", QLineEdit(r.theme))
        self.deputies = self.add_row("接待代表", DeputyPicker(ctx, r.deputy_ids))
        self.status = self.add_row("状态", CodeCombo.of(SessionStatus))
        self.status.set_code(r.status)

    def save(self) -> str:
        from datetime import time

        r = self.record
        r.day = self.day.date().toPython()
        s, e = self.start.time(), self.end.time()
        r.start_time, r.end_time = time(s.hour(), s.minute()), time(e.hour(), e.minute())
        r.kind = self.kind.code() or SessionKind.REGULAR.value
        r.venue = self.venue.text().strip()
        r.theme = self.theme.text().strip()
        r.deputy_ids = self.deputies.selected_ids()
        r.status = self.status.code() or SessionStatus.PLANNED.value
        return self.ctx.schedule.save(r)
