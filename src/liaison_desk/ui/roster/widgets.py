"""Fields of the deputy dialog: optional dates, the masked ID number, the levels grid, the photo box."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.ledger.cells import CellError, to_date
from liaison_desk.models.enums import Level
from liaison_desk.services.roster.photos import PHOTO_SUFFIXES
from liaison_desk.services.roster.service import LevelEntry
from liaison_desk.services.validate import mask_id
from liaison_desk.text import fmt_date
from liaison_desk.ui.common.widgets import show_error

if TYPE_CHECKING:
    from liaison_desk.services.workspace import Photos

PHOTO_W, PHOTO_H = 120, 160


def parse_date_text(text: str, label: str) -> date | None:
    """A date typed as 1975-03-08, 1975年3月8日, 1975.03 …; ValidationError naming `label` otherwise."""
    try:
        return to_date(text.strip(), partial_ok=True)
    except CellError as e:
        raise ValidationError(str(e), column=label) from e


class DateText(QLineEdit):
    """An optional date typed as text (empty = not known)."""

    def __init__(self, placeholder: str = "如 1975年3月8日", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)

    def set_date(self, d: date | None) -> None:
        self.setText(fmt_date(d))

    def date_value(self, label: str) -> date | None:
        return parse_date_text(self.text(), label)


class IdNumberEdit(QWidget):
    """The ID number, shown masked (110105********002X) until the clerk presses 显示/修改."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = ""
        self.edit = QLineEdit()
        self.edit.setMaxLength(18)
        self.edit.setPlaceholderText("18 位，选填")
        self.toggle = QPushButton("显示/修改")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)

    def set_value(self, value: str) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(not value)
        self.toggle.blockSignals(False)
        self._value = value
        self.edit.setText(value if not value else mask_id(value))
        self.edit.setReadOnly(bool(value))

    def value(self) -> str:
        return self.edit.text().strip().upper() if self.toggle.isChecked() else self._value

    def _show(self, revealed: bool) -> None:
        if revealed:
            self.edit.setText(self._value)
            self.edit.setReadOnly(False)
        else:
            if not self.edit.isReadOnly():
                self._value = self.edit.text().strip().upper()
            self.edit.setText(mask_id(self._value))
            self.edit.setReadOnly(True)


class LevelsEditor(QWidget):
    """Each level held: a tick, its term (届次) and start/end dates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for col, text in enumerate(("", "届次", "任期开始", "任期结束")):
            if text:
                grid.addWidget(QLabel(text), 0, col)
        self.checks: dict[str, QCheckBox] = {}
        self.terms: dict[str, QLineEdit] = {}
        self.starts: dict[str, DateText] = {}
        self.ends: dict[str, DateText] = {}
        for i, lv in enumerate(Level, start=1):
            check, term, start, end = QCheckBox(lv.label), QLineEdit(), DateText("开始日期"), DateText("结束日期")
            term.setPlaceholderText("如 第十八届")
            for w in (term, start, end):
                w.setEnabled(False)
                check.toggled.connect(w.setEnabled)
            grid.addWidget(check, i, 0)
            grid.addWidget(term, i, 1)
            grid.addWidget(start, i, 2)
            grid.addWidget(end, i, 3)
            self.checks[lv.value], self.terms[lv.value] = check, term
            self.starts[lv.value], self.ends[lv.value] = start, end

    def set_entries(self, entries: list[LevelEntry]) -> None:
        for e in entries:
            if e.level in self.checks:
                self.checks[e.level].setChecked(True)
                self.terms[e.level].setText(e.term)
                self.starts[e.level].set_date(e.start_date)
                self.ends[e.level].set_date(e.end_date)

    def entries(self, label: str) -> list[LevelEntry]:
        return [LevelEntry(code, self.terms[code].text().strip(), self.starts[code].date_value(label),
                           self.ends[code].date_value(label))
                for code, check in self.checks.items() if check.isChecked()]


class PhotoBox(QWidget):
    """The deputy's photo, scaled; 选择照片… or drop a picture file on it; 移除 takes it off."""

    changed = Signal(str)

    def __init__(self, photos: Photos, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photos = photos
        self.name = ""
        self.added: list[str] = []  # photos stored while the dialog is open (removed if cancelled)
        self.setAcceptDrops(True)
        self.picture = QLabel()
        self.picture.setFixedSize(PHOTO_W, PHOTO_H)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("border: 1px solid #bbb; background: #f4f4f4; color: #888;")
        self.choose = QPushButton("选择照片…")
        self.remove = QPushButton("移除照片")
        self.choose.clicked.connect(self._choose)
        self.remove.clicked.connect(lambda: self.set_photo(""))
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.remove)
        buttons.addWidget(QLabel("也可以把照片文件\n拖到左边的框里"))
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picture)
        row.addLayout(buttons)
        row.addStretch(1)
        self.set_photo("")

    def set_photo(self, name: str) -> None:
        self.name = name
        path = self.photos.path(name)
        pix = QPixmap(str(path)) if path else QPixmap()
        if pix.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText("暂无照片")
        else:
            self.picture.setPixmap(pix.scaled(PHOTO_W, PHOTO_H, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))
        self.remove.setEnabled(bool(name))
        self.changed.emit(name)

    def load_file(self, path: Path | str) -> bool:
        """Store a picture file as this deputy's photo; a bad file is explained in a message."""
        try:
            name = self.photos.store(path)
        except KnownError as e:
            show_error(self, e, "照片无法使用")
            return False
        self.added.append(name)
        self.set_photo(name)
        return True

    def _choose(self) -> None:
        patterns = " ".join(f"*{s}" for s in PHOTO_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self, "选择代表照片", "", f"照片 ({patterns})")
        if path:
            self.load_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).suffix.lower() in PHOTO_SUFFIXES:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.load_file(urls[0].toLocalFile())
            event.acceptProposedAction()
