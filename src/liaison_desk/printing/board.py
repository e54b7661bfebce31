"""The deputy board (代表信息公示栏): a grid of photos with name, levels, unit, post and phone, pages balanced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.printing.base import CENTER, Style, Text, build_pdf, paper, ruled_table, styles
from liaison_desk.services.roster.board import BoardData, BoardDeputy
from liaison_desk.text import fmt_date

TITLE = "代表信息公示栏"
COLUMNS = {"A4": 4, "A3": 5}
MARGIN = 36
FRAME_PAD = 6  # platypus frames pad each side by 6 pt


@dataclass(frozen=True)
class BoardOptions:
    paper: str = "A4"
    hide_phone: bool = False
    today: date | None = None


def _photo(path: Path | None, w: float, h: float, font: str) -> Any:
    """The deputy's photo, or a grey box saying 照片 (drawn on the canvas: no graphics fonts involved)."""
    from reportlab.platypus import Flowable, Image

    if path is not None:
        img = Image(str(path), width=w, height=h, kind="proportional")
        img.hAlign = "CENTER"
        return img

    class Box(Flowable):  # type: ignore[misc]
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return w, h

        def draw(self) -> None:
            c = self.canv
            c.setStrokeGray(0.6)
            c.setFillGray(0.95)
            c.rect(0, 0, w, h, stroke=1, fill=1)
            c.setFillGray(0.53)
            c.setFont(font, 12)
            c.drawCentredString(w / 2, h / 2 - 5, "照片")
            c.setFillGray(0)

    box = Box()
    box.hAlign = "CENTER"
    return box


def _cell(d: BoardDeputy, photo_w: float, name: Style, small: Style) -> list[Any]:
    """Photo, name, levels, group post, unit and post each on their own line (no word cut between them)."""
    out = [_photo(d.photo, photo_w, photo_w * 4 / 3, small.font), Text(d.name, name), Text(d.levels, small)]
    out += [Text(x, small) for x in (d.group, d.work_unit, d.post, f"电话：{d.phone}" if d.phone else "") if x]
    return out


def pages_of(n: int, per_page: int) -> list[int]:
    """How many deputies each page holds: as few pages as fit, shared as evenly as they go.

    16 on pages of 12 → 8 + 8 (not 12 + 4); 26 on pages of 25 → 13 + 13 (no deputy left alone).
    """
    if n <= 0:
        return []
    pages = -(-n // per_page)
    base, extra = divmod(n, pages)
    return [base + 1] * extra + [base] * (pages - extra)


def page_columns(count: int, cols: int) -> int:
    """Cards across for a page of `count`: the fewest that keep its rows, so rows come out even (16 on A3:
    4 × 4, not 5 + 5 + 5 + 1)."""
    rows = -(-count // cols)
    return max(1, -(-count // rows))


def board_story(data: BoardData, opts: BoardOptions) -> tuple[list[Any], tuple[float, float], str]:
    """(flowables, page size, title) of the board."""
    from reportlab.lib import colors
    from reportlab.platypus import PageBreak

    paper_name = opts.paper.upper()
    size = paper(paper_name)
    cols = COLUMNS.get(paper_name, 4)
    st = styles(11 if paper_name == "A4" else 14)
    name = st.heading.but(align=CENTER, size=st.heading.size * 1.2, leading=st.heading.size * 1.7,
                          space_before=4, keep_with_next=False)
    small = st.cell_center
    title = f"{data.station}{TITLE}"
    head = [Text(title, st.title), Text(f"公示日期：{fmt_date(opts.today or date.today())}　"
                                        f"共 {len(data.deputies)} 名代表", st.subtitle)]
    if not data.deputies:
        return [*head, Text("名册中还没有在任代表。", st.body)], size, title
    col_w = (size[0] - 2 * MARGIN - 2 * FRAME_PAD) / cols
    photo_w = col_w * 0.62
    cells = [_cell(d, photo_w, name, small) for d in data.deputies]
    pad = 18  # top and bottom padding of a cell
    row_h = max(sum(f.wrap(col_w - 8, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in c)
                for c in cells) + pad
    head_h = sum(f.wrap(size[0] - 2 * MARGIN, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in head)
    body_h = size[1] - 2 * MARGIN - 6 - 2 * FRAME_PAD - head_h
    per_page = max(1, int(body_h // row_h)) * cols
    story: list[Any] = []
    start = 0
    for k, count in enumerate(pages_of(len(cells), per_page)):
        page = cells[start:start + count]
        start += count
        across = page_columns(len(page), cols)
        page += [""] * (-len(page) % across)
        grid = [page[i:i + across] for i in range(0, len(page), across)]
        if k:
            story.append(PageBreak())
        story += [Text(title + ("（续）" if k else ""), st.title), head[1]]
        story.append(ruled_table(grid, [col_w] * across, [
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc"))],
            row_heights=[row_h] * len(grid)))  # every row as tall as the tallest card: an even grid
    return story, size, title


def print_board(data: BoardData | Sequence[BoardData], path: Path | str, opts: BoardOptions = BoardOptions()) -> int:
    """Write the board PDF to `path` (atomically); returns how many deputies it shows. Several boards (a
    township database's stations): each station's board from a new page, titled with its own name."""
    from reportlab.platypus import PageBreak

    boards = [data] if isinstance(data, BoardData) else list(data)
    story: list[Any] = []
    size, title = paper(opts.paper.upper()), TITLE
    for i, one in enumerate(boards):
        part, size, title = board_story(one, opts)
        story += ([PageBreak()] if i else []) + part
    build_pdf(path, story, size, title if len(boards) == 1 else TITLE, margins=MARGIN)
    return sum(len(b.deputies) for b in boards)
