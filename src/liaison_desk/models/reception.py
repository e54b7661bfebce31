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
    notice_date: date | None = None  # 公告张贴日期: the day the notice was really posted, empty until then
    notice_places: str = Field(default="", sa_column_kwargs={"server_default": ""})  # 张贴地点 (选区, village boards …), one per line
    status: str = Field(default="planned", max_length=12)  # SessionStatus
    notes: str = Field(default="")


class SessionDeputy(Row, table=True):
    """A deputy scheduled to receive voters at a session, and whether they came (考勤)."""

    session_id: str = Field(foreign_key="receptionsession.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    attendance: str = Field(default="present", max_length=10, sa_column_kwargs={"server_default": "present"})
    leave_reason: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})


class SessionOfficial(Row, table=True):
    """An official invited to a session to answer on the spot (rule 七)."""

    session_id: str = Field(foreign_key="receptionsession.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=50)
    unit: str = Field(default="", max_length=200)
    post: str = Field(default="", max_length=100)
