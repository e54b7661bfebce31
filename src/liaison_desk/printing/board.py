"""The deputy board (代表信息公示栏): a grid of photos with name, levels, unit and post, and phone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.models.enums import AuditAction, DeputyStatus, GroupRole, Level
from liaison_desk.printing.base import build_pdf, paper, styles
from liaison_desk.privacy import mask_record
from liaison_desk.services.roster.photos import photo_path
from liaison_desk.services.roster.service import DeputyRecord, RosterService
from liaison_desk.services.station import StationService
from liaison_desk.text import fmt_date

TITLE = "代表信息公示栏"
COLUMNS = {"A4": 4, "A3": 5}
MARGIN = 36


@dataclass(frozen=True)
class BoardOptions:
    paper: str = "A4"
    hide_phone: bool = False
    today: date | None = None
    mask: bool = False  # phone numbers shown as 138****5678 (privacy.mask_text)


def level_text(rec: DeputyRecord) -> str:
    """"县、镇人大代表"."""
    short = "、".join(Level(e.level).short for e in rec.levels)
    return f"{short}人大代表" if short else ""


def _photo(path: Path | None, w: float, h: float, font: str) -> Any:
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.platypus import Image

    if path is not None:
        img = Image(str(path), width=w, height=h, kind="proportional")
        img.hAlign = "CENTER"
        return img
    d = Drawing(w, h)
    d.add(Rect(0, 0, w, h, strokeColor=colors.HexColor("#999999"), fillColor=colors.HexColor("#f2f2f2")))
    d.add(String(w / 2, h / 2 - 5, "照片", fontName=font, fontSize=12, textAnchor="middle",
                 fillColor=colors.HexColor("#888888")))
    d.hAlign = "CENTER"
    return d


def _cell(db: Any, rec: DeputyRecord, opts: BoardOptions, photo_w: float, st: Any) -> list[Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Spacer

    name_style = ParagraphStyle("board-name", parent=st.heading, alignment=TA_CENTER, spaceBefore=4, spaceAfter=1)
    small = ParagraphStyle("board-small", parent=st.cell_center)
    photo = _photo(photo_path(db, rec.photo), photo_w, photo_w * 4 / 3, st.body.fontName)
    if opts.mask:
        rec = mask_record(rec)
    out = [photo,
           Spacer(1, 2), Paragraph(_esc(rec.name), name_style), Paragraph(_esc(level_text(rec)), small)]
    if rec.group_name and rec.group_role in (GroupRole.LEADER.value, GroupRole.DEPUTY_LEADER.value):
        out.append(Paragraph(_esc(rec.group_name + GroupRole.label_of(rec.group_role)), small))
    unit = "　".join(x for x in (rec.work_unit, rec.post) if x)
    if unit:
        out.append(Paragraph(_esc(unit), small))
    if rec.phone and not opts.hide_phone:
        out.append(Paragraph(_esc(f"电话：{rec.phone}"), small))
    return out


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def board_story(db: Any, opts: BoardOptions) -> tuple[list[Any], tuple[float, float], str, int]:
    """(flowables, page size, title, how many deputies) of the board."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    paper_name = opts.paper.upper()
    size = paper(paper_name)
    cols = COLUMNS.get(paper_name, 4)
    st = styles(11 if paper_name == "A4" else 14)
    station = StationService(db).station_name()
    title = f"{station}{TITLE}"
    deputies = [r for r in RosterService(db).all_records() if r.status == DeputyStatus.ACTIVE.value]
    col_w = (size[0] - 2 * MARGIN) / cols
    photo_w = col_w * 0.62
    story: list[Any] = [Paragraph(_esc(title), st.title),
                        Paragraph(f"公示日期：{fmt_date(opts.today or date.today())}　共 {len(deputies)} 名代表",
                                  st.subtitle)]
    if not deputies:
        story.append(Paragraph("名册中还没有在任代表。", st.body))
        return story, size, title, 0
    cells: list[Any] = [_cell(db, r, opts, photo_w, st) for r in deputies]
    cells += [""] * (-len(cells) % cols)
    grid = [cells[i:i + cols] for i in range(0, len(cells), cols)]
    table = Table(grid, colWidths=[col_w] * cols, repeatRows=0)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc")),
    ]))
    story.append(table)
    return story, size, title, len(deputies)


def print_board(db: Any, path: Path | str, opts: BoardOptions = BoardOptions()) -> int:
    """Write the board PDF to `path` (atomically); returns how many deputies it shows."""
    story, size, title, n = board_story(db, opts)
    build_pdf(path, story, size, title, margins=MARGIN, footer=title)
    roster = RosterService(db)
    with db.session() as s:
        roster.audit(s, AuditAction.PRINT, "deputy", "",
                     f"打印代表信息公示栏（{opts.paper.upper()}，"
                     f"{'隐藏' if opts.hide_phone else '脱敏显示' if opts.mask else '显示'}电话）")
    return n
