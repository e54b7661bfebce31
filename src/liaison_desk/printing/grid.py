"""Long ruled tables drawn straight on the canvas: each cell wrapped once, header repeated, footer kept with rows.

The register book (登记簿), the wall schedule (安排表), the activity book (活动记录簿) and the township's
station table are drawn here rather than through platypus tables: one measured line-breaking pass per cell
(printing.lines), rows streamed page by page, memory flat however many rows there are. The cells' text is
written as PDF operators directly (_Encoder: each character's font subset and code looked up once), the
column headings once as a form reused on every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liaison_desk.files import atomic_write
from liaison_desk.printing.base import CENTER, LEFT, Style, draw_lines, styles
from liaison_desk.printing.fonts import faces
from liaison_desk.printing.lines import break_lines, measure

PAD_X, PAD_Y = 3.0, 2.5
TOTAL_FORM, HEAD_FORM = "ld_total_pages", "ld_table_head"
MARK = 0x100  # subset n is marked chr(MARK + n) by _Encoder.runs, apart from "\n"
SHORT = 24  # cells up to this long are remembered once wrapped
_RUN = re.compile(r"(.)\1*", re.DOTALL)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # points
    align: int = LEFT


@dataclass
class GridDoc:
    """What surrounds the table: title and lines under it (page 1), lines after it, the page footer."""

    title: str
    columns: Sequence[Column]
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float] = (36, 36, 40, 36)  # top, right, bottom, left
    cell_size: float = 10.5
    title_size: float = 18
    subtitle: Sequence[str] = ()
    notes: Sequence[str] = ()  # small lines between the subtitle and the table (warnings)
    after: Sequence[str] = ()  # small lines after the table; never alone on a page
    empty: str = ""  # one line spanning the table when there are no rows
    page_footer: str = ""  # right of the page number on every page
    meta_title: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Section:
    """A line across the table that opens a section (a station's rows in a township's book)."""

    text: str


class _Encoder:
    """Text in one embedded TrueType font as PDF string operands, each character's subset and code looked up
    once per document (reportlab's textOut finds them again, and measures the text, on every call)."""

    def __init__(self, canv: Any, font_name: str) -> None:
        from reportlab.pdfbase.pdfmetrics import getFont

        self.font, self.doc, self.escape = getFont(font_name), canv._doc, canv._escape
        self.subset: dict[str, int] = {}
        self.code: dict[int, str] = {}  # ord(ch) → the escaped byte of its subset, for str.translate
        self.mark: dict[int, str] = {}  # ord(ch) → chr(its subset)
        self.names: dict[int, str] = {}
        self.known: dict[tuple[str, float], tuple[str | None, str, str | None]] = {}
        self.subset["\n"], self.mark[10] = -1, "\n"  # a line break inside a cell's text (see runs)

    def runs(self, text: str) -> Iterator[tuple[str | None, str]]:
        """(font resource name, escaped string) for each run of `text` within one subset; a newline in
        `text` comes out as (None, the newlines)."""
        if not text:
            return
        sub = self.subset
        missing = set(text).difference(sub)
        for ch in sorted(missing):  # sorted: the same codes whatever order a set iterates in
            (subset, code), = self.font.splitString(ch, self.doc)
            sub[ch], self.code[ord(ch)], self.mark[ord(ch)] = subset, self.escape(code), chr(MARK + subset)
        marks = text.translate(self.mark)  # one character per character of `text`: its subset
        if marks.count(marks[0]) == len(marks):  # the usual line: one subset
            yield self.name(ord(marks[0])), text.translate(self.code)
            return
        for m in _RUN.finditer(marks):
            k = m.group(1)
            if k == "\n":
                yield None, m.group()
            else:
                yield self.name(ord(k)), text[m.start():m.end()].translate(self.code)

    def encode(self, text: str, size: float) -> tuple[str | None, str, str | None]:
        """(font of the first run, the operators after its Tf, font of the last run) for `text`; the
        operators of a short text are remembered (names, dates, places recur on many rows)."""
        short = len(text) <= SHORT
        if short:
            got = self.known.get((text, size))
            if got is not None:
                return got
        parts: list[str] = []
        first = last = None
        for name, run in self.runs(text):
            if name is None:
                parts.append("T*\n" * (len(run) - 1) + "T*")
                continue
            if last is None:
                first = name
            elif name != last:
                parts.append(f"{name} {size:g} Tf")
            parts.append(f"({run}) Tj")
            last = name
        out = (first, "\n".join(parts), last)
        if short:
            if len(self.known) > 50_000:
                self.known.clear()
            self.known[(text, size)] = out
        return out

    def name(self, mark: int) -> str:
        name = self.names.get(mark)
        if name is None:
            name = self.names[mark] = self.font.getSubsetInternalName(mark - MARK, self.doc)
        return name


def _encoder(canv: Any, font_name: str) -> _Encoder | None:
    """An _Encoder for an embedded TrueType font; None for any other (drawn through reportlab's text object)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    return _Encoder(canv, font_name) if getattr(getFont(font_name), "_dynamicFont", False) else None


class _Grid:
    def __init__(self, canv: Any, doc: GridDoc) -> None:
        self.c, self.doc = canv, doc
        st = styles(doc.cell_size)
        self.cell = st.cell.but(size=doc.cell_size, leading=doc.cell_size * 1.3)
        self.head = st.cell_head.but(size=doc.cell_size, leading=doc.cell_size * 1.3)
        self.title = st.title.but(size=doc.title_size, leading=doc.title_size * 1.5)
        self.sub = st.subtitle.but(size=doc.cell_size * 1.1, leading=doc.cell_size * 1.6)
        self.small = st.small.but(size=doc.cell_size * 0.9, leading=doc.cell_size * 1.35)
        self.cw = measure(self.cell.font, self.cell.size)
        self.sw = measure(self.small.font, self.small.size)
        w, h = doc.pagesize
        self.top, self.right, self.bottom, self.left = doc.margins
        self.x = [self.left]
        for col in doc.columns:
            self.x.append(self.x[-1] + col.width)
        self.width = self.x[-1] - self.left
        self.page_top = h - self.top
        self.page = 0
        self.y = self.page_top
        self.table_top: float | None = None
        self.has_rows = False
        self.text: Any = None  # one text object a page: far cheaper than a drawString per line
        self.ops: list[str] = []  # or the page's text operators, written directly (see _Encoder)
        self.encoders: dict[str, _Encoder | None] = {}
        self.op_font: tuple[str, float] | None = None
        self.op_lead: float | None = None
        self.head_form = False
        self.wrapped: dict[tuple[str, float], list[str]] = {}
        self.inner = [col.width - 2 * PAD_X for col in doc.columns]
        self._head_h: float | None = None
        self.rules: list[tuple[float, float, float, float]] = []
        self.col_styles = [self.cell if c.align == LEFT else self.cell.but(align=c.align) for c in doc.columns]
        self.descent = (self.cell.leading - self.cell.size) / 2 + self.cell.size * 0.14

    # -- cells --------------------------------------------------------------------------------------------
    def wrap(self, cells: Sequence[str]) -> tuple[list[list[str]], float]:
        lines = []
        seen, cw = self.wrapped, self.cw
        for text, width in zip(cells, self.inner, strict=True):
            if len(text) > SHORT:
                lines.append(break_lines(text, width, cw))
                continue
            key = (text, width)  # names, places, dates and handlings recur on many rows: wrapped once
            got = seen.get(key)
            if got is None:
                if len(seen) > 50_000:
                    seen.clear()
                got = seen[key] = break_lines(text, width, cw)
            lines.append(got)
        height = max((len(x) for x in lines), default=0) * self.cell.leading
        return lines, max(height, self.cell.leading) + 2 * PAD_Y

    def head_height(self) -> float:
        if self._head_h is None:
            hw = measure(self.head.font, self.head.size)
            n = max(len(break_lines(c.header, c.width - 2 * PAD_X, hw)) for c in self.doc.columns)
            self._head_h = n * self.head.leading + 2 * PAD_Y
        return self._head_h

    # -- pages --------------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Put this page's rules and text on the canvas."""
        if self.rules:
            self.c.setLineWidth(0.5)
            self.c.lines(self.rules)
            self.rules = []
        if self.text is not None:
            self.c.drawText(self.text)
            self.text = None
        if self.ops:
            self.c._code.append("BT\n" + "\n".join(self.ops) + "\nET")
            self.ops = []
            self.op_font = self.op_lead = None

    def put(self, lines: Sequence[str], x: float, top: float, width: float, style: Style) -> None:
        """Cell lines into the page's text (left, centred or right in `width`)."""
        enc = self.encoders.get(style.font, False)
        if enc is False:
            enc = self.encoders[style.font] = _encoder(self.c, style.font)
        if enc is not None:
            self.put_ops(enc, lines, x, top, width, style)
            return
        t = self.text
        if t is None:
            t = self.text = self.c.beginText()
            t.setFont(style.font, style.size)
        elif t._fontname != style.font or t._fontsize != style.size:
            t.setFont(style.font, style.size)
        w = measure(style.font, style.size)
        y = top - style.leading + self.descent
        for line in lines:
            lx = x if style.align == LEFT else x + (width - w(line)) / (2 if style.align == CENTER else 1)
            t.setTextOrigin(lx, y)
            t.textOut(line)
            y -= style.leading

    def put_ops(self, enc: _Encoder, lines: Sequence[str], x: float, top: float, width: float,
                style: Style) -> None:
        """What PDFTextObject.setTextOrigin + textOut write, built from the encoder's cached codes; a
        left-aligned cell is one run of text with T* between its lines."""
        ops, size, lead = self.ops, style.size, style.leading
        y = top - lead + self.descent
        if style.align == LEFT:
            if self.op_lead != lead:
                ops.append(f"{lead:g} TL")
                self.op_lead = lead
            ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
            self.show(enc, "\n".join(lines), size)
            return
        w = measure(style.font, size)
        half = 2 if style.align == CENTER else 1
        for line in lines:
            ops.append(f"1 0 0 1 {x + (width - w(line)) / half:.2f} {y:.2f} Tm")
            self.show(enc, line, size)
            y -= lead

    def show(self, enc: _Encoder, text: str, size: float) -> None:
        first, body, last = enc.encode(text, size)
        if first is not None and self.op_font != (first, size):
            self.ops.append(f"{first} {size:g} Tf")
        if body:
            self.ops.append(body)
        if last is not None:
            self.op_font = (last, size)

    def new_page(self) -> None:
        if self.page:
            self.close_table()
            self.flush()
            self.c.showPage()
        self.page += 1
        self.y = self.page_top
        self.has_rows = False
        if self.page == 1:
            self.block(self.doc.title, self.title)
            for line in self.doc.subtitle:
                self.block(line, self.sub)
            for line in self.doc.notes:
                self.block(line, self.small)
            self.y -= 4
        self.header()
        self.page_number()

    def block(self, text: str, style: Style) -> None:
        lines = break_lines(text, self.width, measure(style.font, style.size))
        draw_lines(self.c, lines, self.left, self.y, self.width, style)
        self.y -= len(lines) * style.leading

    def header(self) -> None:
        """The column headings: drawn once into a form and reused on every page that starts with them."""
        self.table_top = self.y
        if self.y != self.page_top:  # page 1, under the title
            self.y -= self.draw_header()
            return
        if not self.head_form:
            self.c.beginForm(HEAD_FORM)
            self.draw_header()
            self.c.endForm()
            self.head_form = True
        self.c.doForm(HEAD_FORM)
        self.y -= self.head_height()

    def draw_header(self) -> float:
        h = self.head_height()
        self.c.setFillGray(0.92)
        self.c.rect(self.left, self.y - h, self.width, h, stroke=0, fill=1)
        self.c.setFillGray(0)
        hw = measure(self.head.font, self.head.size)
        for col, x in zip(self.doc.columns, self.x, strict=False):
            lines = break_lines(col.header, col.width - 2 * PAD_X, hw)
            top = self.y - (h - len(lines) * self.head.leading) / 2
            draw_lines(self.c, lines, x + PAD_X, top, col.width - 2 * PAD_X, self.head)
        self.c.line(self.left, self.y - h, self.left + self.width, self.y - h)
        return h

    def close_table(self) -> None:
        """The outer box and column rules of the table drawn on this page."""
        if self.table_top is None:
            return
        self.rules += [(x, self.table_top, x, self.y) for x in self.x]
        self.rules.append((self.left, self.table_top, self.left + self.width, self.table_top))
        self.table_top = None

    def page_number(self) -> None:
        c, f = self.c, faces()
        w = self.doc.pagesize[0]
        c.setFont(f.body, 9)
        label = f"第 {self.page} 页 共"
        tail = " 页"
        lw, tw = measure(f.body, 9)(label), measure(f.body, 9)(tail)
        x0 = w / 2 - (lw + 18 + tw) / 2
        c.drawString(x0, 18, label)
        c.saveState()
        c.translate(x0 + lw, 18)
        c.doForm(TOTAL_FORM)  # the total is known only at the end: a form filled in then
        c.restoreState()
        c.drawString(x0 + lw + 18, 18, tail)
        if self.doc.page_footer:
            c.drawRightString(w - self.right, 18, self.doc.page_footer)

    def room(self) -> float:
        return self.y - self.bottom

    # -- rows ---------------------------------------------------------------------------------------------
    def row(self, lines: list[list[str]], height: float) -> None:
        if height > self.room() and self.has_rows:
            self.new_page()
        while height > self.room():  # a row taller than a page: its lines continue on the next page
            fit = max(1, int((self.room() - 2 * PAD_Y) // self.cell.leading))
            self.draw_row([x[:fit] for x in lines], self.room())
            lines = [x[fit:] for x in lines]
            height = max((len(x) for x in lines), default=1) * self.cell.leading + 2 * PAD_Y
            self.new_page()
        self.draw_row(lines, height)

    def span_row(self, text: str) -> None:
        """One line across the whole table (the 'no rows' note), boxed, below the header."""
        self.close_table()
        lines = break_lines(text, self.width - 2 * PAD_X, self.cw)
        h = len(lines) * self.cell.leading + 2 * PAD_Y
        draw_lines(self.c, lines, self.left + PAD_X, self.y - PAD_Y, self.width - 2 * PAD_X, self.cell)
        self.c.rect(self.left, self.y - h, self.width, h, stroke=1, fill=0)
        self.y -= h

    def section(self, text: str) -> None:
        """A boxed line across the table; it goes to the next page unless a row fits under it."""
        lines = break_lines(text, self.width - 2 * PAD_X, measure(self.head.font, self.head.size))
        h = len(lines) * self.head.leading + 2 * PAD_Y
        if h + self.cell.leading * 2 + 2 * PAD_Y > self.room() and self.has_rows:
            self.new_page()
        self.close_table()
        self.c.setFillGray(0.96)
        self.c.rect(self.left, self.y - h, self.width, h, stroke=1, fill=1)
        self.c.setFillGray(0)
        draw_lines(self.c, lines, self.left + PAD_X, self.y - PAD_Y, self.width - 2 * PAD_X, self.head)
        self.y -= h
        self.table_top = self.y

    def draw_row(self, lines: list[list[str]], height: float) -> None:
        lead = self.cell.leading
        for col, x, cell, style in zip(self.doc.columns, self.x, lines, self.col_styles, strict=False):
            if cell:
                top = self.y - (height - len(cell) * lead) / 2 if col.align == CENTER else self.y - PAD_Y
                self.put(cell, x + PAD_X, top, col.width - 2 * PAD_X, style)
        self.y -= height
        self.has_rows = True
        self.rules.append((self.left, self.y, self.left + self.width, self.y))

    def after_height(self) -> float:
        n = sum(len(break_lines(t, self.width, self.sw)) for t in self.doc.after)
        return n * self.small.leading + (8 if n else 0)

    def finish(self) -> None:
        self.close_table()
        self.flush()
        if self.doc.after:
            self.y -= 8
            for line in self.doc.after:
                self.block(line, self.small)
        self.c.showPage()
        total = self.page
        self.c.beginForm(TOTAL_FORM)
        self.c.setFont(faces().body, 9)
        self.c.drawCentredString(9, 0, str(total))
        self.c.endForm()


def draw_grid(path: Path | str, doc: GridDoc, rows: Iterable[Sequence[str] | Section], total: int = 0,
              progress: Progress | None = None) -> tuple[Path, int]:
    """Write `doc` with `rows` (lists of cell texts) to `path` atomically; returns (path, pages).

    The last row always shares its page with the lines after the table. `progress(done, total)` is called
    every 200 rows and may raise to cancel. A `Section` among the rows draws a line across the table.
    """
    from reportlab.pdfgen.canvas import Canvas

    f = faces()
    path = Path(path)
    with atomic_write(path) as tmp:
        canv = Canvas(str(tmp), pagesize=doc.pagesize, initialFontName=f.body, pageCompression=1)
        canv.setTitle(doc.meta_title or doc.title)
        g = _Grid(canv, doc)
        g.new_page()
        pending: tuple[list[list[str]], float] | None = None
        done = 0
        for cells in rows:
            if pending is not None:
                g.row(*pending)
                pending = None
            if isinstance(cells, Section):
                g.section(cells.text)
                continue
            pending = g.wrap(cells)
            done += 1
            if progress is not None and done % 200 == 0:
                progress(done, total)
        if pending is None:
            g.span_row(doc.empty or "")
        else:
            lines, height = pending
            if height + g.after_height() > g.room() and g.has_rows:
                g.new_page()  # the last row goes over with the lines after the table
            g.row(lines, height)
        g.finish()
        canv.save()
        pages = g.page
    if progress is not None:
        progress(done, total)
    return path, pages

