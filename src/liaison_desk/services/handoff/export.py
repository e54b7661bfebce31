"""Select an export's rows: the period's rows of every sheet as cell values, streamed from SQLite."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from liaison_desk.models.enums import AgencyKind, CountyWord, EventKind, Level
from liaison_desk.privacy import mask_text
from liaison_desk.services.base import rowid
from liaison_desk.services.handoff.schema import NO, SHEETS, YES, Col, SheetSpec, exporter, identity
from liaison_desk.text import fmt_date

# A matter changed in the period: a step or event of its timeline (交办、督办、延期、回复 … each records one),
# a date of its own row, an agency assigned or returned, or any edit (updated_at, UTC, stored as text).
CHANGED_IN_PERIOD = (
    "assigned_on BETWEEN :p_start AND :p_end OR reply_on BETWEEN :p_start AND :p_end OR "
    "feedback_on BETWEEN :p_start AND :p_end OR archived_on BETWEEN :p_start AND :p_end OR "
    "(updated_at >= :p_from AND updated_at < :p_after) OR "
    "id IN (SELECT suggestion_id FROM suggestionevent WHERE happened_on BETWEEN :p_start AND :p_end OR "
    "(recorded_at >= :p_from AND recorded_at < :p_after)) OR "
    "id IN (SELECT suggestion_id FROM suggestionagency WHERE assigned_on BETWEEN :p_start AND :p_end OR "
    "returned_on BETWEEN :p_start AND :p_end)")


def _utc_bounds(start: date | None, end: date | None) -> tuple[str, str]:
    """The period's local days as stored UTC timestamps: [first moment, the moment after the last day)."""
    def utc(day: date) -> str:
        return datetime.combine(day, time()).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    first = utc(start) if start and start > date.min else "0001-01-01 00:00:00"
    after = utc(end + timedelta(days=1)) if end and end < date.max - timedelta(days=1) else "9999-12-31 23:59:59"
    return first, after


def where_for(spec: SheetSpec, start: date | None, end: date | None,
              changed_only: bool = False) -> tuple[str, dict[str, Any]]:
    """SQL condition selecting the rows of `spec` that belong to the period (children follow parents).

    Matters (意见建议) of a period: those registered in it or raised by its visits, and then either every
    matter still open in the period, or with `changed_only` only those that changed in it (CHANGED_IN_PERIOD)."""
    if start is None and end is None:
        return "1=1", {}
    params = {"p_start": (start or date.min).isoformat(), "p_end": (end or date.max).isoformat()}
    if spec.table == "suggestion":
        if changed_only:
            params["p_from"], params["p_after"] = _utc_bounds(start, end)
            touched = f"(registered_on <= :p_end AND ({CHANGED_IN_PERIOD}))"
        else:
            touched = "(registered_on <= :p_end AND (archived_on IS NULL OR archived_on >= :p_start))"
        return (f"(registered_on BETWEEN :p_start AND :p_end OR {touched} OR "
                "id IN (SELECT suggestion_id FROM visit WHERE visited_on BETWEEN :p_start AND :p_end))", params)
    if spec.table == "receptionsession":  # and the sessions the period's visits and activities belong to
        return ("(day BETWEEN :p_start AND :p_end OR "
                "id IN (SELECT session_id FROM visit WHERE visited_on BETWEEN :p_start AND :p_end) OR "
                "id IN (SELECT session_id FROM activity WHERE day BETWEEN :p_start AND :p_end))", params)
    if spec.date_field:
        return f"{spec.date_field} BETWEEN :p_start AND :p_end", params
    if spec.parent:
        fk, parent = spec.parent
        pw, pp = where_for(next(s for s in SHEETS if s.table == parent), start, end, changed_only)
        return f"{fk} IN (SELECT id FROM {parent} WHERE {pw})", pp
    if spec.table == "attachment":
        parts = []
        for s in SHEETS:
            if s.table in ("visit", "suggestion", "activity"):
                sw, sp = where_for(s, start, end, changed_only)
                params.update(sp)
                parts.append(f"owner_id IN (SELECT id FROM {s.table} WHERE {sw})")
        return "(" + " OR ".join(parts) + ")", params
    return "1=1", {}


