"""Exported workbooks print readably: converted to PDF by LibreOffice (headless), every page's text is at
least 8 pt, the name (first) column and the header row are on every page, and no internal id is printed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: tools/bootstrap.sh test installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed")
    return exe


def _to_pdf(books: list[Path], tmp_path: Path) -> list[Path]:
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: runs never share or lock one
    subprocess.run([_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, books)], check=True, capture_output=True, timeout=600)
    return [tmp_path / f"{b.stem}.pdf" for b in books]


def _pages(pdf: Path) -> list[tuple[str, float]]:
    """(text, smallest font size in pt) of each page, sizes from poppler-independent pypdf text operators."""
    out = []
    for page in PdfReader(str(pdf)).pages:
        sizes: list[float] = []

        def visit(text, cm, tm, font, size, sizes=sizes):
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                sizes.append(size * scale)

        text = page.extract_text(visitor_text=visit)
        out.append((text, min(sizes) if sizes else 0.0))
    return out


@pytest.mark.slow
def test_roster_and_handoff_workbooks_print_readably(demo_db, tmp_path):
    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.ledger.roster_export import export_roster
    from liaison_desk.services.handoff.schema import SHEETS
    from liaison_desk.services.handoff.service import HandoffService

    roster, handoff = tmp_path / "roster.xlsx", tmp_path / "handoff.xlsx"
    export_roster(demo_db, roster, "青石镇人大代表联络站")
    export_handoff(HandoffService(demo_db), handoff, date(2026, 1, 1), date(2026, 11, 30))
    roster_pdf, handoff_pdf = _to_pdf([roster, handoff], tmp_path)

    pages = _pages(roster_pdf)
    assert pages
    for i, (text, smallest) in enumerate(pages, 1):
        assert smallest >= 8, f"roster page {i}: {smallest:.1f} pt"
        assert "姓名" in text, f"roster page {i}: no name column"
        assert sum(h in text for h in ("性别", "选区", "状态", "备注", "工作单位")) >= 1, f"roster page {i}: no header"
        assert not UUID.search(text), f"roster page {i} prints an internal id"
        assert "系统编号" not in text
    # nothing cut off in print: every term a deputy holds (县：第十八届，镇：第二十届 in one cell for a deputy at
    # two levels) is on paper as often as the database holds it
    import sqlite3

    printed = "".join(text for text, _ in pages).replace(" ", "").replace("\n", "")
    with sqlite3.connect(demo_db.path) as conn:
        held = conn.execute("SELECT term, COUNT(*) FROM deputylevel GROUP BY term").fetchall()
    assert held and all(printed.count(term) >= n for term, n in held), (held, printed)

    first_headers = {spec.columns[0].header for spec in SHEETS} | {"项目", "分类"}  # 说明 and 统计 sheets
    pages = _pages(handoff_pdf)
    assert len(pages) > 5
    for i, (text, smallest) in enumerate(pages, 1):
        assert smallest >= 8, f"handoff page {i}: {smallest:.1f} pt"
        lines = {ln.strip() for ln in text.splitlines()}
        assert any(h in text for h in first_headers), f"handoff page {i}: no name column"
        rows = [ln for ln in text.splitlines() if not ln.startswith("交换编号")]  # the file's own label (说明)
        assert not UUID.search("\n".join(rows)), f"handoff page {i} prints an internal id"
        for bookkeeping in ("版本", "创建时间", "修改时间"):
            assert bookkeeping not in lines, f"handoff page {i} prints the hidden column {bookkeeping}"


def test_print_setup_chooses_paper_by_the_text_size():
    """Narrow sheets fit A4; wider ones A3; the widest keep full size and repeat the name column."""
    from openpyxl import Workbook

    from liaison_desk.ledger.writer import print_setup

    wb = Workbook()
    narrow, wide, widest = wb.active, wb.create_sheet("w"), wb.create_sheet("x")
    print_setup(narrow, [(10, False)] * 8)
    print_setup(wide, [(14, False)] * 12 + [(38, True)])
    print_setup(widest, [(20, False)] * 20 + [(38, True)] * 3)
    assert (narrow.page_setup.paperSize, narrow.sheet_properties.pageSetUpPr.fitToPage) == (9, True)
    assert (wide.page_setup.paperSize, wide.sheet_properties.pageSetUpPr.fitToPage) == (8, True)
    assert widest.sheet_properties.pageSetUpPr.fitToPage is False and widest.page_setup.paperSize == 8
    assert widest.print_title_cols.replace("$", "") == "A:A" and widest.print_title_rows.replace("$", "") == "2:2"
    assert widest.freeze_panes == "B3" and widest.column_dimensions["V"].hidden
    for ws in (narrow, wide, widest):
        assert ws.page_setup.orientation == "landscape"
