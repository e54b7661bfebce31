"""A table model over a service's `count`/`list`: rows fetched a page at a time (canFetchMore/fetchMore).

Two ways to feed it. Off the GUI thread (ui.common.loader.PagedLoader, used by the list tabs and the
操作日志): the loader shows the first page with `apply`, and fetchMore asks it (`more(offset)`) for the
next page, which it loads in a worker and hands back with `append`. A small list may instead give
`fetch`/`total` and let the model read them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from liaison_desk.services.base import FIRST_PAGE, PAGE_SIZE, Page

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column: header text, how to show a row, optional width, alignment, colour and tooltip."""

    header: str
    value: Callable[[R], Any]
    width: int | None = None
    align: Qt.AlignmentFlag | None = None
    color: Callable[[R], str | None] | None = None
    tooltip: Callable[[R], str] | None = None
    icon: Callable[[R], Any] | None = None  # a QPixmap/QIcon shown before the text (DecorationRole)


class PagedTableModel(QAbstractTableModel, Generic[R]):
    """Rows of `fetch(offset, limit)`; `total()` gives the full count. Rows must have an `id`."""

    def __init__(self, columns: Sequence[Column[R]], fetch: Callable[[Page], list[R]] | None = None,
                 total: Callable[[], int] | None = None, parent: Any = None, *,
                 more: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch = fetch
        self._total = total
        self.more = more  # asks the owner for the page at this offset; it answers with `append`
        self._rows: list[R] = []
        self._count = 0
        self._exhausted = True
        self.busy = False  # a worker is loading a new first page: fetchMore would mix old and new rows
        self.fetching = False  # a worker is loading the next page

    # loading -----------------------------------------------------------------------------------
    def reload(self) -> None:
        """Drop every cached row and fetch the first page again (a model fed by `fetch`/`total`)."""
        assert self._fetch is not None and self._total is not None
        count = self._total()
        self.apply(self._fetch(Page(0, FIRST_PAGE)), count)

    def apply(self, rows: list[R], count: int) -> None:
        """Show `rows` as the first page (FIRST_PAGE rows at most) of `count` rows in all (loaded by a worker);
        scrolling to its end fetches the next PAGE_SIZE rows."""
        self.beginResetModel()
        self._count = count
        self._rows = list(rows)
        self._exhausted = len(self._rows) >= count or len(self._rows) < FIRST_PAGE
        self.busy = False
        self.fetching = False
        self.endResetModel()

    def append(self, more: list[R]) -> None:
        """Add the next page (loaded by a worker after `fetchMore` asked for it)."""
        self.fetching = False
        if len(more) < PAGE_SIZE:
            self._exhausted = True
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def total(self) -> int:
        """How many rows the query has in all (not only those fetched)."""
        return self._count

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self.busy and not self.fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        if self.more is not None:
            self.fetching = True
            self.more(len(self._rows))
            return
        assert self._fetch is not None
        self.append(self._fetch(Page(len(self._rows), PAGE_SIZE)))

    # access --------------------------------------------------------------------------------------
    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_id(self, row_id: str) -> int:
        for i, r in enumerate(self._rows):
            if getattr(r, "id", None) == row_id:
                return i
        return -1

    # Qt model --------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = col.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.DecorationRole and col.icon is not None:
            return col.icon(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align is not None:
            return int(col.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col.color is not None:
            c = col.color(row)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.tooltip is not None:
                return col.tooltip(row)
            value = col.value(row)
            text = "" if value is None else str(value)
            return text if len(text) > 20 else None
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "id", None)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
