"""A deputy's 履职档案 as an Excel workbook (the summary line, then every dated entry)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.privacy import mask_record
from liaison_desk.services.reports.papers import DeputyRecordSheet


def write_deputy_record(sheet: DeputyRecordSheet, station: str, year: int, path: Path | str,
                        mask: Callable[[str], str] | None = None) -> Path:
    """The workbook of one deputy's year; `mask` (services.masking) applied to every text when 脱敏."""
    if mask is not None:
        sheet = mask_record(sheet, mask)
    x = sheet.line
    wb = new_workbook()
    write_table(wb, "履职情况", f"{x.name} {year}年度履职情况（{station}）",
                ("姓名", "层级", "参加接待", "接待来访", "领衔建议", "参加活动", "应参加", "出席", "出席率", "述职日期"),
                [[x.name, x.levels, x.receptions, x.visits, x.suggestions, x.activities, x.expected, x.present,
                  x.rate, x.reported_on]], widths=[10, 12, 9, 9, 9, 9, 8, 8, 8, 12])
    ws = wb["履职情况"]
    ws.cell(3, 9).number_format = "0%"
    write_table(wb, "履职档案", f"{x.name} {year}年度履职档案", ("日期", "类别", "内容"),
                [[e.day, e.what, e.text] for e in sheet.entries], widths=[12, 12, 70])
    return save_workbook(wb, path)
