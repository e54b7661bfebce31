"""SQLModel tables and enums of the domain.

The table classes load on first use (`from liaison_desk.models import Deputy` loads them all and registers
every table on SQLModel.metadata; `load_all()` does the same explicitly). Importing the package itself, or
`liaison_desk.models.enums`, loads neither SQLModel nor pydantic: the window shows its first rows (plain
SQL) before the ORM is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


def load_all() -> None:
    """Import every table module: each table is then registered on SQLModel.metadata."""
    import importlib

    for module in _MODULES:
        importlib.import_module(f"liaison_desk.models.{module}")


_MODULES = ("base", "station", "deputy", "reception", "visit", "suggestion", "activity", "township")


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    load_all()
    import importlib

    for module in _MODULES:
        found = getattr(importlib.import_module(f"liaison_desk.models.{module}"), name, None)
        if found is not None:
            globals()[name] = found
            return found
    raise AttributeError(name)


__all__ = [
    "DEFAULT_STATION_NAME", "Activity", "ActivityAttendance", "Agency", "Attachment", "AuditEntry", "Category",
    "CongressMember", "Deputy", "DeputyGroup", "DeputyLevel", "ExchangeLog", "GroupMember", "Holiday", "MemberDeputy",
    "ReceptionSession", "Row", "ScoreRule", "SessionDeputy", "SessionOfficial", "Setting", "Station", "StatusChange",
    "Suggestion",
    "SuggestionAgency", "SuggestionDeputy", "SuggestionEvent", "TownshipFile", "TownshipIdMap", "TownshipMonth",
    "TownshipReview", "Unavailability", "Visit", "VisitDeputy",
    "new_id", "utcnow",
]
