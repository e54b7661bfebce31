"""`roster import/export` and `print board` on real files through the command line."""

from __future__ import annotations

import json
import sys

from helpers import DATA, new_database, run_cli

ROSTER = DATA / "roster"


def test_import_twice_then_export_and_board(tmp_path):
    db = new_database(tmp_path / "s.db")
    dry = run_cli("roster", "import", str(ROSTER / "township.xls"), "--dry-run", "--json", "--db", db)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout) == {"new": 6, "updated": 0, "unchanged": 0, "conflicts": 0, "errors": []}
    first = run_cli("roster", "import", str(ROSTER / "township.xls"), "--json", "--db", db)
    assert json.loads(first.stdout)["new"] == 6  # the dry run wrote nothing
    second = run_cli("roster", "import", str(ROSTER / "township.ods"), "--json", "--db", db)
    assert json.loads(second.stdout) == {"new": 0, "updated": 0, "unchanged": 6, "conflicts": 0, "errors": []}
    out = tmp_path / "导出.xlsx"
    exp = run_cli("roster", "export", "--out", str(out), "--db", db)
    assert exp.returncode == 0 and out.exists(), exp.stderr
    pdf = tmp_path / "board.pdf"
    board = run_cli("print", "board", "--out", str(pdf), "--paper", "A3", "--hide-phone", "--db", db)
    assert board.returncode == 0, board.stderr
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "单田芳" in text and "13803151234" not in text


def test_import_with_errors_exits_1_and_writes_nothing(tmp_path):
    db = new_database(tmp_path / "s.db")
    res = run_cli("roster", "import", str(ROSTER / "mistakes_libreoffice.xlsx"), "--json", "--db", db)
    assert res.returncode == 1
    out = json.loads(res.stdout)
    assert out["new"] == 1 and len(out["errors"]) == 8
    assert out["errors"][0] == {"sheet": "名册", "row": 2, "column": "联系电话",
                                "message": "不是有效的电话号码（手机号为 11 位数字，座机如 0315-1234567）"}
    check = run_cli("check", "--json", "--db", db)
    assert json.loads(check.stdout)["counts"]["deputy"] == 0


def test_missing_file_is_a_known_error(tmp_path):
    res = run_cli("roster", "import", str(tmp_path / "nope.xlsx"), "--db", new_database(tmp_path / "s.db"))
    assert res.returncode == 1 and "文件不存在" in res.stderr and "Traceback" not in res.stderr


def test_a_folder_is_not_called_a_broken_workbook(tmp_path):
    folder = tmp_path / "名册.xlsx"
    folder.mkdir()
    res = run_cli("handoff", "import", str(folder), "--db", new_database(tmp_path / "s.db"))
    assert res.returncode == 1 and "文件夹" in res.stderr and "损坏" not in res.stderr
    assert "Traceback" not in res.stderr


def test_two_thousand_deputies(tmp_path):
    """A county-sized roster imports, and a second import finds every deputy unchanged (no timing asserted)."""
    sys.path.insert(0, str(ROSTER))
    from make_workbooks import big_workbook

    book = big_workbook(tmp_path / "county.xlsx", 2000)
    db = new_database(tmp_path / "county.db")
    first = run_cli("roster", "import", str(book), "--json", "--db", db)
    assert json.loads(first.stdout) == {"new": 2000, "updated": 0, "unchanged": 0, "conflicts": 0, "errors": []}
    second = run_cli("roster", "import", str(book), "--json", "--db", db)
    assert json.loads(second.stdout)["unchanged"] == 2000
