"""The activity form: what, when, where, who organised it, the minutes and the roll call — in two columns
so it fits a 1366×697 window."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError, StaleEdit, ValidationError
from liaison_desk.models.enums import ActivityKind
from liaison_desk.services.activities.service import STATION_ORGANIZER, ActivityRecord
from liaison_desk.ui.activities.roll_call import RollCall
from liaison_desk.ui.common.conflict import StaleEditDialog
from liaison_desk.ui.common.widgets import CodeCombo, date_edit, from_qdate, show_error, to_qdate
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.visits.files_dialog import AttachmentList


def _spin(maximum: int = 100000) -> QSpinBox:
    s = QSpinBox()
    s.setRange(0, maximum)
    return s


class ActivityDialog(QDialog):
    """New or existing activity; `saved_id` is set after a successful save."""

    def __init__(self, ctx: AppContext, activity_id: str | None = None, parent: QWidget | None = None,
                 day: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_id: str | None = None
        self.stale_dialog: StaleEditDialog | None = None  # open while a conflict is shown
        rec = ctx.activities.get(activity_id) if activity_id else ActivityRecord(
            day=day or date.today(), kind=ActivityKind.GROUP.value, title="")
        self.record = rec
        self.setWindowTitle("修改活动记录" if activity_id else "新增活动记录")
        self.day = date_edit()
        self.day.setDate(to_qdate(rec.day))
        self.kind = CodeCombo.of(ActivityKind)
        self.kind.set_code(rec.kind)
        self.title_edit = QLineEdit(rec.title)
        self.title_edit.setPlaceholderText("如：关于农村道路养护情况的调研")
        self.organizer = CodeCombo(list(ctx.roster.groups()), STATION_ORGANIZER)
        self.organizer.set_code(rec.group_id)
        self.place = QLineEdit(rec.place)
        self.citizens = _spin()
        self.citizens.setValue(rec.citizen_count)
        self.recorder = QLineEdit(rec.recorder or ctx.operator)
        self.quantity = _spin(999)
        self.quantity.setValue(rec.quantity)
        deputies = dict(ctx.roster.choices("", active_only=True, limit=2000))
        if rec.reporter_id and rec.reporter_id not in deputies:  # one who has left office since
            deputies.update(ctx.roster.labels([rec.reporter_id]))
        self.reporter = CodeCombo(deputies.items(), "（请选择述职的代表）")
        self.reporter.set_code(rec.reporter_id)
        self.rated = [_spin(), _spin(), _spin()]
        for box, value in zip(self.rated, (rec.rated_satisfied, rec.rated_basic, rec.rated_unsatisfied), strict=True):
            box.setValue(value)
        rating = QWidget()
        rl = QHBoxLayout(rating)
        rl.setContentsMargins(0, 0, 0, 0)
        for label, box in zip(("满意", "基本满意", "不满意"), self.rated, strict=True):
            rl.addWidget(QLabel(label))
            rl.addWidget(box)
        self.member = CodeCombo([(m.id, m.name) for m in ctx.members.list(active_only=True)], "（请选择人大组成人员）")
        self.member.set_code(rec.member_id)
        self.content = QPlainTextEdit(rec.content)
        self.content.setPlaceholderText("活动内容、纪要或议定事项")
        self.roll = RollCall(ctx, rec.roll)
        self.files = AttachmentList(ctx, rec.id, files=ctx.activity_files)

        left = self.form = QFormLayout()
        self._fields: dict[str, QWidget] = {}
        for label, widget in (("日期", self.day), ("类型", self.kind), ("主题", self.title_edit),
                              ("组织", self.organizer), ("地点", self.place), ("群众参与人次", self.citizens),
                              ("记录人", self.recorder), ("件数", self.quantity), ("述职代表", self.reporter),
                              ("测评", rating), ("人大组成人员", self.member), ("内容/纪要", self.content)):
            self._fields[label] = widget
            left.addRow(label, widget)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        self.error.hide()
        right = QVBoxLayout()
        right.addWidget(QLabel("参加代表（勾选后在下表中填考勤）"))
        right.addWidget(self.roll, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.resize(1000, 600)

    def _kind_changed(self, _index: int = 0) -> None:
        kind = self.kind.code()
        shown = {"件数": kind == ActivityKind.WRITTEN.value,
                 "述职代表": kind == ActivityKind.REPORT.value, "测评": kind == ActivityKind.REPORT.value,
                 "人大组成人员": kind == ActivityKind.CONTACT.value}
        for label, visible in shown.items():
            self.form.setRowVisible(self._fields[label], visible)

    def record_from_form(self) -> ActivityRecord:
        r = self.record
        return ActivityRecord(
            id=r.id, day=from_qdate(self.day.date()), kind=self.kind.code() or ActivityKind.OTHER.value,
            title=self.title_edit.text(), place=self.place.text().strip(), group_id=self.organizer.code(),
            content=self.content.toPlainText().strip(), citizen_count=self.citizens.value(),
            recorder=self.recorder.text().strip(), quantity=self.quantity.value() or 1,
            reporter_id=self.reporter.code(), rated_satisfied=self.rated[0].value(),
            rated_basic=self.rated[1].value(), rated_unsatisfied=self.rated[2].value(),
            member_id=self.member.code(), notes=r.notes, roll=self.roll.entries(), version=r.version)

    def _save(self) -> None:
        self.error.hide()
        try:
            self.saved_id = self.ctx.activities.save(self.record_from_form())
            self.files.commit(self.saved_id)
        except ValidationError as e:
            self.error.setText(f"{e.column}：{e.message}" if e.column else e.message)
            self.error.show()
            widget = self._fields.get(e.column or "")
            if widget is not None:
                widget.setFocus()
            return
        except StaleEdit as e:
            if self.record.id:
                self.resolve_stale(e)
            else:
                show_error(self, e, "保存失败")
            return
        except KnownError as e:
            show_error(self, e, "保存失败")
            return
        self.accept()

    def resolve_stale(self, error: StaleEdit) -> None:
        """Someone saved this activity meanwhile: both versions shown; save this form over theirs, or
        take theirs (this form's typing is dropped)."""
        self.stale_dialog = StaleEditDialog(error, self)
        choice = self.stale_dialog.exec()
        self.stale_dialog = None
        if choice == StaleEditDialog.MINE:
            self.record.version = error.version
            self._save()
        else:
            self.reject()
