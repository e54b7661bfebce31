"""Menu actions and dialogs of the handoff capability, installed into the main window."""

from __future__ import annotations

from typing import Any


def install(window: Any) -> None:
    """Add this capability's actions to `window` (a MainWindow): menus, toolbar, start-up checks."""
