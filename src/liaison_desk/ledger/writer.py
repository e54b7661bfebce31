"""Writing formatted workbooks with openpyxl: titles, headers, widths, A4 print setup, safe text."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desk.files import atomic_write

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@")
TITLE_FONT_SIZE = 16
BODY_FONT_SIZE = 11  # openpyxl's default cell font
MIN_PRINT_PT = 8  # a sheet is fitted to the page width only while its text stays this large
MARGIN_IN = 0.4  # left and right page margins, inches
# Printable width in points of landscape A4 and A3 less the margins; openpyxl paper size codes.
PAPERS = ((9, 841.89 - 2 * 72 * MARGIN_IN), (8, 1190.55 - 2 * 72 * MARGIN_IN))


# Excel sizes a column by the default font's digit width (Calibri); LibreOffice without Calibri draws the same
# column about 1.27× wider. Estimating on LibreOffice's side keeps a fitted sheet ≥ 8 pt in both.
SPREAD = 1.3


def column_points(width: float) -> float:
    """Printed width of a column `width` characters wide (7 px a character plus 5 px padding, widened)."""
    return (width * 7 + 5) * 0.75 * SPREAD


def print_setup(ws: Any, widths: Sequence[tuple[float, bool]], name_col: int = 1, header_row: int = 2,
                landscape: bool = True, printed: int | None = None) -> None:
    """Widths, hidden columns, frozen header and name columns, and a print layout that stays readable.

    Landscape A4 fitted to one page wide when the text stays ≥ 8 pt, else A3 fitted the same way; a sheet too
    wide even for that prints at full size over several pages across, each repeating the header row and
    the name column (print titles). Only the first `printed` columns (default: all) go on paper.
    """
    from openpyxl.utils import get_column_letter

    for j, (w, hidden) in enumerate(widths, start=1):
        dim = ws.column_dimensions[get_column_letter(j)]
        dim.width = w
        dim.hidden = hidden
    letter = get_column_letter(name_col)
    ws.freeze_panes = f"{get_column_letter(name_col + 1)}{header_row + 1}" if len(widths) > 4 else f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.print_options.horizontalCentered = True
    visible = sum(column_points(w) for w, hidden in widths[:printed] if not hidden)
    for code, printable in PAPERS if landscape else ((9, 595.28 - 2 * 72 * MARGIN_IN),):
        if BODY_FONT_SIZE * min(1.0, printable / visible) >= MIN_PRINT_PT:
            ws.page_setup.paperSize = code
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            return
    ws.page_setup.paperSize = PAPERS[-1][0]  # the widest sheets: A3, columns continued on further pages
    ws.page_setup.scale = 100
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.print_title_cols = f"{letter}:{letter}"


def set_print_area(ws: Any, widths: Sequence[tuple[float, bool]], last_row: int, printed: int | None = None) -> None:
    """Print the rows written and the columns up to the last visible one (of the first `printed`): text
    running past the last column, hidden columns and reference columns kept for typing never go on paper."""
    from openpyxl.utils import get_column_letter

    last = max((j for j, (_w, hidden) in enumerate(widths[:printed], start=1) if not hidden), default=1)
    ws.print_area = f"A1:{get_column_letter(last)}{max(last_row, 2)}"


def set_safe(cell: Any, value: Any) -> None:
    """Put a value in a cell; text that starts like a formula stays text (never executes in Excel), with
    Excel's quote-prefix style so that editing the cell in Excel or WPS keeps it text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


def new_workbook() -> Workbook:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def display_width(text: str) -> int:
    """The width of `text` in Excel's column units: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(widths: Sequence[int] | None, j: int) -> int:
    return widths[j] if widths and j < len(widths) else 14


def write_table(wb: Workbook, sheet_name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[int] | None = None, landscape: bool = True,
                date_format: str = "yyyy-mm-dd", hidden: Sequence[bool] = ()) -> Worksheet:
    """A sheet with a merged title row, a bold header row, frozen panes, widths and a readable print setup.

    The first column is the name column (frozen, repeated on every printed page); `hidden` marks columns
    (internal ids, at the far right) that stay in the file but are neither shown nor printed.
    """
    from datetime import date, datetime

    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet_name)
    n = len(headers)
    ws.cell(row=1, column=1, value=title).font = Font(size=TITLE_FONT_SIZE, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if n > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.row_dimensions[1].height = 30
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=2, column=j, value=h)
        c.font = Font(bold=True)
        c.fill = fill
        c.border = border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = 3
    for r, values in enumerate(rows, start=3):
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=r, column=j)
            set_safe(c, v)
            c.border = border
            if isinstance(v, date | datetime):
                c.number_format = date_format
            elif isinstance(v, str) and (len(v) > 30 or display_width(v) > _width(widths, j - 1)):
                c.alignment = Alignment(wrap_text=True, vertical="top")
    cols = [(_width(widths, j), bool(hidden[j]) if j < len(hidden) else False)
            for j in range(n)]
    print_setup(ws, cols, landscape=landscape)
    set_print_area(ws, cols, r)
    fit_title(ws, title, sum(w for w, h in cols if not h))
    if r >= 3:
        ws.auto_filter.ref = f"A2:{get_column_letter(n)}{max(r, 2)}"
    return ws


def fit_title(ws: Any, title: str, width: float) -> None:
    """Keep the merged title row (row 1) on paper: wrapped onto more lines (the row taller) when it is wider
    than the table, and started at the left when the table prints over several pages across (a centred
    title would be cut in two at the page edge)."""
    from openpyxl.styles import Alignment

    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="left", vertical="center")
        return
    # column width is counted in digits of the 11 pt body font; a Chinese character is two of them
    needed = sum(2 if ord(ch) > 0x2E7F else 1 for ch in title) * TITLE_FONT_SIZE / 11
    lines = max(1, math.ceil(needed / max(width, 1)))
    if lines > 1:
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.row_dimensions[1].height = 9 + 22 * lines


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save atomically (temporary name, fsync, rename)."""
    path = Path(path)
    with atomic_write(path) as tmp:
        wb.save(tmp)
    return path
