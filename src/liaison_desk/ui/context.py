"""Everything a screen needs: the services of the open workspace and the change signal — nothing of store/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liaison_desk.ui.bridge import Changes

if TYPE_CHECKING:
    from liaison_desk.services.workspace import Workspace


class AppContext:
    """Handed to every tab and dialog; screens reach data only through the workspace's services
    (`ctx.roster`, `ctx.visits`, …), and run them through ui.common.ops, off the GUI thread."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.changes = Changes(workspace)
        self.roster = workspace.roster
        self.schedule = workspace.schedule
        self.visits = workspace.visits
        self.suggestions = workspace.suggestions
        self.station = workspace.station
        self.deadlines = workspace.deadlines
        self.lifecycle = workspace.lifecycle
        self.details = workspace.details
        self.bodies = workspace.bodies
        self.letters = workspace.letters
        self.safety = workspace.safety
        self.audit = workspace.audit
        self.absences = workspace.absences
        self.holidays = workspace.holidays
        self.rota = workspace.rota
        self.frequency = workspace.frequency
        self.notices = workspace.notices
        self.handoff = workspace.handoff
        self.rules = workspace.rules
        self.photos = workspace.photos
        self.activities = workspace.activities
        self.activity_files = workspace.activity_files
        self.activity_checks = workspace.activity_checks
        self.members = workspace.members
        self.scores = workspace.scores
        self.stats = workspace.stats
        self.year_series = workspace.year_series
        self.papers = workspace.papers
        self.masking = workspace.masking

    @property
    def db(self) -> Any:
        """The open database, only for the formats (ledger/, printing/) that still take one."""
        return self.workspace.db

    @property
    def operator(self) -> str:
        return self.workspace.operator

    @operator.setter
    def operator(self, name: str) -> None:
        self.workspace.operator = name
