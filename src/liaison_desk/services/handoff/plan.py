"""Plan the import of a returned handoff workbook: new rows, township changes, conflicts and errors."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import ValidationError
from liaison_desk.models import metadata
from liaison_desk.services.handoff.merge import Conflict, NewRow, RowChange, compare_row, station_edits
from liaison_desk.services.handoff.rows import Issue, ParsedWorkbook, WbSheet
from liaison_desk.services.handoff.schema import SHEETS, TOWNSHIP
from liaison_desk.services.names import pinyin_keys
from liaison_desk.services.validate import normalize_id_number, normalize_phone
from liaison_desk.store.db import Database

CHUNK = 500
STATION_TABLES = {t.name for t in metadata().sorted_tables if "station_id" in t.c}
# what a row the township adds must have filled in
REQUIRED_NEW = {"deputy": ("name",), "agency": ("name", "kind"), "deputylevel": ("level",),
                "statuschange": ("status",), "suggestionagency": ("agency_id",)}


@dataclass
class ImportPlan:
    """What importing a workbook would do; nothing is written until apply_handoff."""

    path: Path
    sha256: str
    export_id: str
    known_export: bool  # this database wrote the workbook
    new: list[NewRow] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    station_changes: list[RowChange] = field(default_factory=list)  # listed, not applied
    skipped: list[Issue] = field(default_factory=list)  # rows not imported, with the reason
    errors: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, Any]:
        """The `handoff import --json` shape."""
        return {"new": len(self.new), "changed": len(self.changed), "unchanged": self.unchanged,
                "conflicts": [c.as_dict() for c in self.conflicts],
                "errors": [e.as_dict() for e in self.errors],
                "station_changes": [c.as_dict() for c in self.station_changes],
                "skipped": [s.as_dict() for s in self.skipped]}


@dataclass(frozen=True)
class ImportResult:
    new: int
    changed: int
    conflicts_taken: int
    backup: Path | None


def _fetch(conn: Any, table: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored rows with these ids (typed by SQLAlchemy); a whole-table read when that is cheaper."""
    from sqlalchemy import bindparam, select

    t = metadata().tables[table]
    ids = set(ids)
    if not ids:
        return {}
    stored = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()
    out: dict[str, dict[str, Any]] = {}
    if not stored:
        return out
    if stored <= 4 * len(ids):
        for r in conn.execute(select(t)).mappings():
            if r["id"] in ids:
                out[r["id"]] = dict(r)
        return out
    stmt = select(t).where(t.c.id.in_(bindparam("ids", expanding=True)))
    id_list = list(ids)
    for i in range(0, len(id_list), CHUNK):
        for r in conn.execute(stmt, {"ids": id_list[i:i + CHUNK]}).mappings():
            out[r["id"]] = dict(r)
    return out


def _existing_ids(conn: Any, table: str, ids: set[str]) -> set[str]:
    """Which of `ids` are rows of `table` (ids only)."""
    if not ids:
        return set()
    stored = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()
    if not stored:
        return set()
    if stored <= 4 * len(ids):
        return {r[0] for r in conn.exec_driver_sql(f"SELECT id FROM {table}")} & ids
    found: set[str] = set()
    id_list = list(ids)
    for i in range(0, len(id_list), CHUNK):
        part = id_list[i:i + CHUNK]
        found |= {r[0] for r in conn.exec_driver_sql(
            f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(part))})", tuple(part))}
    return found


def plan_import(db: Database, parsed: ParsedWorkbook) -> ImportPlan:
    """Check a returned workbook's rows against the database: the preview of new/changed/conflicts/errors.

    Nothing is written: the replies the workbook records are tried through LifecycleService in a
    transaction that is rolled back, so a reply the window would refuse is an error of the plan.
    """
    with db.engine.connect() as conn:
        known = parsed.info.export_id != "" and conn.exec_driver_sql(
            "SELECT 1 FROM exchangelog WHERE direction IN ('export', 'pending') AND export_id = ?",
            (parsed.info.export_id,)
        ).first() is not None
        plan = ImportPlan(parsed.path, parsed.sha256, parsed.info.export_id, known, errors=list(parsed.issues))
        agencies = _agency_names(conn, parsed, plan)
        deleted = {r[0] for r in conn.exec_driver_sql("SELECT record_id FROM auditentry WHERE action = 'delete'")}
        station_id = conn.exec_driver_sql("SELECT id FROM station ORDER BY created_at LIMIT 1").scalar()
        for spec in SHEETS:
            ws = parsed.sheets.get(spec.table)
            if ws is not None:
                _plan_sheet(conn, plan, parsed, ws, agencies, deleted, station_id)
        _check_refs(conn, plan, parsed)
        _check_reply_dates(conn, plan)
    if not plan.errors:
        _check_replies(db, plan)
    return plan


