"""What every service shares: the database, the one way to write the audit log, the backup before an import."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from liaison_desk.models import AuditEntry, utcnow
from liaison_desk.models.enums import AuditAction
from liaison_desk.store.db import Database

PAGE_SIZE = 200


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
        s.add(AuditEntry(at=utcnow(), operator=self.db.operator, action=action.value, table_name=table,
                         record_id=record_id, summary=summary,
                         changes=json.dumps(changes, ensure_ascii=False, default=_json_default)
                         if changes else ""))


    def backup_before_import(self) -> Path | None:
        """The one rule every import follows: back the database up first, unless it holds nothing yet."""
        from liaison_desk.store.backup import before_import

        if not self.db.is_empty():
            return before_import(self.db.path)
        return None


def _json_default(o: object) -> str:
    if isinstance(o, date | datetime):
        return o.isoformat()
    return str(o)


def diff(old: dict[str, Any], new: dict[str, Any], fields: Iterable[str]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {f: [old.get(f), new.get(f)] for f in fields if old.get(f) != new.get(f)}


def like_pattern(text: str) -> str:
    """`%text%` with LIKE wildcards escaped (use with ESCAPE '\\')."""
    esc = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def like_prefix(text: str) -> str:
    """`text%` with LIKE wildcards escaped (use with ESCAPE '\\')."""
    return like_pattern(text)[1:]


def fts_phrase(text: str) -> str:
    """An FTS5 query matching `text` as one phrase (trigram: any substring of ≥3 characters)."""
    return '"' + text.replace('"', '""') + '"'


def text_match_sql(table: str, body_sql: str, query: str) -> tuple[str, dict[str, str]]:
    """A WHERE fragment finding rows of `table` whose search body contains `query`.

    Three characters or more use the FTS5 trigram index; one or two fall back to LIKE over the same
    body expression, so both give the same rows.
    """
    q = query.strip()
    if len(q) >= 3:
        return (f"{table}.rowid IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :fts_q)",
                {"fts_q": fts_phrase(q)})
    body = body_sql.replace("coalesce(", f"coalesce({table}.")
    return f"({body}) LIKE :like_q ESCAPE '\\'", {"like_q": like_pattern(q)}
