"""`suggestions overdue|stats`, `print card` and `print letter` on the demo station, as the clerk runs them."""

from __future__ import annotations

import json
from datetime import date

from pypdf import PdfReader

from helpers import DEMO_TODAY, run_cli
from liaison_desk.services.suggestions.deadlines import DeadlineService


def test_overdue_json_matches_the_service(demo_db):
    p = run_cli("suggestions", "overdue", "--db", str(demo_db.path), "--on", DEMO_TODAY.isoformat(), "--json")
    assert p.returncode == 0, p.stderr
    rows = json.loads(p.stdout)
    assert rows, "the demo station has overdue suggestions"
    assert set(rows[0]) == {"id", "number", "agency", "deadline", "working_days_overdue"}
    expected = DeadlineService(demo_db).overdue(DEMO_TODAY)
    assert [r["id"] for r in rows] == [r.id for r in expected]
    for r in rows:
        assert date.fromisoformat(r["deadline"]) < DEMO_TODAY and r["number"].startswith("〔")
        assert isinstance(r["working_days_overdue"], int) and r["working_days_overdue"] >= 1
    assert [r["deadline"] for r in rows] == sorted(r["deadline"] for r in rows)
    # the plain listing says how many, and an early day has fewer
    p = run_cli("suggestions", "overdue", "--db", str(demo_db.path), "--on", DEMO_TODAY.isoformat())
    assert f"已超期 {len(rows)} 条" in p.stdout
    early = json.loads(run_cli("suggestions", "overdue", "--db", str(demo_db.path), "--on", "2026-03-01",
                               "--json").stdout)
    assert len(early) < len(rows)


def test_print_card_by_number_and_by_id(demo_db, tmp_path):
    row = DeadlineService(demo_db).overdue(DEMO_TODAY)[0]
    out = tmp_path / "卡片.pdf"
    p = run_cli("print", "card", row.id, "2026-1", "--db", str(demo_db.path), "--out", str(out))
    assert p.returncode == 0, p.stderr
    pages = ["".join(pg.extract_text().split()) for pg in PdfReader(str(out)).pages]
    assert len(pages) == 2 and row.number in pages[0] and "〔2026〕第1号" in pages[1]
    assert "登记卡" in pages[0] and row.agency in pages[0]
    bad = run_cli("print", "card", "〔1999〕第9号", "--db", str(demo_db.path), "--out", str(tmp_path / "x.pdf"))
    assert bad.returncode == 1 and "找不到编号" in bad.stderr and not (tmp_path / "x.pdf").exists()


def test_letter_and_stats(demo_db, tmp_path):
    row = DeadlineService(demo_db).overdue(DEMO_TODAY)[0]
    out = tmp_path / "交办函.pdf"
    p = run_cli("print", "letter", row.agency, "--on", "2026-11-28", "--db", str(demo_db.path), "--out", str(out))
    assert p.returncode == 0, p.stderr
    text = "".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "交办函" in text and f"{row.agency}：" in text and row.number in text
    p = run_cli("suggestions", "stats", "--from", "2026-01-01", "--to", "2026-11-28", "--json",
                "--db", str(demo_db.path))
    st = json.loads(p.stdout)
    assert st["replied"] > 0 and 0 <= st["on_time"] <= st["replied"]
    assert st["feedback"] == st["satisfied"] + st["basic"] + st["unsatisfied"]
