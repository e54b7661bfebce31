"""The activity papers: 《人大代表活动情况记录簿》, the 代表考勤通报 and the 年度考核评分表 — from plain rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.printing.base import Text, build_pdf, paper, styles
from liaison_desk.privacy import mask_record
from liaison_desk.services.activities.checks import AttendanceLine, percent
from liaison_desk.services.activities.scores import ScoreSheet
from liaison_desk.services.activities.service import ActivityRow
from liaison_desk.text import fmt_date

BOOK_TITLE = "人大代表活动情况记录簿"
BOOK_HEADERS = ("序号", "日期", "类型", "主题/内容", "地点", "参加代表", "群众人次", "记录人")
BOOK_WIDTHS = (30, 78, 52, 250, 92, 148, 50, 70)  # A4 landscape, 36 pt margins: 770 pt
ATTENDANCE_TITLE = "代表考勤通报"
ATTENDANCE_HEADERS = ("序号", "姓名", "应参加", "出席", "请假", "缺席", "出席率")
ATTENDANCE_WIDTHS = (36, 120, 60, 60, 60, 60, 70)
SCORE_TITLE = "年度考核评分表"  # printed after the year: 2026年度考核评分表
SCORE_HEADERS = ("考核项目", "计分依据", "数量", "得分", "依据的记录")
SCORE_WIDTHS = (120, 88, 40, 40, 235)


def _table(head: Sequence[str], body: list[list[Any]], widths: Sequence[float], st: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    table = LongTable([[Text(h, st.cell_center) for h in head], *body], colWidths=list(widths),
                      repeatRows=1, splitByRow=True)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def print_activity_book(rows: Sequence[ActivityRow], station: str, start: date, end: date,
                        path: Path | str, mask: Callable[[str], str] | None = None,
                        sections: dict[str, str] | None = None) -> Path:
    """The book for [start, end], oldest first, in the paper book's columns; `mask` (services.masking)
    is applied to every text of every row (脱敏). `sections` (a township database's station names by id):
    each station's activities under a line naming it. Drawn directly on the canvas (printing.grid): each
    cell wrapped once, the header on every page, however many years the book covers."""
    from liaison_desk.printing.base import CENTER, LEFT
    from liaison_desk.printing.grid import Column, GridDoc, Section, draw_grid

    if sections is not None:  # each station's activities together, in the stations' name order
        rows = sorted(rows, key=lambda r: (sections.get(r.station_id or "", ""), r.station_id or ""))
    stations = [r.station_id for r in rows]  # before masking, which reads every text field
    if mask is not None:
        rows = mask_record(list(rows), mask)
    people = sum(r.citizens for r in rows)
    doc = GridDoc(
        title=BOOK_TITLE, pagesize=paper("A4", landscape=True), margins=(36, 36, 36, 36), cell_size=8.5,
        title_size=20,
        columns=[Column(h, w, CENTER if i in (0, 1, 2, 6) else LEFT)
                 for i, (h, w) in enumerate(zip(BOOK_HEADERS, BOOK_WIDTHS, strict=True))],
        subtitle=[f"{station}　　{fmt_date(start)} 至 {fmt_date(end)}　　共 {len(rows)} 次活动，"
                  f"群众参与 {people} 人次"],
        empty="（此期间没有活动记录）", page_footer=station, meta_title=BOOK_TITLE)

    def lines() -> Iterator[list[str] | Section]:
        last: str | None = None
        for n, (r, sid) in enumerate(zip(rows, stations, strict=True), 1):
            if sections is not None and (n == 1 or sid != last):
                last = sid
                yield Section(f"联络站：{sections.get(sid or '', '') or '（未注明）'}")
            about = r.title + (f"\n{r.content}" if r.content else "")
            who = r.deputies
            missing = "，".join(f"{label} {n}" for label, n in (("请假", r.leave), ("缺席", r.absent)) if n)
            if missing:
                who += f"\n（{missing}）"
            yield [str(n), fmt_date(r.day), r.kind_label, about, r.place, who, str(r.citizens), r.recorder]

    return draw_grid(path, doc, lines(), len(rows))[0]


def _section_rows(table: Any, spans: list[int]) -> None:
    """Rows that name a station: one cell across the table, shaded."""
    if spans:
        from reportlab.lib import colors
        from reportlab.platypus import TableStyle

        table.setStyle(TableStyle([x for row in spans for x in (("SPAN", (0, row), (-1, row)),
                                                                ("BACKGROUND", (0, row), (-1, row),
                                                                 colors.HexColor("#f5f5f5")))]))


def print_attendance(lines: Sequence[AttendanceLine], station: str, period: str, path: Path | str,
                     threshold: float, mask: Callable[[str], str] | None = None,
                     sections: dict[str, str] | None = None) -> Path:
    """The 考勤通报 for a quarter or a year: each deputy's roll-call record, lowest rate marked. `sections`
    (a township database's station names by id): each station's deputies under a line naming it."""
    if sections is not None:
        lines = sorted(lines, key=lambda x: (sections.get(x.station_id or "", ""), x.station_id or ""))
    if mask is not None:
        lines = mask_record(list(lines), mask)
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    st = styles(11)
    story: list[Any] = [Text(ATTENDANCE_TITLE, st.title),
                        Text(f"{station}　　{period}", st.subtitle), Spacer(1, 2 * mm)]
    body: list[list[Any]] = []
    spans: list[int] = []
    for n, x in enumerate(lines, 1):
        if sections is not None and (n == 1 or x.station_id != lines[n - 2].station_id):
            spans.append(len(body) + 1)  # + the header row
            body.append([Text(f"联络站：{sections.get(x.station_id or '', '') or '（未注明）'}", st.cell_head)]
                        + [Text("", st.cell)] * (len(ATTENDANCE_HEADERS) - 1))
        rate = percent(x.rate) if x.rate is not None else "—"
        if x.rate is not None and x.rate < threshold:
            rate += "（偏低）"
        cells = [str(n), (x.name), str(x.expected), str(x.present), str(x.leave), str(x.absent), rate]
        body.append([Text(c, st.cell_center) for c in cells])
    if not body:
        body = [[Text("", st.cell)] + [Text("（此期间没有考勤记录）", st.cell)]
                + [Text("", st.cell)] * 5]
    table = _table(ATTENDANCE_HEADERS, body, ATTENDANCE_WIDTHS, st)
    _section_rows(table, spans)
    story.append(table)
    story.append(Spacer(1, 4 * mm))
    story.append(Text(f"说明：应参加为列入活动考勤和接待选民安排的次数；出席率 = 出席 ÷ 应参加，"
                           f"低于 {percent(threshold)} 的标注“偏低”。", st.small))
    return build_pdf(path, story, paper("A4"), ATTENDANCE_TITLE)


def print_scores(sheets: Sequence[ScoreSheet], station: str, year: int, path: Path | str,
                 mask: Callable[[str], str] | None = None, sections: dict[str, str] | None = None) -> Path:
    """One section per group (or deputy): each item's count, points and the records behind it. `sections`
    (a township database's station names by id): the sheets station by station, each headed with its station."""
    where: dict[int, str] = {}
    if sections is not None:
        sheets = sorted(sheets, key=lambda x: (sections.get(x.station_id or "", ""), x.station_id or ""))
        where = {i: sections.get(x.station_id or "", "") or "（未注明）" for i, x in enumerate(sheets)}
    if mask is not None:
        sheets = mask_record(list(sheets), mask)
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    st = styles(10.5)
    unit = "代表小组" if sheets and sheets[0].unit == "group" else "代表"
    story: list[Any] = [Text(f"{year}{SCORE_TITLE}", st.title),
                        Text(f"{station}　　按{unit}评分", st.subtitle)]
    no_rules = bool(sheets) and not any(sheet.items for sheet in sheets)
    if no_rules:  # no rule scores this unit: one line, not a page of empty tables
        story.append(Text(f"（评分规则中没有按{unit}计分的项目，可导出评分规则表（Excel），添加后再导入）", st.body))
        sheets = []
    for i, sheet in enumerate(sheets):
        named = f"{where[i]}　" if i in where else ""
        story += [CondPageBreak(60 * mm), Spacer(1, 3 * mm),
                  Text(f"{named}{sheet.name}　　合计 {sheet.total:g} 分", st.heading)]
        body = []
        for item in sheet.items:
            shown = list(item.records[:8])
            if len(item.records) > 8:
                shown.append(f"…… 共 {len(item.records)} 条")
            cells = [item.item, item.basis, str(item.count), f"{item.points:g}", "\n".join(shown) or "—"]
            body.append([Text(c, st.cell_center if i in (2, 3) else st.cell) for i, c in enumerate(cells)])
        if not body:
            body = [[Text("（无评分项目）", st.cell)] + [Text("", st.cell)] * 4]
        story.append(_table(SCORE_HEADERS, body, SCORE_WIDTHS, st))
    if not sheets and not no_rules:
        story.append(Text("（没有可评分的代表小组或代表）", st.body))
    story += [Spacer(1, 6 * mm), Text("评分人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", st.body)]
    return build_pdf(path, story, paper("A4"), SCORE_TITLE)
