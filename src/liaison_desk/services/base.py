"""What every service shares: the database, the one way to write the audit log, the backup before an import."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import STALE, StaleEdit
from liaison_desk.models.enums import AuditAction
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date

if TYPE_CHECKING:  # the ORM is imported by the services that write, not by the lists (plain SQL)
    from liaison_desk.store.orm import Session

PAGE_SIZE = 200
FIRST_PAGE = 100  # a list's first page: more than any screen shows, and half the rows to read before them


@dataclass(frozen=True, slots=True)
class Page:
    """A window of rows for lazily paged tables."""

    offset: int = 0
    limit: int = PAGE_SIZE


class Service:
    """Base of every service: holds the Database; one session per call."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def audit(self, s: Session, action: AuditAction, table: str, record_id: str, summary: str,
              changes: dict[str, Any] | None = None) -> None:
        """Add an 操作日志 entry in the caller's transaction (no personal data in `summary`)."""
        from liaison_desk.models import AuditEntry, utcnow

        s.add(AuditEntry(at=utcnow(), operator=self.db.operator, action=action.value, table_name=table,
                         record_id=record_id, summary=summary,
                         changes=json.dumps(changes, ensure_ascii=False, default=_json_default)
                         if changes else ""))

    def setting(self, key: str) -> str | None:
        """One stored setting's text (None: never set); a plain read, so a screen asks it before the ORM."""
        value = self.db.read("SELECT value FROM setting WHERE key = :k", {"k": key}).scalar()
        return None if value is None else str(value)

    def backup_before_import(self) -> Path | None:
        """The one rule every import follows: back the database up first, unless it holds nothing yet."""
        from liaison_desk.store.backup import BEFORE_IMPORT, backup_database

        if not self.db.is_empty():
            return backup_database(self.db, BEFORE_IMPORT)
        return None


def _json_default(o: object) -> str:
    if isinstance(o, date | datetime):
        return o.isoformat()
    return str(o)


def diff(old: dict[str, Any], new: dict[str, Any], fields: Iterable[str]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {f: [old.get(f), new.get(f)] for f in fields if old.get(f) != new.get(f)}


def stale_edit(table: str, stored: dict[str, Any], typed: dict[str, Any], fields: Iterable[str],
               version: int, extra: Iterable[tuple[str, str, str]] = ()) -> StaleEdit:
    """The StaleEdit for a form read at an older row version: each differing field as (label, typed,
    stored), so the clerk sees both versions and chooses. Coded values are shown by their label; row ids
    are left out (`extra` gives linked rows — deputies, levels, the roll — already worded, typed then
    stored; only those that differ are shown)."""
    from liaison_desk.models.enums import field_label

    def shown(f: str, v: Any) -> str:
        return shown_value(table, f, v)

    rows = [(field_label(table, f), shown(f, typed.get(f)), shown(f, stored.get(f))) for f in fields
            if not f.endswith("_id") and shown(f, typed.get(f)) != shown(f, stored.get(f))]
    rows += [(label, mine, theirs) for label, mine, theirs in extra if mine != theirs]
    return StaleEdit(STALE, hint="请比较两边的内容，选择保留哪一份", fields=rows, version=version)


def shown_value(table: str, f: str, v: Any) -> str:
    """A stored value as the clerk reads it: a date as 2026年11月26日, a time as 09:30, a code by its label."""
    from liaison_desk.models.enums import CODED_FIELDS

    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, datetime):
        return fmt_date(v.date())
    if isinstance(v, date):
        return fmt_date(v)
    if isinstance(v, time):
        return v.strftime("%H:%M")
    enum = CODED_FIELDS.get((table, f))
    return enum.label_of(str(v)) if enum else str(v)


def check_version(table: str, row: Any, version: int, stored: dict[str, Any], typed: dict[str, Any],
                  fields: Iterable[str], extra: Callable[[], Iterable[tuple[str, str, str]]] | None = None) -> None:
    """The one check every edit form's save makes: `version` is the row version the form read (0: a
    save not from a form — an import, a command — which is not checked). When the row has moved on
    since, raise the StaleEdit showing both versions; otherwise mark the row written, so this save
    bumps its version even when only its linked rows (deputies, levels, roll call) changed."""
    if version and row.version != version:
        raise stale_edit(table, stored, typed, fields, row.version, extra() if extra else ())
    from liaison_desk.models import utcnow

    row.updated_at = utcnow()


def deputy_names(s: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """{deputy id: name} for the given ids (a conflict names deputies, not ids)."""
    from liaison_desk.models import Deputy
    from liaison_desk.store.orm import col, select

    wanted = [i for i in dict.fromkeys(ids) if i]
    if not wanted:
        return {}
    return {i: n for i, n in s.exec(select(Deputy.id, Deputy.name).where(col(Deputy.id).in_(wanted)))}


def names_text(names: dict[str, str], ids: Iterable[str | None]) -> str:
    """Deputies as 张三、李四 in the given order (an unknown id shown as 「已删除的代表」)."""
    return "、".join(names.get(i, "已删除的代表") for i in ids if i)


def like_pattern(text: str) -> str:
    """`%text%` with LIKE wildcards escaped (use with ESCAPE '\\')."""
    esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def like_prefix(text: str) -> str:
    """`text%` with LIKE wildcards escaped (use with ESCAPE '\\')."""
    return like_pattern(text)[1:]


def pg_body(table: str, body_sql: str) -> str:
    """The search body as PostgreSQL spells it (chr, not char), columns qualified by `table`."""
    return body_sql.replace("char(10)", "chr(10)").replace("coalesce(", f"coalesce({table}.")


def rowid(dialect: str) -> str:
    """The column giving rows their insertion order where no better order exists: SQLite's rowid,
    PostgreSQL's ctid (physical order; the same for rows never updated)."""
    return "ctid" if dialect == "postgresql" else "rowid"


def fts_phrase(text: str) -> str:
    """An FTS5 query matching `text` as one phrase (trigram: any substring of ≥3 characters)."""
    return '"' + text.replace('"', '""') + '"'


def text_match_sql(table: str, body_sql: str, query: str, dialect: str = "sqlite") -> tuple[str, dict[str, str]]:
    """A WHERE fragment finding rows of `table` whose search body contains `query`.

    Three characters or more use the FTS5 trigram index; one or two fall back to LIKE over the same
    body expression, so both give the same rows. On PostgreSQL: ILIKE over the body, which the
    pg_trgm GIN index of migration 0002 serves (for three characters or more).
    """
    q = query.strip()
    if dialect == "postgresql":
        return f"({pg_body(table, body_sql)}) ILIKE :like_q ESCAPE '\\'", {"like_q": like_pattern(q)}
    if len(q) >= 3:
        return (f"{table}.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :fts_q)",
                {"fts_q": fts_phrase(q)})
    body = body_sql.replace("coalesce(", f"coalesce({table}.")
    return f"({body}) LIKE :like_q ESCAPE '\\'", {"like_q": like_pattern(q)}
