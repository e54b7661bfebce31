"""The monthly statistics form (月度统计报表) on one A4 page: title, station, period, a ruled table of the
figures with the same period last year, and 填报人 / 审核人 / 填报日期."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.printing.base import Text, build_pdf, paper, styles
from liaison_desk.services.reports.form import FormRow
from liaison_desk.text import fmt_date

TITLE = "联络站月度统计报表"
HEADERS = ("类别", "项目", "本期", "去年同期", "增减")
WIDTHS = (92, 190, 70, 70, 86)


def print_form(rows: Sequence[FormRow], station: str, title: str, start: date, end: date, path: Path | str,
               notes: Sequence[str] = ()) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    st = styles(9.5)
    story: list[Any] = [Text(title, st.title),
                        Text(f"填报单位：{station}　　统计期间：{fmt_date(start)} 至 {fmt_date(end)}",
                                  st.subtitle)]
    body: list[list[Any]] = [[Text(h, st.cell_center) for h in HEADERS]]
    spans: list[tuple[int, int]] = []
    previous = None
    for i, r in enumerate(rows, start=1):
        first = r.section != previous
        if first:
            spans.append((i, i))
        else:
            spans[-1] = (spans[-1][0], i)
        previous = r.section
        body.append([Text(r.section if first else "", st.cell), Text(r.item, st.cell),
                     Text(r.shown(r.value), st.cell_center), Text(r.shown(r.last), st.cell_center),
                     Text(r.shown_change(), st.cell_center)])
    table = Table(body, colWidths=list(WIDTHS), repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    style += [("SPAN", (0, a), (0, b)) for a, b in spans if b > a]
    table.setStyle(TableStyle(style))
    story += [Spacer(1, 2 * mm), table, Spacer(1, 3 * mm)]
    for n in notes:
        story.append(Text(n, st.small))
    story += [Spacer(1, 5 * mm),
              Text("填报人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　填报日期：＿＿＿＿年＿＿月＿＿日", st.body)]
    return build_pdf(path, story, paper("A4"), title, margins=40)
