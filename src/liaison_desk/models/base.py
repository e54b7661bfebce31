"""Columns every table shares: a UUID key, UTC timestamps and a row version for sync conflicts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.orm import Mapper
from sqlmodel import Field, SQLModel


def new_id() -> str:
    """A new row id: a UUID4 as 36-character text (rows travel between PCs in workbooks)."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (every stored timestamp is UTC)."""
    return datetime.now(UTC)


class Row(SQLModel):
    """Mixin for every table: id, created_at/updated_at (UTC) and version (bumped on each update)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
    version: int = Field(default=1, nullable=False)


def versioned(cls: type) -> dict[str, object]:
    """`__mapper_args__` of an editable table: every ORM UPDATE is `… WHERE id = ? AND version = <the
    version read>`, so a save over someone else's newer save fails (StaleDataError) instead of silently
    overwriting it; `_bump_version` below sets the new number (several clerks on one server database)."""
    return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}  # type: ignore[attr-defined]


@event.listens_for(Mapper, "before_update")
def _bump_version(mapper: Mapper[object], connection: object, target: object) -> None:
    """ORM updates bump `version` and `updated_at`; Core bulk updates must set them themselves."""
    if isinstance(target, Row):
        target.version = (target.version or 0) + 1
        target.updated_at = utcnow()
