"""SQLModel tables and enums of the domain; importing this package registers every table."""

from liaison_desk.models.activity import (
    Activity,
    ActivityAttendance,
    AuditEntry,
    CongressMember,
    ExchangeLog,
    MemberDeputy,
    ScoreRule,
)
from liaison_desk.models.base import Row, new_id, utcnow
from liaison_desk.models.deputy import (
    Deputy,
    DeputyGroup,
    DeputyLevel,
    GroupMember,
    StatusChange,
    Unavailability,
)
from liaison_desk.models.reception import ReceptionSession, SessionDeputy, SessionOfficial
from liaison_desk.models.station import DEFAULT_STATION_NAME, Agency, Category, Holiday, Setting, Station
from liaison_desk.models.suggestion import Suggestion, SuggestionAgency, SuggestionDeputy, SuggestionEvent
from liaison_desk.models.township import TownshipFile, TownshipIdMap, TownshipMonth, TownshipReview
from liaison_desk.models.visit import Attachment, Visit, VisitDeputy

__all__ = [
    "DEFAULT_STATION_NAME", "Activity", "ActivityAttendance", "Agency", "Attachment", "AuditEntry", "Category",
    "CongressMember", "Deputy", "DeputyGroup", "DeputyLevel", "ExchangeLog", "GroupMember", "Holiday", "MemberDeputy",
    "ReceptionSession", "Row", "ScoreRule", "SessionDeputy", "SessionOfficial", "Setting", "Station", "StatusChange",
    "Suggestion",
    "SuggestionAgency", "SuggestionDeputy", "SuggestionEvent", "TownshipFile", "TownshipIdMap", "TownshipMonth",
    "TownshipReview", "Unavailability", "Visit", "VisitDeputy",
    "new_id", "utcnow",
]
