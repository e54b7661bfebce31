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
    group_id: str | None = Field(default=None, foreign_key="deputygroup.id", ondelete="SET NULL")
    session_id: str | None = Field(default=None, foreign_key="receptionsession.id", ondelete="SET NULL")
    notes: str = Field(default="")


class ActivityAttendance(Row, table=True):
    """A deputy's attendance (考勤) at an activity."""

    activity_id: str = Field(foreign_key="activity.id", index=True, ondelete="CASCADE")
    deputy_id: str = Field(foreign_key="deputy.id", index=True, ondelete="CASCADE")
    status: str = Field(default="present", max_length=10)  # Attendance


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