def _order(spec: SheetSpec, dialect: str = "sqlite") -> str:
    """Dated ledgers by date, the roster in its order, everything else as entered (no sort needed)."""
    cols = [spec.date_field] if spec.date_field else []
    if spec.table == "deputy":
        cols = ["sort_order"]
    return ", ".join([*cols, rowid(dialect)])


SUMMARY_SCOPE = {"suggestion_title": "suggestion", "session_deputies": "receptionsession", "visit_deputies": "visit",
                 "activity_deputies": "activity", "suggestion_agencies": "suggestion", "timeline": "suggestion"}


class _Summaries:
    """Export-only summary columns (names of deputies, agencies, a readable timeline) for the period's rows."""

    def __init__(self, conn: Any, start: date | None, end: date | None, changed_only: bool = False) -> None:
        self.conn = conn
        self.start, self.end = start, end
        self.changed_only = changed_only
        self._cache: dict[str, dict[str, str]] = {}

    def scope(self, name: str) -> tuple[str, dict[str, Any]]:
        """`IN (SELECT id …)` restricting a summary to the rows exported in the period."""
        table = SUMMARY_SCOPE.get(name)
        if table is None or (self.start is None and self.end is None):
            return "", {}
        where, params = where_for(next(s for s in SHEETS if s.table == table), self.start, self.end,
                                  self.changed_only)
        return f" IN (SELECT id FROM {table} WHERE {where})", params

    def _pairs(self, sql: str, params: dict[str, Any]) -> dict[str, str]:
        out: dict[str, list[str]] = {}
        for key, val in self.conn.exec_driver_sql(sql, params):
            out.setdefault(key, []).append(val or "")
        return {k: "、".join(v) for k, v in out.items()}

    def get(self, name: str, spec: SheetSpec | None = None) -> dict[str, str]:
        if name not in self._cache:
            self._cache[name] = self._build(name)
        return self._cache[name]

    def _build(self, name: str) -> dict[str, str]:
        scope, p = self.scope(name)
        q = self.conn.exec_driver_sql
        if name == "deputy_name":
            return {k: v for k, v in q("SELECT id, name FROM deputy")}
        if name == "agency_name":
            return {k: v for k, v in q("SELECT id, name FROM agency")}
        if name == "suggestion_title":
            return {k: v for k, v in q(f"SELECT id, title FROM suggestion WHERE 1=1{' AND id' + scope if scope else ''}",
                                       p)}
        if name == "deputy_levels":
            levels = {lv.value: lv.short for lv in Level}
            out: dict[str, list[str]] = {}
            for k, v in q("SELECT deputy_id, level FROM deputylevel ORDER BY deputy_id, level"):
                out.setdefault(k, []).append(levels.get(v, v))
            return {k: "、".join(v) for k, v in out.items()}

        def cond(col: str) -> str:
            return f" WHERE {col}{scope}" if scope else ""

        if name == "session_deputies":
            return self._pairs("SELECT sd.session_id, d.name FROM sessiondeputy sd JOIN deputy d ON d.id = sd.deputy_id"
                               f"{cond('sd.session_id')}", p)
        if name == "visit_deputies":
            return self._pairs("SELECT vd.visit_id, d.name FROM visitdeputy vd JOIN deputy d ON d.id = vd.deputy_id"
                               f"{cond('vd.visit_id')}", p)
        if name == "activity_deputies":
            return self._pairs("SELECT a.activity_id, d.name FROM activityattendance a JOIN deputy d "
                               f"ON d.id = a.deputy_id WHERE a.status = 'present'{' AND a.activity_id' + scope if scope else ''}"
                               "", p)
        if name == "suggestion_agencies":
            return self._pairs("SELECT sa.suggestion_id, ag.name || CASE sa.role WHEN 'co' THEN '（协办）' ELSE '' END "
                               f"FROM suggestionagency sa JOIN agency ag ON ag.id = sa.agency_id{cond('sa.suggestion_id')} "
                               "ORDER BY sa.suggestion_id, sa.role DESC", p)
        if name == "timeline":
            agencies = self.get("agency_name")
            lines: dict[str, list[str]] = {}
            days: dict[str, str] = {}
            for sid, kind, day, note, agency_id in q(
                    f"SELECT suggestion_id, kind, happened_on, note, agency_id FROM suggestionevent{cond('suggestion_id')} "
                    "ORDER BY suggestion_id, happened_on, recorded_at", p):
                shown = days.get(day) or days.setdefault(day, fmt_date(date.fromisoformat(str(day)[:10])))
                extra = "，".join(x for x in (agencies.get(agency_id or "", ""), note or "") if x)
                lines.setdefault(sid, []).append(f"{shown} {EventKind.label_of(kind)}" +
                                                 (f"（{extra}）" if extra else ""))
            return {k: "；".join(v) for k, v in lines.items()}
        raise KeyError(name)


