"""Attachments of a visit in its form: add (copied into the data folder), open, remove."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desk.errors import KnownError
from liaison_desk.ui.common.widgets import show_error
from liaison_desk.ui.context import AppContext


class AttachmentList(QWidget):
    """Files of one record (a visit, or with `files` another record's store such as an activity's); for a
    new record the chosen files wait until it is saved (`commit`)."""

    def __init__(self, ctx: AppContext, visit_id: str | None, parent: QWidget | None = None,
                 files: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.files = files if files is not None else ctx.visits.files
        self.visit_id = visit_id
        self.pending: list[Path] = []
        self.list = QListWidget()
        self.list.setMaximumHeight(46)
        self.list.itemActivated.connect(self._open)
        add = QPushButton("添加附件…")
        add.clicked.connect(self._choose)
        remove = QPushButton("删除附件")
        remove.clicked.connect(self._remove)
        for b in (add, remove):
            b.setAutoDefault(False)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        if self.visit_id:
            for a in self.files.list(self.visit_id):
                item = QListWidgetItem(a.original_name)
                item.setData(Qt.ItemDataRole.UserRole, ("stored", a.id, str(a.path)))
                self.list.addItem(item)
        for p in self.pending:
            item = QListWidgetItem(f"{p.name}（保存后添加）")
            item.setData(Qt.ItemDataRole.UserRole, ("pending", "", str(p)))
            self.list.addItem(item)

    def add_files(self, paths: list[Path]) -> None:
        """Attach now (saved visit) or after saving (new visit)."""
        for p in paths:
            if self.visit_id:
                try:
                    self.files.add(self.visit_id, p)
                except KnownError as e:
                    show_error(self, e, "无法添加附件")
            else:
                self.pending.append(p)
        self._fill()

    def _choose(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择附件（来信照片、扫描件等）", "",
                                                "图片和文档 (*.jpg *.jpeg *.png *.pdf *.doc *.docx *.tif);;所有文件 (*)")
        self.add_files([Path(f) for f in files])

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        kind, aid, path = item.data(Qt.ItemDataRole.UserRole)
        if kind == "stored":
            self.files.remove(aid)
        else:
            self.pending = [p for p in self.pending if str(p) != path]
        self._fill()

    def _open(self, item: QListWidgetItem) -> None:
        _kind, _aid, path = item.data(Qt.ItemDataRole.UserRole)
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def commit(self, visit_id: str) -> None:
        """Attach the waiting files to the just-saved visit."""
        self.visit_id = visit_id
        pending, self.pending = self.pending, []
        self.add_files(pending)

    def reset(self) -> None:
        """Empty, for the next new visit."""
        self.visit_id, self.pending = None, []
        self._fill()
