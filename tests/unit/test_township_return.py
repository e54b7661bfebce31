"""township return: a reply recorded at the township reaches station B's timeline; station A's workbook holds nothing of B."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import DEMO_TODAY, run_cli, sql_rows
from liaison_desk.demo import build
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.store import open_database

NOV = (DEMO_TODAY.replace(day=1), DEMO_TODAY.replace(day=30))
TEXT = "乡镇汇总库登记的答复：已安排维修村道"
COUNTED = ("station", "deputy", "agency", "visit", "suggestion", "activity", "receptionsession", "suggestionagency")


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        con.close()


def _cells(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


pytestmark = pytest.mark.both_backends  # the township's database: a file, or the county's server


@pytest.fixture
def merged(tmp_path: Path, db_target) -> dict[str, Path | str]:
    out: dict[str, Path | str] = {}
    for key, seed in (("A", 1), ("B", 2)):
        db = open_database(tmp_path / f"{key}.db")
        build(db, "station", seed, DEMO_TODAY)
        StationService(db).save_station(name=f"{key}村人大代表联络站")
        export_handoff(HandoffService(db), tmp_path / f"{key}-11.xlsx", *NOV)
        db.close()
        out[key] = tmp_path / f"{key}.db"
    t = db_target()
    assert run_cli("--db", str(t), "township", "init", "--name", "青石镇人大主席团").returncode == 0
    r = run_cli("--db", str(t), "township", "add", str(tmp_path / "A-11.xlsx"), str(tmp_path / "B-11.xlsx"))
    assert r.returncode == 0, r.stderr
    out["t"] = t
    return out


def test_reply_goes_back_to_b_only(merged, tmp_path):
    t = str(merged["t"])
    db = open_database(t)
    b_id = sql_rows(t, "SELECT id FROM station WHERE name = 'B村人大代表联络站'")[0][0]
    sid = sql_rows(t, "SELECT id FROM suggestion WHERE station_id = ? AND step = 'supervise' "
                      "AND reply_on IS NULL AND registered_on <= '2026-11-28' ORDER BY registered_on DESC", b_id)[0][0]
    LifecycleService(db).reply(sid, date(2026, 11, 28), "已解决", TEXT)
    db.close()

    r = run_cli("--db", str(t), "township", "approve", "--station", "B村人大代表联络站", "--month", "2026-11")
    assert r.returncode == 0, r.stderr
    for key in "AB":
        r = run_cli("--db", str(t), "township", "return", "--station", f"{key}村人大代表联络站", "--month", "2026-11",
                    "--out", str(tmp_path / f"{key}-return.xlsx"))
        assert r.returncode == 0, r.stderr
    a_text, b_text = _cells(tmp_path / "A-return.xlsx"), _cells(tmp_path / "B-return.xlsx")
    assert TEXT in b_text and sid in b_text and "2026年11月 已审核" in b_text
    assert TEXT not in a_text and sid not in a_text and "B村" not in a_text

    for key in "AB":
        before = _counts(Path(merged[key]))
        r = run_cli("--db", str(merged[key]), "handoff", "import", str(tmp_path / f"{key}-return.xlsx"), "--json")
        assert r.returncode == 0, r.stdout + r.stderr
        assert json.loads(r.stdout)["errors"] == []
        assert _counts(Path(merged[key])) == before  # nothing of another station came in, nothing doubled
    con = sqlite3.connect(merged["B"])
    assert con.execute("SELECT reply_text, step FROM suggestion WHERE id = ?", (sid,)).fetchone() == (TEXT, "reply")
    events = con.execute("SELECT kind, note FROM suggestionevent WHERE suggestion_id = ? AND kind = 'replied'",
                         (sid,)).fetchall()
    assert events == [("replied", TEXT)]  # on B's timeline once
    con.close()
