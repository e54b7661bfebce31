"""The wall schedule (接待安排表) for a month or quarter, and the year's 年度活动计划: a landscape table."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.models.enums import SessionKind, SessionStatus
from liaison_desk.printing.base import build_pdf, paper, styles
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import QUARTERS, month_end
from liaison_desk.services.schedule.printing import station_info, wall_rows
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date, fmt_time_range, fmt_weekday

HEADER = ("序号", "接待日期", "星期", "时间", "接待形式", "接待地点", "接待主题", "接待代表", "应邀参加人员",
          "公告日期", "状态")
WIDTHS_MM = (8, 28, 14, 26, 18, 36, 34, 40, 30, 28, 14)  # 276 mm: A4 landscape less margins


def title_for(start: date, end: date) -> str:
    """年度活动计划 for a whole year, 第N季度 / N月 接待安排表 for a quarter or month, else the range."""
    if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
        return f"{start.year}年度活动计划"
    if start.day == 1 and end == month_end(start.year, start.month + 2) and start.month % 3 == 1:
        return f"{start.year}年第{QUARTERS[start.month // 3]}季度接待安排表"
    if start.day == 1 and end == month_end(start.year, start.month):
        return f"{start.year}年{start.month}月接待安排表"
    return f"接待安排表（{fmt_date(start)}至{fmt_date(end)}）"


def build_story(db: Database, start: date, end: date) -> tuple[list[Any], str]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles(10.5)
    station = station_info(db)
    title = title_for(start, end)
    story: list[Any] = [Paragraph(f"{station.name}{title}", st.title),
                        Paragraph(f"{fmt_date(start)}至{fmt_date(end)}", st.subtitle)]
    for w in WorkCalendar(db).warnings([start, end]):
        story.append(Paragraph(f"注意：{w}", st.small))
    rows = wall_rows(db, start, end)
    data: list[list[Any]] = [[Paragraph(h, st.cell_center) for h in HEADER]]
    for i, r in enumerate(rows, 1):
        data.append([Paragraph(str(i), st.cell_center), Paragraph(fmt_date(r.day), st.cell),
                     Paragraph(fmt_weekday(r.day), st.cell_center),
                     Paragraph(fmt_time_range(r.start_time, r.end_time), st.cell_center),
                     Paragraph(SessionKind.label_of(r.kind), st.cell_center), Paragraph(r.venue, st.cell),
                     Paragraph(r.theme, st.cell), Paragraph(r.deputies, st.cell), Paragraph(r.officials, st.cell),
                     Paragraph(fmt_date(r.notice_date), st.cell), Paragraph(SessionStatus.label_of(r.status),
                                                                            st.cell_center)])
    if not rows:
        data.append([Paragraph("这段时间没有接待安排", st.cell)] + [""] * (len(HEADER) - 1))
    table = Table(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    story += [Spacer(1, 3 * mm), table, Spacer(1, 5 * mm)]
    contact = "　".join(x for x in (f"联络员：{station.liaison_officer}" if station.liaison_officer else "",
                                    f"联系电话：{station.phone}" if station.phone else "",
                                    f"地址：{station.address}" if station.address else "") if x)
    if contact:
        story.append(Paragraph(contact, st.small))
    story.append(Paragraph(f"每次接待前 3 个工作日张贴公告。制表日期：{fmt_date(date.today())}", st.small))
    return story, f"{station.name}{title}"


def print_schedule(db: Database, start: date, end: date, path: Path | str) -> Path:
    """Write the sessions of [start, end] as a landscape A4 table to `path`."""
    story, title = build_story(db, start, end)
    return build_pdf(path, story, paper("A4", landscape=True), title, margins=30)
