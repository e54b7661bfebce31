"""The shape every list tab shares: search and filters above, a lazily paged table, add/edit/delete.

Loading: the first page and the count of a search, of the first showing and of a data change run in a
QThreadPool worker (`refresh_async`), so a county's 200,000 visits never freeze typing; a generation
counter drops results that a newer request overtook. `refresh()` stays synchronous (dialogs and
subclasses rely on the rows being there when it returns). A tab loads in the background when it keeps
its filter in `_filter()` and does not override `refresh()`; otherwise `refresh_async` is `refresh`.
`load_finished` fires after either kind of load has shown its rows (tests wait on it).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.services.base import Page
from liaison_desk.ui.common.paged import Column, PagedTableModel
from liaison_desk.ui.common.widgets import SearchBox, confirm, show_error
from liaison_desk.ui.context import AppContext

log = logging.getLogger(__name__)


class _FrozenTab:
    """The tab as a worker sees it: a copy of its attributes, its class's methods, and `_filter()`
    returning the snapshot taken on the main thread, so the worker never reads a widget."""

    def __init__(self, tab: Any, snapshot: Any) -> None:
        self.__dict__.update(tab.__dict__)
        self._cls = type(tab)
        self._snapshot = snapshot

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._cls, name)
        return attr.__get__(self, self._cls) if hasattr(attr, "__get__") else attr

    def _filter(self) -> Any:
        return self._snapshot


class _LoadSignals(QObject):
    """One object for the whole program, never deleted: a worker may finish after its tab is gone."""

    finished = Signal(object, int, object)  # the tab's token, generation, (rows, count) or the exception


_signals: _LoadSignals | None = None


def _load_signals() -> _LoadSignals:
    global _signals
    if _signals is None:
        _signals = _LoadSignals()
    return _signals


def _load(token: object, generation: int, fetch: Any, total: Any) -> None:
    """Runs on a pool thread: the count and the first page; the result goes back through a queued signal."""
    try:
        result: Any = PagedTableModel.first_page(fetch, total)
    except Exception as e:  # reported on the main thread
        if not isinstance(e, KnownError):
            log.exception("loading a list failed")
        result = e
    _load_signals().finished.emit(token, generation, result)


class ListTab(QWidget):
    """Subclasses give `title`, `tables`, `columns()`, `fetch()`, `total()` and the record actions."""

    title = ""
    search_hint = "搜索"
    noun = "条记录"
    tables: frozenset[str] = frozenset()
    load_finished = Signal()
    async_load: bool | None = None  # None: in the background when the tab allows it (see module doc)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = ""
        self.loaded = False
        self._generation = 0
        self._pending: set[int] = set()
        self._token = object()
        _load_signals().finished.connect(self._on_loaded)
        self.search_box = SearchBox(self.search_hint)
        self.search_box.setMinimumWidth(260)
        self.search_box.search.connect(self._on_search)
        self.filters = QHBoxLayout()
        self.filters.setSpacing(6)
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

        self.model: PagedTableModel[Any] = PagedTableModel(self.columns(), self.fetch, self.total, self)
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
        self._update_buttons()
        ctx.changes.changed.connect(self._on_changed)

    # to be given by subclasses --------------------------------------------------------------------
    def columns(self) -> list[Column[Any]]:
        raise NotImplementedError

    def fetch(self, page: Page) -> list[Any]:
        raise NotImplementedError

    def total(self) -> int:
        raise NotImplementedError

    def add_record(self) -> str | None:
        """Open the dialog for a new record; return its id when saved."""
        raise NotImplementedError

    def edit_record(self, record_id: str) -> str | None:
        raise NotImplementedError

    def delete_record(self, record_id: str) -> None:
        raise NotImplementedError

    def install(self, window: Any) -> None:
        """Called once by the main window: add menu actions or start-up notices (default: none)."""

    def describe(self, row: Any) -> str:
        """How a row is named in the delete question."""
        return str(getattr(row, "name", "") or getattr(row, "title", "") or "这条记录")

    def summary_text(self) -> str:
        return f"共 {self.model.total()} {self.noun}" + (f"（搜索“{self.query}”）" if self.query else "")

    # behaviour -------------------------------------------------------------------------------------
    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        """Reload the table now, keeping the selected record selected if it is still there."""
        self._generation += 1  # whatever a worker is still loading is out of date
        selected = self.selected_id()
        try:
            self.model.reload()
        except KnownError as e:
            show_error(self, e, "查询失败")
        self._shown(selected)

    def refresh_async(self) -> None:
        """Reload in a worker; the table keeps its rows until the new first page is there."""
        if not self._loads_in_background():
            self.refresh()
            return
        self._generation += 1
        frozen = _FrozenTab(self, self._filter())  # type: ignore[attr-defined]
        self._pending.add(self._generation)
        self.model.busy = True
        QTimer.singleShot(300, self, partial(self._show_busy, self._generation))
        QThreadPool.globalInstance().start(partial(_load, self._token, self._generation, frozen.fetch, frozen.total))

    def is_loading(self) -> bool:
        """True while a background load is on its way."""
        return self._generation in self._pending

    def _loads_in_background(self) -> bool:
        if self.async_load is not None:
            return self.async_load
        return type(self).refresh is ListTab.refresh and callable(getattr(self, "_filter", None))

    def _show_busy(self, generation: int) -> None:
        if generation == self._generation and self.is_loading():
            self.summary.setText("正在查询…")

    def _on_loaded(self, token: object, generation: int, result: Any) -> None:
        if token is not self._token:
            return  # another tab's list
        self._pending.discard(generation)
        if generation != self._generation:
            return  # overtaken by a newer search, filter or refresh
        self.model.busy = False
        if isinstance(result, Exception):
            self.summary.setText(self.summary_text())
            show_error(self, result if isinstance(result, KnownError) else KnownError("查询失败，请重试"), "查询失败")
            return
        rows, count = result
        selected = self.selected_id()
        self.model.apply(rows, count)
        self._shown(selected)

    def _shown(self, selected: str | None) -> None:
        self.loaded = True
        self.summary.setText(self.summary_text())
        if selected:
            self.select_id(selected)
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
        self.refresh_async()

    def _on_changed(self, tables: frozenset[str]) -> None:
        if self.loaded and tables & self.tables:
            self.refresh_async()

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _add(self) -> None:
        new_id = self.add_record()
        if new_id:
            self.refresh()
            self.select_id(new_id)

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
        try:
            self.delete_record(row.id)
        except KnownError as e:
            show_error(self, e, "无法删除")
            return
        self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.loaded and not self.is_loading():
            self.refresh_async()

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()
