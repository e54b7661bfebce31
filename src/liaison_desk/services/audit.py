"""The operator and the audit log (操作日志): who is working, recording events, querying the log."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import (
    CODED_FIELDS,
    FIELD_LABELS,
    FIELD_LABELS_BY_TABLE,
    TABLE_LABELS,
    AuditAction,
    field_label,
)
from liaison_desk.services.base import Page, Service, like_pattern
from liaison_desk.text import fmt_iso_text, fmt_weekday

OPERATORS_KEY = "safety.operators"
MAX_OPERATORS = 30


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which log entries to show: a local date range, operator, action, record kind and text."""

    start: date | None = None
    end: date | None = None
    operator: str | None = None
    action: str | None = None
    table: str | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: str
    at: datetime  # local time
    operator: str
    action: str
    table_name: str
    record_id: str
    summary: str
    changes: str  # JSON {field: [old, new]}

    @property
    def action_label(self) -> str:
        return AuditAction.label_of(self.action)

    @property
    def table_label(self) -> str:
        return TABLE_LABELS.get(self.table_name, self.table_name)

    @property
    def changes_text(self) -> str:
        return describe_changes(self.changes, self.table_name)


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def describe_changes(changes: str, table: str = "") -> str:
    """`{field: [old, new]}` as 「来访日期：2026年11月1日 → 2026年11月2日」, in Chinese words throughout."""
    if not changes:
        return ""
    try:
        data = json.loads(changes)
    except ValueError:
        return changes
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for k, v in data.items():
        known = k in FIELD_LABELS or k in FIELD_LABELS_BY_TABLE.get(table, {})
        label = field_label(table, k) if known else TABLE_LABELS.get(k, k)
        if isinstance(v, list) and len(v) == 2:
            parts.append(f"{label}：{_show(v[0], table, k)} → {_show(v[1], table, k)}")
        else:
            parts.append(f"{label}：{_show(v, table, k)}")
    return "；".join(parts)


def _show(v: Any, table: str = "", field: str = "") -> str:
    if v in (None, ""):
        return "（空）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if (table, field) == ("station", "reception_weekday") and isinstance(v, int) and 1 <= v <= 7:
        return fmt_weekday(date(2024, 1, v))  # 2024-01-01 was a Monday
    enum = CODED_FIELDS.get((table, field))
    if enum is not None and isinstance(v, str):
        return enum.label_of(v)
    if isinstance(v, str):
        if _UUID.match(v):
            return "（已关联）"
        return fmt_iso_text(v)
    return str(v)


def _utc_bound(d: date) -> datetime:
    """Local midnight of `d` as a UTC time (the log stores UTC)."""
    return datetime.combine(d, time()).astimezone().astimezone(UTC)


def _local(at: datetime) -> datetime:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone().replace(tzinfo=None)


class AuditService(Service):
    """Reads the log (it is never edited) and records events that are not row edits."""

    # who is working ------------------------------------------------------------------------------
    def set_operator(self, name: str) -> str:
        """Make `name` the operator of this program from now on; remembers it for the pick list."""
        from liaison_desk.models import Setting

        name = " ".join(name.split())
        if not name:
            raise ValidationError("请填写操作员姓名", column="操作员")
        if len(name) > 50:
            raise ValidationError("操作员姓名太长（最多 50 个字）", column="操作员")
        known = [n for n in self.known_operators() if n != name]
        with self.db.session() as s:
            row = s.get(Setting, OPERATORS_KEY) or Setting(key=OPERATORS_KEY)
            row.value = json.dumps([name, *known][:MAX_OPERATORS], ensure_ascii=False)
            s.add(row)
        self.db.operator = name
        return name

    def known_operators(self) -> list[str]:
        """Operators remembered on this database, most recent first."""
        value = self.setting(OPERATORS_KEY)
        if not value:
            return []
        try:
            names = json.loads(value)
        except ValueError:
            return []
        return [str(n) for n in names if n]

    # recording -----------------------------------------------------------------------------------
    def record(self, action: AuditAction, summary: str, table: str = "database", record_id: str = "",
               changes: dict[str, Any] | None = None) -> None:
        """Log an event that is not a row edit: backup, restore, export, print."""
        with self.db.session() as s:
            self.audit(s, action, table, record_id, summary[:300], changes)
        self.db.notify("auditentry")

    # reading -------------------------------------------------------------------------------------
    def _where(self, f: AuditFilter) -> list[Any]:
        from liaison_desk.models import AuditEntry
        from liaison_desk.store.orm import col

        conds: list[Any] = []
        if f.start is not None:
            conds.append(col(AuditEntry.at) >= _utc_bound(f.start))
        if f.end is not None:
            conds.append(col(AuditEntry.at) < _utc_bound(f.end + timedelta(days=1)))
        if f.operator:
            conds.append(col(AuditEntry.operator) == f.operator)
        if f.action:
            conds.append(col(AuditEntry.action) == f.action)
        if f.table:
            conds.append(col(AuditEntry.table_name) == f.table)
        if f.text.strip():
            pat = like_pattern(f.text.strip())
            conds.append(col(AuditEntry.summary).like(pat, escape="\\")
                         | col(AuditEntry.record_id).like(pat, escape="\\"))
        return conds

    def count(self, f: AuditFilter | None = None) -> int:
        from liaison_desk.models import AuditEntry
        from liaison_desk.store.orm import func, select

        with self.db.session() as s:
            q = select(func.count()).select_from(AuditEntry).where(*self._where(f or AuditFilter()))
            return int(s.exec(q).one())

    def entries(self, f: AuditFilter | None = None, page: Page | None = None) -> list[AuditRow]:
        """Log entries matching `f`, newest first, one page at a time."""
        from liaison_desk.models import AuditEntry
        from liaison_desk.store.orm import col, select

        page = page or Page()
        with self.db.session() as s:
            q = (select(AuditEntry).where(*self._where(f or AuditFilter()))
                 .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id)).offset(page.offset).limit(page.limit))
            return [AuditRow(e.id, _local(e.at), e.operator, e.action, e.table_name, e.record_id, e.summary,
                             e.changes) for e in s.exec(q).all()]

    def all_entries(self, f: AuditFilter | None = None, chunk: int = 2000) -> list[AuditRow]:
        """Every matching entry (for export), read in chunks."""
        out: list[AuditRow] = []
        while True:
            more = self.entries(f, Page(len(out), chunk))
            out.extend(more)
            if len(more) < chunk:
                return out

    def operators_in_log(self) -> list[str]:
        from liaison_desk.models import AuditEntry
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            q = select(AuditEntry.operator).where(AuditEntry.operator != "").distinct().order_by(AuditEntry.operator)
            return [str(n) for n in s.exec(q).all()]

    def tables_in_log(self) -> list[str]:
        from liaison_desk.models import AuditEntry
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            return [str(t) for t in s.exec(select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name))
                    if t]
