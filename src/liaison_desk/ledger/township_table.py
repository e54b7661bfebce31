"""The township's summed statistics table as an Excel sheet: one row per station, subtotals, the total."""

from __future__ import annotations

from pathlib import Path

from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.services.township.stats import COLUMNS, RATES, StationTable
from liaison_desk.text import fmt_date

SHEET = "各站汇总"


def write_station_table(t: StationTable, path: Path | str) -> Path:
    """Numbers stay numbers (rates as percentages); the stations not counted are named under the table."""
    from openpyxl.styles import Font

    wb = new_workbook()
    headers = ("联络站", *(h for _, h in COLUMNS)) if t.level.value == "township" else \
        ("履职中心", "联络站", *(h for _, h in COLUMNS))
    lead = 1 if t.level.value == "township" else 2
    rows = [([x.label] if lead == 1 else [x.centre if x.kind == "station" else "", x.label])
            + [x.values.get(k) for k, _ in COLUMNS] for x in t.lines]
    ws = write_table(wb, SHEET, f"{t.title}（{fmt_date(t.start)}至{fmt_date(t.end)}）", headers, rows,
                     widths=[18] * lead + [9] * len(COLUMNS))
    for i, line in enumerate(t.lines, start=3):
        for j, (key, _) in enumerate(COLUMNS, start=lead + 1):
            if key in RATES:
                ws.cell(i, j).number_format = "0.0%"
        if line.kind != "station":
            for j in range(1, len(headers) + 1):
                ws.cell(i, j).font = Font(bold=True)
    note = 3 + len(t.lines) + 1
    ws.cell(note, 1, "只计入已审核的月份。" + t.missing_text())
    return save_workbook(wb, path)
