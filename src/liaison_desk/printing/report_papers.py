"""Papers for the wall and the deputy: 办理结果公示, 代表履职情况公示 and a deputy's 履职档案 — from plain rows.

Each takes `mask` (services.masking.paper_masker): applied to every text of the rows when printed 脱敏."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from liaison_desk.printing.base import Text, build_pdf, paper, styles
from liaison_desk.privacy import mask_record
from liaison_desk.services.reports.papers import DeputyRecordSheet, PerformanceLine, ResultLine
from liaison_desk.text import fmt_date

SECTION = "联络站："  # a body row [SECTION + name] is a line across the table naming the station below it


def sectioned(lines: Sequence[Any], cells: Any, sections: dict[str, str] | None) -> list[list[str]]:
    """The body rows of `lines`; with `sections` (a township database's station names by id) each station's
    lines together, in the stations' name order, under a row naming the station."""
    if sections is None:
        return [cells(x) for x in lines]
    out: list[list[str]] = []
    last: object = object()
    for x in sorted(lines, key=lambda x: (sections.get(x.station_id or "", ""), x.station_id or "")):
        if x.station_id != last:
            last = x.station_id
            out.append([SECTION + (sections.get(x.station_id or "", "") or "（未注明）")])
        out.append(cells(x))
    return out


def _masked(lines: Sequence[Any], mask: Callable[[str], str] | None) -> list[Any]:
    """`lines` with every text masked (脱敏), each keeping its station id as it was (masking reads every field)."""
    if mask is None:
        return list(lines)
    from dataclasses import replace

    return [replace(m, station_id=x.station_id) for x, m in zip(lines, mask_record(list(lines), mask), strict=True)]


def _table(head: Sequence[str], body: list[list[str]], widths: Sequence[float], st: Any,
           centered: Sequence[int] = ()) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    rows = [[Text(h, st.cell_center) for h in head]]
    spans = [i + 1 for i, r in enumerate(body) if len(r) == 1 and r[0].startswith(SECTION)]
    rows += [[Text(r[0], st.cell_head)] + [Text("", st.cell)] * (len(head) - 1) if i + 1 in spans else
             [Text(c, st.cell_center if j in centered else st.cell) for j, c in enumerate(r)]
             for i, r in enumerate(body)]
    if not body:
        rows.append([Text("（无）", st.cell)] + [Text("", st.cell)] * (len(head) - 1))
    table = LongTable(rows, colWidths=list(widths), repeatRows=1, splitByRow=True)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               *[x for row in spans for x in (("SPAN", (0, row), (-1, row)),
                                                              ("BACKGROUND", (0, row), (-1, row),
                                                               colors.HexColor("#f5f5f5")))]]))
    return table


def _percent(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.0f}%"


def print_results(lines: Sequence[ResultLine], station: str, period: str, path: Path | str,
                  mask: Callable[[str], str] | None = None, sections: dict[str, str] | None = None) -> Path:
    """办理结果公示 of a quarter; `sections` (a township database): each station's matters under its name."""
    from reportlab.platypus import Spacer

    lines = _masked(lines, mask)

    st = styles(10.5)
    title = "意见建议办理结果公示"
    story = [Text(title, st.title), Text(f"{station}　　{period}", st.subtitle),
             _table(("编号", "事项", "反映人", "承办单位", "回复日期", "办理结果", "满意度"),
                    sectioned(lines, lambda x: [x.number, x.title, x.citizen, x.agency, fmt_date(x.replied_on),
                                                x.result, x.satisfaction], sections),
                    (86, 138, 44, 84, 72, 60, 46), st, centered=(2, 4, 6)),
             Spacer(1, 8), Text("对办理结果有意见的，可向本联络站反映，或拨打联络站电话。", st.small)]
    return build_pdf(path, story, paper("A4"), title)


def print_performance(lines: Sequence[PerformanceLine], station: str, year: int, path: Path | str,
                      mask: Callable[[str], str] | None = None, sections: dict[str, str] | None = None) -> Path:
    """代表履职情况公示 of a year; `sections` (a township database): each station's deputies under its name."""
    lines = _masked(lines, mask)

    st = styles(10.5)
    title = f"{year}年度代表履职情况公示"
    body = sectioned(lines, lambda x: [x.name, x.levels, str(x.receptions), str(x.visits), str(x.suggestions),
                                       str(x.activities), _percent(x.rate),
                                       fmt_date(x.reported_on) if x.reported_on else "未述职"], sections)
    story = [Text(title, st.title), Text(station, st.subtitle),
             _table(("姓名", "层级", "参加接待", "接待来访", "领衔建议", "参加活动", "出席率", "述职"), body,
                    (56, 66, 52, 52, 52, 52, 48, 92), st, centered=range(2, 8))]
    return build_pdf(path, story, paper("A4"), title)


def print_deputy_record(sheet: DeputyRecordSheet, station: str, year: int, path: Path | str,
                        mask: Callable[[str], str] | None = None) -> Path:
    from reportlab.platypus import Spacer

    if mask is not None:
        sheet = mask_record(sheet, mask)

    st = styles(10.5)
    x = sheet.line
    title = f"{x.name} {year}年度履职档案"
    summary = (f"层级：{x.levels or '—'}　参加接待 {x.receptions} 次　接待来访 {x.visits} 件　领衔建议 {x.suggestions} 件　"
               f"参加活动 {x.activities} 次　出席率 {_percent(x.rate)}　"
               + (f"述职：{fmt_date(x.reported_on)}" if x.reported_on else "本年度未述职"))
    story = [Text(title, st.title), Text(station, st.subtitle),
             Text(summary, st.body), Spacer(1, 6),
             _table(("日期", "类别", "内容"), [[fmt_date(e.day), e.what, e.text] for e in sheet.entries],
                    (84, 76, 320), st, centered=(0, 1))]
    return build_pdf(path, story, paper("A4"), title)
