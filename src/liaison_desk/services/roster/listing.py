"""The roster's list through plain SQL into plain rows: what the 代表名册 tab shows before the ORM is loaded.

RosterService (service.py) adds every edit on top; the tab reads its pages, counts and filter entries here.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from liaison_desk.models.enums import DeputyStatus, Level
from liaison_desk.services.base import Page, Service
from liaison_desk.services.names import name_where

LEVEL_ORDER = {lv.value: i for i, lv in enumerate(Level)}


@dataclass(frozen=True, slots=True)
class DeputyRow:
    """One line of the roster table."""

    id: str
    name: str
    gender: str
    levels: tuple[str, ...]  # Level codes, most senior first
    group: str
    role: str
    work_unit: str
    post: str
    phone: str
    status: str
    photo: str
    station_id: str | None = None  # the deputy's station (a township database shows it)

    @property
    def levels_label(self) -> str:
        """"县、镇" — the levels held, short labels, most senior first."""
        return "、".join(Level(lv).short for lv in self.levels if lv in LEVEL_ORDER)


@dataclass(frozen=True, slots=True)
class DeputyFilter:
    query: str = ""
    level: str | None = None
    group_id: str | None = None
    status: str | None = None
    station_id: str | None = None  # one station of a township database


class RosterListing(Service):
    """Pages, counts and the filters' entries of the roster (plain SQL through Database.read: neither
    SQLAlchemy nor the ORM)."""

    def _where(self, f: DeputyFilter) -> tuple[str, dict[str, Any]]:
        clauses, params = ["1=1"], {}
        if f.query.strip():
            sql, p = name_where("d", f.query)
            clauses.append(sql)
            params.update(p)
        if f.level:
            clauses.append("EXISTS (SELECT 1 FROM deputylevel l WHERE l.deputy_id = d.id AND l.level = :lv)")
            params["lv"] = f.level
        if f.group_id:
            clauses.append("EXISTS (SELECT 1 FROM groupmember g WHERE g.deputy_id = d.id AND g.group_id = :gid)")
            params["gid"] = f.group_id
        if f.status:
            clauses.append("d.status = :st")
            params["st"] = f.status
        if f.station_id:
            clauses.append("d.station_id = :station_id")
            params["station_id"] = f.station_id
        return " AND ".join(clauses), params

    def count(self, f: DeputyFilter = DeputyFilter()) -> int:
        where, params = self._where(f)
        return int(self.db.read(f"SELECT COUNT(*) FROM deputy d WHERE {where}", params)[0][0])

    def list(self, f: DeputyFilter = DeputyFilter(), page: Page | None = None) -> list[DeputyRow]:
        """Deputies matching `f`, in roster order (sort order, then pinyin)."""
        where, params = self._where(f)
        limit = f"LIMIT {int(page.limit)} OFFSET {int(page.offset)}" if page else ""
        sql = f"""
            SELECT d.id, d.name, d.gender, d.work_unit, d.post, d.phone, d.status, d.photo, d.station_id,
                   (SELECT group_concat(level) FROM deputylevel l WHERE l.deputy_id = d.id) AS levels,
                   (SELECT g.name FROM groupmember m JOIN deputygroup g ON g.id = m.group_id
                     WHERE m.deputy_id = d.id LIMIT 1) AS grp,
                   (SELECT m.role FROM groupmember m WHERE m.deputy_id = d.id LIMIT 1) AS role
            FROM deputy d WHERE {where}
            ORDER BY d.sort_order, d.name_pinyin, d.id {limit}"""
        rows = self.db.read(sql, params)
        return [DeputyRow(id=r.id, name=r.name, gender=r.gender,
                          levels=tuple(sorted(set((r.levels or "").split(",")) - {""},
                                              key=lambda lv: LEVEL_ORDER.get(lv, 99))),
                          group=r.grp or "", role=r.role or "", work_unit=r.work_unit, post=r.post,
                          phone=r.phone, status=r.status, photo=r.photo, station_id=r.station_id) for r in rows]

    def level_counts(self) -> dict[str, int]:
        """Active deputies per level (a person at two levels counts at both)."""
        sql = """SELECT l.level, COUNT(DISTINCT l.deputy_id) FROM deputylevel l
                 JOIN deputy d ON d.id = l.deputy_id WHERE d.status = 'active' GROUP BY l.level"""
        return {lv: int(n) for lv, n in self.db.read(sql)}

    def groups(self) -> builtins.list[tuple[str, str]]:
        """(id, name) of every deputy group."""
        return [(r[0], r[1]) for r in self.db.read("SELECT id, name FROM deputygroup ORDER BY name")]

    def choices(self, query: str = "", active_only: bool = True, limit: int = 50) -> builtins.list[tuple[str, str]]:
        """(id, "name（levels）") for pickers: the same matcher as the roster search."""
        rows = self.list(DeputyFilter(query=query, status=DeputyStatus.ACTIVE.value if active_only else None),
                         Page(0, limit))
        return [(r.id, f"{r.name}（{r.levels_label}）" if r.levels else r.name) for r in rows]