def _stamp(v: str | None) -> str | None:
    """Stored UTC text 2026-11-28 01:00:00.000000 → 2026-11-28T01:00:00+00:00 (datetime.isoformat of it)."""
    if not v:
        return None
    if len(v) == 26 and v.endswith(".000000"):
        return f"{v[:10]}T{v[11:19]}+00:00"
    return datetime.fromisoformat(v).replace(tzinfo=UTC).isoformat()


def _raw_converter(col: Col) -> Callable[[Any], Any]:
    """Stored SQLite text → cell value, without SQLAlchemy's result processing (the hot path of P5)."""
    kind = col.kind
    if kind == "date":
        return lambda v: date.fromisoformat(v) if v else None
    if kind == "time":  # 16:30:00.000000 → 16:30
        return lambda v: (v[:5] if v[6:8] == "00" else v[:8]) if v else None
    if kind == "stamp":
        return _stamp
    if kind == "bool":
        return lambda v: YES if v else NO
    return exporter(col)


def _summary_of(summary: Any) -> Callable[[Any], Any]:
    return lambda key: summary.get(key, "")


def _agency_of(names: Any) -> Callable[[Any], Any]:
    return lambda v: names.get(v or "", v or "")


def _masked(conv: Callable[[Any], Any], mask: Callable[[str], str]) -> Callable[[Any], Any]:
    return lambda v: mask(conv(v)) if v else conv(v)


