"""Everything a screen needs: the database, every service, and the change signal."""

from __future__ import annotations

from dataclasses import dataclass, field

from liaison_desk.services.roster.service import RosterService
from liaison_desk.services.schedule.service import ScheduleService
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.service import SuggestionService
from liaison_desk.services.visits.service import VisitService
from liaison_desk.store.db import Database
from liaison_desk.ui.bridge import Changes


@dataclass
class AppContext:
    """Handed to every tab and dialog; screens reach data only through these services."""

    db: Database
    changes: Changes = field(init=False)
    roster: RosterService = field(init=False)
    schedule: ScheduleService = field(init=False)
    visits: VisitService = field(init=False)
    suggestions: SuggestionService = field(init=False)
    station: StationService = field(init=False)

    def __post_init__(self) -> None:
        self.changes = Changes(self.db)
        self.roster = RosterService(self.db)
        self.schedule = ScheduleService(self.db)
        self.visits = VisitService(self.db)
        self.suggestions = SuggestionService(self.db)
        self.station = StationService(self.db)
