"""Shared PDF machinery: paper sizes, the faces and sizes of each part, wrapped text, page numbers, atomic output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from liaison_desk.files import atomic_write
from liaison_desk.printing.fonts import faces
from liaison_desk.printing.lines import break_lines, measure

LEFT, CENTER, RIGHT, JUSTIFY = 0, 1, 2, 4  # reportlab's TA_* values
MM = 72 / 25.4


@dataclass(frozen=True)
class Style:
    """How a block of text looks: face, size, leading, alignment, indents and space around it."""

    font: str
    size: float
    leading: float
    align: int = LEFT
    first_indent: float = 0.0
    left_indent: float = 0.0
    right_indent: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False  # headings stay with what follows them

    def but(self, **kw: Any) -> Style:
        return replace(self, **kw)


@dataclass(frozen=True)
class Styles:
    title: Style
    subtitle: Style
    heading: Style  # 一、 in 黑体
    subheading: Style  # (一) in 楷体
    body: Style
    small: Style
    cell: Style
    cell_center: Style
    cell_head: Style


def styles(base_size: float = 11, title_size: float | None = None) -> Styles:
    """The faces of GB/T 9704: title in 小标宋/黑体, headings 黑体 and 楷体, body 仿宋, tables 宋体."""
    f = faces()
    title = title_size or base_size * 2
    cell = base_size * 0.85
    return Styles(
        title=Style(f.title, title, title * 1.4, CENTER, space_after=base_size),
        subtitle=Style(f.body, base_size * 1.1, base_size * 1.6, CENTER, space_after=base_size * 0.6),
        heading=Style(f.hei, base_size, base_size * 1.6, space_before=base_size * 0.4, space_after=base_size * 0.2,
                      keep_with_next=True),
        subheading=Style(f.kai, base_size, base_size * 1.6, keep_with_next=True),
        body=Style(f.body, base_size, base_size * 1.6, JUSTIFY),
        small=Style(f.body, base_size * 0.82, base_size * 1.25),
        cell=Style(f.table, cell, cell * 1.3),
        cell_center=Style(f.table, cell, cell * 1.3, CENTER),
        cell_head=Style(f.hei, cell, cell * 1.3, CENTER),
    )


def draw_lines(canv: Any, lines: Sequence[str], x: float, top: float, width: float, style: Style,
               indent_first: bool = True, justify_last: bool = False) -> None:
    """Draw already broken lines in a box `width` wide whose top is `top`; baselines `style.leading` apart."""
    w = measure(style.font, style.size)
    canv.setFont(style.font, style.size)
    descent = (style.leading - style.size) / 2 + style.size * 0.14
    for i, line in enumerate(lines):
        y = top - (i + 1) * style.leading + descent
        lx = x + (style.first_indent if i == 0 and indent_first else 0.0)
        room = x + width - lx
        if style.align == CENTER:
            canv.drawCentredString(lx + room / 2, y, line)
        elif style.align == RIGHT:
            canv.drawRightString(x + width, y, line)
        elif style.align == JUSTIFY and len(line) > 1 and (justify_last or i < len(lines) - 1) \
                and line == line.rstrip():
            canv.drawString(lx, y, line, charSpace=max(0.0, (room - w(line)) / (len(line) - 1)))
        else:
            canv.drawString(lx, y, line)


def _flowable_base() -> type:
    from reportlab.platypus import Flowable

    return Flowable


class Text(_flowable_base()):  # type: ignore[misc]
    """A block of text wrapped by printing.lines (Chinese rules); splits across pages by whole lines."""

    def __init__(self, text: str, style: Style, lines: list[str] | None = None, first: bool = True,
                 last: bool = True) -> None:
        super().__init__()
        self.text = text or ""
        self.style = style
        self._lines = lines
        self._first = first  # this piece holds the paragraph's first line (indented)
        self._last = last  # … and its last line (not justified)
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next

    def _inner(self, avail: float) -> float:
        return max(1.0, avail - self.style.left_indent - self.style.right_indent)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        st = self.style
        if self._lines is None or getattr(self, "_wrapped_at", None) != avail_width:
            if self._lines is None or self._first and self._last:
                self._lines = break_lines(self.text, self._inner(avail_width), measure(st.font, st.size),
                                          st.first_indent if self._first else 0.0)
            self._wrapped_at = avail_width
        self.width = avail_width
        self.height = len(self._lines) * st.leading
        return avail_width, self.height

    def minWidth(self) -> float:  # noqa: N802 (reportlab's name)
        return 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        assert self._lines is not None
        fit = int(avail_height // self.style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        head = Text(self.text, self.style.but(space_after=0), self._lines[:fit], self._first, False)
        tail = Text(self.text, self.style.but(space_before=0), self._lines[fit:], False, self._last)
        return [head, tail]

    def draw(self) -> None:
        assert self._lines is not None
        st = self.style
        draw_lines(self.canv, self._lines, st.left_indent, self.height, self._inner(self.width), st,
                   indent_first=self._first, justify_last=not self._last)


def paper(name: str = "A4", landscape: bool = False) -> tuple[float, float]:
    from reportlab.lib import pagesizes

    size = {"A4": pagesizes.A4, "A3": pagesizes.A3}.get(name.upper())
    if size is None:
        from liaison_desk.errors import KnownError

        raise KnownError(f"不支持的纸张「{name}」，可选 A4 或 A3")
    return pagesizes.landscape(size) if landscape else size


PAGE_OF = "of"  # 第 n 页 共 N 页, centred, small (forms and books)
PAGE_DASH = "dash"  # — n —, 4号, outside corner (letters and notices, GB/T 9704)


def _numbered_canvas(footer: str, page_style: str) -> type:
    """A canvas class that writes the page number (and an optional footer text) on every page."""
    from reportlab.pdfgen.canvas import Canvas

    f = faces()

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = f.body  # no Helvetica in the file, ever
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                w, _h = self._pagesize
                n = self._pageNumber
                if page_style == PAGE_DASH:
                    self.setFont(f.body, 14)
                    if n % 2:
                        self.drawRightString(w - 28 * MM, 18 * MM, f"— {n} —")
                    else:
                        self.drawString(28 * MM, 18 * MM, f"— {n} —")
                elif page_style == PAGE_OF:
                    self.setFont(f.body, 9)
                    self.drawCentredString(w / 2, 18, f"第 {n} 页 共 {total} 页")
                if footer:
                    self.setFont(f.body, 9)
                    self.drawRightString(w - 36, 18, footer)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(path: Path | str, story: Sequence[Any], pagesize: tuple[float, float], title: str,
              margins: float | tuple[float, float, float, float] = 42, page_numbers: bool | str = True,
              footer: str = "", on_page: Callable[[Any, Any], None] | None = None) -> Path:
    """Lay out `story` into a PDF at `path`, written atomically; returns the path.

    `margins` is one value or (top, right, bottom, left); `page_numbers` True/PAGE_OF, PAGE_DASH or False.
    """
    from reportlab.platypus import SimpleDocTemplate

    f = faces()
    top, right, bottom, left = (margins, margins, margins + 6, margins) if isinstance(margins, int | float) \
        else margins
    path = Path(path)
    with atomic_write(path) as tmp:
        doc = SimpleDocTemplate(str(tmp), pagesize=pagesize, leftMargin=left, rightMargin=right,
                                topMargin=top, bottomMargin=bottom, title=title, initialFontName=f.body)
        kwargs: dict[str, Any] = {}
        if page_numbers:
            style = PAGE_OF if page_numbers is True else str(page_numbers)
            kwargs["canvasmaker"] = _numbered_canvas(footer, style)
        if on_page is not None:
            kwargs["onFirstPage"] = on_page
            kwargs["onLaterPages"] = on_page
        doc.build(list(story), **kwargs)
    return path


def ruled_table(data: list[list[Any]], col_widths: Sequence[float], commands: Sequence[tuple[Any, ...]] = (),
                repeat_rows: int = 0, row_heights: Sequence[float] | None = None) -> Any:
    """A platypus table whose own font (used even for empty cells) is the embedded table face."""
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=list(col_widths), rowHeights=row_heights, repeatRows=repeat_rows)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), faces().table), *commands]))
    return table


def fits_one_page(story: Sequence[Any], pagesize: tuple[float, float],
                  margins: tuple[float, float, float, float]) -> bool:
    """Whether `story` fits one page: its flowables' heights summed at the frame's width (no layout run)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    top, right, bottom, left = margins
    width = pagesize[0] - left - right - 12  # platypus frames pad 6 pt each side
    height = pagesize[1] - top - bottom - 12
    canv = Canvas(io.BytesIO(), pagesize=pagesize, initialFontName=faces().body)  # never saved
    used = 0.0
    flat: list[Any] = []
    for f in story:  # a KeepTogether reports "too tall" rather than its height: measure what it holds
        flat.extend(getattr(f, "_content", None) or [f])
    for f in flat:
        used += f.wrapOn(canv, width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        if used > height:
            return False
    return True
