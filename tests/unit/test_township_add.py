"""Township database: three stations' November workbooks merged — one record per agency, deputies matched, re-adding changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import DEMO_TODAY, run_cli, sql_rows
from liaison_desk.demo import build
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.services.station import StationService
from liaison_desk.store import open_database

NOV = (DEMO_TODAY.replace(day=1), DEMO_TODAY.replace(day=30))


pytestmark = pytest.mark.both_backends  # the township's database: a file, or the county's server


def _sql(path: Path | str, sql: str, *args: object) -> list[tuple]:
    return sql_rows(path, sql, *args)


def _column(path: Path, sheet: str, header: str) -> list[object]:
    """The values under `header` in `sheet`, read straight from the file (the oracle)."""
    ws = load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if header in r)
    j = rows[at].index(header)
    return [r[j] for r in rows[at + 1:] if r[j] not in (None, "")]


@pytest.fixture(scope="module")
def stations(tmp_path_factory) -> dict[str, Path]:
    """Three demo stations (seeds 1–3), each exporting November; B shares a deputy with A by ID number,
    C has a deputy with the same name as one of A's and no ID numbers on either."""
    root = tmp_path_factory.mktemp("stations")
    dbs = {}
    for key, seed in (("A", 1), ("B", 2), ("C", 3)):
        db = open_database(root / f"{key}.db")
        build(db, "station", seed, DEMO_TODAY)
        StationService(db).save_station(name=f"{key}村人大代表联络站")
        db.close()
        dbs[key] = root / f"{key}.db"
    a = _sql(dbs["A"], "SELECT id, id_number, name FROM deputy ORDER BY id_number = '', sort_order, id LIMIT 2")
    assert a[0][1]  # the demo gives some deputies an ID number
    b0 = _sql(dbs["B"], "SELECT id FROM deputy ORDER BY sort_order, id LIMIT 1")[0][0]
    c0 = _sql(dbs["C"], "SELECT id FROM deputy ORDER BY sort_order, id LIMIT 1")[0][0]
    _sql(dbs["B"], "UPDATE deputy SET id_number = ?, version = version + 1 WHERE id = ?", a[0][1], b0)
    _sql(dbs["A"], "UPDATE deputy SET id_number = '', phone = '13900000001', birth_date = '1970-01-01', "
                   "version = version + 1 WHERE id = ?", a[1][0])
    _sql(dbs["C"], "UPDATE deputy SET id_number = '', name = ?, phone = '13900000002', birth_date = NULL, "
                   "version = version + 1 WHERE id = ?", a[1][2], c0)
    out = {"root": root, "a0": a[0][0], "a1": a[1][0], "b0": b0, "c0": c0}
    for key, path in dbs.items():
        db = open_database(path)
        export_handoff(HandoffService(db), root / f"{key}-2026-11.xlsx", *NOV)
        db.close()
        out[key] = root / f"{key}-2026-11.xlsx"
    return out


def _township(db_target) -> str:
    t = db_target("township.db")
    r = run_cli("--db", str(t), "township", "init", "--name", "青石镇人大主席团")
    assert r.returncode == 0, r.stderr
    return t


def _counts(t: str) -> dict[str, int]:
    """Rows (and the highest row version) of every table of the schema but the 操作日志."""
    from sqlmodel import SQLModel

    tables = {n: tb for n, tb in SQLModel.metadata.tables.items() if "search" not in n and n != "auditentry"}
    return {n: _sql(t, f"SELECT COUNT(*), MAX(COALESCE(version, 0)) FROM {n}")[0] if "version" in tb.c
            else _sql(t, f"SELECT COUNT(*) FROM {n}")[0] for n, tb in tables.items()}


