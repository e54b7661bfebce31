"""Import the township's returned handoff workbook: a preview plan first, then one transaction after a backup."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import SQLModel

from liaison_desk.errors import KnownError
from liaison_desk.ledger.handoff_export import file_sha256
from liaison_desk.ledger.handoff_merge import Conflict, FieldChange, NewRow, RowChange, compare_row, display
from liaison_desk.ledger.handoff_read import Issue, ParsedWorkbook, WbSheet, read_workbook
from liaison_desk.ledger.handoff_schema import SHEETS, TOWNSHIP
from liaison_desk.models import new_id, utcnow
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.names import pinyin_keys
from liaison_desk.store.bulk import BULK_MIN_ROWS, PausedSearch, insert_rows
from liaison_desk.store.db import Database, snapshot

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
KEEP, TAKE = "station", "workbook"  # conflict decisions
CHUNK = 500
STATION_TABLES = {t.name for t in SQLModel.metadata.sorted_tables if "station_id" in t.c}
# what a row the township adds must have filled in
REQUIRED_NEW = {"deputy": ("name",), "agency": ("name", "kind"), "deputylevel": ("level",),
                "statuschange": ("status",), "suggestionagency": ("agency_id",)}

__all__ = ["Conflict", "FieldChange", "ImportPlan", "ImportResult", "NewRow", "RowChange", "apply_handoff",
           "import_handoff", "read_handoff"]


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
    t = SQLModel.metadata.tables[table]
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


def read_handoff(db: Database, path: Path | str, progress: Progress | None = None) -> ImportPlan:
    """Read and check a returned workbook against the database: the preview of new/changed/conflicts/errors."""
    parsed = read_workbook(path, progress)
    path = Path(path)
    with db.engine.connect() as conn:
        known = parsed.info.export_id != "" and conn.exec_driver_sql(
            "SELECT 1 FROM exchangelog WHERE direction = 'export' AND export_id = ?", (parsed.info.export_id,)
        ).first() is not None
        plan = ImportPlan(path, file_sha256(path), parsed.info.export_id, known, errors=list(parsed.issues))
        agencies = _agency_names(conn, parsed, plan)
        deleted = {r[0] for r in conn.exec_driver_sql("SELECT record_id FROM auditentry WHERE action = 'delete'")}
        station_id = conn.exec_driver_sql("SELECT id FROM station ORDER BY created_at LIMIT 1").scalar()
        for spec in SHEETS:
            ws = parsed.sheets.get(spec.table)
            if ws is not None:
                _plan_sheet(conn, plan, parsed, ws, agencies, deleted, station_id)
        _check_refs(conn, plan, parsed)
    return plan


def _agency_names(conn: Any, parsed: ParsedWorkbook, plan: ImportPlan) -> dict[str, str | None]:
    """Agency name → id (None when two agencies share the name), from the database and the workbook.

    Agencies the township added get their id here, so other sheets may already name them.
    """
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
    for r in ws.rows:
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
                if r.id in deleted:
                    plan.skipped.append(Issue(spec.name, r.row, "编号", "这条记录已在联络站删除，未导入"))
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
            elif kind == "conflict":
                plan.conflicts.append(item)  # type: ignore[arg-type]
            else:
                plan.unchanged += 1
                if item is not None:
                    plan.station_changes.append(item)


def _signatures(conn: Any, ws: WbSheet) -> tuple[set[tuple[Any, ...]], Callable[[dict[str, Any]], Any]]:
    """Rows already in the table, keyed by the township's fields, so an added row is not added twice."""
    fields = [c.field for c in ws.present if c.field and (c.owner == TOWNSHIP or c.field == (ws.spec.parent or ("",))[0])]

    def sig(values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(str(values.get(f) or "").strip() for f in fields)

    rows = conn.execute(select(SQLModel.metadata.tables[ws.spec.table])).mappings()
    return {sig(dict(r)) for r in rows}, sig


@functools.cache
def _column_defaults(table: str) -> tuple[tuple[str, Any, Any], ...]:
    """(column, model default, fallback for a missing NOT NULL column) per column of `table`."""
    out = []
    for col in SQLModel.metadata.tables[table].c:
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
            if SQLModel.metadata.tables[n.table].c[f].nullable:  # e.g. a repeat-of visit older than the period
                n.values[f] = None
                plan.skipped.append(Issue(n.sheet, n.row, header, f"引用的记录「{v}」不在这份台账中，已留空"))
            else:
                plan.errors.append(Issue(n.sheet, n.row, header, f"引用的编号「{v}」不存在"))


def apply_handoff(db: Database, plan: ImportPlan, decisions: dict[str, str] | None = None,
                  progress: Progress | None = None) -> ImportResult:
    """Write the plan in one transaction, after a backup; conflicts keep the station's value unless decided."""
    if plan.errors:
        raise KnownError(f"台账中有 {len(plan.errors)} 处错误，没有导入任何数据", file=plan.path,
                         hint="请改正后重新导入", details=[e.as_dict() for e in plan.errors])
    decisions = decisions or {}
    taken = [c for c in plan.conflicts if decisions.get(c.key) == TAKE]
    updates = [(c.table, c.id, c.updates, c.old) for c in [*plan.changed, *taken]]
    if not plan.new and not updates:
        return ImportResult(0, 0, 0, None)  # importing the same file again writes nothing at all
    backup = None
    if any(n for t, n in db.counts().items() if t not in ("setting", "alembic_version")):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = snapshot(db.path, db.paths.backups / f"导入台账前-{stamp}.db")
    tables = SQLModel.metadata.tables
    touched: set[str] = {"exchangelog", "auditentry"}
    now = utcnow()
    total = len(plan.new) + len(updates) or 1
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        by_table: dict[str, list[dict[str, Any]]] = {}
        for n in plan.new:
            by_table.setdefault(n.table, []).append(n.values)
        paused = PausedSearch(conn) if len(plan.new) >= BULK_MIN_ROWS else None
        done = 0
        for t in SQLModel.metadata.sorted_tables:
            rows = by_table.get(t.name)
            if not rows:
                continue
            for i in range(0, len(rows), 5000):
                insert_rows(conn, t, rows[i:i + 5000])
                done += len(rows[i:i + 5000])
                if progress:
                    progress(done, total)
            touched.add(t.name)
        if paused is not None:
            paused.resume()
        for table, row_id, fields, old in updates:
            t = tables[table]
            fields = dict(fields)
            if table == "deputy" and "name" in fields:
                fields["name_pinyin"], fields["name_initials"] = pinyin_keys(fields["name"])
            conn.execute(t.update().where(t.c.id == row_id).values(**fields, version=t.c.version + 1, updated_at=now))
            conn.execute(tables["auditentry"].insert(), [{
                "id": new_id(), "created_at": now, "updated_at": now, "version": 1, "at": now,
                "operator": db.operator, "action": AuditAction.UPDATE.value, "table_name": table, "record_id": row_id,
                "summary": "乡镇交回的台账", "changes": json.dumps({f: [old.get(f), v] for f, v in fields.items()},
                                                             ensure_ascii=False, default=str)}])
            if table == "suggestion" and fields.get("reply_on"):
                _record_reply(conn, row_id, fields, db.operator, now)
                touched.add("suggestionevent")
            touched.add(table)
        counts = {"new": len(plan.new), "changed": len(plan.changed), "conflicts_taken": len(taken),
                  "conflicts_kept": len(plan.conflicts) - len(taken), "unchanged": plan.unchanged}
        conn.execute(tables["exchangelog"].insert(), [{
            "id": new_id(), "created_at": now, "updated_at": now, "version": 1, "direction": "import",
            "file_name": plan.path.name, "sha256": plan.sha256, "at": now, "format_version": 1,
            "export_id": plan.export_id or None, "counts": json.dumps(counts, ensure_ascii=False),
            "period_start": None, "period_end": None}])
        conn.execute(tables["auditentry"].insert(), [{
            "id": new_id(), "created_at": now, "updated_at": now, "version": 1, "at": now, "operator": db.operator,
            "action": AuditAction.IMPORT.value, "table_name": "exchangelog", "record_id": plan.export_id or "",
            "summary": f"导入乡镇返回的台账：新增 {len(plan.new)} 行，修改 {len(updates)} 行",
            "changes": json.dumps(counts, ensure_ascii=False)}])
    db.notify(*touched)
    log.info("handoff imported: %d new, %d changed", len(plan.new), len(updates))
    return ImportResult(len(plan.new), len(updates), len(taken), backup)


def _record_reply(conn: Any, suggestion_id: str, fields: dict[str, Any], operator: str, now: datetime) -> None:
    """A reply typed in by the township moves an open suggestion to 回复 and adds a timeline entry."""
    step = conn.exec_driver_sql("SELECT step FROM suggestion WHERE id = ?", (suggestion_id,)).scalar()
    if step not in ("sort", "assign", "supervise"):
        return
    conn.exec_driver_sql("UPDATE suggestion SET step = 'reply' WHERE id = ?", (suggestion_id,))
    conn.execute(SQLModel.metadata.tables["suggestionevent"].insert(), [{
        "id": new_id(), "created_at": now, "updated_at": now, "version": 1, "suggestion_id": suggestion_id,
        "kind": "replied", "step": "reply", "happened_on": fields["reply_on"], "recorded_at": now,
        "operator": operator, "note": "乡镇台账交回的回复", "agency_id": None, "new_deadline": None,
        "result": fields.get("reply_result") or ""}])


def import_handoff(db: Database, path: Path | str, dry_run: bool = False, decisions: dict[str, str] | None = None,
                   progress: Progress | None = None) -> tuple[ImportPlan, ImportResult | None]:
    """Read, check and (unless dry_run or errors) apply a returned workbook."""
    plan = read_handoff(db, path, progress)
    if dry_run or plan.errors:
        return plan, None
    return plan, apply_handoff(db, plan, decisions, progress)


__all__ += ["display", "KEEP", "TAKE"]
