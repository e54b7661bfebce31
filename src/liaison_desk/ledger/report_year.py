"""The yearly statistics as an Excel workbook: the figures (numbers, not text) and native Excel charts
(openpyxl), so WPS/Excel users can restyle them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from liaison_desk.ledger.report_month import form_sheet
from liaison_desk.ledger.writer import new_workbook, save_workbook
from liaison_desk.services.reports.form import FormRow
from liaison_desk.services.reports.series import YearSeries

CHART_SHEET = "图表数据"


def write_year(rows: Sequence[FormRow], series: YearSeries, station: str, title: str, year: int,
               path: Path | str) -> Path:
    from openpyxl.chart import BarChart, LineChart, Reference

    wb = new_workbook()
    form_sheet(wb, rows, f"{title}（{station}）")
    ws = wb.create_sheet(CHART_SHEET)
    ws.append(["月份", "来访件数", "登记意见建议"])
    for m in range(12):
        ws.append([f"{m + 1}月", series.visits_per_month[m], series.suggestions_per_month[m]])
    ws.append([])
    cat_top = ws.max_row + 1
    ws.append(["来访类别", "件数"])
    for k, n in series.categories:
        ws.append([k, n])
    ws.append([])
    q_top = ws.max_row + 1
    ws.append(["季度", "按期答复率", "满意率"])
    for i, name in enumerate(("一季度", "二季度", "三季度", "四季度")):
        ws.append([name, series.on_time_per_quarter[i], series.satisfaction_per_quarter[i]])
        for col in (2, 3):
            ws.cell(ws.max_row, col).number_format = "0.0%"
    for letter, width in (("A", 14), ("B", 12), ("C", 14)):
        ws.column_dimensions[letter].width = width

    def place(chart: Any, anchor: str) -> None:
        chart.height, chart.width = 7.5, 16
        ws.add_chart(chart, anchor)

    monthly = BarChart()
    monthly.title, monthly.y_axis.title = f"{year}年每月来访和意见建议", "件数"
    monthly.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=13), titles_from_data=True)
    monthly.set_categories(Reference(ws, min_col=1, min_row=2, max_row=13))
    place(monthly, "E2")
    cats = BarChart()
    cats.type, cats.title = "bar", "来访类别（全年）"
    n = len(series.categories)
    cats.add_data(Reference(ws, min_col=2, min_row=cat_top, max_row=cat_top + n), titles_from_data=True)
    cats.set_categories(Reference(ws, min_col=1, min_row=cat_top + 1, max_row=cat_top + n))
    place(cats, "E18")
    rates = LineChart()
    rates.title = "按期答复率和满意率（按季度）"
    rates.y_axis.number_format = "0%"
    rates.add_data(Reference(ws, min_col=2, max_col=3, min_row=q_top, max_row=q_top + 4), titles_from_data=True)
    rates.set_categories(Reference(ws, min_col=1, min_row=q_top + 1, max_row=q_top + 4))
    place(rates, "E34")
    return save_workbook(wb, path)
