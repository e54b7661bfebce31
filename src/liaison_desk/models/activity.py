"""Station activities (活动记录) with deputies' attendance, and the audit log (操作日志)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field

from liaison_desk.models.base import Row


class Activity(Row, table=True):
    """An entry of 《人大代表活动情况记录簿》: inspection, survey, training, contact …"""

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    day: date = Field(index=True)
    kind: str = Field(default="other", max_length=12)  # ActivityKind
    title: str = Field(max_length=200)
    content: str = Field(default="")
    place: str = Field(default="", max_length=200)
    citizen_count: int = Field(default=0)  # 群众参与人次
    group_id: str | None = Field(default=None, foreign_key="deputygroup.id", ondelete="SET NULL")  # 组织; None: 联络站
    session_id: str | None = Field(default=None, foreign_key="receptionsession.id", ondelete="SET NULL")
    notes: str = Field(default="")
    recorder: str = Field(default="", max_length=50, sa_column_kwargs={"server_default": ""})  # 记录人
    quantity: int = Field(default=1, sa_column_kwargs={"server_default": "1"})  # 件数 (书面意见建议)
    reporter_id: str | None = Field(default=None, foreign_key="deputy.id", ondelete="SET NULL")  # 述职代表
    rated_satisfied: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # 测评：满意
    rated_basic: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # 基本满意
    rated_unsatisfied: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # 不满意
    member_id: str | None = Field(default=None, foreign_key="congressmember.id", ondelete="SET NULL")  # 联系代表


class ActivityAttendance(Row, table=True):
    """A deputy's attendance (考勤) at an activity: the roll call."""

    activity_id: str = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    status: str = Field(default="present", max_length=10)  # Attendance
    leave_reason: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})


class CongressMember(Row, table=True):
    """A member of the township congress's leading body (人大组成人员) with their contact point (联系点)."""

    station_id: str | None = Field(default=None, foreign_key="station.id", index=True)
    name: str = Field(max_length=50)
    post: str = Field(default="", max_length=100)  # 职务
    contact_point: str = Field(default="", max_length=200)  # 联系点: villages / units
    active: bool = Field(default=True)
    sort_order: int = Field(default=0)


class MemberDeputy(Row, table=True):
    """A deputy at a member's contact point (the deputies the member visits)."""

    member_id: str = Field(foreign_key="congressmember.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")


class ScoreRule(Row, table=True):
    """One line of the yearly score sheet (年度考核评分表); points = base ± steps around base_count, capped."""

    item: str = Field(max_length=100)
    unit: str = Field(default="group", max_length=10)  # ScoreUnit
    basis: str = Field(max_length=20)  # ScoreBasis
    base_count: int = Field(default=0)  # the count that earns base_points
    base_points: float = Field(default=0)
    step_more: float = Field(default=0)  # points for each unit above base_count (negative: a deduction)
    step_fewer: float = Field(default=0)  # points taken off for each unit below base_count
    cap: float | None = None  # at most this many points (None: no cap); never below 0
    sort_order: int = Field(default=0)


class AuditEntry(Row, table=True):
    """操作日志: who did what to which record, when (UTC). Never edited from the program."""

    at: datetime = Field(index=True)
    operator: str = Field(default="", max_length=50)
    action: str = Field(max_length=12, index=True)  # AuditAction
    table_name: str = Field(default="", max_length=30)
    record_id: str = Field(default="", max_length=36, index=True)
    summary: str = Field(default="", max_length=300)  # Chinese, e.g. 新增来访登记
    changes: str = Field(default="")  # JSON: {field: [old, new]}


class ExchangeLog(Row, table=True):
    """A handoff workbook written or read: file digest, period and counts, so re-imports are no-ops."""

    direction: str = Field(max_length=8)  # "export" | "import"
    file_name: str = Field(max_length=300)
    sha256: str = Field(default="", max_length=64, index=True)
    period_start: date | None = None
    period_end: date | None = None
    at: datetime
    format_version: int = Field(default=1)
    counts: str = Field(default="")  # JSON
    export_id: str | None = Field(default=None, max_length=36, index=True)  # 交换编号 written in the workbook
