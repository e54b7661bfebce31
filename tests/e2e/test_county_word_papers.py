"""Papers follow the station's 县级称谓: a 区's notice says 区人大代表 and its handoff workbook 所在区, not 县（区）;
the 交办函's table keeps document numbers and dates whole whatever their width."""

from __future__ import annotations

from openpyxl import load_workbook
from pypdf import PdfReader

from helpers import DEMO_TODAY, run_cli, sql_rows


def test_notice_and_workbook_say_the_stations_county_word(tmp_path):
    db = tmp_path / "s.db"
    assert run_cli("--db", str(db), "demo", "--seed", "7", "--today", DEMO_TODAY.isoformat()).returncode == 0
    r = run_cli("--db", str(db), "station", "set", "--county", "青山区", "--county-word", "区")
    assert r.returncode == 0, r.stderr
    (sid,) = sql_rows(db, """SELECT r.id FROM receptionsession r JOIN sessiondeputy sd ON sd.session_id = r.id
        JOIN deputylevel l ON l.deputy_id = sd.deputy_id WHERE l.level = 'county' AND sd.attendance != 'leave'
        ORDER BY r.day LIMIT 1""")[0]
    out = tmp_path / "notice.pdf"
    r = run_cli("--db", str(db), "print", "notice", sid, "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
    assert "区人大代表" in text or "区、乡镇人大代表" in text
    assert "县（区）" not in text

    book = tmp_path / "m.xlsx"
    assert run_cli("--db", str(db), "handoff", "export", "--month", "2026-11", "--out", str(book)).returncode == 0
    info = {r[0]: r[1] for r in load_workbook(book, read_only=True)["说明"].iter_rows(values_only=True) if len(r) > 1 and r[0]}
    assert info.get("所在区") == "青山区" and "县（区）" not in info


def test_letter_table_keeps_numbers_and_dates_whole():
    """fit_widths widens a column too narrow for 〔2026〕第12345号 (or a station's name kept whole) at the
    title's cost; the line breaker then has no reason to cut them."""
    from liaison_desk.printing.assignment_letter import CELL_PAD, fit_widths
    from liaison_desk.printing.base import MM, styles
    from liaison_desk.printing.lines import break_lines, measure

    st = styles(12)
    w = measure(st.cell.font, 12)
    rows = [["1", "〔2026〕第12345号\n东村人大代表联络站", "代表建议", "标题" * 10, "主办", "2026年\n11月13日", "2026年\n12月13日"]]
    narrow = [10 * MM, 20 * MM, 14 * MM, 60 * MM, 14 * MM, 12 * MM, 12 * MM]
    fitted = fit_widths(rows, narrow, w, 3, whole=(1,))
    assert abs(sum(fitted) - sum(narrow)) < 0.01 and fitted[3] < narrow[3]
    for j in (1, 5, 6):
        for line in rows[0][j].split("\n"):
            assert break_lines(line, fitted[j] - 2 * CELL_PAD, w) == [line], (j, line)
        assert len(break_lines(rows[0][j].split("\n")[0], narrow[j] - 2 * CELL_PAD, w)) > 1  # it did need it
