"""Writing formatted workbooks with openpyxl: titles, headers, widths, A4 print setup, safe text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_desk.files import atomic_write

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@")
TITLE_FONT_SIZE = 16


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


def write_table(wb: Workbook, sheet_name: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                widths: Sequence[int] | None = None, landscape: bool = True,
                date_format: str = "yyyy-mm-dd") -> Worksheet:
    """A sheet with a merged title row, a bold header row, frozen panes, widths and A4 print setup."""
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
            elif isinstance(v, str) and len(v) > 30:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    for j in range(1, n + 1):
        w = widths[j - 1] if widths and j - 1 < len(widths) else 14
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if r >= 3:
        ws.auto_filter.ref = f"A2:{get_column_letter(n)}{max(r, 2)}"
    return ws


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Save atomically (temporary name, fsync, rename)."""
    path = Path(path)
    with atomic_write(path) as tmp:
        wb.save(tmp)
    return path
