"""Formula cells that carry no computed value (.xlsx written by a generator and never opened in Excel).

python-calamine reads such a cell as blank; importing it would store an empty phone or unit without a
word. Excel, WPS and LibreOffice always store the result next to the formula; only generators do not.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: part path inside the zip}."""
    import xml.etree.ElementTree as ET

    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    out = {}
    for sh in book.iter(f"{_MAIN}sheet"):
        t = target.get(sh.get(f"{_REL}id"), "")
        path = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
        out[sh.get("name", "")] = path
    return out


# Where a formula element's tag may end its name: an `f` followed by a space, `>` or `/`. The letter f is rare
# in sheet XML (tags are c, v, is, t, row), so finding these first is several times quicker than trying the
# whole pattern at every `<` of a sheet of hundreds of megabytes; each one found is then checked in place.
_F_THEN = re.compile(rb"f[\s>/]")


def _window_has_formula(window: bytes) -> bool:
    for m in _F_THEN.finditer(window):
        j = m.start()
        if _HAS_FORMULA.search(window, max(0, j - 40), j + 2):  # `<f` or `<prefix:f` ending here
            return True
    return False


def _has_formula(z: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with z.open(part) as fh:
        while chunk := fh.read(1 << 20):
            if _window_has_formula(tail + chunk):
                return True
            tail = chunk[-48:]
    return False


def uncached_formulas(path: Path, limit: int = 20) -> dict[str, list[tuple[int, int]]]:
    """{sheet name: [(row, col), …]} (0-based) of formula cells without a stored result, at most `limit`
    per sheet. Only .xlsx/.xlsm can hold such cells; other formats give {}; a file that cannot be
    inspected gives {} too (reading it reports its own problems)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}
    import xml.etree.ElementTree as ET

    out: dict[str, list[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            for name, part in _sheet_parts(z).items():
                if part not in z.namelist() or not _has_formula(z, part):
                    continue
                found: list[tuple[int, int]] = []
                with z.open(part) as fh:
                    for _event, el in ET.iterparse(fh):
                        if el.tag != f"{_MAIN}c":
                            continue
                        f = el.find(f"{_MAIN}f")
                        if f is not None:
                            v = el.find(f"{_MAIN}v")
                            is_v = el.find(f"{_MAIN}is")
                            empty = (v is None or not (v.text or "")) and is_v is None
                            if empty and el.get("t") != "str":
                                m = _REF.match(el.get("r", ""))
                                if m:
                                    found.append((int(m[2]) - 1, _col_index(m[1])))
                                    if len(found) >= limit:
                                        break
                        el.clear()
                if found:
                    out[name] = found
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return {}
    return out


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
