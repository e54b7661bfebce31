"""工具 → 乡镇汇总…: shown only when the open database is a township's (`township init`)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtGui import QAction

from liaison_desk.ui.common import ops


def install(window: Any) -> None:
    """Ask off the GUI thread whether this is a township database; if so add the menu action."""
    township = window.ctx.workspace.township

    def add(found: tuple[Any, list[tuple[str, str]]]) -> None:
        info, stations = found
        if info is None:
            return
        window.township_stations = stations
        for tab in window.built_tabs():  # every list gets its 联络站 column and filter (the others when built)
            tab.enable_stations(stations)
        window.restore_headers()
        window.ctx.changes.changed.connect(lambda tables: _stations_changed(window, tables))
        action = QAction(f"乡镇汇总（{info.name}）(&Z)…", window, triggered=lambda: open_dialog(window))
        action.setObjectName("actionTownship")
        window.tools_menu.insertAction(window.tools_menu.actions()[0] if window.tools_menu.actions() else None,
                                       action)
        window.township_action = action

    def find(_p: Any) -> tuple[Any, list[tuple[str, str]]]:
        info = township.info()
        return info, ([(r.id, r.name) for r in township.stations()] if info is not None else [])

    ops.run(window, find, add)


def _stations_changed(window: Any, tables: frozenset[str]) -> None:
    """A workbook added a station: the lists' filters learn its name."""
    if not shiboken6.isValid(window) or not tables & {"station", "townshipfile"}:
        return
    township = window.ctx.workspace.township

    def fill(stations: list[tuple[str, str]]) -> None:
        window.township_stations = stations
        for tab in window.tab_list:
            tab.enable_stations(stations)

    ops.run(window, lambda _p: [(r.id, r.name) for r in township.stations()], fill)


def open_dialog(window: Any) -> None:
    from liaison_desk.ui.township.dialog import TownshipDialog

    ws = window.ctx.workspace
    TownshipDialog(ws.township, ws.reporting, window, ws.township_stats).exec()
