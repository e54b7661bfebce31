"""The printed notice for one reception (人大代表接待选民公告), posted 3 working days before (rule 五)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.models.enums import SessionKind
from liaison_desk.printing.base import build_pdf, paper, styles
from liaison_desk.services.schedule.printing import NoticeData, notice_data
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date, fmt_time, fmt_weekday

TITLE = "人大代表接待选民公告"


def _when(n: NoticeData) -> str:
    text = f"{fmt_date(n.day)}（{fmt_weekday(n.day)}）"
    if n.start_time:
        half = "上午" if n.start_time.hour < 12 else "下午"
        text += f"{half} {fmt_time(n.start_time)}"
        if n.end_time:
            text += f"—{fmt_time(n.end_time)}"
    return text


def _photo(path: Path | None, width: float) -> Any:
    from reportlab.platypus import Image, Paragraph

    if path is None:
        return Paragraph("", styles().cell)
    try:
        img = Image(str(path))
        ratio = img.imageHeight / float(img.imageWidth or 1)
        img.drawWidth, img.drawHeight = width, width * ratio
        return img
    except Exception:  # a photo that cannot be read is left out, not fatal
        return Paragraph("", styles().cell)


def build_story(n: NoticeData, photos: bool) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles(13)
    body = _indented(st.body)
    venue = n.venue or n.station.venue or n.station.name
    kind = SessionKind.label_of(n.kind)
    story: list[Any] = [Paragraph(TITLE, st.title), Spacer(1, 4 * mm)]
    intro = (f"为密切人大代表同人民群众的联系，认真听取和反映人民群众的意见和要求，定于{_when(n)}在{venue}"
             f"开展人大代表{kind}选民活动。欢迎广大选民届时前来反映意见和建议。现将有关事项公告如下：")
    story += [Paragraph(f"{intro}", body), Spacer(1, 3 * mm)]
    story.append(Paragraph("一、接待时间", st.heading))
    story.append(Paragraph(f"{_when(n)}", body))
    story.append(Paragraph("二、接待地点", st.heading))
    story.append(Paragraph(f"{venue}" + (f"（{n.station.address}）" if n.station.address and
                                             n.station.address not in venue else ""), body))
    story.append(Paragraph("三、接待代表", st.heading))
    header = ["姓名", "代表身份", "工作单位及职务"] + (["照片"] if photos else [])
    rows: list[list[Any]] = [[Paragraph(h, st.cell_center) for h in header]]
    for d in n.deputies:
        row: list[Any] = [Paragraph(d.name, st.cell_center), Paragraph(d.levels, st.cell),
                          Paragraph(d.unit_post, st.cell)]
        if photos:
            row.append(_photo(d.photo, 18 * mm))
        rows.append(row)
    if not n.deputies:
        rows.append([Paragraph("（尚未确定）", st.cell_center), "", ""] + ([""] if photos else []))
    widths = [28 * mm, 50 * mm, 72 * mm] + ([22 * mm] if photos else [])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(table)
    number = 4
    if n.theme:
        story.append(Paragraph(f"{'四五六七'[number - 4]}、接待主题", st.heading))
        story.append(Paragraph(f"{n.theme}", body))
        number += 1
    if n.officials:
        story.append(Paragraph(f"{'四五六七'[number - 4]}、应邀参加人员", st.heading))
        people = "；".join(f"{unit}{post}{name}" for name, unit, post in n.officials)
        story.append(Paragraph(f"{people}（到场听取意见、现场答复）", body))
        number += 1
    if n.station.directions or n.station.phone:
        story.append(Paragraph(f"{'四五六七'[number - 4]}、交通指引及联系方式", st.heading))
        if n.station.directions:
            story.append(Paragraph(f"{n.station.directions}", body))
        if n.station.phone:
            contact = f"联系人：{n.station.liaison_officer}　" if n.station.liaison_officer else ""
            story.append(Paragraph(f"{contact}联系电话：{n.station.phone}", body))
    if n.notice_places:
        story.append(Paragraph(f"本公告张贴于：{'、'.join(n.notice_places)}", body))
    story += [Spacer(1, 12 * mm),
              Paragraph(n.station.name, _right(st.body)),
              Paragraph("（盖章）", _right(st.body)),
              Paragraph(fmt_date(n.notice_date or date.today()), _right(st.body))]
    return story


def _indented(style: Any) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}-indent", parent=style, firstLineIndent=style.fontSize * 2)


def _right(style: Any) -> Any:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}-right", parent=style, alignment=TA_RIGHT, rightIndent=24)


def print_notice(db: Database, session_id: str, path: Path | str, photos: bool = False) -> Path:
    """Write the notice of one session to `path` (A4 portrait, Chinese font embedded)."""
    n = notice_data(db, session_id)
    return build_pdf(path, build_story(n, photos), paper("A4"), f"{TITLE}（{fmt_date(n.day)}）",
                     margins=56, page_numbers=False)
