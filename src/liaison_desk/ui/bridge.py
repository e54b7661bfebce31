"""Turns the workspace's change notifications into a Qt signal delivered on the main thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from liaison_desk.services.workspace import Workspace


class Changes(QObject):
    """`changed(tables)` fires on the main thread after any service changed those tables."""

    changed = Signal(frozenset)
    _relay = Signal(frozenset)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace
        # Queued, so a notification from a worker thread (every write runs on one) arrives on the main thread.
        self._relay.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)
        workspace.subscribe(self._on_change)

    def _on_change(self, tables: frozenset[str]) -> None:
        self._relay.emit(tables)

    def detach(self) -> None:
        self._workspace.unsubscribe(self._on_change)
