"""建议办理: suggestions by step, agency and deadline, a detail pane with the timeline, the lifecycle moves."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFontMetrics, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import DeadlineState, ReplyResult, Satisfaction, Step, SuggestionKind
from liaison_desk.services.base import Page
from liaison_desk.services.suggestions.lifecycle import ACTIONS, allowed_actions
from liaison_desk.services.suggestions.service import SuggestionFilter, SuggestionRow
from liaison_desk.text import fmt_date_short
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.list_tab import ListTab
from liaison_desk.ui.common.paged import Column
from liaison_desk.ui.common.widgets import CodeCombo, color_legend, show_error
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.main_window import TAB_TITLES
from liaison_desk.ui.suggestions.markers import (
    DEADLINE_COLORS,
    DEADLINE_FILTERS,
    NEXT_STEP,
    OVERDUE_COLOR,
    SOON_COLOR,
    STEP_ORDER,
    disc,
)
from liaison_desk.ui.suggestions.view_dialog import detail_html


@dataclass(frozen=True, slots=True)
class Wanted:
    """What the clerk asked the list for: the service filter and the deadline choice, which becomes
    dates in the worker (the 5-working-day window needs the holiday calendar)."""

    base: SuggestionFilter
    deadline: str | None
    today: date


@dataclass(frozen=True, slots=True)
class Extra:
    """What the summary, the banner and the deadline colours need besides the rows."""

    soon_limit: date
    step_counts: dict[str, int]
    overdue: int
    due_soon: int


class SuggestionsTab(ListTab):
    title = TAB_TITLES["SuggestionsTab"]
    search_hint = "搜索编号、标题、内容或反映人"
    noun = "条意见建议"
    tables = frozenset({"suggestion", "suggestionevent", "suggestionagency", "suggestiondeputy", "agency",
                        "setting", "holiday"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.today = date.today()
        self.deadlines = ctx.deadlines
        self.lifecycle = ctx.lifecycle
        self.details = ctx.details
        self._soon: date | None = None  # the 5-working-day limit, from the last load (Extra)
        self._detail_for: str | None = None
        self._detail_shown: Any = None  # the SuggestionDetail in the detail pane
        super().__init__(ctx, parent)
        self.step_filter = CodeCombo(((s.value, s.label) for s in Step if s not in (Step.PUBLISH, Step.RECEIVE)),
                                     "全部环节")
        self.kind_filter = CodeCombo.of(SuggestionKind, "全部类别")
        self.agency_filter = CodeCombo([], "全部承办单位")
        self.agency_filter.setMaximumWidth(200)
        self.deadline_filter = CodeCombo(DEADLINE_FILTERS, "全部期限")
        for combo in (self.step_filter, self.kind_filter, self.agency_filter, self.deadline_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)
        # The workflow as buttons named by the moves the selected matter allows (交办 for one being
        # sorted; 督办, 登记回复 … for one assigned): the next step first and in bold, the others after it.
        self.step_label = QLabel("办理：")
        self.actions.addWidget(self.step_label)
        self.step_actions: dict[str, QPushButton] = {}
        for key in STEP_ORDER:
            b = QPushButton(ACTIONS[key][0])
            b.setObjectName(f"step-{key}")
            b.setToolTip(f"对所选意见建议{ACTIONS[key][0]}")
            b.clicked.connect(lambda _c=False, k=key: self.run_step(k))
            self.step_actions[key] = b
            self.actions.addWidget(b)
        self.step_hint = QLabel("（先在列表中选择一条意见建议）")
        self.step_hint.setStyleSheet("color: #777;")
        self.actions.addWidget(self.step_hint)
        self.actions.addSpacing(16)
        self.print_button = QPushButton("打印")
        pm = QMenu(self.print_button)
        pm.addAction("打印登记卡（当前记录）", lambda: self._ask_print(False))
        pm.addAction("打印登记卡（当前列表全部）", lambda: self._ask_print(True))
        pm.addAction("打印转办函（报送交办机关，梳理环节的事项）", self._ask_transfer)
        pm.addAction("打印交办函（以交办机关名义，当前记录的主办单位）", self._ask_letter)
        pm.addSeparator()
        self.mask_print = pm.addAction("电话、身份证号脱敏（文字中写的号码也隐去）")
        self.mask_print.setCheckable(True)
        self.print_button.setMenu(pm)  # a push button leaves room for its menu arrow
        self.stats_button = QPushButton("统计")
        self.stats_button.clicked.connect(self.show_stats)
        for b in (self.print_button, self.stats_button):
            self.actions.addWidget(b)
        self.banner = QLabel()
        self.banner.setStyleSheet(f"color: {OVERDUE_COLOR};")
        self.legend = color_legend(((OVERDUE_COLOR, DeadlineState.OVERDUE.label),
                                    (SOON_COLOR, DeadlineState.DUE_SOON.label)),
                                   "（编号前的圆点和办理期限同色）")
        notes = QHBoxLayout()
        notes.addWidget(self.banner)
        notes.addStretch(1)
        notes.addWidget(self.legend)
        self.body.insertLayout(1, notes)
        # table on the left, the record with its timeline on the right
        self.body.removeWidget(self.view)
        self.detail_view = QTextBrowser()
        self.detail_view.setMinimumWidth(320)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail_view)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.body.addWidget(self.splitter, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_detail())
        self._update_buttons()

    # list ------------------------------------------------------------------------------------------
    def _state(self, r: SuggestionRow) -> DeadlineState | None:
        if self._soon is None:
            return None
        return self.deadlines.state(r.step, r.deadline, self.today, self._soon)

    def _color(self, r: SuggestionRow) -> str | None:
        state = self._state(r)
        return DEADLINE_COLORS[state] if state else None

    def _mark(self, r: SuggestionRow) -> QPixmap:
        return disc(self._color(r))  # an empty disc keeps the numbers aligned

    def _tip(self, r: SuggestionRow) -> str:
        state = self._state(r)
        return state.label if state else ""

    def columns(self) -> list[Column[SuggestionRow]]:
        # The overdue marker is in the first column (a red disc before the number, the number in red) and
        # 办理期限 comes fourth, so both show at 1366 px with the detail pane open.
        number_width = QFontMetrics(self.font()).horizontalAdvance("〔2026〕第88888号") + 36
        return [
            Column("编号", lambda r: r.number, number_width, color=self._color, tooltip=self._tip, icon=self._mark),
            Column("标题", lambda r: r.title, 230),
            Column("办理环节", lambda r: Step.label_of(r.step), 70),
            Column("办理期限", lambda r: fmt_date_short(r.deadline), 105, color=self._color, tooltip=self._tip),
            Column("主办单位", lambda r: r.agency, 150),
            Column("类别", lambda r: SuggestionKind(r.kind).short if r.kind in SuggestionKind._value2member_map_
                   else r.kind, 70),
            Column("问题类别", lambda r: r.category, 75),
            Column("登记日期", lambda r: fmt_date_short(r.registered_on), 105),
            Column("办理结果", lambda r: ReplyResult.label_of(r.reply_result), 100),
            Column("满意度", lambda r: Satisfaction.label_of(r.satisfaction), 70),
        ]

    def _fill_agencies(self, agencies: list[tuple[str, str]]) -> None:
        if [(self.agency_filter.itemData(i), self.agency_filter.itemText(i))
                for i in range(1, self.agency_filter.count())] == agencies:
            return
        current = self.agency_filter.code()
        self.agency_filter.blockSignals(True)
        while self.agency_filter.count() > 1:
            self.agency_filter.removeItem(1)
        for aid, name in agencies:
            self.agency_filter.addItem(name, aid)
        self.agency_filter.set_code(current)
        self.agency_filter.blockSignals(False)

    def current_filter(self) -> Wanted:
        return Wanted(SuggestionFilter(query=self.query, step=self.step_filter.code(), kind=self.kind_filter.code(),
                                       agency_id=self.agency_filter.code(),
                                       station_id=self.station_choice()),
                      self.deadline_filter.code(), self.today)

    def service_filter(self, wanted: Wanted) -> SuggestionFilter:
        """The filter in dates (worker thread: the due-soon window reads the calendar)."""
        if wanted.deadline == "overdue":
            return replace(wanted.base, overdue_on=wanted.today)
        if wanted.deadline == "soon":
            return replace(wanted.base, due_from=wanted.today, due_to=self.deadlines.due_soon_limit(wanted.today))
        return wanted.base

    def load_extra(self, wanted: Wanted) -> tuple[Extra, list[tuple[str, str]]]:
        """Runs first in the worker: the calendar as stored now, the counts and the agencies."""
        self.deadlines.calendar.reload()
        on = wanted.today
        extra = Extra(self.deadlines.due_soon_limit(on), self.ctx.suggestions.step_counts(),
                      self.deadlines.overdue_count(on), self.deadlines.due_soon_count(on))
        return extra, [(a.id, a.name) for a in self.ctx.station.agencies()]

    def load(self, wanted: Wanted, page: Page) -> list[SuggestionRow]:
        return self.ctx.suggestions.list(self.service_filter(wanted), page)

    def count(self, wanted: Wanted) -> int:
        return self.ctx.suggestions.count(self.service_filter(wanted))

    def show_extra(self, extra: tuple[Extra, list[tuple[str, str]]]) -> None:
        self._soon = extra[0].soon_limit
        self._fill_agencies(extra[1])
        self.update_banner()

    def _finished(self) -> None:
        super()._finished()
        self.show_detail()

    def summary_text(self) -> str:
        counts = self.extra[0].step_counts if self.extra else {}
        steps = "，".join(f"{s.label} {counts.get(s.value, 0)}" for s in Step if s not in (Step.PUBLISH, Step.RECEIVE))
        return super().summary_text() + f"　各环节：{steps}"

    def overdue_count(self) -> int:
        """How many are overdue (a service read: call it off the GUI thread, or from tests)."""
        return self.deadlines.overdue_count(self.today)

    def update_banner(self) -> None:
        extra = self.extra[0] if self.extra else None
        n, soon = (extra.overdue, extra.due_soon) if extra else (0, 0)
        parts = [f"{DeadlineState.OVERDUE.label} {n} 条"] if n else []
        if soon:
            parts.append(f"{DeadlineState.DUE_SOON.label} {soon} 条")
        self.banner.setText("办理期限提醒：" + "，".join(parts) if parts else "")
        self.banner.setVisible(bool(parts))

    def show_overdue(self) -> None:
        """Show only the overdue records (the start-up notice jumps here)."""
        for combo in (self.step_filter, self.kind_filter, self.agency_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.deadline_filter.set_code("overdue")
        self.refresh()

    def _update_buttons(self) -> None:
        super()._update_buttons()
        row = self.selected_row()
        allowed = allowed_actions(row.step) if row else []
        primary = NEXT_STEP.get(row.step) if row else None
        first = self.actions.indexOf(self.step_label) + 1
        for i, key in enumerate(sorted(STEP_ORDER, key=lambda k: k != primary)):  # the main move first
            self.actions.removeWidget(self.step_actions[key])
            self.actions.insertWidget(first + i, self.step_actions[key])
        for key, button in self.step_actions.items():
            button.setEnabled(key in allowed)
            button.setVisible(key in allowed)
            font = button.font()
            font.setBold(key == primary)
            button.setFont(font)
        self.step_label.setVisible(bool(allowed))
        self.step_hint.setVisible(not allowed)
        archived = bool(row and row.step == Step.ARCHIVE.value)
        self.edit_button.setEnabled(bool(row) and not archived)
        self.delete_button.setEnabled(bool(row) and not archived)

    def show_detail(self) -> None:
        """The selected record with its timeline, read in a worker."""
        sid = self.selected_id()
        self._detail_for = sid
        if not sid:
            self.detail_view.setHtml("<p style='color:#777'>选择一条意见建议，这里显示办理经过。</p>")
            return
        details, deadlines, today = self.details, self.deadlines, self.today

        def job(_p: Any) -> Any:
            d = details.detail(sid)
            return d, deadlines.state(d.step, d.deadline, today)

        def shown(result: Any) -> None:
            if self._detail_for == sid:
                self._detail_shown = result[0]
                self.detail_view.setHtml(detail_html(result[0], result[1], today))

        def failed(error: Exception, tb: str) -> None:
            if not isinstance(error, KnownError):  # gone meanwhile: nothing to show
                ops.show_failure(self, error, tb)
            elif self._detail_for == sid:
                self.detail_view.clear()

        ops.run(self, job, shown, on_error=failed)

    # actions ---------------------------------------------------------------------------------------
    def run_step(self, action: str, today: date | None = None) -> bool:
        from liaison_desk.ui.suggestions.step_dialog import StepDialog

        sid = self.selected_id()
        if not sid:
            return False
        dlg = StepDialog(self.ctx, self.lifecycle, sid, action, self, today=today)
        if dlg.exec():
            self.refresh()
            return True
        return False

    def describe(self, row: Any) -> str:
        return f"{row.number} {row.title}"

    def add_record(self) -> str | None:
        from liaison_desk.ui.suggestions.suggestion_dialog import SuggestionDialog

        dlg = SuggestionDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        from liaison_desk.ui.suggestions.suggestion_dialog import SuggestionDialog

        dlg = SuggestionDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.suggestions.delete(record_id)

    def show_stats(self) -> None:
        from liaison_desk.ui.suggestions.stats_dialog import StatsDialog

        StatsDialog(self.deadlines, self, self.today).exec()

    # printing --------------------------------------------------------------------------------------
    def listed_ids(self, wanted: Wanted) -> list[str]:
        """Every record the list shows for `wanted`, not only the fetched pages (worker thread)."""
        return [r.id for r in self.ctx.suggestions.list(self.service_filter(wanted))]

    def print_cards_to(self, path: Path, ids: list[str] | None, on_done: Any = None) -> None:
        """Write the cards of `ids` (None: every listed record) to `path` in a worker with a progress dialog."""
        # Import reportlab and register the fonts here, on the main thread: a first import of reportlab
        # inside a pool thread was seen to stall under PySide6.
        import reportlab.pdfbase.ttfonts  # noqa: F401
        import reportlab.platypus  # noqa: F401

        from liaison_desk.printing.cards import print_cards
        from liaison_desk.printing.fonts import register
        from liaison_desk.ui.common.ops import run_with_progress

        try:
            register()
        except KnownError as e:
            show_error(self, e, "打印失败")
            return
        details, wanted = self.details, self.loader.filter_shown or self.current_filter()
        mask = self.mask_print.isChecked()

        def job(progress: Any) -> Path:
            chosen = ids if ids is not None else self.listed_ids(wanted)
            ds = []
            for i, sid in enumerate(chosen):
                ds.append(details.detail(sid))
                progress(i + 1, len(chosen) * 2, "正在读取记录…")
            return print_cards(ds, path, lambda n, t: progress(t + n, t * 2, "正在排版登记卡…"), mask=mask)

        run_with_progress(self, "打印登记卡", job, on_done or (lambda p: self.window().show_note(
            f"已生成登记卡：{p}", 8000) if hasattr(self.window(), "show_note") else None),
            lambda e, tb: show_error(self, e, "打印失败"))

    def _ask_print(self, all_listed: bool) -> None:
        sid = self.selected_id()
        n = self.model.total() if all_listed else int(sid is not None)
        if not n:
            show_error(self, KnownError("请先选择一条意见建议"), "打印登记卡")
            return
        name, _ = QFileDialog.getSaveFileName(self, "保存登记卡", f"登记卡{n}张.pdf", "PDF 文件 (*.pdf)")
        if name:
            self.print_cards_to(Path(name), None if all_listed else [sid] if sid else [])

    def letter_to(self, path: Path, agency_id: str) -> Path:
        from liaison_desk.ui.suggestions.letters import assignment_letter_to

        return assignment_letter_to(self.ctx, path, agency_id, self.today, mask=self.mask_print.isChecked())

    def _ask_transfer(self) -> None:
        from liaison_desk.ui.suggestions.letters import ask_transfer

        ask_transfer(self, self.ctx, self.today, mask=self.mask_print.isChecked())

    def _ask_letter(self) -> None:
        sid = self.selected_id()
        shown = self._detail_shown
        lead = shown.lead if shown is not None and shown.id == sid else None
        if lead is None:
            show_error(self, KnownError("请先选择一条已交办的意见建议"), "打印交办函")
            return
        name, _ = QFileDialog.getSaveFileName(self, "保存交办函", f"交办函-{lead.name}.pdf", "PDF 文件 (*.pdf)")
        if name:
            agency_id = lead.agency_id
            ops.run(self, lambda _p: self.letter_to(Path(name), agency_id), lambda p: self._note(f"已生成交办函：{p}"),
                    progress="正在生成交办函…", error_title="打印失败")

    def _note(self, text: str) -> None:
        win = self.window()
        if hasattr(win, "show_note"):
            win.show_note(text, 8000)

    # the main window hook --------------------------------------------------------------------------
    @classmethod
    def install(cls, window: Any, tab: Any) -> None:
        """Tools menu entries, and the overdue notice in the status bar (after the first rows) that jumps to
        the overdue list; the tab (`tab()`) is built when an entry or the notice is clicked."""
        def agencies() -> None:
            from liaison_desk.ui.suggestions.agency_dialog import AgencyListDialog

            AgencyListDialog(window.ctx, window).exec()

        window.tools_menu.addAction(QAction("承办单位管理(&A)…", window, triggered=agencies))
        window.tools_menu.addAction(QAction("选民意见办理期限…", window, triggered=lambda: tab().ask_citizen_days()))
        window.tools_menu.addAction(QAction("交办机关…", window, triggered=lambda: tab().ask_bodies()))
        window.overdue_button = OverdueButton(window, tab, cls.tables)

    @property
    def overdue_button(self) -> QPushButton:
        button: QPushButton = self.window().overdue_button
        return button

    def ask_citizen_days(self) -> None:
        days, ok = QInputDialog.getInt(self, "选民意见办理期限",
                                       "选民意见转办后的办理期限（工作日）：\n"
                                       "站务规则未规定期限，这是本站自定的规则，默认 15 个工作日；\n"
                                       "期限落在休息日时顺延到下一个工作日。",
                                       self.deadlines.citizen_working_days(), 1, 120)
        if ok:
            try:
                self.deadlines.set_citizen_working_days(days)
            except KnownError as e:
                show_error(self, e)

    def ask_bodies(self) -> None:
        from liaison_desk.ui.suggestions.letters import BodiesDialog

        BodiesDialog(self.ctx, self).exec()


class OverdueButton(QPushButton):
    """The status bar's 「有 n 条意见建议已超期」, counted in a worker; a click lists the overdue ones."""

    def __init__(self, window: Any, tab: Any, tables: frozenset[str]) -> None:
        super().__init__(window)
        self.setFlat(True)
        self.setStyleSheet(f"color: {OVERDUE_COLOR}; font-weight: bold;")
        self.setToolTip("点击查看超期的意见建议")
        self.hide()
        self._deadlines, self._tables = window.ctx.deadlines, tables
        window.statusBar().addPermanentWidget(self)

        def jump() -> None:
            shown = tab()
            window.tabs.setCurrentWidget(shown)
            shown.show_overdue()

        self.clicked.connect(jump)
        window.ctx.changes.changed.connect(self._changed)  # bound: disconnected with the button
        window.after_first_rows(self.update_now)

    def update_now(self) -> None:
        deadlines = self._deadlines
        ops.run(self, lambda _p: deadlines.overdue_count(date.today()), self._show, error_title="查询失败")

    def _show(self, n: int) -> None:
        self.setText(f"⚠ 有 {n} 条意见建议已超期，点击查看")
        self.setVisible(n > 0)

    def _changed(self, tables: frozenset[str]) -> None:
        if tables & self._tables:
            self.update_now()
