"""Feeds a lazily paged table off the GUI thread: the count, the first page and what goes with them in
one ui.common.ops worker, further pages in a worker as the view scrolls, overtaken results dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from liaison_desk.services.base import FIRST_PAGE, PAGE_SIZE, Page
from liaison_desk.ui.common import ops
from liaison_desk.ui.common.paged import PagedTableModel

Load = Callable[[Any, Page], list[Any]]
Count = Callable[[Any], int]


class PagedLoader(QObject):
    """Loads `model` for a filter through the one operation runner.

    `load(filter, page)`, `count(filter)` and `extra(filter)` are pure (services only, no widgets): they run
    in workers. `before_rows(extra)` runs on the main thread just before the rows are shown; `finished`
    fires after they are (or after a failure, which is shown by ops.show_failure).
    """

    finished = Signal()

    def __init__(self, owner: QWidget, model: PagedTableModel[Any], load: Load, count: Count,
                 extra: Callable[[Any], Any] | None = None,
                 before_rows: Callable[[Any], None] | None = None) -> None:
        super().__init__(owner)
        self.owner, self.model = owner, model
        self._load, self._count, self._extra, self._before_rows = load, count, extra, before_rows
        self.generation = 0
        self.loading = False
        self.loaded = False
        self.filter_shown: Any = None  # the filter of the rows shown (the next pages use it too)
        self.extra: Any = None  # what `extra` gave for the rows shown
        self.last_task: ops.Task | None = None  # the latest load's worker (tests check its thread)
        model.more = self._more

    def refresh(self, flt: Any) -> int:
        """Load `flt` in a worker; the model keeps its rows until the new ones arrive. Returns the generation."""
        self.generation += 1  # whatever a worker is still loading is out of date
        generation = self.generation
        self.loading = True
        self.model.busy = True
        load, count, extra = self._load, self._count, self._extra

        def job(_p: Any) -> tuple[Any, int, list[Any]]:
            more = extra(flt) if extra is not None else None  # first: it may prepare what the rows need
            total = count(flt)
            return more, total, load(flt, Page(0, FIRST_PAGE))

        self.last_task = ops.run(self.owner, job, lambda result: self._arrived(generation, flt, result),
                                 on_error=lambda e, tb: self._failed(generation, e, tb))
        return generation

    def is_current(self, generation: int) -> bool:
        return generation == self.generation and self.loading

    def _arrived(self, generation: int, flt: Any, result: tuple[Any, int, list[Any]]) -> None:
        if generation != self.generation:
            return  # overtaken by a newer search, filter or refresh
        extra, count, rows = result
        self.loading = False
        self.filter_shown, self.extra = flt, extra
        if self._before_rows is not None:
            self._before_rows(extra)
        self.model.apply(rows, count)
        self.loaded = True
        self.finished.emit()

    def _failed(self, generation: int, error: Exception, tb: str) -> None:
        if generation != self.generation:
            return
        self.loading = False
        self.model.busy = False
        self.finished.emit()
        ops.show_failure(self.owner, error, tb, "查询失败")

    def _more(self, offset: int) -> None:
        """The model wants the page at `offset` (the view scrolled to the end): load it in a worker."""
        generation, flt, load = self.generation, self.filter_shown, self._load

        def arrived(rows: list[Any]) -> None:
            if generation == self.generation:
                self.model.append(rows)

        def failed(error: Exception, tb: str) -> None:
            if generation == self.generation:
                self.model.fetching = False
                ops.show_failure(self.owner, error, tb, "查询失败")

        ops.run(self.owner, lambda _p: load(flt, Page(offset, PAGE_SIZE)), arrived, on_error=failed)

    def wait(self, msecs: int = 60000) -> bool:
        """Run the event loop until the load on its way is shown; True when rows are loaded."""
        if self.loading:
            loop = QEventLoop()
            self.finished.connect(loop.quit)
            QTimer.singleShot(msecs, loop.quit)
            loop.exec()
            self.finished.disconnect(loop.quit)
        return self.loaded and not self.loading
