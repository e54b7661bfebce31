"""来访登记: every visit, letter and call, newest first; search and filters run in SQL, off the main thread."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QPushButton, QWidget

from liaison_desk.errors import KnownError
from liaison_desk.models import import_module
from liaison_desk.models.enums import Channel, Exclusion, Handling
from liaison_desk.services.base import Page
from liaison_desk.services.visits.listing import VisitFilter, VisitRow
from liaison_desk.text import fmt_date_short
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.list_tab import ListTab
from liaison_desk.ui.common.paged import Column
from liaison_desk.ui.common.widgets import CodeCombo, color_legend, show_error
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.main_window import TAB_TITLES

PERIODS = (("全部日期", None), ("今天", 0), ("近 7 天", 7), ("近 30 天", 30), ("近 90 天", 90), ("今年", -1))


EXCLUDED_COLOR, CONVERTED_COLOR = "#8e44ad", "#2471a3"
HANDLING_TIPS = {EXCLUDED_COLOR: "告知依法途径（不转建议）", CONVERTED_COLOR: "已登记为意见建议"}


def handling_color(r: VisitRow) -> str | None:
    """Purple: a rule 九 matter the visitor was told where to take; blue: linked to a suggestion."""
    return EXCLUDED_COLOR if r.exclusion else (CONVERTED_COLOR if r.suggestion_id else None)


def handling_label(r: VisitRow) -> str:
    text = Handling.label_of(r.handling)
    if r.exclusion:
        text += f"（{Exclusion.label_of(r.exclusion)}）"
    return text + ("·重复" if r.repeat_of_id else "")


FOLLOWUP_OPEN = "other_open"
FOLLOWUP_OPEN_LABEL = "其他·待反馈"


class VisitsTab(ListTab):
    title = TAB_TITLES["VisitsTab"]
    search_hint = "搜索来访人、住址、反映问题或处理情况"
    noun = "条来访登记"
    tables = frozenset({"visit", "visitdeputy", "suggestion"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.period_filter = QComboBox()
        for label, days in PERIODS:
            self.period_filter.addItem(label, days)
        self.channel_filter = CodeCombo.of(Channel, "全部来访方式")
        # The category, village and deputy choices are read in a worker (ops) and filled in when they come.
        self.category_filter = CodeCombo([], "全部类别")
        self.village_filter = CodeCombo([], "全部村（社区）")
        self.handling_filter = CodeCombo.of(Handling, "全部处理方式")
        self.handling_filter.addItem(FOLLOWUP_OPEN_LABEL, FOLLOWUP_OPEN)
        self.deputy_filter = CodeCombo([], "全部接待代表")
        for combo in (self.period_filter, self.channel_filter, self.category_filter, self.village_filter,
                      self.handling_filter, self.deputy_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)
        self.load_choices()
        self.convert_button = QPushButton("转为意见建议")
        self.convert_button.clicked.connect(self.convert_selected)
        self.link_button = QPushButton("关联已有建议…")
        self.link_button.setToolTip("同一事项多人反映时，把这条来访关联到已经登记的意见建议")
        self.link_button.clicked.connect(self.link_selected)
        self.print_button = QPushButton("打印登记簿…")
        self.print_button.clicked.connect(self.print_register)
        self.categories_button = QPushButton("类别设置…")
        self.categories_button.clicked.connect(self.edit_categories)
        for b in (self.convert_button, self.link_button, self.print_button, self.categories_button):
            self.actions.addWidget(b)
        # the key to the 处理方式 colours, at the right of the count line (the button row is full at 1366)
        self.legend = color_legend(((EXCLUDED_COLOR, HANDLING_TIPS[EXCLUDED_COLOR]),
                                    (CONVERTED_COLOR, HANDLING_TIPS[CONVERTED_COLOR])),
                                   "黑色：其余（含尚未登记成建议的“转为意见建议”）", title="处理方式：")
        at = self.body.indexOf(self.summary)
        self.body.removeWidget(self.summary)
        counted = QHBoxLayout()
        counted.addWidget(self.summary)
        counted.addStretch(1)
        counted.addWidget(self.legend)
        self.body.insertLayout(at, counted)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_convert())
        self._update_convert()

    def columns(self) -> list[Column[VisitRow]]:
        center = Qt.AlignmentFlag.AlignCenter
        return [
            Column("日期", lambda r: fmt_date_short(r.visited_on), 105),
            Column("来访方式", lambda r: Channel.label_of(r.channel), 80),
            Column("来访人", lambda r: r.visitor, 70),
            Column("村（社区）", lambda r: r.village, 90),
            Column("人数", lambda r: r.headcount, 45, align=center),
            Column("类别", lambda r: r.category, 75),
            Column("反映问题", lambda r: r.summary, 330),
            Column("接待代表", lambda r: r.deputies, 130),
            Column("处理方式", handling_label, 130, color=handling_color,
                   tooltip=lambda r: HANDLING_TIPS.get(handling_color(r) or "", "")),
        ]

    def current_filter(self) -> VisitFilter:
        days, start = self.period_filter.currentData(), None
        if days == -1:
            start = date(date.today().year, 1, 1)
        elif days is not None:
            start = date.today() - timedelta(days=days)
        handling = self.handling_filter.code()
        return VisitFilter(query=self.query, start=start, channel=self.channel_filter.code(),
                           category=self.category_filter.code(), village=self.village_filter.code(),
                           handling=None if handling == FOLLOWUP_OPEN else handling,
                           deputy_id=self.deputy_filter.code(), followup_open=handling == FOLLOWUP_OPEN,
                           station_id=self.station_choice())

    def load(self, flt: VisitFilter, page: Page) -> list[VisitRow]:
        return self.ctx.visit_list.list(flt, page)

    def count(self, flt: VisitFilter) -> int:
        return self.ctx.visit_list.count(flt)

    # open follow-ups (处理有反馈), listed like overdue suggestions -----------------------------------
    @classmethod
    def install(cls, window: Any, tab: Any) -> None:
        """A status-bar notice of matters passed on (其他) still waiting for an answer (after the first rows);
        a click builds the tab (`tab()`) and lists them."""
        window.followup_button = FollowupButton(window, tab)

    @property
    def followup_button(self) -> QPushButton:
        button: QPushButton = self.window().followup_button
        return button

    def show_open_followups(self) -> None:
        self.period_filter.setCurrentIndex(0)
        self.handling_filter.set_code(FOLLOWUP_OPEN)

    def is_searching(self) -> bool:
        """True while a search or filter is loading in the background."""
        return self.is_loading()

    def load_choices(self) -> None:
        """The category, village and deputy filters read their entries (in a worker) when first opened:
        a county's villages are a GROUP BY over every visit, its deputies two thousand."""
        ctx, roster = self.ctx, self.ctx.roster_list  # ctx.visits (the ORM) is built when a list is opened
        self.category_filter.fill_on_open(lambda: [(c, c) for c in ctx.visits.lookup.categories()])
        self.village_filter.fill_on_open(lambda: [(v, v) for v in ctx.visits.lookup.villages(300)])
        self.deputy_filter.fill_on_open(lambda: roster.choices("", active_only=False, limit=5000))

    # records ------------------------------------------------------------------------------------------
    def describe(self, row: Any) -> str:
        return f"{fmt_date_short(row.visited_on)} {row.visitor} 的来访登记"

    def add_record(self) -> str | None:
        VisitDialog = import_module("liaison_desk.ui.visits.visit_dialog").VisitDialog  # the ORM: on first use

        dlg = VisitDialog(self.ctx, None, self)
        dlg.exec()
        return dlg.saved_ids[-1] if dlg.saved_ids else None

    def edit_record(self, record_id: str) -> str | None:
        VisitDialog = import_module("liaison_desk.ui.visits.visit_dialog").VisitDialog  # the ORM: on first use

        dlg = VisitDialog(self.ctx, record_id, self)
        dlg.exec()
        return dlg.saved_ids[-1] if dlg.saved_ids else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.visits.delete(record_id)

    def _update_convert(self) -> None:
        row = self.selected_row()
        ok = row is not None and not row.exclusion and row.handling != Handling.LAWFUL_CHANNEL.value \
            and not row.suggestion_id
        self.convert_button.setEnabled(ok)
        self.link_button.setEnabled(ok)
        self.convert_button.setToolTip("告知依法途径的事项不作为意见建议办理" if row is not None and row.exclusion
                                       else "按这条来访新建一条选民意见转办，并与之关联")

    def convert_selected(self) -> ops.Task | None:
        """转为意见建议 for the selected visit, on the writer thread; the list then says which number."""
        row = self.selected_row()
        if row is None:
            return None
        visits, suggestions, visit_id = self.ctx.visits, self.ctx.suggestions, row.id

        def job(_p: Any) -> str:
            return suggestions.get(visits.convert_to_suggestion(visit_id)).number

        return ops.run(self, job, lambda number: self.refresh(
            note=f"已转为意见建议 {number}，可在“建议办理”中继续交办"), writes=True, error_title="不能转为意见建议")

    def link_selected(self, number: str | None = None) -> ops.Task | None:
        """Link the selected visit to an existing suggestion chosen by its number, on the writer thread."""
        row = self.selected_row()
        if row is None:
            return None
        if number is None:
            number, ok = QInputDialog.getText(self, "关联已有建议", "意见建议编号（如 〔2026〕第12号，或只填 12）：")
            if not ok:
                return None
        visits, suggestions, visit_id, year = self.ctx.visits, self.ctx.suggestions, row.id, row.visited_on.year
        wanted = number

        def job(_p: Any) -> str:
            sid = visits.suggestion_by_number(wanted, year)
            if sid is None:
                raise KnownError(f"没有找到编号为「{wanted.strip()}」的意见建议")
            visits.link_to_suggestion([visit_id], sid)
            return suggestions.get(sid).number

        return ops.run(self, job, lambda linked: self.refresh(note=f"已关联到意见建议 {linked}"), writes=True,
                       error_title="无法关联")

    def print_register(self) -> None:
        from liaison_desk.ui.visits.print_dialog import PrintRegisterDialog

        PrintRegisterDialog(self.ctx, self, station_id=self.station_choice()).exec()

    def edit_categories(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, "来访类别", "每行一个类别（按顺序显示）：",
                                                 "\n".join(self.ctx.visits.lookup.categories()))
        if not ok:
            return
        try:
            self.ctx.visits.lookup.save_categories(text.splitlines())
        except KnownError as e:
            show_error(self, e, "无法保存类别")
            return
        self.load_choices()


class FollowupButton(QPushButton):
    """The status bar's 「有 n 件转交事项待反馈」, counted in a worker; a click lists them."""

    def __init__(self, window: Any, tab: Any) -> None:
        super().__init__(window)
        self.setFlat(True)
        self.setStyleSheet("color: #b9770e; font-weight: bold;")
        self.setToolTip("点击查看已转交、尚未反馈的来访事项")
        self.hide()
        self._visits = window.ctx.visit_list
        window.statusBar().addPermanentWidget(self)

        def jump() -> None:
            shown = tab()
            window.tabs.setCurrentWidget(shown)
            shown.show_open_followups()

        self.clicked.connect(jump)
        window.ctx.changes.changed.connect(self._changed)  # bound: disconnected with the button
        window.after_first_rows(self.update_now)

    def update_now(self) -> None:
        visits = self._visits
        ops.run(self, lambda _p: visits.open_followups(), self._show)

    def _show(self, n: int) -> None:
        self.setText(f"有 {n} 件转交事项待反馈，点击查看")
        self.setVisible(n > 0)

    def _changed(self, tables: frozenset[str]) -> None:
        if "visit" in tables:
            self.update_now()
