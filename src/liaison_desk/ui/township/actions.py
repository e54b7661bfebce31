"""工具 → 乡镇汇总…: shown only when the open database is a township's (`township init`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from liaison_desk.ui.common import ops


def install(window: Any) -> None:
    """Ask off the GUI thread whether this is a township database; if so add the menu action."""
    township = window.ctx.workspace.township

    def add(info: Any) -> None:
        if info is None:
            return
        action = QAction(f"乡镇汇总（{info.name}）(&Z)…", window, triggered=lambda: open_dialog(window))
        action.setObjectName("actionTownship")
        window.tools_menu.insertAction(window.tools_menu.actions()[0] if window.tools_menu.actions() else None,
                                       action)
        window.township_action = action

    ops.run(window, lambda _p: township.info(), add)


def open_dialog(window: Any) -> None:
    from liaison_desk.ui.township.dialog import TownshipDialog

    ws = window.ctx.workspace
    TownshipDialog(ws.township, ws.reporting, window).exec()
