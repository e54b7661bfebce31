"""本站信息 in the window: the 工具 menu entry, the first-start form, the title and the read-only warning."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from liaison_desk import APP_NAME
from liaison_desk.errors import READ_ONLY, READ_ONLY_HINT


class StationActions(QObject):
    """What `install` adds to a MainWindow for 本站信息 (a child of the window: its slots die with it)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.edit_action = QAction("本站信息(&S)…", window, triggered=self.edit)
        self.edit_action.setStatusTip("联络站名称、地址、乘车路线、站长、联络员、电话、所在县（区）")

    def edit(self, first_start: bool = False) -> bool:
        from liaison_desk.ui.station.dialog import StationDialog

        dialog = StationDialog(self.window.ctx.station, first_start=first_start, parent=self.window)
        return bool(dialog.exec())

    def ask_on_first_start(self) -> None:
        """The first start of a database without 本站信息: the short form, once (skippable)."""
        if not self.window.ctx.workspace.read_only and self.window.ctx.station.setup_pending():
            self.edit(first_start=True)

    def refresh_title(self, tables: frozenset[str] = frozenset({"station"})) -> None:
        if "station" in tables:
            suffix = "（只读）" if self.window.ctx.workspace.read_only else ""
            self.window.setWindowTitle(f"{APP_NAME} — {self.window.ctx.station.station_name()}{suffix}")


def read_only_label() -> QLabel:
    """The lasting status-bar warning of a database on a write-protected medium."""
    label = QLabel("只读：不能修改")
    label.setObjectName("readOnlyWarning")
    label.setStyleSheet("color: #c0392b; font-weight: bold;")
    label.setToolTip(f"{READ_ONLY}。{READ_ONLY_HINT}")
    return label


def install(window: Any) -> None:
    """Add 工具 → 本站信息, keep the title in step with the station's name, warn when read-only."""
    actions = StationActions(window)
    window.station_actions = actions
    window.tools_menu.addAction(actions.edit_action)
    window.ctx.changes.changed.connect(actions.refresh_title)
    actions.refresh_title()
    if window.ctx.workspace.read_only:
        window.statusBar().addPermanentWidget(read_only_label())
