"""The statistics form as an Excel sheet with the figures as numbers (rates as percentages), so the township
can add up its stations' sheets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.services.reports.form import FormRow
from liaison_desk.text import fmt_date

SHEET = "统计报表"
HEADERS = ("类别", "项目", "本期", "去年同期", "增减")


def form_sheet(wb: Any, rows: Sequence[FormRow], title: str, sheet: str = SHEET) -> Any:
    """Write the form into `wb` as a sheet; numbers stay numbers, rates get a percent format."""
    ws = write_table(wb, sheet, title, HEADERS,
                     ([r.section, r.item, r.value, r.last, r.change] for r in rows), widths=[20, 30, 12, 12, 12],
                     landscape=False)
    first = next(i for i in range(1, 6) if ws.cell(i, 1).value == HEADERS[0]) + 1
    for i, r in enumerate(rows):
        for col in (3, 4, 5):
            cell = ws.cell(first + i, col)
            if r.is_rate and cell.value is not None:
                cell.number_format = "0.0%"
    return ws


def write_form(rows: Sequence[FormRow], station: str, title: str, start: date, end: date,
               path: Path | str) -> Path:
    wb = new_workbook()
    form_sheet(wb, rows, f"{title}（{station}，{fmt_date(start)}至{fmt_date(end)}）")
    return save_workbook(wb, path)