def _check_reply_dates(conn: Any, plan: ImportPlan) -> None:
    """A reply date edited where the station had one already, or in a row taken over whole, may not come
    before the matter's registration (a new reply is checked by LifecycleService, below)."""
    from liaison_desk.services.handoff.replies import reply_of
    from liaison_desk.text import fmt_date

    rows: list[tuple[str, int, str | None, dict[str, Any]]] = [(c.sheet, c.row, c.id, c.updates) for c in plan.changed
            if c.table == "suggestion" and c.updates.get("reply_on") and reply_of(c) is None]
    rows += [(n.sheet, n.row, None, n.values) for n in plan.new if n.table == "suggestion" and n.values.get("reply_on")]
    for sheet, row, sid, values in rows:
        registered = values.get("registered_on")
        if registered is None and sid is not None:
            stored = conn.exec_driver_sql("SELECT registered_on FROM suggestion WHERE id = ?", (sid,)).scalar()
            registered = date.fromisoformat(str(stored)[:10]) if stored else None
        if registered is not None and values["reply_on"] < registered:
            plan.errors.append(Issue(sheet, row, "回复日期", f"{fmt_date(values['reply_on'])}早于「登记日期」"
                                                         f"{fmt_date(registered)}，请核对"))


def _check_replies(db: Database, plan: ImportPlan) -> None:
    """Try every 交办 and reply the plan would record, as the window would, and roll back; refusals become
    errors. The plan's new rows (the agencies a 交办 links) are inserted first, as the import does."""
    from liaison_desk.services.handoff.replies import apply_steps, assignment_of, reply_of
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.store.orm import Session

    steps = [c for c in plan.changed if reply_of(c) is not None or assignment_of(c) is not None]
    if not steps:
        return
    with Session(db.engine) as s:
        try:
            if any(assignment_of(c) is not None for c in steps):
                conn = s.connection()
                conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                HandoffService._insert_new(conn, plan, set(), None, 1)
            for change in steps:
                try:
                    with s.begin_nested():
                        apply_steps(db, s, change)
                except ValidationError as e:
                    first = "交办日期" if assignment_of(change) is not None else "回复日期"
                    plan.errors.append(Issue(change.sheet, change.row, e.column or first, e.message))
        finally:
            s.rollback()


def _agency_names(conn: Any, parsed: ParsedWorkbook, plan: ImportPlan) -> dict[str, str | None]:
    """Agency name → id (None when two agencies share the name), from the database and the workbook.

    Agencies the township added get their id here, so other sheets may already name them.
    """
    from liaison_desk.models import new_id

    pairs: list[tuple[str, str]] = [(r[0], r[1]) for r in conn.exec_driver_sql("SELECT id, name FROM agency")]
    for aid, changes in conn.exec_driver_sql(  # names an agency had before a rename still find it
            "SELECT record_id, changes FROM auditentry WHERE table_name = 'agency' AND action = 'update' "
            "AND changes LIKE '%\"name\"%' ORDER BY at"):
        old_name = json.loads(changes).get("name", [None])[0]
        if old_name:
            pairs.insert(0, (aid, old_name))
    ws = parsed.sheets.get("agency")
    added: list[tuple[int, str, str]] = []
    for r in ws.rows if ws else []:
        name = r.values.get("name")
        if r.id is not None and name:
            pairs.append((r.id, name))  # renamed by the township: old and new names both lead here
        elif r.id is None:
            r.values["id"] = new_id()
            added.append((r.row, r.values["id"], name or ""))
    names: dict[str, str | None] = {}
    dup: set[str] = set()
    for aid, name in pairs:
        names[name] = None if name in names and names[name] != aid else aid
    for row, aid, name in added:
        if not name:
            plan.errors.append(Issue("承办单位", row, "单位名称", "新增的承办单位要填写单位名称"))
        elif name in names:  # already in the list (or imported before): not added twice
            plan.skipped.append(Issue("承办单位", row, "单位名称", f"名单中已经有「{name}」，这一行没有重复新增"))
            dup.add(aid)
        else:
            names[name] = aid
    if ws:
        ws.rows = [r for r in ws.rows if r.values.get("id") not in dup]
    return names


