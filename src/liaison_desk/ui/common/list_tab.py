"""The shape every list tab shares: search and filters above, a lazily paged table, add/edit/delete.

Loading goes through the one operation runner (ui.common.ops), never on the GUI thread. A tab gives
`current_filter()` (read on the main thread from its widgets into a plain, frozen filter) and the pure
`load(filter, page)` / `count(filter)` (plain rows from its services; they run in a worker and touch no
widget), optionally `load_extra(filter)` for what its summary and banners show. `refresh()` hands them to
a PagedLoader (ui.common.loader): extra, count and first page in one worker; the table keeps its rows
until they arrive, overtaken results are dropped, and scrolling loads the next page the same way.
`load_finished` fires after the rows are shown; `wait_loaded()` runs the event loop until then
(screenshots, tests).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.services.base import Page
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.loader import PagedLoader
from liaison_desk.ui.common.paged import Column, PagedTableModel
from liaison_desk.ui.common.widgets import SearchBox, confirm
from liaison_desk.ui.context import AppContext

log = logging.getLogger(__name__)
STATION_HEADER = "联络站"


class ListTab(QWidget):
    """Subclasses give `title`, `tables`, `columns()`, `current_filter()`, `load()`, `count()` and the
    record actions."""

    title = ""
    search_hint = "搜索"
    noun = "条记录"
    tables: frozenset[str] = frozenset()
    load_finished = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = ""
        self._select_after: str | None = None
        self._note = ""
        self.search_box = SearchBox(self.search_hint)
        self.search_box.setMinimumWidth(260)
        self.search_box.search.connect(self._on_search)
        self.filters = QHBoxLayout()
        self.filters.setSpacing(6)
        # A township database (ui.township.actions) shows a 联络站 column and this filter; a station's own
        # database never sees either.
        self.station_names: dict[str, str] = {}
        self.station_box = QComboBox(objectName="stationFilter")
        self.station_box.addItem("全部联络站", "")
        self.station_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.station_box.setToolTip("只看一个联络站的记录")
        self.station_box.hide()
        self.station_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filters.addWidget(self.station_box)
        self.add_button = QPushButton("新增")
        self.edit_button = QPushButton("修改")
        self.delete_button = QPushButton("删除")
        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.delete_button.clicked.connect(self._delete)
        self.summary = QLabel()
        self.summary.setObjectName("summary")

        # Two rows, so the window fits a 1024-pixel office screen: search and filters, then the actions.
        top = QVBoxLayout()
        finding = QHBoxLayout()
        finding.addWidget(self.search_box)
        finding.addLayout(self.filters)
        finding.addStretch(1)
        doing = QHBoxLayout()
        self.actions = QHBoxLayout()
        doing.addLayout(self.actions)
        doing.addStretch(1)
        for b in (self.add_button, self.edit_button, self.delete_button):
            doing.addWidget(b)
        top.addLayout(finding)
        top.addLayout(doing)

        self.model: PagedTableModel[Any] = PagedTableModel(self.columns(), parent=self)
        self.loader = PagedLoader(self, self.model, self.load, self.count, self.load_extra, self.show_extra)
        self.loader.finished.connect(self._finished)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, col in enumerate(self.model.columns):
            if col.width:
                self.view.setColumnWidth(i, col.width)
        self.view.doubleClicked.connect(lambda _i: self._edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence.StandardKey.Delete, self.view, activated=self._delete)

        self.body = QVBoxLayout(self)
        self.body.addLayout(top)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.view, 1)
        ListTab._update_buttons(self)  # subclasses call theirs once their widgets exist
        ctx.changes.changed.connect(self._on_changed)

    # stations of a township database ------------------------------------------------------------------
    STATION_WIDTH = 150

    def enable_stations(self, stations: list[tuple[str, str]]) -> None:
        """Show the 联络站 column (first) and filter: this is a township database of these (id, name)."""
        self.station_names = dict(stations)
        keep = self.station_box.currentData()
        self.station_box.blockSignals(True)
        while self.station_box.count() > 1:
            self.station_box.removeItem(1)
        for sid, name in stations:
            self.station_box.addItem(name, sid)
        self.station_box.setCurrentIndex(max(self.station_box.findData(keep), 0))
        self.station_box.blockSignals(False)
        self.station_box.show()
        if not self.model.columns or self.model.columns[0].header != STATION_HEADER:
            self.model.beginResetModel()
            self.model.columns.insert(0, Column(STATION_HEADER, self.station_of, self.STATION_WIDTH))
            self.model.endResetModel()
            for i, col in enumerate(self.model.columns):
                if col.width:
                    self.view.setColumnWidth(i, col.width)
        if self.loaded or self.is_loading():
            self.refresh()

    def station_choice(self) -> str | None:
        """The station chosen in a township database's filter (None: every station, or a station's own)."""
        return self.station_box.currentData() or None

    def station_of(self, row: Any) -> str:
        """The name of the station a row belongs to (the 联络站 column)."""
        return self.station_names.get(getattr(row, "station_id", None) or "", "")

    # to be given by subclasses --------------------------------------------------------------------
    def columns(self) -> list[Column[Any]]:
        raise NotImplementedError

    def current_filter(self) -> Any:
        """The search and filter widgets as a plain, frozen value (main thread)."""
        raise NotImplementedError

    def load(self, flt: Any, page: Page) -> list[Any]:
        """One page of rows for `flt`; runs in a worker: services only, no widgets."""
        raise NotImplementedError

    def count(self, flt: Any) -> int:
        """How many rows `flt` matches; runs in a worker: services only, no widgets."""
        raise NotImplementedError

    def load_extra(self, flt: Any) -> Any:
        """Anything else the summary or a banner shows (worker thread; default: nothing)."""
        return None

    def show_extra(self, extra: Any) -> None:
        """Show what `load_extra` gave, just before the rows (main thread; default: nothing)."""

    def add_record(self) -> str | None:
        """Open the dialog for a new record; return its id when saved."""
        raise NotImplementedError

    def edit_record(self, record_id: str) -> str | None:
        raise NotImplementedError

    def delete_record(self, record_id: str) -> None:
        raise NotImplementedError

    @classmethod
    def install(cls, window: Any, tab: Any) -> None:
        """Called once by the main window before the tab is built: add menu actions or start-up notices
        (default: none). `tab()` gives the tab, building it on first use (an action chosen)."""

    def describe(self, row: Any) -> str:
        """How a row is named in the delete question."""
        return str(getattr(row, "name", "") or getattr(row, "title", "") or "这条记录")

    def summary_text(self) -> str:
        return f"共 {self.model.total()} {self.noun}" + (f"（搜索“{self.query}”）" if self.query else "")

    # behaviour -------------------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self.loader.loaded

    @property
    def extra(self) -> Any:
        """What load_extra gave for the rows shown."""
        return self.loader.extra

    @property
    def last_task(self) -> ops.Task | None:
        """The latest load's worker (tests check its thread)."""
        return self.loader.last_task

    def ensure_loaded(self) -> None:
        """Load now if never loaded and wait for the rows (screenshots, tests)."""
        if not self.loaded and not self.is_loading():
            self.refresh()
        self.wait_loaded()

    def refresh(self, select: str | None = None, note: str = "") -> None:
        """Reload count, first page and extra in a worker, keeping the selected record (or `select`)
        selected; the table keeps its rows until the new ones are there. `note` (what was just done)
        is shown now and stays after the summary once the rows are in."""
        self._select_after = select or self.selected_id()
        self._note = note
        if note:
            self.summary.setText(note)
        generation = self.loader.refresh(self.current_filter())
        QTimer.singleShot(300, self, lambda: self._show_busy(generation))

    def is_loading(self) -> bool:
        """True while a load is on its way."""
        return self.loader.loading

    def wait_loaded(self, msecs: int = 60000) -> bool:
        """Run the event loop until the load on its way has shown its rows; True when loaded."""
        return self.loader.wait(msecs)

    def _show_busy(self, generation: int) -> None:
        if self.loader.is_current(generation):
            self.summary.setText("正在查询…")

    def _finished(self) -> None:
        if self.loaded:
            self.summary.setText(self.summary_text() + (f"　{self._note}" if self._note else ""))
        if self._select_after:
            self.select_id(self._select_after)
        self._update_buttons()
        self.load_finished.emit()

    def selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.data(rows[0], Qt.ItemDataRole.UserRole) if rows else None

    def selected_row(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_id(self, record_id: str) -> None:
        row = self.model.row_of_id(record_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def _on_search(self, text: str) -> None:
        self.query = text
        self.refresh()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if self.loaded and tables & self.tables:
            self.refresh()

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _add(self) -> None:
        new_id = self.add_record()
        if new_id:
            self.refresh(select=new_id)

    def _edit(self) -> None:
        rid = self.selected_id()
        if rid and self.edit_record(rid):
            self.refresh()

    def _delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not confirm(self, f"确定删除“{self.describe(row)}”吗？删除后不能恢复（可从备份找回）。"):
            return
        record_id = row.id
        ops.run(self, lambda _p: self.delete_record(record_id), lambda _r: self.refresh(), writes=True,
                error_title="无法删除")

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.loaded and not self.is_loading():
            self.refresh()

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()
