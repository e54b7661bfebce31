"""The township office assigns, urges and records replies on the stations' matters by the station's lifecycle
rules, sees every station's overdue matters in one list, and the work goes back to the station."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import run_cli, sql_rows, station_workbooks, township_of

EAST, WEST = "东村人大代表联络站", "西村人大代表联络站"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("work")
    township_of(root / "t.db", station_workbooks(root, (EAST, WEST)))
    return root


def test_assign_urge_reply_and_back_to_the_station(built, tmp_path):
    t = tmp_path / "t.db"
    shutil.copy(built / "t.db", t)
    station = tmp_path / "2.db"
    shutil.copy(built / "2.db", station)
    # a 梳理 matter of 西村 whose number 东村 also uses (each station numbers its own)
    sid, number = sql_rows(t, "SELECT g.id, g.number FROM suggestion g JOIN station s ON s.id = g.station_id "
                          "WHERE s.name = ? AND g.step = 'sort' AND g.number IN (SELECT h.number FROM suggestion h "
                          "JOIN station e ON e.id = h.station_id WHERE e.name = ?) ORDER BY g.number LIMIT 1",
                       WEST, EAST)[0]
    agency = sql_rows(t, "SELECT name FROM agency WHERE active ORDER BY name LIMIT 1")[0][0]
    east_sql = ("SELECT g.step, g.version FROM suggestion g JOIN station s ON s.id = g.station_id WHERE s.name = ? "
                "AND g.number = ?")
    east_before = sql_rows(t, east_sql, EAST, number)
    cli = ("--db", str(t), "township")
    r = run_cli(*cli, "assign", number, "--agency", agency, "--on", "2026-11-28")
    assert r.returncode == 1 and "--station" in r.stderr and "Traceback" not in r.stderr
    r = run_cli(*cli, "assign", number, "--station", WEST, "--agency", agency, "--on", "2026-11-28",
                "--note", "请按期办理")
    assert r.returncode == 0, r.stderr
    step, deadline = sql_rows(t, "SELECT step, deadline FROM suggestion WHERE id = ?", sid)[0]
    assert step == "assign" and deadline > "2026-11-28"
    assert sql_rows(t, "SELECT a.name, sa.role FROM suggestionagency sa JOIN agency a ON a.id = sa.agency_id "
                   "WHERE sa.suggestion_id = ?", sid) == [(agency, "lead")]
    # the lifecycle rules hold: no second 交办, no feedback before a reply
    again = run_cli(*cli, "assign", number, "--station", WEST, "--agency", agency, "--on", "2026-11-28")
    assert again.returncode == 1 and "交办" in again.stderr
    assert run_cli(*cli, "urge", number, "--station", WEST, "--note", "电话督办", "--on", "2026-11-29").returncode == 0
    r = run_cli(*cli, "reply", number, "--station", WEST, "--result", "已解决", "--text", "已修复路灯",
                "--on", "2026-11-30")
    assert r.returncode == 0, r.stderr
    assert sql_rows(t, "SELECT step, reply_result, reply_text FROM suggestion WHERE id = ?", sid) == \
        [("reply", "solved", "已修复路灯")]
    kinds = [k for (k,) in sql_rows(t, "SELECT kind FROM suggestionevent WHERE suggestion_id = ? ORDER BY happened_on, "
                                   "recorded_at", sid)]
    assert kinds[-3:] == ["assigned", "urged", "replied"]
    # the same number at 东村 is untouched
    assert sql_rows(t, east_sql, EAST, number) == east_before

    out = tmp_path / "west-back.xlsx"
    r = run_cli(*cli, "return", "--station", WEST, "--out", str(out))
    assert r.returncode == 0, r.stderr
    r = run_cli("--db", str(station), "handoff", "import", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert sql_rows(station, "SELECT step, reply_result, reply_text FROM suggestion WHERE id = ?", sid) == \
        [("reply", "solved", "已修复路灯")]
    assert sql_rows(station, "SELECT a.name FROM suggestionagency sa JOIN agency a ON a.id = sa.agency_id "
                         "WHERE sa.suggestion_id = ?", sid) == [(agency,)]
    # the station's timeline: the office's 交办 (with its note), 督办 and 回复, once each
    events = sql_rows(station, "SELECT kind, happened_on, note FROM suggestionevent WHERE suggestion_id = ? "
                           "AND kind IN ('assigned', 'urged', 'replied') ORDER BY happened_on", sid)
    assert events == [("assigned", "2026-11-28", "请按期办理"), ("urged", "2026-11-29", "电话督办"),
                      ("replied", "2026-11-30", "已修复路灯")]


def test_overdue_of_every_station_in_one_list(built):
    t = built / "t.db"
    r = run_cli("--db", str(t), "township", "overdue", "--on", "2026-11-28", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    expected = sql_rows(t, "SELECT s.name, g.number FROM suggestion g JOIN station s ON s.id = g.station_id "
                       "WHERE g.step IN ('assign', 'supervise') AND g.deadline < '2026-11-28'")
    assert sorted((x["station"], x["number"]) for x in rows) == sorted(expected)
    assert {x["station"] for x in rows} == {EAST, WEST}
    r = run_cli("--db", str(t), "township", "overdue", "--on", "2026-11-28", "--station", EAST, "--json")
    assert sorted(x["number"] for x in json.loads(r.stdout)) == sorted(n for s, n in expected if s == EAST)


def test_station_database_refuses_township_work(built, tmp_path):
    station = tmp_path / "1.db"
    shutil.copy(built / "1.db", station)
    number = sql_rows(station, "SELECT number FROM suggestion WHERE step = 'sort' LIMIT 1")[0][0]
    r = run_cli("--db", str(station), "township", "assign", number, "--agency", "x")
    assert r.returncode == 1 and "乡镇汇总库" in r.stderr
