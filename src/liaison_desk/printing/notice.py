"""The printed notice for one reception (人大代表接待选民公告), posted 3 working days before (rule 五)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.models.enums import SessionKind
from liaison_desk.printing.base import (
    MM,
    RIGHT,
    Style,
    Text,
    build_pdf,
    fits_one_page,
    paper,
    ruled_table,
    styles,
)
from liaison_desk.services.schedule.printing import NoticeData
from liaison_desk.text import fmt_date, fmt_time, fmt_weekday

TITLE = "人大代表接待选民公告"
NUMBERS = "一二三四五六七八九"
# GB/T 9704 text block: top 37 mm, left (binding) 28 mm, 156 mm wide.
MARGINS = (37 * MM, 26 * MM, 35 * MM, 28 * MM)


def _when(n: NoticeData) -> str:
    text = f"{fmt_date(n.day)}（{fmt_weekday(n.day)}）"
    if n.start_time:
        half = "上午" if n.start_time.hour < 12 else "下午"
        text += f"{half}{fmt_time(n.start_time)}"
        if n.end_time:
            text += f"—{fmt_time(n.end_time)}"
    return text


def at_station(n: NoticeData) -> bool:
    """A session held at the station itself (not a 流动接待 in a village, community or unit)."""
    if n.kind == SessionKind.MOBILE.value:
        return False
    return not n.venue or n.venue in (n.station.venue, n.station.name, n.station.address)


def place(n: NoticeData) -> tuple[str, str]:
    """(where, how to get there): the station's address and directions only for sessions at the station."""
    if at_station(n):
        venue = n.station.venue or n.venue or n.station.name
        address = n.station.address
        where = venue + (f"（{address}）" if address and address not in venue else "")
        return where, n.station.directions
    return n.venue, ""


def _photo(path: Path | None, width: float) -> Any:
    from reportlab.platypus import Image, Spacer

    if path is None:
        return Spacer(1, 1)
    try:
        img = Image(str(path))
        ratio = img.imageHeight / float(img.imageWidth or 1)
        img.drawWidth, img.drawHeight = width, width * ratio
        return img
    except Exception:  # a photo that cannot be read is left out, not fatal
        return Spacer(1, 1)


def build_story(n: NoticeData, photos: bool, body_size: float = 16) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import KeepTogether, Spacer

    st = styles(body_size, title_size=22)  # 3号 仿宋 body (smaller only to keep to one sheet), 2号 title
    indent = body_size * 2
    body = st.body.but(first_indent=indent)
    table_size = min(14.0, body_size - 2)
    cell = st.cell.but(size=table_size, leading=table_size * 1.45)
    cell_c = st.cell_center.but(size=table_size, leading=table_size * 1.45)
    head = st.cell_head.but(size=table_size, leading=table_size * 1.45)
    where, directions = place(n)
    kind = SessionKind.label_of(n.kind)
    number = iter(NUMBERS)
    story: list[Any] = [Text(TITLE, st.title)]
    intro = (f"为密切人大代表同人民群众的联系，认真听取和反映人民群众的意见和要求，定于{_when(n)}在{n.venue or where}"
             f"开展人大代表{kind}选民活动。欢迎广大选民届时前来反映意见和建议。现将有关事项公告如下：")
    story += [Text(intro, body)]
    story += [Text(f"{next(number)}、接待时间", st.heading.but(first_indent=indent)), Text(_when(n), body)]
    story += [Text(f"{next(number)}、接待地点", st.heading.but(first_indent=indent)), Text(where, body)]
    story.append(Text(f"{next(number)}、接待代表", st.heading.but(first_indent=indent)))
    header = ["姓名", "代表身份", "工作单位及职务"] + (["照片"] if photos else [])
    rows: list[list[Any]] = [[Text(h, head) for h in header]]
    for d in n.deputies:
        row: list[Any] = [Text(d.name, cell_c), Text(d.levels, cell), Text(d.unit_post, cell)]
        if photos:
            row.append(_photo(d.photo, 18 * MM))
        rows.append(row)
    if not n.deputies:
        rows.append([Text("（尚未确定）", cell_c), "", ""] + ([""] if photos else []))
    widths = [w * MM for w in ((26, 48, 60, 22) if photos else (28, 52, 76))]  # the 156 mm text block
    story.append(ruled_table(rows, widths, [("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                            ("VALIGN", (0, 0), (-1, -1), "MIDDLE")], repeat_rows=1))
    if n.theme:
        story += [Text(f"{next(number)}、接待主题", st.heading.but(first_indent=indent)), Text(n.theme, body)]
    if n.officials:
        people = "；".join(f"{unit}{post}{name}" for name, unit, post in n.officials)
        story += [Text(f"{next(number)}、应邀参加人员", st.heading.but(first_indent=indent)),
                  Text(f"{people}（到场听取意见、现场答复）", body)]
    if directions or n.station.phone:
        label = "交通指引及联系方式" if directions else "联系方式"
        story.append(Text(f"{next(number)}、{label}", st.heading.but(first_indent=indent)))
        if directions:
            story.append(Text(directions, body))
        if n.station.phone:
            contact = f"联系人：{n.station.liaison_officer}　" if n.station.liaison_officer else ""
            story.append(Text(f"{contact}联系电话：{n.station.phone}", body))
    if n.notice_places:
        story.append(Text(f"本公告张贴于：{'、'.join(n.notice_places)}", body))
    signed = _right(st.body)
    story.append(KeepTogether([Spacer(1, 10 * MM), Text(n.station.name, signed),
                               Text(fmt_date(n.notice_date or date.today()), signed)]))
    return story


def _right(style: Style) -> Style:
    return style.but(align=RIGHT, right_indent=16, first_indent=0)


BODY_SIZES = (16, 15, 14, 12)  # 三号, 小三, 四号, 小四: the first that keeps the notice to one sheet


def print_notice(n: NoticeData, path: Path | str, photos: bool = False) -> Path:
    """Write the notice `n` to `path` (A4 portrait, GB/T 9704 margins, fonts embedded), on one sheet."""
    title = f"{TITLE}（{fmt_date(n.day)}）"
    for size in BODY_SIZES:
        story = build_story(n, photos, size)
        if size == BODY_SIZES[-1] or fits_one_page(story, paper("A4"), MARGINS):
            break
    return build_pdf(path, build_story(n, photos, size), paper("A4"), title, margins=MARGINS, page_numbers=False)