def _masked_text(conv: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A summary's text with phone and ID numbers masked (a masked export masks free text too)."""
    return lambda key: mask_text(v) if isinstance(v := conv(key), str) else v


def _cell_values(spec: SheetSpec, sums: _Summaries, mask: bool, fields: list[str],
                 county_word: str = "县") -> Callable[[Any], list[Any]]:
    """A function turning one stored row (a tuple in `fields` order) into the sheet's cell values.

    The row's fields are picked in the sheet's column order in one call; only the columns whose stored value
    is not already the cell value are converted (dates, labels, summaries …; the hot path of P5)."""
    pos = {f: i for i, f in enumerate(fields)}
    picks: list[int] = []
    convs: list[tuple[int, Callable[[Any], Any]]] = []
    for j, col in enumerate(spec.columns):
        conv: Callable[[Any], Any]
        if col.derived:  # a summary of the row's deputy, matter or own id
            picks.append(pos["deputy_id" if col.derived == "deputy_name" else (
                "suggestion_id" if col.derived == "suggestion_title" else "id")])
            conv = _summary_of(sums.get(col.derived, spec))
            convs.append((j, _masked_text(conv) if mask else conv))
            continue
        picks.append(pos[col.key])
        if col.kind == "agency":
            convs.append((j, _agency_of(sums.get("agency_name", spec))))
            continue
        conv = _raw_converter(col)
        if col.kind is AgencyKind:  # 县人民法院 or 区人民法院, in the station's county-level word
            conv = functools.partial(AgencyKind.label_for, county_word=county_word)
        if mask and (col.mask is not None or col.kind == "text"):  # every text cell: numbers in free text
            conv = _masked(conv, col.mask or mask_text)
        if conv is not identity:
            convs.append((j, conv))
    assert len(picks) > 1  # every sheet ends with 编号, 版本 and the timestamps: itemgetter gives a tuple
    pick = operator.itemgetter(*picks)

    def values(r: Any) -> list[Any]:
        vals = list(pick(r))
        for j, conv in convs:
            vals[j] = conv(vals[j])
        return vals

    return values


@dataclass
class ExportData:
    """What an export writes, as plain values: the station, statistics, dropdown agencies and each sheet's rows."""

    conn: Any
    start: date | None
    end: date | None
    mask: bool
    station: tuple[str, str, str]
    stats: list[tuple[str, str, int | float | None]]
    agency_names: list[str]
    expected: int  # rows expected, for progress (exact for everything, an upper bound for a period)
    county_word: str = "县"  # the station's county-level word (县、区、市、旗) in labels and dropdowns
    changed_only: bool = False  # matters: only those changed in the period (a station's monthly handoff)

    def rows(self, spec: SheetSpec) -> Iterator[list[Any]]:
        """The sheet's rows in order, each as the cell values of `spec.columns`."""
        from liaison_desk.models import metadata
        from liaison_desk.store.orm import text

        where, params = where_for(spec, self.start, self.end, self.changed_only)
        fields = [c.name for c in metadata().tables[spec.table].c]
        quoted = ", ".join(f'"{f}"' for f in fields)  # "end" is a keyword on PostgreSQL
        sql = f"SELECT {quoted} FROM {spec.table} WHERE {where} ORDER BY {_order(spec, self.conn.dialect.name)}"
        if self.conn.dialect.name == "postgresql":  # through SQLAlchemy: SQLite-like values (store.server)
            cursor: Any = self.conn.execute(text(sql), params)
        else:
            raw = self.conn.connection.dbapi_connection
            assert raw is not None  # an open Connection always has its DB-API connection
            cursor = raw.execute(sql, params)  # plain tuples: the hot path of P5
        values = _cell_values(spec, self._sums, self.mask, fields, self.county_word)
        return (values(r) for r in cursor)

    def __post_init__(self) -> None:
        from liaison_desk.models import new_id

        self._sums = _Summaries(self.conn, self.start, self.end, self.changed_only)
        self.export_id = new_id()  # the 交换编号 written into the workbook and the exchange log


def select_rows(conn: Any, start: date | None, end: date | None, mask: bool,
                stats: list[tuple[str, str, int | float | None]], changed_only: bool = False) -> ExportData:
    """Everything an export of [start, end] needs, read in the caller's connection.

    With `changed_only` (a station's own handoff), matters come in only when they changed in the period —
    except in the station's first handoff (no earlier export ended before `start`), which carries every
    matter still open so the township starts from the whole list."""
    if changed_only and (start is None or not exported_before(conn, start)):
        changed_only = False
    station = conn.exec_driver_sql("SELECT name, township, county FROM station ORDER BY created_at LIMIT 1").first()
    agency_names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM agency WHERE active ORDER BY name")]
    word = conn.exec_driver_sql("SELECT county_word FROM station ORDER BY created_at LIMIT 1").scalar()
    county_word = CountyWord.label_of(word) or CountyWord.COUNTY.label
    expected = sum(selected_count(conn, s, start, end, changed_only) for s in SHEETS) or 1
    return ExportData(conn, start, end, mask, tuple(station) if station else ("", "", ""),
                      stats, agency_names, expected, county_word, changed_only)


def selected_count(conn: Any, spec: SheetSpec, start: date | None, end: date | None, changed_only: bool) -> int:
    """How many rows of `spec` the export of [start, end] writes (the progress bar's total)."""
    from liaison_desk.store.orm import text

    where, params = where_for(spec, start, end, changed_only)
    return int(conn.execute(text(f"SELECT COUNT(*) FROM {spec.table} WHERE {where}"), params).scalar_one())


def exported_before(conn: Any, start: date) -> bool:
    """Whether this station has already handed off a workbook whose period ended before `start` (or all)."""
    from liaison_desk.store.orm import text

    return conn.execute(text("SELECT 1 FROM exchangelog WHERE direction = 'export' AND "
                             "(period_end IS NULL OR period_end < :start) LIMIT 1"),
                        {"start": start.isoformat()}).first() is not None
