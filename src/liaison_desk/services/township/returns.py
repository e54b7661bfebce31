"""A station's returned workbook from the township database: that station's records only, in its own ids."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.models.enums import EventKind, ReportState
from liaison_desk.services.base import Service
from liaison_desk.services.handoff.export import ExportData, select_rows
from liaison_desk.services.handoff.schema import SHEETS, STATION_COL, SheetSpec
from liaison_desk.services.township.service import TownshipService
from liaison_desk.services.township.status import ReportingService
from liaison_desk.text import fmt_month

NOT_RETURNED = ("category", "holiday", "attachment")  # one per database, or files that stay at the station


class ReturnData(ExportData):
    """ExportData filtered to one station and translated back to the ids the station minted.

    A station's rows are those carrying its station id, the agencies and deputies it was matched to,
    and the children of those. Reply events are left out: the station's import records each reply
    itself through LifecycleService from the suggestion's reply columns.
    """

    station_id: str
    keep: dict[str, set[str]]
    back: dict[str, str]

    def rows(self, spec: SheetSpec) -> Iterator[list[Any]]:
        cols = spec.columns
        if spec.table in NOT_RETURNED:
            return
        pos_station = next((i for i, c in enumerate(cols) if c.field == STATION_COL.field), None)  # shown as its own
        idp = next(i for i, c in enumerate(cols) if c.field == "id")
        translate = [i for i, c in enumerate(cols) if c.kind in ("ref:deputy", "ref:agency")]
        if spec.table in ("deputy", "agency"):
            translate.append(idp)
        parent = next((i for i, c in enumerate(cols) if spec.parent and c.field == spec.parent[0]), None)
        kind_pos = next((i for i, c in enumerate(cols) if c.field == "kind"), None)
        keep = self.keep.get(spec.table)
        parents = self.keep.get(spec.parent[1], set()) if spec.parent else set()
        back, sid = self.back, self.station_id

        def mine(r: list[Any]) -> bool:
            if keep is not None:
                return r[idp] in keep
            return parent is not None and r[parent] in parents

        def out(r: list[Any]) -> list[Any]:
            for i in translate:
                r[i] = back.get(r[i], r[i])
            if pos_station is not None:
                r[pos_station] = sid
            return r

        reply = EventKind.REPLIED.label
        for r in super().rows(spec):
            if mine(r) and not (spec.table == "suggestionevent" and kind_pos is not None and r[kind_pos] == reply):
                yield out(r)


class ReturnService(Service):
    """Select what goes back to one station."""

    @contextmanager
    def return_rows(self, station: str, start: date | None, end: date | None) -> Iterator[ReturnData]:
        """The station's rows of [start, end] as ExportData, streamed from one read transaction."""
        ts = TownshipService(self.db)
        ts.require()
        sid = ts.station_id(station)
        notes = self._decisions(sid, start, end)
        with self.db.engine.connect() as conn:
            q = conn.exec_driver_sql
            maps = list(q("SELECT table_name, local_id, township_id FROM townshipidmap WHERE station_id = ?", (sid,)))
            keep: dict[str, set[str]] = {"station": {sid}}
            keep["deputy"] = {t for tab, _, t in maps if tab == "deputy"} | {
                r[0] for r in q("SELECT id FROM deputy WHERE station_id = ?", (sid,))}
            keep["agency"] = {t for tab, _, t in maps if tab == "agency"} | {  # and those the township assigned
                r[0] for r in q("SELECT sa.agency_id FROM suggestionagency sa JOIN suggestion g ON g.id = sa.suggestion_id "
                                "WHERE g.station_id = ?", (sid,))}
            back = {t: loc for _, loc, t in maps}
            base = select_rows(conn, start, end, False, notes)
            for spec in SHEETS:
                if spec.table not in keep and STATION_COL in spec.cols:
                    keep[spec.table] = {r[0] for r in q(f"SELECT id FROM {spec.table} WHERE station_id = ?", (sid,))}  # noqa: S608
            names = [r[1] for r in q("SELECT id, name FROM agency WHERE active ORDER BY name") if r[0] in keep["agency"]]
            data = ReturnData(conn, start, end, False, self._station(conn, sid), notes, names, base.expected)
            data.station_id, data.keep, data.back = sid, keep, back
            yield data

    @staticmethod
    def _station(conn: Any, sid: str) -> tuple[str, str, str]:
        row = conn.exec_driver_sql("SELECT name, township, county FROM station WHERE id = ?", (sid,)).first()
        if row is None:
            raise KnownError("汇总库中没有这个联络站")
        return (row[0], row[1], row[2])

    def _decisions(self, sid: str, start: date | None, end: date | None) -> list[tuple[str, str, int | float | None]]:
        """The office's approvals of the months returned, shown in the workbook's 统计 sheet."""
        rows: list[tuple[str, str, int | float | None]] = []
        years = range(start.year, end.year + 1) if start and end else ()
        for y in years:
            for cell in ReportingService(self.db).status(y, today=date(y, 12, 31)):
                if cell.station_id != sid or cell.state not in (ReportState.APPROVED, ReportState.SENT_BACK):
                    continue
                if start and end and not (start.strftime("%Y-%m") <= cell.month <= end.strftime("%Y-%m")):
                    continue
                rows.append(("乡镇审核", f"{fmt_month(cell.month)} {cell.state.label}" + (f"：{cell.note}" if cell.note else ""), None))
        return rows
