"""Everything a screen needs: the services of the open workspace and the change signal — nothing of store/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liaison_desk.ui.bridge import Changes

if TYPE_CHECKING:  # to the type checker a context has every service of the workspace it wraps
    from liaison_desk.services.workspace import Workspace

    _Services = Workspace
else:
    _Services = object


class AppContext(_Services):
    """Handed to every tab and dialog; screens reach data only through the workspace's services
    (`ctx.roster`, `ctx.visits`, …), and run them through ui.common.ops, off the GUI thread.

    Every name the context does not hold itself is the workspace's: each service is built on its first use
    (Workspace.__getattr__), so a tab that only lists imports no ORM."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.changes = Changes(workspace)

    def __getattr__(self, name: str) -> Any:
        if name == "workspace":  # not set yet (copy, pickle): never recurse
            raise AttributeError(name)
        return getattr(self.workspace, name)

    @property
    def operator(self) -> str:
        return self.workspace.operator

    @operator.setter
    def operator(self, name: str) -> None:
        self.workspace.operator = name
