"""The visit form, built for keyboard-only entry: Enter saves and starts the next, repeats shown while typing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTime, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.models.enums import EXCLUSION_GUIDANCE, Channel, Exclusion, Gender, Handling
from liaison_desk.services.visits.repeats import RepeatHit, RepeatProbe
from liaison_desk.services.visits.service import VisitRecord
from liaison_desk.text import fmt_date_short, fmt_time_range
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.pickers import DeputyPicker
from liaison_desk.ui.common.widgets import CodeCombo, date_edit, show_error
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.visits.files_dialog import AttachmentList
from liaison_desk.ui.visits.repeats_dialog import RepeatPanel

GUIDANCE = {m.value: text for m, text in EXCLUSION_GUIDANCE.items()}
GROUP_SIZE = 5  # 集体访: five people or more


class _EnterSaves(QObject):
    """Enter in any field saves the visit and starts the next; Shift/Ctrl+Enter keeps a new line in texts."""

    def __init__(self, dialog: VisitDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if isinstance(obj, QWidget) and obj.window() is not self.dialog:
            return False  # a combo box or completer popup: Enter picks the item
        if obj is self.dialog.repeats.list:
            return False  # Enter on an earlier visit marks this one as its repeat
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            return False
        for c in self.dialog.completers:
            if c.widget() is obj and c.popup().isVisible():
                return False  # Enter picks the completion first
        self.dialog.save_and_next()
        return True


class VisitDeputyPicker(DeputyPicker):
    """The deputy checklist, which can be pre-filled with a session's deputies."""

    def set_selected(self, ids: list[str]) -> None:
        labels = dict(self.ctx.roster.choices("", active_only=False, limit=5000))
        self._selected = {i: labels.get(i, i) for i in ids}
        self._fill(self.search.text())