def _plan_sheet(conn: Any, plan: ImportPlan, parsed: ParsedWorkbook, ws: WbSheet, agencies: dict[str, str | None],
                deleted: set[str], station_id: str | None) -> None:
    from liaison_desk.models import new_id, utcnow

    spec = ws.spec
    agency_fields = [c.key for c in ws.present if c.kind == "agency"]
    for r in ws.rows:  # agency names → ids
        for f in agency_fields:
            name = r.values.get(f)
            if not name:
                r.values[f] = None
            elif name in agencies and agencies[name] is not None:
                r.values[f] = agencies[name]
            elif name not in agencies.values():
                msg = "有两个同名的承办单位，无法确定是哪一个" if name in agencies else \
                    f"「{name}」不在「承办单位」名单中，请先在「承办单位」工作表里新增这个单位"
                plan.errors.append(Issue(spec.name, r.row, ws.labels.get(f), msg))
    existing = _fetch(conn, spec.table, [r.id for r in ws.rows if r.id])
    id_names = {v: k for k, v in agencies.items() if v}
    now = utcnow()
    present = {c.field for c in ws.present} | {"created_at", "updated_at", "version"}
    absent = tuple(x for x in _column_defaults(spec.table) if x[0] not in present)
    known = _signatures(conn, ws) if spec.township_adds and any(r.id is None for r in ws.rows) else None
    by_idn = _normalise_people(conn, ws)
    for r in ws.rows:
        if r.id is None and by_idn:
            mid = by_idn.get(str(r.values.get("id_number") or ""))
            if mid is not None:  # a deputy the station has, added again with a blank 编号: the same person
                r.id = mid
                existing.update(_fetch(conn, spec.table, [mid]))
                # cells the township left blank say nothing; any other difference is the clerk's decision
                r.values = {k: v for k, v in r.values.items() if v not in (None, "") and k != "version"}
        if r.id is None:
            if not spec.township_adds:
                plan.skipped.append(Issue(spec.name, r.row, None, "没有编号的新增行：这张表由联络站填写，未导入"))
                continue
            missing = [c for c in ws.present if c.field in REQUIRED_NEW.get(spec.table, ())
                       and not r.values.get(c.field)]
            if missing:
                plan.errors.append(Issue(spec.name, r.row, ws.labels.get(missing[0].field or ""),
                                         "新增的行这一列不能为空"))
                continue
            values = dict(r.values, created_at=now, updated_at=now, version=1)
            values["id"] = values.get("id") or new_id()
            _complete_new(spec.table, values, station_id)
            if known is not None and known[1](values) in known[0]:
                plan.unchanged += 1  # added by an earlier import of this workbook
                continue
            plan.new.append(NewRow(spec.name, r.row, spec.table, values))
        elif r.id not in existing:
            if plan.known_export:
                parent = r.values.get(spec.parent[0]) if spec.parent else None
                if r.id in deleted:
                    plan.skipped.append(Issue(spec.name, r.row, "编号", "这条记录已在联络站删除，未导入"))
                elif parent in deleted:  # a child row (接待代表 …) of a record deleted since the export
                    plan.skipped.append(Issue(spec.name, r.row, "编号", "所属的记录已在联络站删除，未导入"))
                else:
                    plan.errors.append(Issue(spec.name, r.row, "编号", "这个编号在联络站的数据中找不到（编号被改动过？）"))
                continue
            if parsed.info.masked:
                plan.errors.append(Issue(spec.name, r.row, "编号", "这是脱敏导出的台账，不能用来新建记录（个人信息不完整）"))
                continue
            values = r.values  # taken over as it is (the parsed row is not needed again)
            values["id"] = r.id
            if not values.get("created_at"):
                values["created_at"] = now
            if not values.get("updated_at"):
                values["updated_at"] = now
            if not values.get("version"):
                values["version"] = 1
            if absent or spec.table == "deputy" or "station_id" not in values:
                _complete_new(spec.table, values, station_id, keep_station=True, cols=absent)
            plan.new.append(NewRow(spec.name, r.row, spec.table, values, restored=True))
        else:
            kind, item = compare_row(ws, r, existing[r.id], id_names)
            if kind == "changed":
                plan.changed.append(item)  # type: ignore[arg-type]
                listed = station_edits(ws, r, existing[r.id], id_names)
                if listed is not None:  # the same row's edits to station columns: listed, not imported
                    plan.station_changes.append(listed)
            elif kind == "conflict":
                plan.conflicts.append(item)  # type: ignore[arg-type]
            else:
                plan.unchanged += 1
                if item is not None:
                    plan.station_changes.append(item)


