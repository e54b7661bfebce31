"""The printed visitor register (《人大代表接待选民来访登记簿》): landscape pages in the paper book's columns."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from liaison_desk.errors import ValidationError
from liaison_desk.models.enums import Channel, Exclusion, Handling
from liaison_desk.printing.base import build_pdf, paper, styles
from liaison_desk.services.base import Page
from liaison_desk.services.validate import mask_phone
from liaison_desk.services.visits.service import RegisterLine, VisitFilter, VisitService
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date, fmt_date_short, fmt_time

log = logging.getLogger(__name__)

TITLE = "人大代表接待选民来访登记簿"
HEADERS = ("序号", "日期", "来访人", "人数", "住址/单位", "联系电话", "反映问题", "接待代表", "处理情况")
# Widths in points for A4 landscape with 36 pt margins (770 pt of table).
WIDTHS = (30, 58, 62, 30, 92, 80, 208, 78, 130)
CHUNK = 500
Progress = Callable[[int, int], None]


def handling_text(line: RegisterLine) -> str:
    """处理情况 as written in the book: the handling, the rule 九 type or the suggestion number, the note."""
    parts = [Handling.label_of(line.handling)]
    if line.exclusion:
        parts[0] += f"（{Exclusion.label_of(line.exclusion)}）"
    if line.suggestion_number:
        parts[0] += f" {line.suggestion_number}"
    if line.handling_note:
        parts.append(line.handling_note)
    return "：".join(p for p in parts if p)


def _cells(n: int, line: RegisterLine, mask: bool, year: int) -> list[str]:
    """One register row; the date without its year when the whole register is within `year` (else 0)."""
    day = fmt_date_short(line.visited_on, year) + (f"<br/>{fmt_time(line.visited_time)}" if line.visited_time else "")
    who = escape(line.visitor)
    if line.is_group:
        who += "<br/>（集体访）"
    if line.channel and line.channel != Channel.RECEPTION_DAY.value:
        who += f"<br/>（{Channel.label_of(line.channel)}）"
    raised = escape(line.content) + (f"<br/>诉求：{escape(line.request)}" if line.request else "")
    phone = mask_phone(line.phone) if mask else line.phone
    return [str(n), day, who, str(line.headcount), escape(line.address), escape(phone),
            raised.replace("\n", "<br/>"), escape(line.deputies), escape(handling_text(line)).replace("\n", "<br/>")]


def print_register(db: Database, start: date, end: date, path: Path | str, mask: bool = False,
                   progress: Progress | None = None) -> Path:
    """Write the register book for visits in [start, end] to `path` (PDF); returns the path.

    `progress(done, total)` is called while rows are read; it may raise to cancel.
    """
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, Spacer, TableStyle

    from liaison_desk.services.station import StationService

    if end < start:
        raise ValidationError("结束日期不能早于开始日期", column="结束日期")
    svc = VisitService(db)
    f = VisitFilter(start=start, end=end)
    total = svc.count(f)
    st = styles(10)
    station = StationService(db).station_name()
    lines: list[RegisterLine] = []
    while len(lines) < total:
        chunk = svc.register_lines(f, Page(len(lines), CHUNK))
        if not chunk:
            break
        lines.extend(chunk)
        if progress is not None:
            progress(len(lines), total)
    people = sum(x.headcount for x in lines)
    story: list[Any] = [
        Paragraph(TITLE, st.title),
        Paragraph(f"{escape(station)}　　{fmt_date(start)} 至 {fmt_date(end)}　　共 {len(lines)} 条，"
                  f"来访 {people} 人次", st.subtitle),
        Spacer(1, 2 * mm),
    ]
    head = [Paragraph(h, st.cell_center) for h in HEADERS]
    year = start.year if start.year == end.year else 0
    body = [[Paragraph(c, st.cell_center if i in (0, 1, 3) else st.cell) for i, c in enumerate(_cells(n, x, mask, year))]
            for n, x in enumerate(lines, 1)]
    if not body:
        body = [[Paragraph("", st.cell)] * 3 + [Paragraph("", st.cell)] * 3
                + [Paragraph("（此期间没有来访登记）", st.cell)] + [Paragraph("", st.cell)] * 2]
    table = LongTable([head, *body], colWidths=list(WIDTHS), repeatRows=1, splitByRow=True)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story.append(table)
    out = build_pdf(path, story, paper("A4", landscape=True), TITLE, margins=36,
                    footer=station + ("（电话已隐去中间四位）" if mask else ""))
    _record(db, start, end, len(lines))
    log.info("register printed: %d lines", len(lines))
    return out


def _record(db: Database, start: date, end: date, n: int) -> None:
    """An 操作日志 entry: the register holds personal data, so printing it is recorded."""
    from liaison_desk.models.enums import AuditAction

    svc = VisitService(db)
    with db.session() as s:
        svc.audit(s, AuditAction.PRINT, "visit", "-", "打印来访登记簿",
                  {"from": [None, start], "to": [None, end], "rows": [None, n]})