class VisitDialog(FormDialog):
    """来访登记 form; `saved_ids` lists every visit saved while it was open."""

    def __init__(self, ctx: AppContext, visit_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改来访登记" if visit_id else "来访登记（回车保存并登记下一条）", parent)
        self.ctx = ctx
        self.saved_ids: list[str] = []
        self.completers: list[QCompleter] = []
        self.record = ctx.visits.get(visit_id) if visit_id else VisitRecord(visited_on=date.today())
        r = self.record
        lookup = ctx.visits.lookup

        self.day = date_edit()
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self._row("来访日期", self.day, QLabel("时间"), self.time)
        self.channel = self.add_row("来访方式", CodeCombo.of(Channel))
        self.session = self.add_row("接待场次", QComboBox())
        self.visitor = QLineEdit()
        self.gender = CodeCombo.of(Gender, "—")
        self._row("来访人", self.visitor, QLabel("性别"), self.gender)
        self.phone = self.add_row("联系电话", QLineEdit())
        self.village = self.add_row("村（社区）", QLineEdit())
        self.address = self.add_row("住址/单位", QLineEdit())
        self.headcount = QSpinBox()
        self.headcount.setRange(1, 999)
        self.is_group = QCheckBox("集体访")
        self._row("人数", self.headcount, self.is_group, stretch=True)
        self.category = self.add_row("类别", QComboBox())
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.addItems(lookup.categories())
        self.content = self.add_row("反映问题", self._text(96))
        self.content.setMaximumHeight(16777215)  # the one field that takes the left column's spare height
        self.request = self.add_row("诉求", QLineEdit())
        self.files = self.add_row("附件", AttachmentList(ctx, r.id))
        # Two columns so the form fits 1366×697: the visitor and the matter on the left; deputies,
        # handling and the possible repeats on the right.
        self.form2 = form2 = self.new_form()
        self.deputies = self.add_row("接待代表", VisitDeputyPicker(ctx, r.deputy_ids), form2)
        self.deputies.list.setMinimumHeight(84)
        self.deputies.list.setMaximumHeight(84)
        self.assisting = self.add_row("协助代表", QComboBox(), form2)  # rule 十: a deputy who knows the matter
        self.assisting.addItem("—", None)
        for did, label in ctx.roster.choices("", active_only=True, limit=5000):
            self.assisting.addItem(label, did)
        self.handling = self.add_row("处理方式", CodeCombo.of(Handling, "—"), form2)
        self.exclusion = self.add_row("事项类型", CodeCombo.of(Exclusion, "—"), form2)
        self.note = self.add_row("处理情况", self._text(46), form2)
        # 处理有反馈: a matter handled 其他 is passed to someone who reports back
        self.followup_to = self.add_row("转交对象", QLineEdit(), form2)
        self.followup_to.setPlaceholderText("处理方式为「其他」时填写，如 东关村村民委员会")
        self.followup_done = QCheckBox("已反馈")
        self.followup_on = date_edit()
        self.followup_on.setMinimumWidth(self.fontMetrics().horizontalAdvance("2026年12月28日") + 36)  # whole date
        self._row("反馈情况", self.followup_done, self.followup_on, stretch=True, form=form2)
        self.followup_result = self.add_row("反馈结果", QLineEdit(), form2)
        self.followup_result.setPlaceholderText("转交对象反馈的处理结果")
        self.followup_done.toggled.connect(lambda _c: self._followup_enabled())
        self.repeat_label = self.add_row("重复", QLabel("—"), form2)
        self.repeat_label.setWordWrap(True)

        self._complete(self.village, lookup.villages())
        self._complete(self.category.lineEdit(), [self.category.itemText(i) for i in range(self.category.count())])
        self.name_completer = self._complete(self.visitor, [])
        self.name_completer.activated.connect(self._fill_from_known)
        self.visitor.textEdited.connect(self._suggest_names)

        self.repeats = RepeatPanel()
        self.repeats.mark.connect(self.mark_repeat)
        self.repeats.window_changed.connect(lambda _d: self._repeat_timer.start())
        self._layout_with_panel()
        self.next_button = QPushButton("保存并登记下一条（回车）")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.save_and_next)
        self.buttons.addButton(self.next_button, self.buttons.ButtonRole.ActionRole)
        self.buttons.button(self.buttons.StandardButton.Save).setAutoDefault(False)
        self.buttons.button(self.buttons.StandardButton.Save).setText("保存并关闭")
        self.done_label = QLabel()
        self.layout().addWidget(self.done_label)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self._try_save)
        QShortcut(QKeySequence("Alt+R"), self, activated=self.repeats.mark_current)

        self._repeat_timer = QTimer(self, singleShot=True, interval=300)
        self._repeat_timer.timeout.connect(self.check_repeats)
        for w in (self.visitor, self.phone, self.village):
            w.textChanged.connect(lambda _t: self._repeat_timer.start())
        self.category.currentTextChanged.connect(lambda _t: self._repeat_timer.start())
        self.content.textChanged.connect(self._repeat_timer.start)
        self.day.dateChanged.connect(lambda _d: self._load_sessions(initial=True))
        self.session.currentIndexChanged.connect(self._session_chosen)
        self.headcount.valueChanged.connect(lambda n: self.is_group.setChecked(n >= GROUP_SIZE))
        self.handling.currentIndexChanged.connect(lambda _i: self._handling_changed())
        self.exclusion.currentIndexChanged.connect(lambda _i: self._exclusion_changed())
        self.filter = _EnterSaves(self)
        for w in self.findChildren(QWidget):
            w.installEventFilter(self.filter)
        self._show(r)
        self.visitor.setFocus()

    # building ---------------------------------------------------------------------------------------
    def _row(self, label: str, first: QWidget, *more: QWidget, stretch: bool = False,
             form: QFormLayout | None = None) -> None:
        """Several widgets on one labelled row; a validation error for `label` focuses `first`."""
        box = QWidget()
        h = QHBoxLayout(box)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(first, 0 if stretch else 2)
        for w in more:
            h.addWidget(w, 0 if stretch or isinstance(w, QLabel) else 1)
        if stretch:
            h.addStretch(1)
        self.add_row(label, box, form)
        self._widgets[label] = first

    def _text(self, height: int) -> QPlainTextEdit:
        t = QPlainTextEdit()
        t.setTabChangesFocus(True)
        t.setFixedHeight(height)
        return t

    def _complete(self, edit: QLineEdit, values: list[str]) -> QCompleter:
        c = QCompleter(values, self)
        c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        c.setFilterMode(Qt.MatchFlag.MatchContains)
        edit.setCompleter(c)
        self.completers.append(c)
        return c

    def _layout_with_panel(self) -> None:
        layout = self.layout()
        layout.removeItem(self.form)
        right = QVBoxLayout()
        right.addLayout(self.form2)
        right.addWidget(self.repeats, 1)
        # the repeats list asks for little height and takes what is left of the right column
        self.repeats.list.setMinimumHeight(110)
        self.repeats.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        row = QHBoxLayout()
        row.addLayout(self.form, 1)
        row.addSpacing(12)
        row.addLayout(right, 1)
        layout.insertLayout(0, row)

    # showing a record --------------------------------------------------------------------------------
    def _show(self, r: VisitRecord) -> None:
        self.day.setDate(r.visited_on)
        if r.visited_time:
            self.time.setTime(QTime(r.visited_time.hour, r.visited_time.minute))
        else:
            self.time.setTime(QTime.currentTime())
        self.channel.set_code(r.channel)
        self._load_sessions(r.session_id, initial=not r.id and not self.saved_ids)
        self.visitor.setText(r.visitor_name)
        self.gender.set_code(r.visitor_gender or None)
        self.phone.setText(r.visitor_phone)
        self.village.setText(r.village)
        self.address.setText(r.visitor_address)
        self.headcount.setValue(r.headcount)
        self.is_group.setChecked(r.is_group)
        self.category.setCurrentText(r.category)
        self.content.setPlainText(r.content)
        self.request.setText(r.request)
        self.assisting.setCurrentIndex(max(self.assisting.findData(r.assisting_deputy_id), 0))
        self.handling.set_code(r.handling or None)
        self.exclusion.set_code(r.exclusion or None)
        self.note.setPlainText(r.handling_note)
        self.followup_to.setText(r.followup_to)
        self.followup_done.setChecked(r.followup_on is not None)
        self.followup_on.setDate(r.followup_on or date.today())
        self.followup_result.setText(r.followup_result)
        self._handling_changed()
        self._show_repeat_of()

    def _load_sessions(self, keep: str | None = None, initial: bool = False) -> None:
        """The chosen day's reception sessions; on a reception day the (first) session is pre-selected."""
        self.session.blockSignals(True)
        self.session.clear()
        self.session.addItem("（非接待日来访）", None)
        for s in self.ctx.schedule.on_day(self.day.date().toPython()):
            self.session.addItem(f"{fmt_time_range(s.start_time, s.end_time)} {s.venue} {s.theme}".strip(), s.id)
        self.session.blockSignals(False)
        if not initial:
            self.session.setCurrentIndex(max(self.session.findData(keep), 0))
        elif self.session.count() > 1:
            self.session.setCurrentIndex(1)
            self._session_chosen()

    def _session_chosen(self) -> None:
        sid = self.session.currentData()
        if not sid:
            return
        self.channel.set_code(Channel.RECEPTION_DAY.value)
        if not self.deputies.selected_ids():
            self.deputies.set_selected(self.ctx.schedule.get(sid).deputy_ids)

    def _suggest_names(self, text: str) -> None:
        known = self.ctx.visits.lookup.visitors(text) if text.strip() else []
        self._known = {f"{k.name}（{k.village}）" if k.village else k.name: k for k in known}
        self.name_completer.model().setStringList(list(self._known))  # type: ignore[attr-defined]

    def _fill_from_known(self, label: str) -> None:
        k = getattr(self, "_known", {}).get(label)
        if k is None:
            return
        QTimer.singleShot(0, self.visitor, lambda: self.visitor.setText(k.name))
        for edit, value in ((self.phone, k.phone), (self.village, k.village), (self.address, k.address)):
            if not edit.text().strip():
                edit.setText(value)
        if self.gender.code() is None and k.gender:
            self.gender.set_code(k.gender)

    # handling and rule 九 ---------------------------------------------------------------------------
    def _followup_enabled(self) -> None:
        other = self.handling.code() == Handling.OTHER.value
        for w in (self.followup_to, self.followup_done):
            w.setEnabled(other)
        for w in (self.followup_on, self.followup_result):
            w.setEnabled(other and self.followup_done.isChecked())

    def _handling_changed(self) -> None:
        self._followup_enabled()
        lawful = self.handling.code() == Handling.LAWFUL_CHANNEL.value
        self.exclusion.setEnabled(lawful)
        if not lawful and self.exclusion.code():
            self.exclusion.set_code(None)
            if self.note.toPlainText().strip() in GUIDANCE.values():
                self.note.clear()

    def _exclusion_changed(self) -> None:
        code = self.exclusion.code()
        model = self.handling.model()
        if isinstance(model, QStandardItemModel):  # a rule 九 matter cannot be turned into a suggestion
            item = model.item(self.handling.findData(Handling.TO_SUGGESTION.value))
            if item is not None:
                item.setEnabled(not code)
        if not code:
            return
        if self.handling.code() != Handling.LAWFUL_CHANNEL.value:
            self.handling.set_code(Handling.LAWFUL_CHANNEL.value)
        current = self.note.toPlainText().strip()
        if not current or current in GUIDANCE.values():
            self.note.setPlainText(GUIDANCE[code])

    # repeats -----------------------------------------------------------------------------------------
    def check_repeats(self) -> None:
        probe = RepeatProbe(on=self.day.date().toPython(), phone=self.phone.text(), name=self.visitor.text(),
                            village=self.village.text(), category=self.category.currentText(),
                            content=self.content.toPlainText(), exclude_id=self.record.id,
                            window_days=self.repeats.window.value())
        try:
            self.repeats.set_hits(self.ctx.visits.find_repeats(probe))
        except KnownError as e:
            self.repeats.status.setText(str(e))

    def mark_repeat(self, hit: RepeatHit) -> None:
        self.record.repeat_of_id = hit.repeat_of_id or hit.id
        self._repeat_hit = hit
        self._show_repeat_of()

    def _show_repeat_of(self) -> None:
        if not self.record.repeat_of_id:
            self.repeat_label.setText("—")
            self.repeats.status.clear()
            return
        hit = getattr(self, "_repeat_hit", None)
        text = (f"重复反映：{fmt_date_short(hit.visited_on)} {hit.visitor} 反映的事项" if hit
                else "已标记为重复反映")
        if hit and hit.suggestion_id:
            text += "（原事项已转为意见建议；选择“转为意见建议”将关联到同一条建议）"
        self.repeat_label.setText(text)
        self.repeats.status.setText("已标记为重复，来访人次照常统计")

    # saving ------------------------------------------------------------------------------------------
    def save(self) -> str:
        r = self.record
        r.visited_on = self.day.date().toPython()
        r.visited_time = self.time.time().toPython().replace(second=0, microsecond=0)
        r.channel = self.channel.code() or Channel.RECEPTION_DAY.value
        r.session_id = self.session.currentData()
        r.visitor_name = self.visitor.text().strip()
        r.visitor_gender = self.gender.code() or ""
        r.visitor_phone = self.phone.text().strip()
        r.village = self.village.text().strip()
        r.visitor_address = self.address.text().strip()
        r.headcount = self.headcount.value()
        r.is_group = self.is_group.isChecked()
        r.category = self.category.currentText().strip()
        r.content = self.content.toPlainText().strip()
        r.request = self.request.text().strip()
        r.deputy_ids = self.deputies.selected_ids()
        r.assisting_deputy_id = self.assisting.currentData()
        r.handling = self.handling.code() or ""
        r.exclusion = self.exclusion.code() or ""
        r.handling_note = self.note.toPlainText().strip()
        r.followup_to = self.followup_to.text().strip()
        done = self.followup_done.isChecked()
        r.followup_on = self.followup_on.date().toPython() if done else None
        r.followup_result = self.followup_result.text().strip() if done else ""
        vid = self.ctx.visits.save(r)
        self.files.commit(vid)
        self.saved_ids.append(vid)
        return vid

    def can_save_over(self) -> bool:
        return bool(self.record.id)

    def save_over(self, version: int) -> None:
        self.record.version = version
        self._try_save()

    def save_and_next(self) -> None:
        """Save; a new visit then clears the per-visitor fields (date, session, deputies stay)."""
        if self.record.id and not self.saved_ids:
            self._try_save()  # editing one record: Enter saves and closes
            return
        self.clear_errors()
        try:
            self.save()
        except ValidationError as e:
            self.show_validation(e)
            return
        except KnownError as e:
            show_error(self, e, "保存失败")
            return
        self.saved_id = self.saved_ids[-1]
        keep = self.record
        self.record = VisitRecord(visited_on=keep.visited_on, channel=keep.channel, session_id=keep.session_id,
                                  deputy_ids=list(keep.deputy_ids), recorded_by=keep.recorded_by)
        self._repeat_hit = None
        self._show(self.record)
        self.files.reset()
        self.repeats.set_hits([])
        self.done_label.setText(f"已保存 {len(self.saved_ids)} 条，请登记下一位来访人")
        self.visitor.setFocus()
