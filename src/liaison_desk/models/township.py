"""Tables of a township database: the stations' workbooks added, id mappings, the review list and month approvals."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from liaison_desk.models.base import utcnow


class TownshipFile(SQLModel, table=True):
    """A station workbook added to the township database, remembered by its digest (re-adding is a no-op)."""

    sha256: str = Field(primary_key=True, max_length=64)
    file_name: str = Field(default="", max_length=260)
    station_id: str = Field(max_length=36, index=True)
    start: date | None = None
    end: date | None = None
    added_at: datetime = Field(default_factory=utcnow, nullable=False)
    counts: str = Field(default="")  # JSON: new / changed / unchanged / conflicts


class TownshipIdMap(SQLModel, table=True):
    """A station's own record id → the one township record it was matched to (agencies, deputies)."""

    station_id: str = Field(primary_key=True, max_length=36)
    table_name: str = Field(primary_key=True, max_length=40)
    local_id: str = Field(primary_key=True, max_length=36)
    township_id: str = Field(max_length=36, index=True)


class TownshipReview(SQLModel, table=True):
    """An uncertain match the office decides once: the station's record and the township's candidate."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # table name: deputy
    station_id: str = Field(max_length=36)
    local_id: str = Field(max_length=36)
    candidate_id: str = Field(max_length=36)
    reason: str = Field(default="")
    decision: str = Field(default="", max_length=10)  # '' (open), accept, reject
    decided_at: datetime | None = None


class TownshipMonth(SQLModel, table=True):
    """The office's decision on one station's month: approved or sent back, with a note."""

    station_id: str = Field(primary_key=True, max_length=36)
    month: str = Field(primary_key=True, max_length=7)  # YYYY-MM
    state: str = Field(max_length=20)  # TownshipState value
    note: str = Field(default="")
    decided_at: datetime = Field(default_factory=utcnow, nullable=False)
