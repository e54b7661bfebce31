"""The roster export (read back by openpyxl and python-calamine) and the deputy board PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from liaison_desk.ledger.roster_export import export_roster
from liaison_desk.ledger.roster_import import preview_file
from liaison_desk.printing.board import BoardOptions, page_columns, pages_of, print_board
from liaison_desk.services.roster.board import BoardService
from liaison_desk.services.roster.photos import store_photo
from liaison_desk.services.roster.service import DeputyRecord, LevelEntry, RosterService


def test_export_is_formatted_and_reads_back_with_both_readers(demo_db, tmp_path):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    out = tmp_path / "名册.xlsx"
    n = export_roster(demo_db, out, "青石镇人大代表联络站")
    assert n == RosterService(demo_db).count() > 10
    ws = load_workbook(out)["代表名册"]
    assert ws["A1"].value.startswith("青石镇人大代表联络站人大代表名册")
    # header row and name column frozen; too wide for A4 at 8 pt: A3, the name column repeated on each page
    assert ws.freeze_panes == "B3" and int(ws.page_setup.paperSize) == 8
    assert ws.print_title_cols == "$A:$A" and ws.print_title_rows == "$2:$2"
    assert ws["U2"].value == "系统编号" and ws.column_dimensions["U"].hidden  # still there for the import
    assert ws["A2"].value == "姓名" and ws.column_dimensions["G"].width == 28
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("代表名册").to_python()
    names = {r[0] for r in rows[2:]}
    assert names == {r.name for r in RosterService(demo_db).all_records()}
    masked = [r[9] for r in rows[2:] if r[9]]
    assert masked and all("********" in m for m in masked)  # ID numbers never leave in clear
    # the export imports back as "unchanged" (masked IDs are kept as they are)
    assert preview_file(demo_db, out).summary() == {"new": 0, "updated": 0, "unchanged": n, "conflicts": 0, "errors": []}


def _pdf_text(path):
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def _board(db, out, opts=None):
    opts = opts or BoardOptions()
    return print_board(BoardService(db).board(opts.hide_phone), out, opts)


def test_board_pages_are_balanced():
    assert pages_of(16, 12) == [8, 8]  # not 12 + 4
    assert pages_of(12, 12) == [12]
    assert pages_of(13, 12) == [7, 6]
    assert pages_of(26, 25) == [13, 13]  # A3 never leaves one alone
    assert pages_of(0, 12) == []
    assert page_columns(16, 5) == 4 and page_columns(8, 4) == 4 and page_columns(6, 4) == 3
    assert page_columns(25, 5) == 5 and page_columns(1, 5) == 1
    for n in range(1, 80):
        for per in (8, 12, 20, 25):
            got = pages_of(n, per)
            assert sum(got) == n and all(x <= per for x in got)
            assert len(got) == -(-n // per)  # no more pages than needed
            assert max(got) - min(got) <= 1


def test_board_of_sixteen_prints_eight_a_page(db, tmp_path):
    from pypdf import PdfReader

    roster = RosterService(db)
    names = [f"代表{chr(0x4e00 + i * 7)}{chr(0x4e80 + i * 5)}" for i in range(16)]
    for n in names:
        roster.save(DeputyRecord(name=n, work_unit="青石镇东关村", post="党支部书记", levels=[LevelEntry("township")]))
    out = tmp_path / "b.pdf"
    _board(db, out)
    pages = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert [sum(n in t for n in names) for t in pages] == [8, 8]
    assert all("党支部书记" in t for t in pages)  # the post on a line of its own, never cut as 党/支部书记


def test_board_pdf_lists_active_deputies_and_can_hide_phones(db, tmp_path):
    roster = RosterService(db)
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (300, 400), (20, 90, 160)).save(photo)
    roster.save(DeputyRecord(name="单田芳", work_unit="单家庄村", post="党支部书记", phone="13803151234",
                             photo=store_photo(db, photo), levels=[LevelEntry("county"), LevelEntry("township")]))
    roster.save(DeputyRecord(name="曾秀兰", work_unit="中心小学", phone="13903152345", levels=[LevelEntry("township")]))
    roster.save(DeputyRecord(name="离任者", status="left", levels=[LevelEntry("township")]))
    out = tmp_path / "board.pdf"
    assert _board(db, out) == 2
    text = _pdf_text(out)
    assert "代表信息公示栏" in text and "单田芳" in text and "县、镇人大代表" in text
    assert "13803151234" in text and "离任者" not in text
    hidden = tmp_path / "board-a3.pdf"
    _board(db, hidden, BoardOptions(paper="A3", hide_phone=True))
    text = _pdf_text(hidden)
    assert "单田芳" in text and "13803151234" not in text
    from pypdf import PdfReader

    w, h = PdfReader(str(hidden)).pages[0].mediabox.upper_right
    assert (round(float(w)), round(float(h))) == (842, 1191)  # A3 portrait in points


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_board_renders_photo_and_chinese(db, tmp_path):
    roster = RosterService(db)
    photo = tmp_path / "p.png"
    Image.new("RGB", (300, 400), (20, 90, 160)).save(photo)
    roster.save(DeputyRecord(name="单田芳", photo=store_photo(db, photo), levels=[LevelEntry("township")]))
    out = tmp_path / "board.pdf"
    _board(db, out)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                   check=True)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    colours = {c for _n, c in page.getcolors(maxcolors=1 << 20)}
    assert any(abs(r - 20) < 25 and abs(g - 90) < 25 and abs(b - 160) < 25 for r, g, b in colours)  # the photo
    dark = sum(n for n, (r, g, b) in page.getcolors(maxcolors=1 << 20) if r + g + b < 200)
    assert dark > 150  # the title and name are drawn (glyphs, not empty boxes)
    assert b"/FontFile2" in out.read_bytes()  # the Chinese TrueType font is embedded
