"""The station itself, handling agencies, editable settings and the holiday table."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from liaison_desk.models.base import Row, versioned
from liaison_desk.models.enums import DEFAULT_STATION_NAME as DEFAULT_STATION_NAME  # re-exported


class Station(Row, table=True):
    """A deputy liaison station (人大代表联络站)."""

    __mapper_args__ = declared_attr(versioned)  # type: ignore[arg-type,var-annotated]

    name: str = Field(max_length=100)
    township: str = Field(default="", max_length=100)
    county: str = Field(default="", max_length=100)
    county_word: str = Field(default="county", max_length=20)  # CountyWord: 县/区/市/旗
    province: str = Field(default="", max_length=100)
    province_word: str = Field(default="province", max_length=20)  # ProvinceWord: 省/自治区/直辖市
    venue: str = Field(default="", max_length=200)  # 活动场所
    address: str = Field(default="", max_length=200)
    directions: str = Field(default="", max_length=500)  # 如何到达, for the notice
    master: str = Field(default="", max_length=50)  # 站长
    deputy_master: str = Field(default="", max_length=50)  # 副站长
    liaison_officer: str = Field(default="", max_length=50)  # 联络员
    phone: str = Field(default="", max_length=30)
    reception_weekday: int = Field(default=3)  # 1=Monday … 7=Sunday: the usual reception day
    notes: str = Field(default="")


class Agency(Row, table=True):
    """A handling agency (承办单位), one of the six kinds of rule 八."""

    __mapper_args__ = declared_attr(versioned)  # type: ignore[arg-type,var-annotated]

    name: str = Field(max_length=100, index=True)
    kind: str = Field(max_length=20)  # AgencyKind
    contact_person: str = Field(default="", max_length=50)
    phone: str = Field(default="", max_length=30)
    address: str = Field(default="", max_length=200)
    active: bool = Field(default=True)
    notes: str = Field(default="")


class Holiday(Row, table=True):
    """One day of the official calendar entered by the clerk: 休 (off) or 班 (make-up workday)."""

    day: date = Field(unique=True, index=True)
    kind: str = Field(max_length=10)  # DayKind
    name: str = Field(default="", max_length=50)  # 春节, 国庆节 …
    source: str = Field(default="", max_length=100)  # file it was imported from, or 手工录入


class Setting(SQLModel, table=True):
    """A key/value setting (station-wide preferences, assessment rules, retention)."""

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(default="")


class Category(Row, table=True):
    """An entry of the editable visit category list (来访类别)."""

    name: str = Field(max_length=50, unique=True)
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)
