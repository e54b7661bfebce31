"""Everything a screen needs: the services of the open workspace and the change signal — nothing of store/."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from liaison_desk.ui.bridge import Changes

if TYPE_CHECKING:
    from liaison_desk.services.activities.checks import ActivityChecks
    from liaison_desk.services.activities.files import ActivityFiles
    from liaison_desk.services.activities.members import MemberService
    from liaison_desk.services.activities.scores import ScoreService
    from liaison_desk.services.activities.service import ActivityService
    from liaison_desk.services.audit import AuditService
    from liaison_desk.services.calendar import HolidayService
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.services.masking import MaskingService
    from liaison_desk.services.reports.papers import PapersService
    from liaison_desk.services.reports.series import YearSeriesService
    from liaison_desk.services.reports.stats import StatsService
    from liaison_desk.services.roster.listing import RosterListing
    from liaison_desk.services.roster.service import RosterService
    from liaison_desk.services.safety.service import SafetyService
    from liaison_desk.services.schedule.frequency import FrequencyService
    from liaison_desk.services.schedule.notices import NoticeService
    from liaison_desk.services.schedule.rota import RotaService
    from liaison_desk.services.schedule.service import ScheduleService
    from liaison_desk.services.schedule.unavailable import AbsenceService
    from liaison_desk.services.station import StationService
    from liaison_desk.services.suggestions.deadlines import DeadlineService
    from liaison_desk.services.suggestions.detail import SuggestionDetailService
    from liaison_desk.services.suggestions.letters import LetterService
    from liaison_desk.services.suggestions.lifecycle import LifecycleService
    from liaison_desk.services.suggestions.service import SuggestionService
    from liaison_desk.services.visits.listing import VisitListing
    from liaison_desk.services.visits.service import VisitService
    from liaison_desk.services.workspace import Photos, ScheduleRules, Workspace


class AppContext:
    """Handed to every tab and dialog; screens reach data only through the workspace's services
    (`ctx.roster`, `ctx.visits`, …), and run them through ui.common.ops, off the GUI thread."""

    # The workspace's services, by the same names; each is built on first use (Workspace.__getattr__), so a
    # tab that only lists imports no ORM.
    SERVICES = frozenset({
        "roster_list", "visit_list", "roster", "schedule", "visits", "suggestions", "station", "deadlines", "lifecycle", "details", "bodies", "letters", "safety", "audit", "absences", "holidays", "rota", "frequency", "notices", "handoff", "rules", "photos", "activities", "activity_files", "activity_checks", "members", "scores", "stats", "year_series", "papers", "masking"})

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.changes = Changes(workspace)

    def __getattr__(self, name: str) -> Any:
        if name in AppContext.SERVICES:
            return getattr(self.workspace, name)
        raise AttributeError(name)

    if TYPE_CHECKING:
        roster_list: RosterListing
        visit_list: VisitListing
        roster: RosterService
        schedule: ScheduleService
        visits: VisitService
        suggestions: SuggestionService
        station: StationService
        deadlines: DeadlineService
        lifecycle: LifecycleService
        details: SuggestionDetailService
        bodies: Any
        letters: LetterService
        safety: SafetyService
        audit: AuditService
        absences: AbsenceService
        holidays: HolidayService
        rota: RotaService
        frequency: FrequencyService
        notices: NoticeService
        handoff: HandoffService
        rules: ScheduleRules
        photos: Photos
        activities: ActivityService
        activity_files: ActivityFiles
        activity_checks: ActivityChecks
        members: MemberService
        scores: ScoreService
        stats: StatsService
        year_series: YearSeriesService
        papers: PapersService
        masking: MaskingService

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
