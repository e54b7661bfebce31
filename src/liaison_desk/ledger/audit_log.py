"""The 操作日志 as an Excel workbook (exported from the log dialog or `liaison-desk log --export`)."""

from __future__ import annotations

from pathlib import Path

from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.audit import AuditFilter, AuditRow, AuditService
from liaison_desk.text import fmt_datetime

SHEET = "操作日志"
HEADERS = ("时间", "操作员", "操作", "记录类别", "记录编号", "内容", "改动")


def row_values(r: AuditRow) -> list[object]:
    return [fmt_datetime(r.at, seconds=True), r.operator, r.action_label, r.table_label, r.record_id,
            r.summary, r.changes_text]


def export_log(service: AuditService, path: Path | str, f: AuditFilter | None = None) -> int:
    """Write the matching entries to `path` atomically; returns how many. The export itself is logged."""
    rows = service.all_entries(f)
    wb = new_workbook()
    write_table(wb, SHEET, "操作日志", HEADERS, (row_values(r) for r in rows),
                widths=[20, 10, 10, 12, 38, 40, 60])
    save_workbook(wb, path)
    service.record(AuditAction.EXPORT, f"导出操作日志（{len(rows)} 条）", table="auditentry")
    return len(rows)
