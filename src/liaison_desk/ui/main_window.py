"""The main window 联络站工作台: the tabs, menus, and a status bar with the database and counts.

The window is built in two steps so the clerk sees it at once: `MainWindow()` is the frame (title, menus,
status bar, 「正在打开数据库…」) and needs Qt alone — this module imports neither the tabs nor the database
stack — and `attach(ctx)` fills it once the database is open. `MainWindow(ctx)` does both.

Only the tab on show is built in `attach`; the others are built when first shown (or when one of their
menu entries or status-bar notices is used: `tab_at(i)`), each with its remembered column widths. The
status-bar notices and counts wait until the first rows are shown (`after_first_rows`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabBar, QTabWidget, QWidget

from liaison_desk import APP_NAME, __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from liaison_desk.ui.common.list_tab import ListTab
    from liaison_desk.ui.context import AppContext

log = logging.getLogger(__name__)
OPENING = "正在打开数据库…"
NORMAL_SIZE = (1200, 640)  # fits the 1366×697 a maximised window gets on a 1366×768 screen
# The tabs in order: (module under liaison_desk.ui, class, title). Each title is defined here, once (the tab
# classes take theirs from TAB_TITLES): the tab bar shows them before any tab module — and the services and
# ORM behind it — is imported; a tab's module is imported when the tab is first built.
TABS = (("roster.tab", "RosterTab", "代表名册"), ("schedule.tab", "ScheduleTab", "接待安排"),
        ("activities.tab", "ActivitiesTab", "代表活动"), ("visits.tab", "VisitsTab", "来访登记"),
        ("suggestions.tab", "SuggestionsTab", "建议办理"))
TAB_TITLES = {cls: title for _module, cls, title in TABS}
COUNTED = (("deputy", "代表", "名"), ("receptionsession", "接待", "次"), ("visit", "来访", "条"),
           ("suggestion", "建议", "条"))


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)  # the station's name follows from a worker (ui.common.ops)
        self.resize(*NORMAL_SIZE)  # the un-maximised size until the clerk sets one
        opening = QLabel(OPENING)
        opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(opening)
        self.db_label = QLabel(OPENING)
        self.counts_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._menus()
        self.menuBar().setEnabled(False)  # nothing to act on until the database is open
        self._restore_geometry()
        self.attached = False
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext, *, menus_after_rows: bool = False) -> None:
        """Fill the frame over an open database: the tab on show, every tab's menu entries, the counts.

        With `menus_after_rows` (the program's start) the menu entries and status-bar notices of the tabs
        and tools are added once the first rows are shown — their modules load the ORM — and the menus are
        usable from then on."""
        self.ctx = ctx
        self._first_rows_shown = False
        self._after_first_rows: list[Callable[[], None]] = []
        self.menus_ready = False
        self._after_menus: list[Callable[[], None]] = []
        self._built: dict[int, ListTab] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.tabBar().setSelectionBehaviorOnRemove(QTabBar.SelectionBehavior.SelectLeftTab)
        for _module, _cls, title in TABS:
            self.tabs.addTab(QWidget(), title)  # a stand-in until the tab is first shown
        self.setCentralWidget(self.tabs)
        self.db_label.setText(f"数据库：{ctx.workspace.where}")
        self._note_timer = QTimer(self, singleShot=True)
        self._note_timer.timeout.connect(lambda: self.db_label.setText(f"数据库：{self.ctx.workspace.where}"))
        self._restore_layout()
        self.tabs.currentChanged.connect(self._on_tab_shown)
        ctx.changes.changed.connect(self._on_changes)  # a bound method: disconnected with the window
        self._count_timer = QTimer(self, singleShot=True, interval=300)
        self._count_timer.timeout.connect(self.update_counts)
        self.after_menus(self._show_station_name)  # its service loads the ORM: after the menus did
        self.after_first_rows(self.update_counts)
        if menus_after_rows:
            self.after_first_rows(self._install_actions_soon)
        else:
            self._install_actions()
        if ctx.workspace.is_server:  # other clerks change rows too: re-read on focus and every minute
            self._poll_timer = QTimer(self, interval=60_000)
            self._poll_timer.timeout.connect(self.poll_other_clerks)
            self._poll_timer.start()
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.applicationStateChanged.connect(self._on_app_state)
        self.attached = True

    def _show_station_name(self) -> None:
        from liaison_desk.ui.common import ops

        ctx = self.ctx
        ops.run(self, lambda _p: ctx.station.station_name(),
                lambda name: self.setWindowTitle(f"{APP_NAME} — {name}"), on_error=self._counts_failed)

    ACTION_MODULES = ("handoff.actions", "safety.actions", "station.actions", "township.actions")

    IDLE_MS = 600  # no key or click for this long after the first rows: load the rest of the program

    def _install_actions_soon(self) -> None:
        """Once the clerk pauses (no key or click for IDLE_MS), import the tabs' and tools' modules (and with
        them the ORM, ≈ 0.5–1 s) on a thread of their own, then add their entries on the GUI thread: the
        first rows can be searched and scrolled meanwhile without sharing the interpreter with the imports."""
        from PySide6.QtCore import QEvent, QObject

        app = QApplication.instance()
        timer = QTimer(self, singleShot=True, interval=self.IDLE_MS)
        busy = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)

        class Input(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() in busy:
                    timer.start()
                return False

        watch = Input(self)
        if app is not None:
            app.installEventFilter(watch)

        def idle() -> None:
            if app is not None:
                app.removeEventFilter(watch)
            watch.deleteLater()
            self._load_actions()

        timer.timeout.connect(idle)
        timer.start()

    def _load_actions(self) -> None:
        from liaison_desk.models import import_module
        from liaison_desk.ui.common import ops

        def load(_p: object) -> None:
            for module in [m for m, _c, _t in TABS] + list(self.ACTION_MODULES):
                import_module(f"liaison_desk.ui.{module}")

        def failed(error: Exception, _tb: str) -> None:
            log.warning("loading the menus' modules in the background failed: %s", type(error).__name__)
            self._install_actions()

        ops.run(self, load, lambda _r: self._install_actions(), on_error=failed, aside=True)

    def _install_actions(self) -> None:
        """Every tab's and tool's menu entries and status-bar notices; then the menus can be used."""
        from liaison_desk.models import import_module

        for module in self.ACTION_MODULES:  # loaded by a worker at the program's start
            import_module(f"liaison_desk.ui.{module}")
        from liaison_desk.ui.handoff import actions as handoff_ui
        from liaison_desk.ui.safety import actions as safety_ui
        from liaison_desk.ui.station import actions as station_ui
        from liaison_desk.ui.township import actions as township_ui

        for i in range(len(TABS)):
            self.tab_class(i).install(self, lambda i=i: self.tab_at(i))
        handoff_ui.install(self)
        safety_ui.install(self)
        station_ui.install(self)
        township_ui.install(self)
        self.menuBar().setEnabled(True)
        self.menus_ready = True
        jobs, self._after_menus = self._after_menus, []
        for job in jobs:
            job()

    def after_menus(self, job: Callable[[], None]) -> None:
        """Run `job` once every menu entry is in place (at once if they are): what asks the clerk something
        through the tools' dialogs (操作员, 本站信息) waits for them."""
        if self.menus_ready:
            QTimer.singleShot(0, self, job)
        else:
            self._after_menus.append(job)

    def tab_class(self, index: int) -> type[ListTab]:
        """The class of the tab at `index`; its module is imported now."""
        from liaison_desk.models import import_module

        module, cls, _title = TABS[index]
        found: type[ListTab] = getattr(import_module(f"liaison_desk.ui.{module}"), cls)
        return found

    # tabs built on first show ---------------------------------------------------------------------
    def tab_at(self, index: int) -> ListTab:
        """The tab at `index`, built now if it never was (its remembered column widths restored)."""
        tab = self._built.get(index)
        if tab is not None:
            return tab
        tab = self.tab_class(index)(self.ctx)
        self._built[index] = tab
        current = self.tabs.currentIndex()
        stand_in = self.tabs.widget(index)
        self.tabs.blockSignals(True)
        self.tabs.insertTab(index, tab, tab.title)
        self.tabs.removeTab(index + 1)  # the stand-in; when it was on show, the tab at its left (ours) is
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        stand_in.deleteLater()
        stations = getattr(self, "township_stations", None)
        if stations:  # a township database: the 联络站 column and filter
            tab.enable_stations(stations)
        self._restore_header(tab)
        if not self._first_rows_shown and index == self.tabs.currentIndex():
            tab.load_finished.connect(lambda: self._when_painted(tab))
        return tab

    def _when_painted(self, tab: ListTab) -> None:
        """The first rows are in the model: run the waiting jobs once they have been painted (the jobs
        import modules for a while), or half a second later at most (a minimised window paints nothing)."""
        if self._first_rows_shown:  # a later reload of the same tab
            return
        from PySide6.QtCore import QEvent, QObject

        window = self

        class Painted(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    obj.removeEventFilter(self)
                    QTimer.singleShot(0, window, window._first_rows)
                return False

        tab.view.viewport().installEventFilter(Painted(tab.view.viewport()))
        QTimer.singleShot(500, self, self._first_rows)

    @property
    def tab_list(self) -> list[ListTab]:
        """Every tab, building those never shown (screenshots, a township database, tests)."""
        return [self.tab_at(i) for i in range(len(TABS))]

    def built_tabs(self) -> list[ListTab]:
        """The tabs built so far (those the clerk has shown), in their order."""
        return [self._built[i] for i in sorted(self._built)]

    def _on_tab_shown(self, index: int) -> None:
        if 0 <= index < len(TABS):
            self.tab_at(index)

    def after_first_rows(self, job: Callable[[], None]) -> None:
        """Run `job` once the tab on show has shown its first rows (at once if it has): the status-bar
        notices and counts never compete with them. Should that load fail, after 10 seconds."""
        if self._first_rows_shown:
            QTimer.singleShot(0, self, job)
            return
        self._after_first_rows.append(job)
        if len(self._after_first_rows) == 1:
            QTimer.singleShot(10_000, self, self._first_rows)

    def _first_rows(self) -> None:
        if self._first_rows_shown:
            return
        self._first_rows_shown = True
        jobs, self._after_first_rows = self._after_first_rows, []
        for job in jobs:
            job()

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.poll_other_clerks()

    def poll_other_clerks(self) -> None:
        """Ask the server which tables others changed; the tabs showing them reload (off the GUI thread)."""
        from liaison_desk.ui.common import ops

        ws = self.ctx.workspace

        def lost(error: Exception, tb: str) -> None:  # shown in the status bar, not a box every minute
            self.db_label.setText(f"数据库：{ws.where}（{error}）")

        ops.run(self, lambda _p: ws.poll_changes(), on_error=lost)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.file_menu = file_menu
        self.quit_action = QAction("退出(&X)", self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        file_menu.addAction(self.quit_action)
        self.stats_menu = self.menuBar().addMenu("统计(&S)")
        self.stats_action = QAction("统计报表(&R)…", self, shortcut="Ctrl+Shift+S", triggered=self.open_stats)
        self.stats_menu.addAction(self.stats_action)
        self.stats_menu.addSeparator()
        for which, label in (("results", "办理结果公示(&G)…"), ("performance", "代表履职情况公示(&P)…"),
                             ("record", "代表履职档案(&D)…")):
            self.stats_menu.addAction(QAction(label, self, triggered=lambda _=False, w=which: self.open_paper(w)))
        self.tools_menu = self.menuBar().addMenu("工具(&T)")
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(QAction("关于(&A)", self, triggered=self._about))

    def open_stats(self) -> None:
        """The 统计 window; its module (and the chart code) loads only now, never at start-up."""
        from liaison_desk.ui.reports.stats_dialog import StatsDialog

        StatsDialog(self.ctx, self).exec()

    def open_paper(self, which: str) -> None:
        from liaison_desk.ui.reports.papers_dialog import PapersDialog

        PapersDialog(self.ctx, which, self).exec()

    def add_file_actions(self, actions: list[QAction], *, above_quit: bool = False) -> None:
        """Insert a group of actions into the 文件 menu with a separator after it: at the top of the
        menu, or (`above_quit`) just above 退出, which always stays last."""
        existing = self.file_menu.actions()
        before = self.quit_action if above_quit else existing[0]
        self.file_menu.insertActions(before, actions)
        self.file_menu.insertSeparator(before)

    def _about(self) -> None:
        QMessageBox.about(self, f"关于{APP_NAME}",
                          f"<b>{APP_NAME}</b> {__version__}<br>人大代表联络站台账管理：代表名册、接待安排、"
                          f"来访登记、建议办理。<br>数据库：{self.ctx.workspace.where}")

    def show_note(self, text: str, msecs: int = 15000) -> None:
        """A passing note in the status bar's left field (where the database path is shown)."""
        self.db_label.setText(text)
        self.db_label.setToolTip(f"数据库：{self.ctx.workspace.where}")
        self._note_timer.start(msecs)  # owned by the window: it dies with it, never fires on a dead label

    def _on_changes(self, _tables: frozenset[str]) -> None:
        self._count_timer.start()

    def update_counts(self) -> None:
        """Recount the records for the status bar, off the GUI thread (a county's tables are large)."""
        from liaison_desk.ui.common import ops

        workspace = self.ctx.workspace
        shown = [t for t, _label, _unit in COUNTED]
        ops.run(self, lambda _p: workspace.counts(shown), self._show_counts, on_error=self._counts_failed)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts_label.setText("　".join(f"{label} {counts.get(t, 0)} {unit}" for t, label, unit in COUNTED))

    def _counts_failed(self, error: Exception, _tb: str) -> None:
        log.warning("reading the status bar's figures failed: %s", type(error).__name__)

    # layout memory ---------------------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings()

    @staticmethod
    def _header_key(tab: ListTab) -> str:
        """Column widths are remembered per set of columns: a program update that changes the columns
        starts from the default widths instead of misapplying the old ones."""
        import zlib

        names = "|".join(c.header for c in tab.model.columns)
        return f"columns/{tab.title}-{zlib.crc32(names.encode()):08x}"

    def _restore_geometry(self) -> None:
        geometry = self._settings().value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # maximised or not, as the clerk left it
        else:
            # First start: maximised, so the status bar (database, overdue alert) is never under the taskbar.
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _restore_layout(self) -> None:
        s = self._settings()
        state = s.value("main/state")
        if state is not None:
            self.restoreState(state)
        index = int(s.value("main/tab", 0) or 0)
        self.tabs.setCurrentIndex(index if 0 <= index < len(TABS) else 0)
        self.tab_at(self.tabs.currentIndex())  # the one tab built now

    def restore_headers(self) -> None:
        """The remembered column widths of each built list (again once a township database adds its 联络站
        column); a tab built later gets its own when it is built."""
        for tab in self.built_tabs():
            self._restore_header(tab)

    def _restore_header(self, tab: ListTab) -> None:
        header = self._settings().value(self._header_key(tab))
        if header is not None:
            tab.view.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        if not self.attached:  # closed while opening: the frame has nothing of the clerk's to remember
            return
        s = self._settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/tab", self.tabs.currentIndex())
        for tab in self.built_tabs():  # a tab never shown keeps what was remembered
            s.setValue(self._header_key(tab), tab.view.horizontalHeader().saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        super().closeEvent(event)