def test_three_stations_merge_once(stations, tmp_path, db_target):
    t = _township(db_target)
    files = [str(stations[k]) for k in "ABC"]
    r = run_cli("--db", str(t), "township", "add", *files, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [f["errors"] for f in out["files"]] == [[], [], []]
    assert {f["station"] for f in out["files"]} == {"A村人大代表联络站", "B村人大代表联络站", "C村人大代表联络站"}

    agency_names = {n for k in "ABC" for n in _column(stations[k], "承办单位", "单位名称")}
    assert len(agency_names) == len(_column(stations["A"], "承办单位", "单位名称"))  # the same county agencies
    stored = [r[0] for r in _sql(t, "SELECT name FROM agency")]
    assert sorted(stored) == sorted(agency_names)  # one record per agency, not three
    for sheet, table in (("来访登记", "visit"), ("意见建议", "suggestion"), ("活动记录", "activity")):
        expected = {i for k in "ABC" for i in _column(stations[k], sheet, "编号")}
        assert expected and {r[0] for r in _sql(t, f"SELECT id FROM {table}")} == expected, sheet
    # every agency a suggestion names resolves to the one record
    assert _sql(t, "SELECT COUNT(*) FROM suggestionagency WHERE agency_id NOT IN (SELECT id FROM agency)") == [(0,)]
    assert len(_sql(t, "SELECT id FROM station")) == 3

    before = _counts(t)
    again = run_cli("--db", str(t), "township", "add", *files, "--json")
    assert again.returncode == 0, again.stderr
    assert [f["already_added"] for f in json.loads(again.stdout)["files"]] == [True, True, True]
    assert _counts(t) == before
    # a fresh export of the same month (new file, new digest) changes nothing either
    db = open_database(Path(stations["root"]) / "A.db")
    export_handoff(HandoffService(db), tmp_path / "A-again.xlsx", *NOV)
    db.close()
    third = run_cli("--db", str(t), "township", "add", str(tmp_path / "A-again.xlsx"), "--json")
    assert third.returncode == 0, third.stderr
    f = json.loads(third.stdout)["files"][0]
    assert (f["new"], f["changed"], f["conflicts"]) == (0, 0, 0)
    assert {k: v for k, v in _counts(t).items() if k != "townshipfile"} == \
        {k: v for k, v in before.items() if k != "townshipfile"}


def test_deputies_matched_by_id_number_and_same_name_reviewed(stations, db_target):
    t = _township(db_target)
    r = run_cli("--db", str(t), "township", "add", *[str(stations[k]) for k in "ABC"], "--json")
    assert r.returncode == 0, r.stderr
    roster = sum(len(_column(stations[k], "代表名册", "编号")) for k in "ABC")
    ids = {r[0] for r in _sql(t, "SELECT id FROM deputy")}
    assert len(ids) == roster - 1  # B's deputy with A's ID number is one person
    assert stations["a0"] in ids and stations["b0"] not in ids
    # B's receptions by that deputy now count for the one person
    b_visits = sum(1 for d in _column(stations["B"], "来访接待代表", "代表编号") if d == stations["b0"])
    a_visits = sum(1 for d in _column(stations["A"], "来访接待代表", "代表编号") if d == stations["a0"])
    assert _sql(t, "SELECT COUNT(*) FROM visitdeputy WHERE deputy_id = ?", stations["a0"]) == [(a_visits + b_visits,)]
    assert _sql(t, "SELECT COUNT(*) FROM visitdeputy WHERE deputy_id NOT IN (SELECT id FROM deputy)") == [(0,)]
    # the same-name pair without ID numbers is not merged: it waits in the review list
    assert stations["c0"] in ids and stations["a1"] in ids
    review = json.loads(run_cli("--db", str(t), "township", "review", "--json").stdout)
    assert len(review) == 1 and review[0]["decision"] == "待确认"
    assert "C村" in review[0]["a"] and "A村" in review[0]["b"]
    ok = run_cli("--db", str(t), "township", "review", "--accept", str(review[0]["id"]))
    assert ok.returncode == 0, ok.stderr
    ids = {r[0] for r in _sql(t, "SELECT id FROM deputy")}
    assert stations["c0"] not in ids and len(ids) == roster - 2
    assert _sql(t, "SELECT COUNT(*) FROM visitdeputy WHERE deputy_id NOT IN (SELECT id FROM deputy)") == [(0,)]
    twice = run_cli("--db", str(t), "township", "review", "--reject", str(review[0]["id"]))
    assert twice.returncode == 1 and "已经确认过" in twice.stderr


def test_bad_file_refused_whole_others_added(stations, tmp_path, db_target):
    t = _township(db_target)
    bad = tmp_path / "B-bad.xlsx"
    wb = load_workbook(stations["B"])
    ws = wb["来访登记"]
    header_row = next(r for r in ws.iter_rows(min_row=1, max_row=5) if any(c.value == "来访日期" for c in r))
    col = next(c.column for c in header_row if c.value == "来访日期")
    ws.cell(header_row[0].row + 1, col).value = "十一月某日"
    wb.save(bad)
    r = run_cli("--db", str(t), "township", "add", str(stations["A"]), str(bad))
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("B-bad.xlsx：") and "来访登记" in lines[0] and "来访日期" in lines[0]
    assert _sql(t, "SELECT COUNT(*) FROM station") == [(1,)]  # A only; nothing of B
    assert "A-2026-11.xlsx" in r.stdout


def test_station_database_is_not_marked(tmp_path):
    db = open_database(tmp_path / "s.db")
    build(db, "station", 1, DEMO_TODAY)
    db.close()
    r = run_cli("--db", str(tmp_path / "s.db"), "township", "init", "--name", "青石镇")
    assert r.returncode == 1 and "已经有联络站的数据" in r.stderr
    add = run_cli("--db", str(tmp_path / "s.db"), "township", "add", str(tmp_path))
    assert add.returncode == 1 and "不是乡镇汇总库" in add.stderr


def test_files_that_are_not_station_workbooks_are_said_plainly(stations, tmp_path, db_target):
    """A Word file, another program's workbook, a locked workbook, an empty folder: one Chinese line each,
    naming the file once, saying what it is and what to do; the good file still goes in."""
    from openpyxl import Workbook

    from liaison_desk.ledger.crypto import encrypt_workbook

    t = _township(db_target)
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "工作总结.docx").write_bytes(b"PK\x03\x04 not really a workbook")
    other = Workbook()
    other.active["A1"] = "考勤"
    other.save(usb / "考勤表.xlsx")
    encrypt_workbook(usb / "考勤表.xlsx", usb / "加密.xlsx", "secret-123")
    files = [usb / "工作总结.docx", usb / "考勤表.xlsx", usb / "加密.xlsx", stations["A"]]
    r = run_cli("--db", str(t), "township", "add", *map(str, files), env={"LIAISON_DESK_PASSWORD": ""})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lines = {line.split("：", 1)[0]: line for line in r.stderr.splitlines() if "：" in line and "整个文件" in line}
    assert set(lines) == {"工作总结.docx", "考勤表.xlsx", "加密.xlsx"}, r.stderr
    for name, line in lines.items():
        assert line.count(name) == 1 and "工作表「」" not in line and "文件「" not in line, line
        assert "整个文件没有加入" in line and "请" in line, line
    assert "不是 Excel 工作簿" in lines["工作总结.docx"]
    assert "不是联络站的月度台账" in lines["考勤表.xlsx"] and "导出月度台账" in lines["考勤表.xlsx"]
    assert "打开密码" in lines["加密.xlsx"] and "LIAISON_DESK_PASSWORD" in lines["加密.xlsx"]
    assert _sql(t, "SELECT name FROM station") == [("A村人大代表联络站",)]  # the station workbook went in

    empty = tmp_path / "空U盘"
    empty.mkdir()
    r = run_cli("--db", str(t), "township", "add", str(empty))
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "「空U盘」" in r.stderr, r.stderr
    assert "没有 Excel 工作簿" in r.stderr and "请选择" in r.stderr