def _normalise_people(conn: Any, ws: WbSheet) -> dict[str, str]:
    """Phones and ID numbers of the sheet's rows as the station stores them; for the roster sheet,
    {normalised ID number: deputy id} of the station's deputies (blank-编号 rows are matched by it)."""
    present = {c.field for c in ws.present}
    people = [(f, norm) for f, norm in (("id_number", normalize_id_number), ("phone", normalize_phone),
                                        ("visitor_phone", normalize_phone), ("citizen_phone", normalize_phone))
              if f in present]  # most sheets have none of these columns: no pass over their rows
    for f, norm in people:
        done: dict[str, str] = {}  # the same number in many rows is normalised once
        for r in ws.rows:
            v = r.values.get(f)
            if isinstance(v, str) and v and "*" not in v:
                n = done.get(v)
                r.values[f] = n if n is not None else done.setdefault(v, norm(v))
    if ws.spec.table != "deputy" or all(r.id is not None for r in ws.rows):
        return {}
    return {normalize_id_number(idn): did for did, idn in conn.exec_driver_sql(
        "SELECT id, id_number FROM deputy WHERE id_number != '' ORDER BY created_at DESC")}


def _signatures(conn: Any, ws: WbSheet) -> tuple[set[tuple[Any, ...]], Callable[[dict[str, Any]], Any]]:
    """Rows already in the table, keyed by the township's fields, so an added row is not added twice."""
    from sqlalchemy import select

    fields = [c.field for c in ws.present if c.field and (c.owner == TOWNSHIP or c.field == (ws.spec.parent or ("",))[0])]

    def sig(values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(str(values.get(f) or "").strip() for f in fields)

    rows = conn.execute(select(metadata().tables[ws.spec.table])).mappings()
    return {sig(dict(r)) for r in rows}, sig


@functools.cache
def _column_defaults(table: str) -> tuple[tuple[str, Any, Any], ...]:
    """(column, model default, fallback for a missing NOT NULL column) per column of `table`."""
    out = []
    for col in metadata().tables[table].c:
        default = getattr(col.default, "arg", None) if getattr(col.default, "is_scalar", False) else None
        fallback: Any = None
        if not col.nullable:
            if default is not None:
                fallback = default
            elif col.type.python_type is str:
                fallback = ""
            elif col.type.python_type in (int, bool):
                fallback = col.type.python_type(0)
        out.append((col.name, default, fallback))
    return tuple(out)


def _complete_new(table: str, values: dict[str, Any], station_id: str | None, keep_station: bool = False,
                  cols: tuple[tuple[str, Any, Any], ...] | None = None) -> None:
    """Fill what a new row needs: the station, pinyin keys of a deputy's name, defaults of missing columns."""
    if "station_id" in values or table in STATION_TABLES:
        if not (keep_station and "station_id" in values) and not values.get("station_id"):
            values["station_id"] = station_id
    if table == "deputy" and values.get("name") and not values.get("name_pinyin"):
        values["name_pinyin"], values["name_initials"] = pinyin_keys(values["name"])
    for name, default, fallback in _column_defaults(table) if cols is None else cols:
        if name in values:
            if not keep_station and default not in ("", None) and values[name] in ("", None):
                values[name] = default  # a blank cell in a row the township added: the usual value
        elif fallback is not None:
            values[name] = fallback


def _check_refs(conn: Any, plan: ImportPlan, parsed: ParsedWorkbook) -> None:
    """Every id a new row points to exists in the database or among the new rows."""
    new_ids = {n.values["id"] for n in plan.new}
    refs = {t: [(c.key, c.kind[4:], c.header) for c in ws.present if str(c.kind).startswith("ref:")]
            for t, ws in parsed.sheets.items()}
    wanted: dict[str, set[str]] = {}
    for n in plan.new:
        for f, target, _ in refs.get(n.table, ()):
            v = n.values.get(f)
            if v and v not in new_ids:
                wanted.setdefault(target, set()).add(v)
    found = set(new_ids)
    for table, ids in wanted.items():
        found |= _existing_ids(conn, table, ids)
    for n in plan.new:
        for f, _, header in refs.get(n.table, ()):
            v = n.values.get(f)
            if not v or v in found:
                continue
            if metadata().tables[n.table].c[f].nullable:  # e.g. a repeat-of visit older than the period
                n.values[f] = None
                plan.skipped.append(Issue(n.sheet, n.row, header, f"引用的记录「{v}」不在这份台账中，已留空"))
            else:
                plan.errors.append(Issue(n.sheet, n.row, header, f"引用的编号「{v}」不存在"))
