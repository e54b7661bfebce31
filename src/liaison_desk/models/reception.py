"""Reception sessions (接待安排) with their deputies and invited officials."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Field

from liaison_desk.models.base import Row


class ReceptionSession(Row, table=True):
    """One reception of voters: at the station or as a mobile reception (流动接待)."""

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    day: date = Field(index=True)
    start_time: time | None = None
    end_time: time | None = None
    kind: str = Field(default="regular", max_length=12)  # SessionKind
    venue: str = Field(default="", max_length=200)  # 地点: the station, or a named village/unit
    theme: str = Field(default="", max_length=200)
    notice_date: date | None = None  # 公告日期
    status: str = Field(default="planned", max_length=12)  # SessionStatus
    notes: str = Field(default="")


class SessionDeputy(Row, table=True):
    """A deputy receiving voters at a session."""

    session_id: str = Field(foreign_key="receptionsession.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")


class SessionOfficial(Row, table=True):
    """An official invited to a session to answer on the spot (rule 七)."""

    session_id: str = Field(foreign_key="receptionsession.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=50)
    unit: str = Field(default="", max_length=200)
    post: str = Field(default="", max_length=100)
