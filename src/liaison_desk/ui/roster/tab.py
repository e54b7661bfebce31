"""代表名册: every deputy with photo, levels, group, unit and status; filters, counts, import/export/print."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QFileDialog, QMainWindow, QPushButton, QWidget

from liaison_desk.models import import_module
from liaison_desk.models.enums import DeputyStatus, Gender, GroupRole, Level
from liaison_desk.services.base import Page
from liaison_desk.services.roster.listing import DeputyFilter, DeputyRow
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.list_tab import ListTab
from liaison_desk.ui.common.ops import run_with_progress as run_job
from liaison_desk.ui.common.paged import Column
from liaison_desk.ui.common.widgets import CodeCombo, show_error
from liaison_desk.ui.context import AppContext
from liaison_desk.ui.main_window import TAB_TITLES

THUMB_W, THUMB_H = 18, 24
WORKBOOK_FILTER = "Excel/WPS 表格 (*.xlsx *.xls *.ods *.xlsm)"


class RosterTab(ListTab):
    title = TAB_TITLES["RosterTab"]
    search_hint = "搜索姓名、拼音首字母（如 zs）、电话或单位"
    noun = "名代表"
    tables = frozenset({"deputy", "deputylevel", "groupmember", "deputygroup"})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self._thumbs: dict[str, QPixmap | None] = {}
        super().__init__(ctx, parent)
        self.level_filter = CodeCombo.of(Level, "全部层级")
        self.group_filter = CodeCombo([], "全部小组")
        self.status_filter = CodeCombo.of(DeputyStatus, "全部状态")
        for combo in (self.level_filter, self.group_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters.addWidget(combo)
        self.import_button = QPushButton("从 Excel 导入…")
        self.export_button = QPushButton("导出名册…")
        self.board_button = QPushButton("打印公示栏…")
        self.merge_button = QPushButton("合并重复…")
        self.merge_button.setToolTip("同一个人在名册中有两条记录时合并为一条（按身份证号查找重复）")
        self.merge_button.clicked.connect(self.merge_duplicates)
        self.import_button.clicked.connect(self.import_workbook)
        self.export_button.clicked.connect(self.export_workbook)
        self.board_button.clicked.connect(self.print_board)
        for b in (self.import_button, self.export_button, self.board_button, self.merge_button):
            self.actions.addWidget(b)
        self.view.verticalHeader().setDefaultSectionSize(THUMB_H + 4)
        self.view.setIconSize(QSize(THUMB_W, THUMB_H))

    def columns(self) -> list[Column[DeputyRow]]:
        return [
            Column("姓名", lambda r: r.name, 100, icon=self._thumb),
            Column("性别", lambda r: Gender.label_of(r.gender), 46),
            Column("代表层级", lambda r: r.levels_label, 90),
            Column("代表小组", lambda r: r.group, 110),
            Column("小组职务", lambda r: GroupRole.label_of(r.role), 70),
            Column("工作单位", lambda r: r.work_unit, 220),
            Column("职务", lambda r: r.post, 150),
            Column("联系电话", lambda r: r.phone, 110),
            Column("状态", lambda r: DeputyStatus.label_of(r.status), 60,
                   color=lambda r: None if r.status == DeputyStatus.ACTIVE.value else "#888888"),
        ]

    def _thumb(self, row: DeputyRow) -> QPixmap | None:
        """The photo scaled to the row height, cached by file name (the file never changes)."""
        if not row.photo:
            return None
        if row.photo not in self._thumbs:
            path = self.ctx.photos.path(row.photo)
            pix = QPixmap(str(path)) if path else QPixmap()
            self._thumbs[row.photo] = None if pix.isNull() else pix.scaled(
                THUMB_W, THUMB_H, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        return self._thumbs[row.photo]

    def _fill_groups(self, groups: list[tuple[str, str]]) -> None:
        if [(self.group_filter.itemData(i), self.group_filter.itemText(i))
                for i in range(1, self.group_filter.count())] == list(groups):
            return
        current = self.group_filter.code()
        self.group_filter.blockSignals(True)
        while self.group_filter.count() > 1:
            self.group_filter.removeItem(1)
        for gid, name in groups:
            self.group_filter.addItem(name, gid)
        self.group_filter.set_code(current)
        self.group_filter.blockSignals(False)

    def current_filter(self) -> DeputyFilter:
        return DeputyFilter(query=self.query, level=self.level_filter.code(), group_id=self.group_filter.code(),
                            status=self.status_filter.code(), station_id=self.station_choice())

    def load(self, flt: DeputyFilter, page: Page) -> list[DeputyRow]:
        return self.ctx.roster_list.list(flt, page)

    def count(self, flt: DeputyFilter) -> int:
        return self.ctx.roster_list.count(flt)

    def load_extra(self, flt: DeputyFilter) -> tuple[dict[str, int], list[tuple[str, str]]]:
        """The serving deputies per level (the summary) and the groups (the group filter)."""
        return self.ctx.roster_list.level_counts(), list(self.ctx.roster_list.groups())

    def show_extra(self, extra: tuple[dict[str, int], list[tuple[str, str]]]) -> None:
        self._fill_groups(extra[1])

    def summary_text(self) -> str:
        counts = self.extra[0] if self.extra else {}
        per_level = "，".join(f"{lv.label} {counts[lv.value]} 人" for lv in Level if counts.get(lv.value))
        return super().summary_text() + (f"　在任：{per_level}" if per_level else "")

    def add_record(self) -> str | None:
        DeputyDialog = import_module("liaison_desk.ui.roster.deputy_dialog").DeputyDialog  # the ORM: on first use

        dlg = DeputyDialog(self.ctx, None, self)
        return dlg.saved_id if dlg.exec() else None

    def edit_record(self, record_id: str) -> str | None:
        DeputyDialog = import_module("liaison_desk.ui.roster.deputy_dialog").DeputyDialog  # the ORM: on first use

        dlg = DeputyDialog(self.ctx, record_id, self)
        return dlg.saved_id if dlg.exec() else None

    def delete_record(self, record_id: str) -> None:
        self.ctx.roster.delete(record_id)

    @classmethod
    def install(cls, window: Any, tab: Any) -> None:
        """The 文件 menu's roster entries; the tab (`tab()`) is built when one is chosen."""
        window.add_file_actions([QAction(text, window, triggered=lambda _=False, n=name: getattr(tab(), n)())
                                 for text, name in (("导入代表名册(&I)…", "import_workbook"),
                                                    ("导出代表名册…", "export_workbook"),
                                                    ("打印代表信息公示栏…", "print_board"),
                                                    ("合并重复的代表记录…", "merge_duplicates"))])

    def merge_duplicates(self) -> Any:
        """The merge dialog, with the selected deputy on the left (or the first duplicate pair)."""
        from liaison_desk.ui.roster.merge_dialog import MergeDialog

        dlg = MergeDialog(self.ctx, self, self.selected_id())
        self.merge_dialog = dlg
        dlg.accepted.connect(lambda: self._merged(dlg))
        dlg.open()
        return dlg

    def _merged(self, dlg: Any) -> None:
        self.refresh()
        moved = sum(dlg.result_info.moved.values()) if dlg.result_info else 0
        self._status(f"已合并代表记录：{moved} 条关联记录归到保留的记录上")

    # import / export / print ----------------------------------------------------------------------
    def _status(self, text: str) -> None:
        win = self.window()
        if hasattr(win, "show_note"):
            win.show_note(text, 15000)
        elif isinstance(win, QMainWindow):
            win.statusBar().showMessage(text, 15000)

    def import_workbook(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "选择乡镇发来的代表名册", "", WORKBOOK_FILTER)
        if path:
            from liaison_desk.ledger.roster_import import preview_file

            db = self.ctx.db
            run_job(self, "正在读取名册…", lambda progress: preview_file(db, path, None, None, progress),
                              self.show_import_preview, lambda e, _tb: show_error(self, e, "无法导入"))

    def show_import_preview(self, plan: Any) -> None:
        from liaison_desk.ui.roster.import_dialog import RosterImportDialog

        dlg = RosterImportDialog(self.ctx, plan, self)
        self.import_dialog = dlg
        dlg.accepted.connect(lambda: self._imported(dlg.result_counts or {}))
        dlg.open()

    def _imported(self, counts: dict[str, int]) -> None:
        self.refresh()
        self._status(f"已导入代表名册：新增 {counts.get('new', 0)} 名，更新 {counts.get('updated', 0)} 名，"
                     f"无变化 {counts.get('unchanged', 0)} 名")

    def export_workbook(self, path: str | None = None) -> None:
        from datetime import date

        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "导出代表名册", f"代表名册-{fmt_date(date.today())}.xlsx",
                                                  "Excel 工作簿 (*.xlsx)")
        if path:
            from liaison_desk.ledger.roster_export import export_roster

            db, station = self.ctx.db, self.ctx.station.station_name()
            run_job(self, "正在导出名册…", lambda _p: export_roster(db, path, station),
                              lambda n: self._status(f"已导出 {n} 名代表到 {path}"),
                              lambda e, _tb: show_error(self, e, "导出失败"))

    def print_board(self, path: str | None = None, options: Any = None) -> None:
        from liaison_desk.ui.roster.print_dialog import BoardOptionsDialog

        if options is None:
            dlg = BoardOptionsDialog(self)
            if not dlg.exec():
                return
            options = dlg.options()
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "保存代表信息公示栏", "代表信息公示栏.pdf", "PDF 文件 (*.pdf)")
        if path:
            from liaison_desk.printing.board import print_board
            from liaison_desk.services.roster.board import BoardService

            board, opts, out = BoardService(self.ctx.db), options, path

            def job(_p: Any) -> int:
                n = print_board(board.boards(opts.hide_phone), out, opts)  # a township: each station's board
                board.record_print(opts.paper, opts.hide_phone)
                return n

            run_job(self, "正在生成公示栏…", job,
                              lambda n: self._status(f"已生成代表信息公示栏（{n} 名代表）：{path}"),
                              lambda e, _tb: show_error(self, e, "无法生成 PDF"))
