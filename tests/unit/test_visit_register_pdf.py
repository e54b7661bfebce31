"""The printed register book: text extraction (pypdf) and a rendered page image (pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from liaison_desk.printing import register as paper
from liaison_desk.printing.register import HEADERS, TITLE
from liaison_desk.services.visits.register import RegisterService
from liaison_desk.services.visits.service import VisitFilter, VisitRecord, VisitService

pytestmark = pytest.mark.both_backends  # papers drawn from an SQLite file and from the server alike

START, END = date(2026, 9, 1), date(2026, 11, 28)


def print_register(db, start, end, path, mask=False):
    """What the CLI and the window do: rows from the service, the book drawn, the print recorded."""
    book = RegisterService(db)
    head = book.head(start, end, mask=mask)
    out = paper.print_register(head, book.rows(head), path)
    book.record_print(head)
    return out


def _text(path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def test_register_has_every_visit_headers_on_each_page_and_page_numbers(demo_db, tmp_path):
    svc = VisitService(demo_db)
    vid = svc.save(VisitRecord(visited_on=date(2026, 11, 27), visitor_name="欧阳明远", visitor_phone="13912345678",
                               visitor_address="青石镇东关村5组", headcount=6, is_group=True, content="集体反映灌溉渠堵塞",
                               request="尽快清淤", handling="lawful", exclusion="arbitration",
                               handling_note="已告知可申请仲裁"))
    assert vid
    out = print_register(demo_db, START, END, tmp_path / "登记簿.pdf")
    pages = _text(out)
    n = svc.count(VisitFilter(start=START, end=END))
    assert len(pages) > 2 and TITLE in pages[0].replace(" ", "")
    for i, page in enumerate(pages, 1):
        flat = page.replace(" ", "").replace("\n", "")
        assert all(h in flat for h in HEADERS), f"headers missing on page {i}"
        assert f"第{i}页共{len(pages)}页" in flat
    everything = "".join(pages).replace(" ", "").replace("\n", "")
    assert f"共{n}条" in everything
    assert "欧阳明远" in everything and "（集体访）" in everything and "13912345678" in everything
    assert "告知依法途径（仲裁）：已告知可申请仲裁" in everything
    assert "诉求：尽快清淤" in everything
    # 序号 runs 1 … n without gaps: the number is followed by the year of the date cell
    # (a date without a time sits on the number's baseline, so the two may come out on one line)
    numbers = [int(x) for x in re.findall(r"(?m)^\s*(\d{1,4})\s+20\d\d年", "\n".join(pages))]
    assert numbers == list(range(1, n + 1))
    # the print is in the 操作日志, written by the service that asked for it
    with demo_db.engine.connect() as c:
        rows = c.exec_driver_sql("SELECT summary, changes FROM auditentry WHERE action = 'print'").all()
    assert any(s == "打印来访登记簿" and f'"rows": [null, {n}]' in ch for s, ch in rows)


def test_mask_hides_the_middle_of_phone_numbers(demo_db, tmp_path):
    svc = VisitService(demo_db)
    svc.save(VisitRecord(visited_on=date(2026, 11, 27), visitor_name="测试", visitor_phone="13912345678",
                         content="反映问题"))
    everything = "".join(_text(print_register(demo_db, date(2026, 11, 27), date(2026, 11, 27),
                                               tmp_path / "m.pdf", mask=True)))
    assert "139****5678" in everything and "13912345678" not in everything
    assert not re.search(r"1[3-9]\d{9}", everything.replace(" ", ""))


def test_empty_range_prints_a_page_and_bad_range_is_refused(db, tmp_path):
    out = print_register(db, date(2026, 1, 1), date(2026, 1, 31), tmp_path / "empty.pdf")
    assert "此期间没有来访登记" in "".join(_text(out))
    from liaison_desk.errors import ValidationError

    with pytest.raises(ValidationError):
        print_register(db, date(2026, 2, 1), date(2026, 1, 1), tmp_path / "bad.pdf")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_first_page_renders_landscape_with_a_ruled_table(demo_db, tmp_path):
    from PIL import Image

    out = print_register(demo_db, date(2026, 11, 1), END, tmp_path / "img.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")], check=True)
    img = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    w, h = img.size
    assert w > h * 1.3  # A4 landscape: 297 × 210
    px = img.load()
    # Grid lines: a column in the table area with long vertical runs of dark pixels; title ink at the top.
    dark_rows = [y for y in range(h) if sum(px[x, y] < 128 for x in range(w)) > w * 0.8]
    assert len(dark_rows) >= 5, "expected horizontal table rules across the page"
    assert any(px[x, y] < 128 for x in range(w // 3, 2 * w // 3) for y in range(int(h * 0.04), int(h * 0.12)))
