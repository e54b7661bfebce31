"""The visitor register (来访登记): visits, letters and calls, and their attachments."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Index
from sqlmodel import Field

from liaison_desk.models.base import Row


class Visit(Row, table=True):
    """One visit, letter or call recorded in the register."""

    # Repeat detection looks visits up by name + village and by village + category within a window.
    __table_args__ = (
        Index("ix_visit_name_village", "visitor_name", "village"),
        Index("ix_visit_village_category_day", "village", "category", "visited_on"),
    )

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    visited_on: date = Field(index=True)
    visited_time: time | None = None
    channel: str = Field(default="reception", max_length=12, index=True)  # Channel
    session_id: str | None = Field(default=None, foreign_key="receptionsession.id", index=True,
                                   ondelete="SET NULL")
    visitor_name: str = Field(default="", max_length=50)
    visitor_gender: str = Field(default="", max_length=4)  # Gender
    visitor_phone: str = Field(default="", max_length=30, index=True)
    visitor_address: str = Field(default="", max_length=200)  # 村（社区）/住址/单位
    village: str = Field(default="", max_length=50, index=True)
    headcount: int = Field(default=1)  # 人次
    is_group: bool = Field(default=False)  # 集体访
    category: str = Field(default="", max_length=50, index=True)
    content: str = Field(default="")  # 反映问题
    request: str = Field(default="")  # 诉求
    assisting_deputy_id: str | None = Field(default=None, foreign_key="deputy.id", ondelete="SET NULL")
    handling: str = Field(default="", max_length=12, index=True)  # Handling
    exclusion: str = Field(default="", max_length=20)  # Exclusion, when handling is 告知依法途径
    handling_note: str = Field(default="")  # 处理情况
    # A visit handled 其他 is passed to someone (村委会, 派出所 …) who must report back (处理有反馈).
    followup_to: str = Field(default="", max_length=100)  # 转交对象
    followup_on: date | None = None  # 反馈日期; empty while the follow-up is open
    followup_result: str = Field(default="")  # 反馈结果
    repeat_of_id: str | None = Field(default=None, foreign_key="visit.id", index=True, ondelete="SET NULL")
    suggestion_id: str | None = Field(default=None, foreign_key="suggestion.id", index=True,
                                      ondelete="SET NULL")
    recorded_by: str = Field(default="", max_length=50)


class VisitDeputy(Row, table=True):
    """A deputy who received a visit."""

    visit_id: str = Field(foreign_key="visit.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")


class Attachment(Row, table=True):
    """A file (photo of a letter, scan) stored under the data folder, attached to any record."""

    owner_table: str = Field(max_length=30)
    owner_id: str = Field(max_length=36, index=True)
    path: str = Field(max_length=300)  # relative to the data folder's attachments/
    original_name: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=200)