def test_later_months_carry_only_changed_matters_and_the_township_keeps_the_rest(tmp_path, db_target):
    """September is the station's first handoff (every open matter); October carries the matters that changed
    in October. The township adds both: the matters October leaves out stay as September had them."""
    from datetime import date

    from liaison_desk.services.suggestions.lifecycle import LifecycleService

    db = open_database(tmp_path / "A.db")
    build(db, "station", 1, DEMO_TODAY)
    StationService(db).save_station(name="A村人大代表联络站")
    service = HandoffService(db)
    sep = export_handoff(service, tmp_path / "sep.xlsx", date(2026, 9, 1), date(2026, 9, 30))
    open_matters = set(_column(sep.path, "意见建议", "编号"))
    last = dict(_sql(tmp_path / "A.db", "SELECT suggestion_id, MAX(happened_on) FROM suggestionevent GROUP BY 1"))
    quiet = _sql(tmp_path / "A.db", "SELECT id FROM suggestion WHERE archived_on IS NULL AND registered_on < '2026-09-01' "
                                    "ORDER BY id")
    noted = next(sid for (sid,) in quiet if (last.get(sid) or "") <= "2026-10-20")
    LifecycleService(db).note(noted, date(2026, 10, 20), "电话询问办理进度")
    octo = export_handoff(service, tmp_path / "oct.xlsx", date(2026, 10, 1), date(2026, 10, 31))
    db.close()
    carried = set(_column(octo.path, "意见建议", "编号"))
    left_out = open_matters - carried
    assert noted in carried and left_out  # a smaller workbook: some open matters did not change in October

    t = _township(db_target)
    for f in (sep.path, octo.path):
        r = run_cli("--db", str(t), "township", "add", str(f), "--json")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["files"][0]["errors"] == []
    township = {r[0]: r[1:] for r in _sql(t, "SELECT id, version, step, notes FROM suggestion")}
    station = {r[0]: r[1:] for r in _sql(tmp_path / "A.db", "SELECT id, version, step, notes FROM suggestion")}
    assert set(township) == open_matters | carried  # nothing left out was taken as deleted
    assert all(township[i] == station[i] for i in left_out | carried)
    events = _sql(t, "SELECT note FROM suggestionevent WHERE suggestion_id = ? ORDER BY happened_on", noted)
    assert events[-1] == ("电话询问办理进度",)  # October's step reached the township
