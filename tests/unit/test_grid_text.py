"""Long tables drawn directly (printing.grid): every cell's text comes back out of the PDF, in order, however
many font subsets its characters fall in, with PDF-special characters escaped."""

from __future__ import annotations

import random
import re

from pypdf import PdfReader

from liaison_desk.printing.base import CENTER
from liaison_desk.printing.fonts import faces
from liaison_desk.printing.grid import Column, GridDoc, draw_grid
from liaison_desk.printing.lines import break_lines, measure

COLUMNS = (Column("序号", 30, CENTER), Column("内容", 200), Column("备注", 80))


def test_cells_read_back_in_order_across_many_font_subsets(tmp_path):
    from reportlab.pdfbase.pdfmetrics import getFont

    rng = random.Random(7)
    glyphs = getFont(faces().table).face.charToGlyph
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000) if c in glyphs][:1200]  # far more than a subset holds
    assert len(han) == 1200
    rows = []
    for n in range(1, 301):
        text = "".join(rng.choice(han) for _ in range(rng.randint(1, 60)))
        text += rng.choice(["", "（括号）", "a(b)c\\d", "，2026年12月2日。", "\n第二段"])
        rows.append([str(n), text, rng.choice(["", "重复来访", "协助代表：张三"])])
    doc = GridDoc(title="测试表", columns=COLUMNS, pagesize=(595, 842), cell_size=9)
    path, pages = draw_grid(tmp_path / "t.pdf", doc, rows, len(rows))
    assert pages > 5
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))
    at = 0
    for n, body, note in rows:
        # the row's cells, in reading order: its number, then its text, then the note
        for part in (n, re.sub(r"\s+", "", body), note):
            found = text.find(part, at)
            assert found >= 0, (n, part)
            at = found + len(part)
    # each cell was wrapped to its column: no line of the widest text is wider than the column
    w = measure(faces().table, 9)
    for _, body, _ in rows:
        assert all(w(line) <= 200 - 6 + 0.01 for line in break_lines(body, 200 - 6, w))
