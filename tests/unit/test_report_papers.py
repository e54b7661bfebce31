"""The wall papers' rows against plain counts over the demo's rows; masked names stay masked on paper."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader
from sqlalchemy import text

from liaison_desk.printing.report_papers import print_deputy_record, print_performance, print_results
from liaison_desk.services.reports.papers import PapersService


def rows(db, sql):
    with db.engine.connect() as c:
        return [r._asdict() for r in c.execute(text(sql))]


def test_performance_counts_match_the_rows(demo_db):
    lines = {x.deputy_id: x for x in PapersService(demo_db).performance(2026)}
    visits = {v["id"]: v for v in rows(demo_db, "SELECT * FROM visit") if str(v["visited_on"]).startswith("2026")}
    received: dict[str, int] = {}
    for vd in rows(demo_db, "SELECT * FROM visitdeputy"):
        if vd["visit_id"] in visits:
            received[vd["deputy_id"]] = received.get(vd["deputy_id"], 0) + 1
    held = {s["id"] for s in rows(demo_db, "SELECT * FROM receptionsession")
            if s["status"] == "done" and str(s["day"]).startswith("2026")}
    attended: dict[str, int] = {}
    for sd in rows(demo_db, "SELECT * FROM sessiondeputy"):
        if sd["session_id"] in held and sd["attendance"] == "present":
            attended[sd["deputy_id"]] = attended.get(sd["deputy_id"], 0) + 1
    assert lines and all(x.visits == received.get(did, 0) for did, x in lines.items())
    assert all(x.receptions == attended.get(did, 0) for did, x in lines.items())
    assert sum(x.visits for x in lines.values()) > 0


def test_results_are_masked_on_paper(demo_db, tmp_path):
    lines = PapersService(demo_db).results(date(2026, 1, 1), date(2026, 12, 31))
    assert lines
    out = print_results(lines, "测试站", "2026年", tmp_path / "r.pdf")
    body = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    full = {r["citizen_name"] for r in rows(demo_db, "SELECT citizen_name FROM suggestion WHERE reply_on IS NOT NULL")
            if len(r["citizen_name"] or "") >= 2}
    assert full and not [n for n in full if n in body]
    assert all("*" in x.citizen for x in lines if x.citizen)


def test_deputy_record_lists_the_year(demo_db, tmp_path):
    svc = PapersService(demo_db)
    first = svc.performance(2026)[0]
    sheet = svc.deputy_record(first.deputy_id, 2026)
    assert len([e for e in sheet.entries if e.what == "接待来访"]) == first.visits
    assert all(e.day.year == 2026 for e in sheet.entries)
    out = print_deputy_record(sheet, "测试站", 2026, tmp_path / "d.pdf")
    assert first.name in PdfReader(out).pages[0].extract_text()
    assert print_performance(svc.performance(2026), "测试站", 2026, tmp_path / "p.pdf").exists()
