"""SQLModel tables and enums of the domain.

The table classes load on first use (`from liaison_desk.models import Deputy` loads them all and registers
every table on SQLModel.metadata; `load_all()` does the same explicitly). Importing the package itself, or
`liaison_desk.models.enums`, loads neither SQLModel nor pydantic: the window shows its first rows (plain
SQL) before the ORM is needed.
"""

from __future__ import annotations

import threading
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


# Held while the database stack (SQLAlchemy, SQLModel, the tables) or a module that needs it is imported for
# the first time. SQLAlchemy's packages import each other in circles: two threads importing it at once can
# each see the other's half-initialised module (ImportError "partially initialized module"). The window reads
# its first rows without the stack, then loads it in workers while the clerk may open a tab on the GUI
# thread, so every such first import goes through this lock.
IMPORT_LOCK = threading.RLock()
_loaded = False


def load_all() -> None:
    """Import every table module (SQLModel and SQLAlchemy with them): each table is then registered on
    SQLModel.metadata. Safe from any thread: one imports, the others wait for it."""
    global _loaded
    if _loaded:
        return
    import importlib

    with IMPORT_LOCK:
        for module in _MODULES:
            importlib.import_module(f"liaison_desk.models.{module}")
        _loaded = True


def import_module(name: str) -> Any:
    """`importlib.import_module(name)` under IMPORT_LOCK: for a module (a service, a screen) that may import
    the database stack for the first time, from whichever thread asks first."""
    import importlib
    import sys

    found = sys.modules.get(name)
    if found is not None:
        return found
    with IMPORT_LOCK:
        return importlib.import_module(name)


def metadata() -> Any:
    """SQLModel.metadata with every table registered on it (load_all first)."""
    load_all()
    from sqlmodel import SQLModel

    return SQLModel.metadata


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
