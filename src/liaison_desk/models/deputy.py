"""Deputies, the levels they serve at, their groups, status history and unavailable dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import declared_attr
from sqlmodel import Field

from liaison_desk.models.base import Row, versioned


class Deputy(Row, table=True):
    """A people's-congress deputy (人大代表) attached to a station (混合编组)."""

    __mapper_args__ = declared_attr(versioned)  # type: ignore[arg-type,var-annotated]

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    name: str = Field(max_length=50, index=True)
    name_pinyin: str = Field(default="", max_length=200)  # "zhangsan"; "shan…|dan…" for 单, for search
    name_initials: str = Field(default="", max_length=50, index=True)  # "zs"; "stf|dtf"
    gender: str = Field(default="", max_length=4)  # Gender
    ethnicity: str = Field(default="", max_length=20)  # 民族
    birth_date: date | None = None
    political: str = Field(default="", max_length=30)  # 政治面貌
    education: str = Field(default="", max_length=30)
    work_unit: str = Field(default="", max_length=200)
    post: str = Field(default="", max_length=100)  # 职务
    phone: str = Field(default="", max_length=30)
    id_number: str = Field(default="", max_length=18)  # 身份证号, optional
    address: str = Field(default="", max_length=200)  # 村（社区）/住址
    constituency: str = Field(default="", max_length=100)  # 选区
    status: str = Field(default="active", max_length=12)  # DeputyStatus
    status_date: date | None = None
    is_cppcc: bool = Field(default=False)  # 政协委员
    photo: str = Field(default="", max_length=200)  # file name under the data folder's photos/
    notes: str = Field(default="")
    sort_order: int = Field(default=0)


class DeputyLevel(Row, table=True):
    """One level a deputy serves at (全国/省/市/县/乡镇) with its term (届次)."""

    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    level: str = Field(max_length=12)  # Level
    term: str = Field(default="", max_length=30)  # 第十八届
    start_date: date | None = None
    end_date: date | None = None


class DeputyGroup(Row, table=True):
    """A deputy group (代表小组), 10–15 people."""

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    name: str = Field(max_length=100)
    notes: str = Field(default="")


class GroupMember(Row, table=True):
    """A deputy's place in a group: 组长 / 副组长 / 成员."""

    group_id: str = Field(foreign_key="deputygroup.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    role: str = Field(default="member", max_length=16)  # GroupRole


class StatusChange(Row, table=True):
    """History of a deputy's status (在任/离任/暂停) with date and reason."""

    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=12)  # DeputyStatus
    changed_on: date
    reason: str = Field(default="", max_length=200)


class Unavailability(Row, table=True):
    """Dates a deputy cannot receive voters (honoured by the rota generator)."""

    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    start: date
    end: date
    reason: str = Field(default="", max_length=200)
