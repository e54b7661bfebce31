"""Add or edit a reception session: date, time, form, venue, theme, deputies, invited officials, notice
date and status, with the station rules checked live under the form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import SessionKind, SessionStatus
from liaison_desk.services.schedule.rules import SessionFacts, latest_notice_date
from liaison_desk.services.schedule.service import Official, SessionRecord
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.pickers import DeputyPicker
from liaison_desk.ui.common.widgets import CodeCombo, date_edit
from liaison_desk.ui.context import AppContext


class OfficialsEditor(QWidget):
    """Invited officials (rule 七): name, unit, post; rows added and removed with two buttons."""

    HEADERS = ("姓名", "单位", "职务")

    def __init__(self, officials: list[Official], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(110)
        for o in officials:
            self.add(o)
        add, remove = QPushButton("添加应邀人员"), QPushButton("删除所选")
        add.clicked.connect(lambda: self.add(Official("")))
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add(self, o: Official) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, v in enumerate((o.name, o.unit, o.post)):
            self.table.setItem(r, c, QTableWidgetItem(v))

    def _remove(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def officials(self) -> list[Official]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [(self.table.item(r, c).text().strip() if self.table.item(r, c) else "") for c in range(3)]
            if cells[0]:
                out.append(Official(*cells))
        return out


class SessionDialog(FormDialog):
    def __init__(self, ctx: AppContext, session_id: str | None = None, parent: QWidget | None = None,
                 day: date | None = None) -> None:
        super().__init__("修改接待安排" if session_id else "新增接待安排", parent)
        self.ctx = ctx
        self.cal = ctx.rules.calendar()
        station = ctx.station.station()
        if session_id:
            self.record = ctx.schedule.get(session_id)
        else:
            d = day or date.today() + timedelta(days=7)
            self.record = SessionRecord(day=d, start_time=time(9, 0), end_time=time(11, 30),
                                        venue=(station.venue or station.name) if station else "",
                                        notice_date=latest_notice_date(self.cal, d),
                                        station_id=station.id if station else None)
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
        self.venue.setPlaceholderText("联络站，或流动接待的村（社区）、单位名称")
        self.theme = self.add_row("接待主题", QLineEdit(r.theme))
        # Two columns so the form and its rule warnings fit 1366×697: the session on the left, the
        # people on the right.
        people = self.new_form()
        self.deputies = self.add_row("接待代表", DeputyPicker(ctx, r.deputy_ids), people)
        self.officials = self.add_row("应邀人员", OfficialsEditor(r.officials), people)
        notice_box = QWidget()
        h = QHBoxLayout(notice_box)
        h.setContentsMargins(0, 0, 0, 0)
        self.notice = date_edit()
        self.notice.setDate(r.notice_date or latest_notice_date(self.cal, r.day))
        self.latest_button = QPushButton("设为最晚公告日")
        self.latest_button.clicked.connect(self._set_latest)
        h.addWidget(self.notice, 1)
        h.addWidget(self.latest_button)
        self.add_row("公告日期", notice_box)
        self.status = self.add_row("状态", CodeCombo.of(SessionStatus))
        self.status.set_code(r.status)
        self.notes = self.add_row("备注", QPlainTextEdit(r.notes))
        self.notes.setMinimumHeight(60)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeItem(self.form)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        columns.addSpacing(12)
        columns.addLayout(people, 1)
        layout.insertLayout(0, columns, 1)
        self.rules = QLabel()
        self.rules.setObjectName("rules")
        self.rules.setWordWrap(True)
        self.rules.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # however many findings, they scroll inside a few lines' height under the form
        self.rules_area = QScrollArea()
        self.rules_area.setWidget(self.rules)
        self.rules_area.setWidgetResizable(True)
        self.rules_area.setFrameShape(QFrame.Shape.NoFrame)
        self.rules_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rules_area.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 8)
        layout.insertWidget(1, self.rules_area)
        self.resize(960, self.sizeHint().height())
        for signal in (self.day.dateChanged, self.notice.dateChanged, self.start.timeChanged,
                       self.end.timeChanged, self.venue.textChanged, self.status.currentIndexChanged,
                       self.deputies.list.itemChanged):
            signal.connect(lambda *_: self.update_rules())
        self.update_rules()

    def _set_latest(self) -> None:
        d = latest_notice_date(self.cal, self.day.date().toPython())
        self.notice.setDate(QDate(d.year, d.month, d.day))

    def _times(self) -> tuple[time, time]:
        s, e = self.start.time(), self.end.time()
        return time(s.hour(), s.minute()), time(e.hour(), e.minute())

    def update_rules(self) -> list[str]:
        """Check the form against the station rules; show the problems under the form."""
        day = self.day.date().toPython()
        start, end = self._times()
        ids = self.deputies.selected_ids()
        names = self.ctx.schedule.deputy_names(ids)
        deputies = tuple((d, names.get(d, "")) for d in ids)
        draft = SessionFacts(self.record.id, day, start, end, self.venue.text().strip(),
                             self.notice.date().toPython(), self.status.code() or SessionStatus.PLANNED.value,
                             deputies)
        found = [v.message for v in self.ctx.rules.check_draft(draft, self.cal)]
        latest = latest_notice_date(self.cal, day)
        if found:
            self.rules.setStyleSheet("color: #c0392b;")
            self.rules.setText("按联络站制度需要注意：\n" + "\n".join(f"· {m}" for m in found))
        else:
            self.rules.setStyleSheet("color: #2e7d32;")
            self.rules.setText(f"符合联络站制度（至少 2 名代表；公告最晚{fmt_date(latest)}张贴）")
        return found

    def save(self) -> Callable[[], str]:
        r = self.record
        r.day = self.day.date().toPython()
        r.start_time, r.end_time = self._times()
        r.kind = self.kind.code() or SessionKind.REGULAR.value
        r.venue = self.venue.text().strip()
        r.theme = self.theme.text().strip()
        r.deputy_ids = self.deputies.selected_ids()
        r.officials = self.officials.officials()
        r.notice_date = self.notice.date().toPython()
        r.status = self.status.code() or SessionStatus.PLANNED.value
        r.notes = self.notes.toPlainText().strip()
        schedule = self.ctx.schedule
        return lambda: schedule.save(r)
