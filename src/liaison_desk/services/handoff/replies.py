"""A reply the township wrote into a returned workbook, applied as the window applies it (LifecycleService)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from liaison_desk.models import Suggestion
from liaison_desk.services.handoff.merge import RowChange
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.store.db import Database

REPLY_FIELDS = ("reply_on", "reply_text", "reply_result")


@dataclass(frozen=True)
class Reply:
    """回复 recorded by the township: its date, and result/text when the workbook changed them."""

    on: date
    result: str | None
    text: str | None


def reply_of(change: RowChange) -> Reply | None:
    """The reply step a changed suggestion row records: a reply date where the station had none."""
    on = change.updates.get("reply_on")
    if change.table != "suggestion" or not on or change.old.get("reply_on"):
        return None
    return Reply(on, change.updates.get("reply_result"), change.updates.get("reply_text"))


def other_fields(change: RowChange) -> dict[str, Any]:
    """The township's changes to a row besides the reply step (applied as plain field updates)."""
    if reply_of(change) is None:
        return dict(change.updates)
    return {f: v for f, v in change.updates.items() if f not in REPLY_FIELDS}


def apply_reply(db: Database, s: Session, change: RowChange, reply: Reply) -> None:
    """登记回复 through LifecycleService in the caller's transaction: same checks, event, operator and audit."""
    stored = s.get(Suggestion, change.id)
    result = reply.result if reply.result is not None else (stored.reply_result if stored else "")
    text = reply.text if reply.text is not None else (stored.reply_text if stored else "")
    LifecycleService(db).reply_in(s, change.id, reply.on, result or "", text or "")
