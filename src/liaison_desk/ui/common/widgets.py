"""Small widgets shared by the screens: a debounced search box, labelled combo boxes, message helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import Labeled


class SearchBox(QLineEdit):
    """A search field that emits `search(text)` 250 ms after the clerk stops typing."""

    search = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(lambda: self.search.emit(self.text().strip()))
        self.textChanged.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self._now)

    def _now(self) -> None:
        self._timer.stop()
        self.search.emit(self.text().strip())


class CodeCombo(QComboBox):
    """A combo box showing Chinese labels and returning stored codes; an optional 'all' entry first."""

    def __init__(self, items: Iterable[tuple[str | None, str]], all_label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if all_label is not None:
            self.addItem(all_label, None)
        for code, label in items:
            self.addItem(label, code)

    @classmethod
    def of(cls, enum: type[Labeled], all_label: str | None = None, parent: QWidget | None = None) -> CodeCombo:
        return cls(((m.value, m.label) for m in enum), all_label, parent)

    def code(self) -> str | None:
        return self.currentData()

    def set_code(self, code: str | None) -> None:
        i = self.findData(code)
        self.setCurrentIndex(max(i, 0))

    def refill(self, items: Iterable[tuple[str | None, str]]) -> None:
        """Replace the entries after the first (the 'all' entry) with `items` (code, label), keeping the
        chosen code when it is still there, without emitting a change."""
        current = self.code()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for code, label in items:
            self.addItem(label, code)
        self.set_code(current)
        self.blockSignals(False)

    def fill_on_open(self, job: Callable[[], Iterable[tuple[str | None, str]]]) -> None:
        """Read the entries with `job` (a service read, run in a worker) the first time the list is opened,
        not before: until then only the 'all' entry is there (a county's 2,000 deputies cost nothing at start)."""
        self._pending: Callable[[], Iterable[tuple[str | None, str]]] | None = job

    def fill_now(self) -> None:
        """Read pending entries now, on this thread (tests, or a code chosen from elsewhere)."""
        job, self._pending = getattr(self, "_pending", None), None
        if job is not None:
            self.refill(list(job()))

    def showPopup(self) -> None:  # noqa: N802
        job = getattr(self, "_pending", None)
        if job is None:
            super().showPopup()
            return
        self._pending = None
        from liaison_desk.ui.common import ops

        def filled(items: list[tuple[str | None, str]]) -> None:
            self.refill(items)
            QComboBox.showPopup(self)

        ops.run(self, lambda _p: list(job()), filled)


def list_table(headers: list[str], parent: QWidget | None = None) -> QTableWidget:
    """A read-only list in a dialog: whole rows selected, columns sharing the width, no row numbers."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(parent: QWidget | None = None) -> QDateEdit:
    """A date field with a calendar popup, Chinese format, weeks starting on Monday."""
    from PySide6.QtCore import Qt

    w = QDateEdit(parent)
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy年M月d日")
    w.setDate(QDate.currentDate())
    w.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
    return w


def show_error(parent: QWidget | None, error: Exception, title: str = "操作未完成") -> None:
    """A known error as a plain message box (the crash dialog handles everything else)."""
    text = str(error) if isinstance(error, KnownError) else f"{type(error).__name__}: {error}"
    QMessageBox.warning(parent, title, text)


def confirm(parent: QWidget | None, question: str, title: str = "请确认") -> bool:
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes


def color_legend(items: Iterable[tuple[str, str]], rest: str = "", title: str = "") -> QLabel:
    """A one-line key to a table's colours: `title`, a coloured ● and its meaning per item, then `rest`."""
    from html import escape

    parts = [escape(title)] if title else []
    parts += [f"<span style='color:{color}'>●&nbsp;{escape(text)}</span>" for color, text in items]
    if rest:
        parts.append(f"<span style='color:#555'>{escape(rest)}</span>")
    label = QLabel("　".join(parts))
    label.setObjectName("colorLegend")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def fit_to_hint(window: QWidget) -> None:
    """Resize `window` to at least its size hint, never beyond the screen's available area. Called when a
    dialog first opens: Qt's own first size stops at two thirds of the screen (485 px of a 1366×768 screen
    above a taskbar), and a fixed `resize` made with one font is short with another."""
    hint, size = window.sizeHint(), window.size()
    screen = window.screen()
    width, height = max(size.width(), hint.width()), max(size.height(), hint.height())
    if screen is not None:
        avail = screen.availableGeometry()
        width, height = min(width, avail.width()), min(height, avail.height())
    if (width, height) != (size.width(), size.height()):
        window.resize(width, height)


class FitsOnShow:
    """Mixin for a QDialog subclass (listed before QDialog): the first show fits it to its size hint."""

    _fitted = False

    def showEvent(self, event: Any) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_hint(self)  # type: ignore[arg-type]
        super().showEvent(event)  # type: ignore[misc]
