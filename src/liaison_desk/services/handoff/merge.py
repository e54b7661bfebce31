"""Merging one returned row with the station's row: township changes, station-owned edits, conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liaison_desk.services.handoff.rows import WbRow, WbSheet
from liaison_desk.services.handoff.schema import TOWNSHIP, Col, exporter, same
from liaison_desk.text import fmt_date

BOOKKEEPING = {"id", "version", "created_at", "updated_at"}
LABEL_FIELDS = ("name", "title", "number", "visitor_name", "term", "reason", "happened_on", "day", "visited_on")


@dataclass(frozen=True)
class FieldChange:
    """One cell that differs: column header, the station's value and the workbook's (both as shown)."""

    column: str
    station: str
    workbook: str

    def as_dict(self) -> dict[str, str]:
        return {"column": self.column, "station": self.station, "workbook": self.workbook}


@dataclass
class NewRow:
    sheet: str
    row: int
    table: str
    values: dict[str, Any]
    restored: bool = False  # carried its id from another database's workbook


@dataclass
class RowChange:
    """A row whose township-owned fields changed (applied), or whose station-owned fields changed (listed)."""

    sheet: str
    row: int
    table: str
    id: str
    label: str
    fields: list[FieldChange]
    updates: dict[str, Any] = field(default_factory=dict)
    old: dict[str, Any] = field(default_factory=dict)  # the station's values of the updated fields

    @property
    def key(self) -> str:
        return f"{self.table}:{self.id}"

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "id": self.id, "label": self.label,
                "fields": [f.as_dict() for f in self.fields]}


class Conflict(RowChange):
    """Both sides changed the row since the export: the clerk chooses 保留本站 or 采用台账."""


def display(col: Col, value: Any, agency_names: dict[str, str] | None = None) -> str:
    """A value as the clerk reads it (labels, Chinese dates, 是/否)."""
    if value is None or value == "":
        return "（空）"
    if col.kind == "agency":
        return (agency_names or {}).get(value, str(value))
    shown = exporter(col)(value)
    if isinstance(shown, date):
        return fmt_date(shown)
    return str(shown)


def row_label(values: dict[str, Any]) -> str:
    for f in LABEL_FIELDS:
        v = values.get(f)
        if v:
            return str(v)
    return ""


def compare_row(ws: WbSheet, r: WbRow, stored: dict[str, Any],
                agency_names: dict[str, str] | None = None) -> tuple[str, RowChange | None]:
    """("changed" | "conflict" | "unchanged", details) for a workbook row that exists in the database.

    The station changed the row since the export when its version is above the one in the workbook;
    station-owned differences are then the station's own edits and are not listed.
    """
    wb_version = r.values.get("version")
    station_changed = wb_version is None or int(stored["version"]) > int(wb_version)
    town: list[FieldChange] = []
    updates: dict[str, Any] = {}
    station: list[FieldChange] = []
    for c in ws.present:
        f = c.field
        if f is None or f in BOOKKEEPING or f not in r.values:
            continue
        if same(c, stored.get(f), r.values[f]):
            continue
        change = FieldChange(ws.labels.get(f, c.header), display(c, stored.get(f), agency_names),
                             display(c, r.values[f], agency_names))
        if c.owner == TOWNSHIP:
            town.append(change)
            updates[f] = r.values[f]
        else:
            station.append(change)
    label = row_label(stored)
    spec = ws.spec
    if town:
        cls = Conflict if station_changed else RowChange
        return ("conflict" if station_changed else "changed",
                cls(spec.name, r.row, spec.table, r.id or "", label, town, updates,
                    {f: stored.get(f) for f in updates}))
    if station and not station_changed:
        return "unchanged", RowChange(spec.name, r.row, spec.table, r.id or "", label, station)
    return "unchanged", None


def station_edits(ws: WbSheet, r: WbRow, stored: dict[str, Any],
                  agency_names: dict[str, str] | None = None) -> RowChange | None:
    """The township's edits to station-owned columns of a row the station has not changed since the
    export (they are not imported, but listed in the preview even when the row has township edits too)."""
    wb_version = r.values.get("version")
    if wb_version is None or int(stored["version"]) > int(wb_version):
        return None
    fields = [FieldChange(ws.labels.get(c.field, c.header), display(c, stored.get(c.field), agency_names),
                          display(c, r.values[c.field], agency_names))
              for c in ws.present if c.field is not None and c.field not in BOOKKEEPING
              and c.owner != TOWNSHIP and c.field in r.values and not same(c, stored.get(c.field), r.values[c.field])]
    return RowChange(ws.spec.name, r.row, ws.spec.table, r.id or "", row_label(stored), fields) if fields else None
