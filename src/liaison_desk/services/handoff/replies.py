"""The township's 交办 and 回复 in a returned workbook, applied as the window applies them (LifecycleService)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from liaison_desk.models import Suggestion, SuggestionEvent
from liaison_desk.models.enums import EventKind, Step
from liaison_desk.services.handoff.merge import RowChange
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.store.db import Database

REPLY_FIELDS = ("reply_on", "reply_text", "reply_result")
ASSIGN_FIELDS = ("assigned_on", "deadline")


@dataclass(frozen=True)
class Reply:
    """回复 recorded by the township: its date, and result/text when the workbook changed them."""

    on: date
    result: str | None
    text: str | None


@dataclass(frozen=True)
class Assignment:
    """交办 recorded by the township: its date and the deadline it set."""

    on: date
    deadline: date | None


def reply_of(change: RowChange) -> Reply | None:
    """The reply step a changed suggestion row records: a reply date where the station had none."""
    on = change.updates.get("reply_on")
    if change.table != "suggestion" or not on or change.old.get("reply_on"):
        return None
    return Reply(on, change.updates.get("reply_result"), change.updates.get("reply_text"))


def assignment_of(change: RowChange) -> Assignment | None:
    """The 交办 step a changed suggestion row records: an assignment date where the station had none."""
    on = change.updates.get("assigned_on")
    if change.table != "suggestion" or not on or change.old.get("assigned_on"):
        return None
    return Assignment(on, change.updates.get("deadline") or change.old.get("deadline"))


def other_fields(change: RowChange) -> dict[str, Any]:
    """The township's changes to a row besides the 交办 and 回复 steps (applied as plain field updates)."""
    skip = (REPLY_FIELDS if reply_of(change) else ()) + (ASSIGN_FIELDS if assignment_of(change) else ())
    return {f: v for f, v in change.updates.items() if f not in skip}


def apply_steps(db: Database, s: Session, change: RowChange) -> bool:
    """交办 then 回复 of one changed row through LifecycleService in the caller's transaction; True if any."""
    assignment, reply = assignment_of(change), reply_of(change)
    if assignment is not None:
        apply_assignment(db, s, change, assignment)
    if reply is not None:
        apply_reply(db, s, change, reply)
    return assignment is not None or reply is not None


def apply_assignment(db: Database, s: Session, change: RowChange, a: Assignment) -> None:
    """交办 with the agencies and 办理过程 entries the workbook brought; a 督办 among them makes it 督办."""
    LifecycleService(db).assign_in(s, change.id, a.on, a.deadline)
    urged = s.exec(select(SuggestionEvent).where(SuggestionEvent.suggestion_id == change.id,
                                                 SuggestionEvent.kind == EventKind.URGED.value,
                                                 SuggestionEvent.happened_on >= a.on)).first()
    if urged is not None:
        g = s.get(Suggestion, change.id)
        if g is not None:
            g.step = Step.SUPERVISE.value
            s.add(g)
            s.flush()


def apply_reply(db: Database, s: Session, change: RowChange, reply: Reply) -> None:
    """登记回复 through LifecycleService in the caller's transaction: same checks, event, operator and audit."""
    stored = s.get(Suggestion, change.id)
    result = reply.result if reply.result is not None else (stored.reply_result if stored else "")
    text = reply.text if reply.text is not None else (stored.reply_text if stored else "")
    LifecycleService(db).reply_in(s, change.id, reply.on, result or "", text or "")
