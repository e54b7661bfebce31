"""What a clerk new to the program meets on the demo station: the mistakes typed at the command line give one
Chinese line, the on-screen report reads as a form, `check` names its tables in Chinese, and the yearly
statistics print for a year that has no replies yet."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from helpers import run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("clerk") / "demo.db"
    p = run_cli("demo", "--db", str(path), "--today", "2026-11-28")
    assert p.returncode == 0, p.stderr
    return str(path)


def one_line(p) -> str:
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    return lines[0]


@pytest.mark.parametrize("args, says", [
    (("report", "month", "--month", "2026-13"), "2026-13"),
    (("visits", "search", "补贴", "--from", "2026/11/5"), "2026-11-05"),  # the form it should have
    (("visits", "search", "补贴", "--from", "2026-02-30"), "不存在"),
    (("suggestions", "overdue", "--on", "2026年11月5日"), "2026-11-05"),
    (("score", "--year", "0"), "四位数的年份"),
    (("report", "year", "--year", "26"), "四位数的年份"),
    (("calendar", "show", "--year", "99999"), "四位数的年份"),
    (("schedule", "check", "--year", "2026x"), "四位数的年份"),
    (("print", "results", "--quarter", "2026Q5", "--out", "x.pdf"), "2026Q5"),  # like print attendance
])
def test_wrong_usage_is_one_chinese_line_exit_2(demo, args, says):
    p = run_cli(*args, "--db", demo)
    assert p.returncode == 2
    line = one_line(p)
    assert "错误" in line and says in line and "-h" in line  # says where the help is
    assert "Traceback" not in p.stderr


def test_help_has_no_english_left(demo):
    top = run_cli("--help").stdout
    assert "show program" not in top and "显示版本号" in top
    for args in (("check",), ("score",), ("report", "month"), ("backup",), ("activity", "check")):
        text = run_cli(*args, "--help").stdout
        json_line = next(ln for ln in text.splitlines() if ln.strip().startswith("--json"))
        assert json_line.strip() != "--json", f"{args}: --json without a word of help"


def test_report_without_out_is_read_as_a_form(demo):
    figures = json.loads(run_cli("report", "month", "--month", "2026-11", "--json", "--db", demo).stdout)["figures"]
    p = run_cli("report", "month", "--month", "2026-11", "--db", demo)
    assert p.returncode == 0, p.stderr
    assert not p.stdout.lstrip().startswith("{")
    assert p.stdout.startswith("2026年11月联络站月度统计报表（2026年11月1日至2026年11月30日）")
    assert f"  来访件数：{figures['visits']}（去年同期" in p.stdout
    p = run_cli("report", "year", "--year", "2026", "--db", demo)
    assert p.returncode == 0 and p.stdout.startswith("2026年联络站工作统计"), p.stderr


def test_check_names_tables_in_chinese(demo):
    p = run_cli("check", "--db", demo)
    assert p.returncode == 0, p.stderr
    import sqlite3

    with sqlite3.connect(demo) as con:  # the counts from the file itself
        deputies, visits = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("deputy", "visit"))
    assert f"  代表名册：{deputies}\n" in p.stdout and f"  来访登记：{visits}\n" in p.stdout
    assert "activityattendance" not in p.stdout and "visitdeputy" not in p.stdout


@pytest.mark.parametrize("year", ["2025", "2027"])
def test_year_pdf_when_a_quarter_has_no_rate(demo, tmp_path, year):
    """Years with one or no quarter of replies: the rates chart has fewer than two points to join."""
    out = tmp_path / f"{year}.pdf"
    p = run_cli("report", "year", "--year", year, "--out", str(out), "--db", demo)
    assert p.returncode == 0, p.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"{year}年联络站工作统计" in text


def test_handoff_notes_rows_are_tall_enough_to_read(demo, tmp_path):
    """The 说明 sheet's two long notes wrap; without a row height LibreOffice draws them over each other."""
    from openpyxl import load_workbook

    out = tmp_path / "台账.xlsx"
    p = run_cli("handoff", "export", "--month", "2026-11", "--out", str(out), "--db", demo)
    assert p.returncode == 0, p.stderr
    ws = load_workbook(out)["说明"]
    width = int(ws.column_dimensions["B"].width)  # in digits; a Chinese character takes two

    def units(r):
        v = ws.cell(r, 2).value
        return sum(1 if c.isascii() else 2 for c in v) if isinstance(v, str) else 0

    long_rows = [r for r in range(3, ws.max_row + 1) if units(r) > width]
    assert len(long_rows) == 2  # the two 填写说明 notes
    for r in long_rows:
        lines = -(-units(r) // width)
        assert ws.row_dimensions[r].height and ws.row_dimensions[r].height >= 14 * lines, r


def test_backup_to_a_file_says_it_is_a_file(demo, tmp_path):
    f = tmp_path / "总结.docx"
    f.write_bytes(b"PK\x03\x04")
    p = run_cli("backup", "--to", str(f), "--db", demo)
    assert p.returncode == 1
    line = one_line(p)
    assert "是一个文件" in line and "总结.docx" in line and "不存在" not in line
    assert sorted(x.name for x in tmp_path.iterdir()) == ["总结.docx"]


def test_station_set_names_the_option_not_a_column(tmp_path):
    db = tmp_path / "新.db"
    p = run_cli("station", "set", "--phone", "12", "--db", str(db))
    assert p.returncode == 1 and not db.exists()
    line = one_line(p)
    assert "--phone" in line and "联系电话" in line and "列" not in line


def test_a_typed_field_is_not_called_a_column(demo):
    """「出席」列 is workbook wording; on the command line the clerk typed --present."""
    p = run_cli("activity", "add", "--day", "2026-12-01", "--kind", "视察", "--title", "视察道路",
                "--present", "不存在的人", "--db", demo)
    assert p.returncode == 1
    line = one_line(p)
    assert line.startswith("错误：「出席」：") and "不存在的人" in line and "列" not in line


def test_an_empty_database_file_is_called_empty_not_missing(tmp_path):
    """A 0-byte file (a copy that never finished) is there: "找不到" would send the clerk looking for it."""
    empty = tmp_path / "联络站.db"
    empty.write_bytes(b"")
    p = run_cli("check", "--db", str(empty))
    assert p.returncode == 1
    line = one_line(p)
    assert "空的" in line and "找不到" not in line and "restore" in line
    assert empty.read_bytes() == b"" and sorted(x.name for x in tmp_path.iterdir()) == ["联络站.db"]
