"""Merged cell ranges of a worksheet: calamine gives them for .xlsx/.xls; .ods is read from its XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

Range = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_MAX_REPEAT = 10_000  # LibreOffice repeats empty rows/columns up to the sheet's end; stop counting there


def merged_ranges(path: Path, sheet: str) -> list[Range]:
    """Merged ranges of `sheet`; an empty list when the file does not tell (they only help reading)."""
    try:
        if path.suffix.lower() == ".ods":
            return _ods_ranges(path, sheet)
        from python_calamine import CalamineWorkbook

        return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).merged_cell_ranges or [])
    except Exception:  # merged ranges only help; reading the values already succeeded
        return []


def _ods_ranges(path: Path, sheet: str) -> list[Range]:
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
        out: list[Range] = []
        row = 0
        inside = False
        for event, el in ET.iterparse(fh, events=("start", "end")):
            if el.tag == f"{_T}table":
                if event == "start":
                    inside = el.get(f"{_T}name") == sheet
                    row = 0
                elif inside:
                    break
                continue
            if not inside or event != "end" or el.tag != f"{_T}table-row":
                continue
            col = 0
            for cell in el:
                if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                    continue
                rows = int(cell.get(f"{_T}number-rows-spanned", "1"))
                cols = int(cell.get(f"{_T}number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    out.append(((row, col), (row + rows - 1, col + cols - 1)))
                col += min(int(cell.get(f"{_T}number-columns-repeated", "1")), _MAX_REPEAT)
            row += min(int(el.get(f"{_T}number-rows-repeated", "1")), _MAX_REPEAT)
            el.clear()
        return out
