"""Suggestions and citizen opinions (建议办理) with agencies, proposers and a timeline of events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from liaison_desk.models.base import Row


class Suggestion(Row, table=True):
    """A 人大代表建议 or a 选民意见转办 carried from 梳理 to 归档."""

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    kind: str = Field(default="citizen", max_length=10)  # SuggestionKind
    year: int = Field(index=True)
    seq: int = Field(default=0)  # number in the station's sequence for the year
    number: str = Field(default="", max_length=30, index=True)  # 〔2026〕第12号
    title: str = Field(max_length=200)
    content: str = Field(default="")
    category: str = Field(default="", max_length=50)
    citizen_name: str = Field(default="", max_length=50)  # who must be answered
    citizen_phone: str = Field(default="", max_length=30)
    citizen_address: str = Field(default="", max_length=200)
    step: str = Field(default="sort", max_length=12, index=True)  # Step (current)
    registered_on: date = Field(index=True)
    assigned_on: date | None = None
    deadline: date | None = Field(default=None, index=True)
    reply_on: date | None = None
    reply_text: str = Field(default="")
    reply_result: str = Field(default="", max_length=12)  # ReplyResult
    feedback_on: date | None = None
    feedback_method: str = Field(default="", max_length=30)
    satisfaction: str = Field(default="", max_length=12)  # Satisfaction
    archived_on: date | None = None
    merged_into_id: str | None = Field(default=None, foreign_key="suggestion.id", ondelete="SET NULL")
    notes: str = Field(default="")


class SuggestionAgency(Row, table=True):
    """An agency handling a suggestion, as lead (主办) or co-agency (协办)."""

    suggestion_id: str = Field(foreign_key="suggestion.id", index=True, ondelete="CASCADE")
    agency_id: str = Field(foreign_key="agency.id", index=True)
    role: str = Field(default="lead", max_length=8)  # AgencyRole
    assigned_on: date | None = None
    returned_on: date | None = None  # sent back: 不属于职责范围
    return_reason: str = Field(default="", max_length=200)


class SuggestionDeputy(Row, table=True):
    """A deputy proposing a suggestion (领衔/附议)."""

    suggestion_id: str = Field(foreign_key="suggestion.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    is_lead: bool = Field(default=True)


class SuggestionEvent(Row, table=True):
    """One entry of a suggestion's timeline: a step taken, an urging, an extension, a reply …"""

    # the statistics read a suggestion's latest event on or before a day (timeline) and a period's events
    __table_args__ = (Index("ix_suggestionevent_timeline", "suggestion_id", "happened_on", "recorded_at"),)

    suggestion_id: str = Field(foreign_key="suggestion.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=12)  # EventKind
    step: str = Field(max_length=12)  # Step the record is in after this event
    happened_on: date = Field(index=True)
    recorded_at: datetime | None = None  # UTC
    operator: str = Field(default="", max_length=50)  # the clerk who entered the step
    actor: str = Field(default="", max_length=100)  # who did it: 镇人大主席团, 代表李秀英, the agency …
    note: str = Field(default="")
    agency_id: str | None = Field(default=None, foreign_key="agency.id")
    new_deadline: date | None = None
    result: str = Field(default="", max_length=12)  # ReplyResult or Satisfaction, by kind
