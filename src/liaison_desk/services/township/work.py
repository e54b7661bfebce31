"""The township office's own work on the stations' matters: 交办, 督办, 回复 by the same lifecycle rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from liaison_desk.errors import NotFound
from liaison_desk.services.base import Service
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.deadlines import DeadlineService
from liaison_desk.services.suggestions.detail import SuggestionDetailService
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.services.township.match import normal
from liaison_desk.services.township.service import TownshipService
from liaison_desk.store.db import Database


@dataclass(frozen=True, slots=True)
class OverdueRow:
    """One overdue matter of any station: the township's one list."""

    id: str
    station: str
    number: str
    title: str
    agency: str
    deadline: date
    working_days_overdue: int

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "station": self.station, "number": self.number, "title": self.title,
                "agency": self.agency, "deadline": self.deadline.isoformat(),
                "working_days_overdue": self.working_days_overdue}


class TownshipWork(Service):
    """Each call checks this is a township database, then moves the record through LifecycleService."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.township = TownshipService(db)
        self.lifecycle = LifecycleService(db)
        self.details = SuggestionDetailService(db)

    def find(self, key: str, station: str | None = None) -> str:
        """A matter by id or number; a number shared by several stations needs the station (id or name)."""
        self.township.require()
        return self.details.resolve(key, self.township.station_id(station) if station else None)

    def agency(self, name: str) -> str:
        """An agency by id or name (spaces and full-width forms ignored, as when workbooks are matched)."""
        key = normal(name)
        hits = [a for a in StationService(self.db).agencies() if name.strip() == a.id or normal(a.name) == key]
        if not hits:
            raise NotFound(f"没有名为「{name}」的承办单位；先在「承办单位」中添加，或检查名称")
        return str(hits[0].id)

    def assign(self, sid: str, on: date, lead: str, co: Sequence[str] = (), deadline: date | None = None,
               note: str = "") -> date:
        """交办 a station's matter to agencies (names or ids); the deadline follows the station's rules."""
        self.township.require()
        return self.lifecycle.assign(sid, on, self.agency(lead), [self.agency(c) for c in co], deadline, note)

    def urge(self, sid: str, on: date, note: str) -> None:
        self.township.require()
        self.lifecycle.urge(sid, on, note)

    def reply(self, sid: str, on: date, result: str, reply_text: str) -> None:
        """The agency's reply and its 办理结果, recorded by the office."""
        self.township.require()
        self.lifecycle.reply(sid, on, result, reply_text)

    def overdue(self, on: date, station_id: str | None = None) -> list[OverdueRow]:
        """Every station's matters past their deadline (one station's with `station_id`), most overdue first."""
        self.township.require()
        names = StationService(self.db).names()
        return [OverdueRow(r.id, names.get(r.station_id or "", ""), r.number, r.title, r.agency, r.deadline,
                           r.working_days_overdue)
                for r in DeadlineService(self.db).overdue(on) if not station_id or r.station_id == station_id]
