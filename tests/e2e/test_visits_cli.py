"""`liaison-desk visits search` and `liaison-desk print register` on a real database file."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from helpers import run_cli


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("cli") / "d.db")
    assert run_cli("demo", "--db", db, "--today", "2026-11-28").returncode == 0
    return db


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI in this process (fast); the print test below runs it as a real subprocess."""
    from liaison_desk.cli import main

    try:
        code = main(list(args))
    except SystemExit as e:  # argparse usage errors
        code = int(e.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_search_json_shape_and_counts(demo_file, capsys):
    from liaison_desk.services.visits.service import VisitFilter, VisitService
    from liaison_desk.store import open_database

    db = open_database(demo_file)
    svc = VisitService(db)
    counts = {q: svc.count(VisitFilter(query=q)) for q in ("路", "停车", "停车难")}
    db.close()
    for q in ("路", "停车", "停车难"):
        code, out, err = _cli(capsys, "visits", "search", q, "--db", demo_file, "--json")
        assert code == 0, err
        data = json.loads(out)
        assert set(data) == {"total", "rows"} and data["total"] == counts[q]
        assert data["total"] >= len(data["rows"]) > 0 and len(data["rows"]) <= 50
        row = data["rows"][0]
        assert set(row) == {"id", "date", "visitor", "summary"} and len(row["date"]) == 10
    code, out, _ = _cli(capsys, "visits", "search", "路", "--db", demo_file, "--json", "--from", "2026-11-01",
                        "--to", "2026-11-28")
    rows = json.loads(out)["rows"]
    assert rows and all("2026-11-01" <= x["date"] <= "2026-11-28" for x in rows)
    code, out, _ = _cli(capsys, "visits", "search", "路", "--db", demo_file)
    assert code == 0 and out.startswith("找到 ")
    code, _, err = _cli(capsys, "visits", "search", "路", "--db", demo_file, "--from", "2026-13-01")
    assert code == 2 and "2026-13-01" in err and "不存在" in err  # well-formed, but no such day


def test_print_register_writes_a_pdf(demo_file, tmp_path):
    db = demo_file
    out = tmp_path / "登记簿.pdf"
    r = run_cli("print", "register", "--db", db, "--from", "2026-11-01", "--to", "2026-11-28", "--out", str(out), "--mask")
    assert r.returncode == 0, r.stderr
    assert "已生成来访登记簿" in r.stdout
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "人大代表接待选民来访登记簿" in text.replace(" ", "") and "****" in text
    r = run_cli("print", "register", "--db", db, "--from", "2026-11-28", "--to", "2026-11-01", "--out", str(out))
    assert r.returncode == 1 and "结束日期不能早于开始日期" in r.stderr
