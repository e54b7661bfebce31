"""One lifecycle move of a suggestion (交办, 督办, 延期, 回复, 反馈, 归档 …) as a small form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.models.enums import ReplyResult, Satisfaction, Step
from liaison_desk.services.base import Page
from liaison_desk.services.suggestions.lifecycle import ACTIONS, LifecycleService
from liaison_desk.services.suggestions.service import SuggestionFilter
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.form import FormDialog
from liaison_desk.ui.common.widgets import CodeCombo, date_edit
from liaison_desk.ui.context import AppContext

ACTOR_LABEL = {"assign": "交办机关", "reassign": "交办机关", "extend": "批准延期", "urge": "督办人（单位）",
               "reply": "答复单位", "return": "退回单位", "feedback": "反馈人"}
NOTE_LABEL = {"sort": "梳理意见", "urge": "督办方式和内容", "extend": "延期理由", "return": "退回理由",
              "unarchive": "撤销理由", "merge": "合并说明", "note": "备注"}
FEEDBACK_METHODS = ("电话", "当面", "书面", "短信", "上门走访")


def header_html(d: Any) -> str:
    """Which matter the step acts on: number and full title, its step, lead agency and deadline."""
    facts = [f"目前环节：{Step.label_of(d.step)}"]
    if d.lead:
        facts.append(f"主办单位：{escape(d.lead.name)}")
    if d.deadline:
        facts.append(f"办理期限：{fmt_date(d.deadline)}")
    return (f"<div style='font-size:110%'><b>{escape(d.number)}</b>　<b>{escape(d.title)}</b></div>"
            f"<div style='color:#555'>{'　'.join(facts)}</div>")


def _checklist(items: list[tuple[str, str]], checked: set[str]) -> QListWidget:
    w = QListWidget()
    w.setMinimumHeight(110)
    for key, label in items:
        it = QListWidgetItem(label)
        it.setData(Qt.ItemDataRole.UserRole, key)
        it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        it.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
        w.addItem(it)
    return w


def checked_keys(w: QListWidget) -> list[str]:
    return [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
            if w.item(i).checkState() == Qt.CheckState.Checked]


class StepDialog(FormDialog):
    """The form of `action` (a key of lifecycle.ACTIONS) for one suggestion."""

    def __init__(self, ctx: AppContext, lifecycle: LifecycleService, sid: str, action: str,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        self.detail = ctx.details.detail(sid)
        super().__init__(f"{ACTIONS[action][0]} — {self.detail.number} {self.detail.title}", parent)
        self.ctx, self.lc, self.sid, self.action = ctx, lifecycle, sid, action
        d = self.detail
        self.header = QLabel(header_html(d))
        self.header.setObjectName("matterHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.header)
        self.day = self.add_row("日期", date_edit())
        self.day.setDate(today or date.today())
        # who did the step (a body or person), as distinct from the clerk who enters it (录入人)
        self.actor = self.add_row(ACTOR_LABEL.get(action, "办理人"), QComboBox())
        self.actor.setEditable(True)
        bodies = lifecycle.bodies.bodies()
        self._agency_kind = {a.id: a.kind for a in ctx.station.agencies()}
        options = [lifecycle.default_actor(sid, action), bodies.township, bodies.county,
                   *(a.name for a in ([d.lead] if d.lead else [])), *(f"代表{n}" for n in d.deputies), d.station]
        self.actor.addItems([o for o in dict.fromkeys(options) if o])
        self.operator = self.add_row("录入人", QLineEdit(ctx.operator))
        if action in ("assign", "reassign"):
            agencies = [(a.id, a.name) for a in ctx.station.agencies(active_only=True)]
            self.lead = self.add_row("主办单位", CodeCombo(agencies, "（请选择）"))
            self.lead.set_code(d.lead.agency_id if d.lead else None)
            self.lead.currentIndexChanged.connect(
                lambda _i: self.actor.setCurrentText(bodies.for_kind(self._agency_kind.get(self.lead.code() or "", ""))))
            self.co = self.add_row("协办单位", _checklist(agencies, {a.agency_id for a in d.co}))
            self.deadline = self.add_row("办理期限", date_edit())
            self._deadline_touched = False
            self._set_default_deadline()
            self.day.dateChanged.connect(lambda _d: self._set_default_deadline())
            self.deadline.dateChanged.connect(self._touched)
        elif action == "return":
            links = [(a.agency_id, f"{a.name}（{'主办' if a.role == 'lead' else '协办'}）") for a in (
                [d.lead] if d.lead else []) + list(d.co)]
            self.agency = self.add_row("承办单位", CodeCombo(links))
        elif action == "extend":
            self.new_deadline = self.add_row("新期限", date_edit())
            self.new_deadline.setDate((d.deadline or date.today()) + timedelta(days=30))
        elif action == "reply":
            self.result_box = self.add_row("办理结果", CodeCombo.of(ReplyResult, "（请选择）"))
            self.reply_text = self.add_row("答复内容", QPlainTextEdit())
            self.reply_text.setFixedHeight(100)
        elif action == "feedback":
            self.method = self.add_row("反馈方式", QComboBox())
            self.method.setEditable(True)
            self.method.addItems(list(FEEDBACK_METHODS))
            self.satisfaction = self.add_row("满意度", CodeCombo.of(Satisfaction, "（请选择）"))
        elif action == "merge":
            rows = ctx.suggestions.list(SuggestionFilter(step=Step.SORT.value), Page(0, 500))
            self.others = self.add_row("相关事项", _checklist(
                [(r.id, f"{r.number} {r.title}") for r in rows if r.id != sid], set()))
        self.note = self.add_row("说明", QPlainTextEdit())
        self.note.setFixedHeight(70)
        self.note.setPlaceholderText(NOTE_LABEL.get(action, "说明（可不填）"))
        if action == "return":
            self.note.setPlainText("不属于职责范围")

    def _touched(self) -> None:
        self._deadline_touched = True

    def _set_default_deadline(self) -> None:
        if self._deadline_touched:
            return
        dl = self.lc.deadlines.default_deadline(self.detail.kind, self.day.date().toPython())
        self.deadline.blockSignals(True)
        self.deadline.setDate(dl)
        self.deadline.blockSignals(False)

    def save(self) -> Callable[[], str]:
        """Read the fields here; the lifecycle move runs on the writer thread (FormDialog)."""
        on: date = self.day.date().toPython()
        op, note, a = self.operator.text().strip(), self.note.toPlainText().strip(), self.action
        who = self.actor.currentText().strip()
        lc, sid = self.lc, self.sid
        move: Callable[[], Any]
        if a in ("assign", "reassign"):
            fn = lc.assign if a == "assign" else lc.reassign
            lead, co, deadline = self.lead.code(), checked_keys(self.co), self.deadline.date().toPython()
            move = lambda: fn(sid, on, lead, co, deadline, note, op, actor=who)  # noqa: E731
        elif a == "return":
            agency = self.agency.code() or ""
            move = lambda: lc.send_back(sid, agency, on, note, op, actor=who)  # noqa: E731
        elif a == "extend":
            new_deadline = self.new_deadline.date().toPython()
            move = lambda: lc.extend(sid, on, new_deadline, note, op, actor=who)  # noqa: E731
        elif a == "reply":
            result, text = self.result_box.code() or "", self.reply_text.toPlainText()
            move = lambda: lc.reply(sid, on, result, text, op, actor=who)  # noqa: E731
        elif a == "feedback":
            method, satisfaction = self.method.currentText(), self.satisfaction.code() or ""
            move = lambda: lc.feedback(sid, on, method, satisfaction, note, op, actor=who)  # noqa: E731
        elif a == "merge":
            others = checked_keys(self.others)
            move = lambda: lc.merge(sid, others, on, note, op, actor=who)  # noqa: E731
        else:
            step = getattr(lc, a)
            move = lambda: step(sid, on, note, op, actor=who)  # noqa: E731

        def store() -> str:
            move()
            return sid

        return store
