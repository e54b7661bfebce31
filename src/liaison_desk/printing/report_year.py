"""The yearly statistics (年度工作统计) as a PDF: the figures table and charts drawn with reportlab's own
graphics — visits and suggestions per month, categories, handling steps at the year's end, and the on-time
and satisfaction rates per quarter."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from liaison_desk.printing.base import Text, build_pdf, paper, styles
from liaison_desk.printing.fonts import register
from liaison_desk.printing.report_month import HEADERS, WIDTHS
from liaison_desk.services.reports.form import FormRow
from liaison_desk.services.reports.series import YearSeries

MONTHS = [f"{m}月" for m in range(1, 13)]
QUARTERS = ["一季度", "二季度", "三季度", "四季度"]
BLUE, ORANGE = "#2e75b6", "#ed7d31"


def _drawing(height: float = 190) -> Any:
    from reportlab.graphics.shapes import Drawing

    return Drawing(500, height)


def _title(d: Any, text: str, font: str) -> None:
    from reportlab.graphics.shapes import String

    d.add(String(250, d.height - 14, text, fontName=font, fontSize=11, textAnchor="middle"))


def _legend(font: str, height: float) -> Any:
    """A one-line legend at the top right, each swatch before its name."""
    from reportlab.graphics.charts.legends import Legend

    lg = Legend()
    lg.x, lg.y, lg.boxAnchor = 480, height - 22, "ne"
    lg.fontName, lg.fontSize, lg.alignment, lg.columnMaximum, lg.deltax = font, 8, "right", 1, 80
    return lg


def _bars(title: str, names: Sequence[str], series: Sequence[Sequence[float]], legend: Sequence[str],
          horizontal: bool = False) -> Any:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.lib import colors

    font, _ = register()
    height = max(190, 28 + 16 * len(names)) if horizontal else 190
    d = _drawing(height)
    _title(d, title, font)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (110, 20) if horizontal else (40, 40)
    chart.width, chart.height = (360, height - 50) if horizontal else (430, 120)
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = list(names)
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 8
    chart.valueAxis.valueMin = 0
    top = max((max(s) for s in series if s), default=0)
    chart.valueAxis.valueMax = max(top * 1.15, 1)
    chart.valueAxis.valueStep = max(1, round(max(top, 1) / 5))
    for i, colour in enumerate((BLUE, ORANGE)[:len(series)]):
        chart.bars[i].fillColor = colors.HexColor(colour)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    d.add(chart)
    if len(legend) > 1:
        lg = _legend(font, height)
        lg.colorNamePairs = [(colors.HexColor(c), n) for c, n in zip((BLUE, ORANGE), legend, strict=False)]
        d.add(lg)
    return d


def _rates(title: str, series: Sequence[Sequence[float | None]], legend: Sequence[str]) -> Any:
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    font, _ = register()
    d = _drawing()
    _title(d, title, font)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 430, 120
    # reportlab cannot join fewer than two points (an assertion when drawn): such a rate is a lone marker
    chart.joinedLines = 0
    # a quarter with nothing to divide has no point; reportlab skips None values
    chart.data = [[v * 100 if v is not None else None for v in s] for s in series]
    chart.categoryAxis.categoryNames = QUARTERS
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 8
    for i, colour in enumerate((BLUE, ORANGE)):
        chart.lines[i].strokeColor = colors.HexColor(colour)
        chart.lines[i].strokeWidth = 1.5
        chart.lines[i].symbol = makeMarker("FilledCircle")
        if i < len(series) and sum(v is not None for v in series[i]) >= 2:
            chart.lines[i].lineStyle = "joinedLine"
    d.add(chart)
    lg = _legend(font, d.height)
    lg.colorNamePairs = [(colors.HexColor(c), n) for c, n in zip((BLUE, ORANGE), legend, strict=True)]
    d.add(lg)
    return d


def print_year(rows: Sequence[FormRow], series: YearSeries, station: str, title: str, year: int,
               path: Path | str, notes: Sequence[str] = ()) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer, Table, TableStyle

    st = styles(9.5)
    story: list[Any] = [Text(title, st.title),
                        Text(f"{station}　　{year}年1月1日至{year}年12月31日", st.subtitle)]
    body: list[list[Any]] = [[Text(h, st.cell_center) for h in HEADERS]]
    previous = None
    for r in rows:
        body.append([Text(r.section if r.section != previous else "", st.cell),
                     Text(r.item, st.cell), Text(r.shown(r.value), st.cell_center),
                     Text(r.shown(r.last), st.cell_center), Text(r.shown_change(), st.cell_center)])
        previous = r.section
    table = Table(body, colWidths=list(WIDTHS), repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [table] + [Text(n, st.small) for n in notes]
    charts = [
        _bars("每月来访和意见建议", MONTHS, [series.visits_per_month, series.suggestions_per_month],
              ["来访件数", "登记意见建议"]),
        _bars("来访类别（全年）", [k for k, _ in series.categories][::-1], [[n for _, n in series.categories][::-1]],
              ["来访件数"], horizontal=True),
        _bars("年末在办意见建议（按环节）", [k for k, _ in series.steps_at_end] or ["（无）"],
              [[n for _, n in series.steps_at_end] or [0]], ["件数"]),
        _rates("按期答复率和满意率（按季度）", [series.on_time_per_quarter, series.satisfaction_per_quarter],
               ["按期答复率", "满意率"]),
    ]
    for chart in charts:
        story += [CondPageBreak(chart.height + 8 * mm), Spacer(1, 4 * mm), chart]
    return build_pdf(path, story, paper("A4"), title, margins=40)
