"""Turns the database's change notifications into a Qt signal delivered on the main thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from liaison_desk.store.db import Database


class Changes(QObject):
    """`changed(tables)` fires on the main thread after any service changed those tables."""

    changed = Signal(frozenset)
    _relay = Signal(frozenset)

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        # Queued, so a notification from a worker thread still arrives on the main thread.
        self._relay.connect(self.changed.emit, Qt.ConnectionType.QueuedConnection)
        db.subscribe(self._on_change)

    def _on_change(self, tables: frozenset[str]) -> None:
        self._relay.emit(tables)

    def detach(self) -> None:
        self._db.unsubscribe(self._on_change)
