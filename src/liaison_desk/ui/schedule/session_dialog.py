"""Add or edit a reception session: date, time, form, venue, theme, deputies and their attendance
(出席/请假/缺席), invited officials, the notice's posting date and places, and status, with the station
rules checked live under the form; two columns (the session, its people) to fit 1366×697."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from liaison_desk.models.enums import Attendance, SessionKind, SessionStatus
from liaison_desk.services.schedule.rules import SessionFacts, latest_notice_date
from liaison_desk.services.schedule.service import (
    NOTICE_COLUMN,
    Official,
    Presence,
    SessionRecord,
    split_places,
)
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


class AttendanceEditor(QTableWidget):
    """One row per ticked deputy: 出席 / 请假 / 缺席, and the reason for 请假."""

    HEADERS = ("代表", "出席情况", "请假原因")

    def __init__(self, attendance: dict[str, Presence], parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("attendance")
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.setMinimumWidth(300)
        self.known: dict[str, Presence] = dict(attendance)
        self.ids: list[str] = []

    def show_deputies(self, deputies: list[tuple[str, str]]) -> None:
        """Rows for these (id, name), keeping what was already chosen for each."""
        self._remember()
        self.ids = [d for d, _ in deputies]
        self.setRowCount(len(deputies))
        for i, (did, name) in enumerate(deputies):
            p = self.known.get(did) or Presence()
            item = QTableWidgetItem(name)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.setItem(i, 0, item)
            combo = CodeCombo.of(Attendance)
            combo.set_code(p.status)
            reason = QLineEdit(p.reason)
            reason.setPlaceholderText("请假时填写")
            reason.setEnabled(p.status == Attendance.LEAVE.value)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, r=reason: r.setEnabled(c.code() == Attendance.LEAVE.value))
            self.setCellWidget(i, 1, combo)
            self.setCellWidget(i, 2, reason)

    def _remember(self) -> None:
        for did, p in self.presence().items():
            self.known[did] = p

    def presence(self) -> dict[str, Presence]:
        out = {}
        for i, did in enumerate(self.ids):
            combo, reason = self.cellWidget(i, 1), self.cellWidget(i, 2)
            if isinstance(combo, CodeCombo) and isinstance(reason, QLineEdit):
                out[did] = Presence(combo.code() or Attendance.PRESENT.value, reason.text().strip())
        return out

    def combo(self, row: int) -> CodeCombo:
        w = self.cellWidget(row, 1)
        assert isinstance(w, CodeCombo)
        return w


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
                                        station_id=station.id if station else None)
        r = self.record
        self.day = self.add_row("接待日期", date_edit())
        self.day.setDate(r.day)
        times = QWidget()
        th = QHBoxLayout(times)
        th.setContentsMargins(0, 0, 0, 0)
        self.start = QTimeEdit(QTime(r.start_time.hour, r.start_time.minute) if r.start_time else QTime(9, 0))
        self.end = QTimeEdit(QTime(r.end_time.hour, r.end_time.minute) if r.end_time else QTime(11, 30))
        for w in (self.start, QLabel("至"), self.end):
            th.addWidget(w)
        th.addStretch(1)
        self.add_row("时间", times)
        self.kind = self.add_row("接待形式", CodeCombo.of(SessionKind))
        self.kind.set_code(r.kind)
        self.status = self.add_row("状态", CodeCombo.of(SessionStatus))
        self.status.set_code(r.status)
        self.venue = self.add_row("接待地点", QLineEdit(r.venue))
        self.venue.setPlaceholderText("联络站，或流动接待的村（社区）、单位名称")
        self.theme = self.add_row("接待主题", QLineEdit(r.theme))
        notice_box = QWidget()
        h = QHBoxLayout(notice_box)
        h.setContentsMargins(0, 0, 0, 0)
        self.posted = QCheckBox("已张贴")
        self.posted.setChecked(r.notice_date is not None)
        self.notice = date_edit()
        self.notice.setDate(r.notice_date or min(date.today(), r.day))
        self.notice.setEnabled(r.notice_date is not None)
        self.posted.toggled.connect(self.notice.setEnabled)
        h.addWidget(self.posted)
        h.addWidget(self.notice, 1)
        self.add_row(NOTICE_COLUMN, notice_box)
        self.latest_label = QLabel()
        self.latest_label.setStyleSheet("color: #555;")
        self.latest_label.setWordWrap(True)
        self.form.addRow("", self.latest_label)
        self.places = self.add_row("张贴地点", QLineEdit("、".join(r.notice_places)))
        self.places.setPlaceholderText("选区、村（社区）公告栏等，几处用“、”分隔")
        self.notes = self.add_row("备注", QPlainTextEdit(r.notes))
        self.notes.setMinimumHeight(60)
        # Two columns so the form, the attendance and the rule warnings fit 1366×697: the session on
        # the left, the people (who was drawn, who came, who was invited) on the right.
        people = self.new_form()
        self.deputies = self.add_row("接待代表", DeputyPicker(ctx, r.deputy_ids), people)
        self.attendance = self.add_row("出席情况", AttendanceEditor(r.attendance), people)
        self.officials = self.add_row("应邀人员", OfficialsEditor(r.officials), people)
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
        self.deputies.list.itemChanged.connect(lambda *_: self._sync_attendance())
        self.resize(960, self.sizeHint().height())
        for signal in (self.day.dateChanged, self.notice.dateChanged, self.start.timeChanged,
                       self.end.timeChanged, self.venue.textChanged, self.status.currentIndexChanged,
                       self.deputies.list.itemChanged, self.posted.toggled):
            signal.connect(lambda *_: self.update_rules())
        self.status.currentIndexChanged.connect(lambda _i: self._status_changed())
        self._sync_attendance()
        self.update_rules()

    def _sync_attendance(self) -> None:
        ids = self.deputies.selected_ids()
        names = self.ctx.schedule.deputy_names(ids)
        self.attendance.show_deputies([(d, names.get(d, "")) for d in ids])
        for i in range(self.attendance.rowCount()):
            self.attendance.combo(i).currentIndexChanged.connect(lambda _i: self.update_rules())

    def _status_changed(self) -> None:
        """已公告 means the notice is up: tick 已张贴 (the clerk corrects the date if need be)."""
        if self.status.code() == SessionStatus.ANNOUNCED.value and not self.posted.isChecked():
            self.posted.setChecked(True)

    def _posted_on(self) -> date | None:
        return self.notice.date().toPython() if self.posted.isChecked() else None

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
        away = frozenset(d for d, p in self.attendance.presence().items() if p.status != Attendance.PRESENT.value)
        draft = SessionFacts(self.record.id, day, start, end, self.venue.text().strip(), self._posted_on(),
                             self.status.code() or SessionStatus.PLANNED.value, deputies, away)
        found = [v.message for v in self.ctx.rules.check_draft(draft, self.cal)]
        latest = latest_notice_date(self.cal, day)
        self.latest_label.setText(f"公告最晚{fmt_date(latest)}张贴（提前 3 个工作日）")
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
        r.attendance = self.attendance.presence()
        r.officials = self.officials.officials()
        r.notice_date = self._posted_on()
        r.notice_places = split_places(self.places.text())
        r.status = self.status.code() or SessionStatus.PLANNED.value
        r.notes = self.notes.toPlainText().strip()
        schedule = self.ctx.schedule
        return lambda: schedule.save(r)

    def can_save_over(self) -> bool:
        return bool(self.record.id)

    def save_over(self, version: int) -> None:
        self.record.version = version
        self._try_save()
