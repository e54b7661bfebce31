"""The register's list through plain SQL into plain rows: what the 来访登记 tab shows before the ORM is loaded.

VisitService (service.py) adds every edit on top; the tab reads its pages and counts here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from liaison_desk.models.enums import Handling
from liaison_desk.services.base import Page, Service, like_pattern, text_match_sql
from liaison_desk.store.search import VISIT_BODY

OPEN_FOLLOWUP = "visit.handling = :other AND visit.followup_on IS NULL"


@dataclass(frozen=True, slots=True)
class VisitRow:
    """One line of the register table."""

    id: str
    visited_on: date
    channel: str
    visitor: str
    village: str
    headcount: int
    category: str
    summary: str
    deputies: str
    handling: str
    suggestion_id: str | None
    exclusion: str = ""
    repeat_of_id: str | None = None
    station_id: str | None = None  # the station that recorded it (a township database shows it)


@dataclass(frozen=True, slots=True)
class VisitFilter:
    query: str = ""
    start: date | None = None
    end: date | None = None
    channel: str | None = None
    category: str | None = None
    village: str | None = None
    handling: str | None = None
    deputy_id: str | None = None
    session_id: str | None = None
    exclude_id: str | None = None
    followup_open: bool = False  # handled 其他 and not yet reported back
    station_id: str | None = None  # one station of a township database


def body_sql() -> str:
    """The search body of table `visit`, qualified (what FTS indexes and what LIKE scans)."""
    return VISIT_BODY.replace("coalesce(", "coalesce(visit.")


class VisitListing(Service):
    """Pages and counts of the register (plain SQL through Database.read: neither SQLAlchemy nor the ORM)."""

    def where(self, f: VisitFilter) -> tuple[str, dict[str, Any]]:
        """SQL WHERE over table `visit` for a filter (public: the ledger and printing reuse it)."""
        clauses: list[str] = ["1=1"]
        params: dict[str, Any] = {}
        q = f.query.strip()
        if q and self.db.dialect == "postgresql":
            sql, p = text_match_sql("visit", VISIT_BODY, q, "postgresql")
            clauses.append(sql)
            params.update(p)
        elif len(q) >= 3:
            # The trigram index narrows the rows; LIKE over the same body then decides, so the result
            # equals a plain LIKE even where FTS5 folds case more widely (full-width letters, Greek …).
            sql, p = text_match_sql("visit", VISIT_BODY, q)
            clauses.append(f"{sql} AND ({body_sql()}) LIKE :like_q ESCAPE '\\'")
            params.update(p, like_q=like_pattern(q))
        elif q:
            # One or two characters: no trigram to use. Scanning the index's stored copy of the body
            # (kept equal to the expression by triggers) is 2–8× faster than rebuilding it per row.
            clauses.append("visit.rowid IN (SELECT rowid FROM visit_fts WHERE body LIKE :like_q ESCAPE '\\')")
            params["like_q"] = like_pattern(q)
        for name, col, op in (("start", "visited_on", ">="), ("end", "visited_on", "<=")):
            value = getattr(f, name)
            if value:
                clauses.append(f"visit.{col} {op} :{name}")
                params[name] = value.isoformat()
        if f.exclude_id:
            clauses.append("visit.id != :exclude_id")
            params["exclude_id"] = f.exclude_id
        for name in ("channel", "category", "village", "handling", "session_id", "station_id"):
            value = getattr(f, name)
            if value:
                clauses.append(f"visit.{name} = :{name}")
                params[name] = value
        if f.followup_open:
            clauses.append(OPEN_FOLLOWUP)
            params["other"] = Handling.OTHER.value
        if f.deputy_id:
            clauses.append("EXISTS (SELECT 1 FROM visitdeputy vd WHERE vd.visit_id = visit.id "
                           "AND vd.deputy_id = :dep)")
            params["dep"] = f.deputy_id
        return " AND ".join(clauses), params

    def count(self, f: VisitFilter = VisitFilter()) -> int:
        where, params = self.where(f)
        return int(self.db.read(f"SELECT COUNT(*) FROM visit WHERE {where}", params)[0][0])

    def list(self, f: VisitFilter = VisitFilter(), page: Page | None = None) -> list[VisitRow]:
        """Visits matching `f`, newest first."""
        where, params = self.where(f)
        limit = f"LIMIT {int(page.limit)} OFFSET {int(page.offset)}" if page else ""
        sql = f"""
            SELECT visit.id, visit.visited_on, visit.channel, visit.visitor_name, visit.village,
                   visit.headcount, visit.category, substr(visit.content, 1, 120) AS summary,
                   visit.handling, visit.suggestion_id, visit.exclusion, visit.repeat_of_id, visit.station_id,
                   (SELECT group_concat(d.name, '、') FROM visitdeputy vd JOIN deputy d
                     ON d.id = vd.deputy_id WHERE vd.visit_id = visit.id) AS names
            FROM visit WHERE {where}
            ORDER BY visit.visited_on DESC, visit.visited_time DESC, visit.id {limit}"""
        rows = self.db.read(sql, params)
        return [VisitRow(id=r.id, visited_on=date.fromisoformat(r.visited_on), channel=r.channel,
                         visitor=r.visitor_name, village=r.village, headcount=r.headcount,
                         category=r.category, summary=r.summary or "", deputies=r.names or "",
                         handling=r.handling, suggestion_id=r.suggestion_id, exclusion=r.exclusion,
                         repeat_of_id=r.repeat_of_id, station_id=r.station_id) for r in rows]

    def open_followups(self) -> int:
        """How many visits handled 其他 still wait for the answer of whoever they were passed to."""
        return int(self.db.read(f"SELECT COUNT(*) FROM visit WHERE {OPEN_FOLLOWUP}",
                                {"other": Handling.OTHER.value})[0][0])

