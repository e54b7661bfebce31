"""The schedule commands end to end on a real SQLite file: check, plan, calendar import, both PDFs."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from helpers import DATA, DEMO_TODAY, run_cli, sql_rows
from liaison_desk.printing.notice import print_notice
from liaison_desk.printing.wall_schedule import print_schedule, title_for
from liaison_desk.services.schedule.printing import notice_data, wall_schedule


@pytest.fixture
def demo_file(tmp_path):
    from liaison_desk.demo import build
    from liaison_desk.store import open_database

    path = tmp_path / "demo.db"
    db = open_database(path)
    build(db, "station", 7, DEMO_TODAY)
    db.close()
    return path


def test_check_plan_apply_and_calendar_import(demo_file, tmp_path):
    db = str(demo_file)
    today = ("--today", DEMO_TODAY.isoformat())
    out = run_cli("schedule", "check", "--year", "2027", "--json", *today, "--db", db)
    assert out.returncode == 0, out.stderr  # nothing behind yet: every 2027 period is still to come
    report = json.loads(out.stdout)
    assert set(report) == {"year", "violations", "behind", "due", "unconfirmed", "turns", "warnings"}
    assert report["violations"] == [] and report["behind"] == [] and report["unconfirmed"] == []
    assert report["warnings"] == ["2027年法定节假日安排尚未录入，按周一至周五计算"]
    # the demo station (seed 7) has township and county deputies only: 12 + 4 periods owed
    levels = {lv for (lv,) in sqlite3.connect(db).execute(
        "SELECT DISTINCT level FROM deputylevel l JOIN deputy d ON d.id = l.deputy_id WHERE d.status = 'active'")}
    assert levels == {"township", "county"}
    assert sorted({d["level"] for d in report["due"]}) == sorted(["乡镇", "县"])
    assert len(report["due"]) == 16 and {"level", "period", "message"} == set(report["due"][0])
    assert {d["period"] for d in report["due"] if d["level"] == "县"} == {"2027Q1", "2027Q2", "2027Q3", "2027Q4"}
    active = sqlite3.connect(db).execute("SELECT COUNT(*) FROM deputy WHERE status = 'active'").fetchone()[0]
    assert len(report["turns"]) == active
    assert set(report["turns"][0]) == {"deputy", "name", "levels", "attended", "last"}

    csv = tmp_path / "holidays-2027.csv"
    shutil.copy(DATA / "schedule" / "holidays-2027.csv", csv)
    out = run_cli("calendar", "import", str(csv), "--db", db)
    assert out.returncode == 0 and "放假 16 天，调休上班 3 天" in out.stdout, out.stderr
    out = run_cli("schedule", "plan", "--year", "2027", "--json", "--today", DEMO_TODAY.isoformat(), "--db", db)
    plan = json.loads(out.stdout)
    assert plan["applied"] is False and plan["warnings"] == [] and plan["unmet"] == []
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM receptionsession WHERE day >= '2027-01-01'"
                                       ).fetchone()[0] == 0
    first = plan["sessions"][0]
    assert set(first) == {"day", "start", "end", "venue", "kind", "theme", "notice_date", "deputies"}
    assert all(len(s["deputies"]) >= 2 for s in plan["sessions"])
    assert 12 <= len(plan["sessions"]) <= 14
    # 6 October 2027 (in the imported National Day holiday) is never proposed
    assert all(not ("2027-10-01" <= s["day"] <= "2027-10-07") for s in plan["sessions"])

    out = run_cli("schedule", "plan", "--year", "2027", "--apply", "--json", "--today", DEMO_TODAY.isoformat(),
                  "--db", db)
    assert json.loads(out.stdout)["applied"] is True
    out = run_cli("schedule", "check", "--year", "2027", "--json", *today, "--db", db)
    after = json.loads(out.stdout)
    assert out.returncode == 0 and after["violations"] == [] and after["behind"] == [] and after["warnings"] == []
    assert all("已安排" in d["message"] for d in after["due"])  # every level's period has a session


# What the demo plants (demo/schedule.py), written out by hand for DEMO_TODAY = 2026-11-28: no county-level
# deputy receives in the quarter two before today's (2026Q2); the held regular reception nearest four months
# back (third Wednesday of July, 15 July) has its notice posted 2 working days ahead instead of 3.
PLANTED_BEHIND = [("县", "2026Q2")]
PLANTED_VIOLATIONS = [("notice_late", "2026-07-15")]


def test_check_exit_code_and_sessions_list(demo_file):
    db = str(demo_file)
    out = run_cli("schedule", "check", "--year", "2026", "--today", DEMO_TODAY.isoformat(), "--db", db)
    report = json.loads(run_cli("schedule", "check", "--year", "2026", "--json", "--today",
                                DEMO_TODAY.isoformat(), "--db", db).stdout)
    # the demo's year keeps rule 一 and the notice rule except for exactly what was planted
    assert [(b["level"], b["period"]) for b in report["behind"]] == PLANTED_BEHIND
    assert [(v["rule"], v["day"]) for v in report["violations"]] == PLANTED_VIOLATIONS
    assert report["unconfirmed"] == [] and report["warnings"] == []
    assert out.returncode == 1, out.stderr
    assert "2026年接待安排检查" in out.stdout and "轮值情况" in out.stdout
    for b in report["behind"]:
        assert b["message"] in out.stdout
    out = run_cli("schedule", "sessions", "--from", "2026-11-01", "--to", "2026-12-31", "--json", "--db", db)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    con = sqlite3.connect(db)
    expected = con.execute("SELECT id FROM receptionsession WHERE day BETWEEN '2026-11-01' AND '2026-12-31' "
                           "ORDER BY day, start_time, id").fetchall()
    assert [r["id"] for r in rows] == [e[0] for e in expected]
    assert set(rows[0]) == {"id", "day", "start", "end", "kind", "venue", "theme", "status", "deputies", "notice"}
    assert set(rows[0]["notice"]) == {"latest", "posted", "places"}
    assert set(rows[0]["deputies"][0]) == {"id", "name", "attendance", "reason"}
    dec16 = next(r for r in rows if r["day"] == "2026-12-16")
    assert dec16["notice"]["latest"] == "2026-12-11"
    out = run_cli("schedule", "sessions", "--from", "2026-12-01", "--db", db)
    assert out.returncode == 0 and "2026年12月16日" in out.stdout and "共" in out.stdout


def test_bad_calendar_file_is_one_line_and_exit_1(demo_file, tmp_path):
    bad = tmp_path / "bad.xlsx"
    shutil.copy(DATA / "schedule" / "holidays-bad.xlsx", bad)
    out = run_cli("calendar", "import", str(bad), "--db", str(demo_file))
    assert out.returncode == 1
    assert out.stderr.strip() == ("错误：文件「bad.xlsx」工作表「Sheet」第 3 行「休/班」列：「放大假」不是“休”或“班”。"
                                  "放假的日子写“休”，调休上班的日子写“班”")


def _text(pdf) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def _render(pdf, tmp_path) -> list:
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    images = [Image.open(p).convert("L") for p in pages]
    for img in images:  # something dark was drawn on every page
        assert img.getextrema()[0] < 80
    return images


@pytest.fixture
def demo_target(request, backend, tmp_path) -> str:
    """The demo station as `--db` takes it: a file, or (backend "postgresql") a database on the test server."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_templates").new_database(demo=True))
    return str(request.getfixturevalue("demo_file"))


@pytest.mark.both_backends
def test_notice_pdf(demo_target, tmp_path):
    sid, day = sql_rows(demo_target, "SELECT r.id, r.day FROM receptionsession r WHERE EXISTS (SELECT 1 FROM "
                        "sessionofficial o WHERE o.session_id = r.id) ORDER BY r.day DESC LIMIT 1")[0]
    names = [n for (n,) in sql_rows(demo_target, "SELECT d.name FROM sessiondeputy sd JOIN deputy d ON "
                                    "d.id = sd.deputy_id WHERE sd.session_id = ?", sid)]
    out = run_cli("print", "notice", sid[:8], "--out", str(tmp_path / "公告.pdf"), "--db", demo_target)
    assert out.returncode == 0, out.stderr
    text = _text(tmp_path / "公告.pdf")
    d = date.fromisoformat(str(day)[:10])
    for part in ("人大代表接待选民公告", f"{d.year}年{d.month}月{d.day}日", "接待代表", "青石镇人大代表联络站",
                 "人大代表", "交通指引", *names):
        assert part in text, part
    images = _render(tmp_path / "公告.pdf", tmp_path)
    assert len(images) == 1 and images[0].width < images[0].height  # portrait


@pytest.mark.both_backends
def test_notice_by_date_lists_where_it_is_posted(demo_target, tmp_path):
    sql_rows(demo_target, "UPDATE receptionsession SET notice_places = ? WHERE day = '2026-12-16'",
             "第3选区公告栏\n东关村村务公开栏")
    demo_file = demo_target
    out = run_cli("print", "notice", "2026-12-16", "--out", str(tmp_path / "n.pdf"), "--db", str(demo_file))
    assert out.returncode == 0, out.stderr
    text = _text(tmp_path / "n.pdf").replace("\n", "")
    assert "2026年12月16日" in text and "第3选区公告栏" in text and "东关村村务公开栏" in text
    out = run_cli("print", "notice", "2026-12-17", "--out", str(tmp_path / "x.pdf"), "--db", str(demo_file))
    assert out.returncode == 1 and out.stderr.strip().startswith("错误：2026年12月17日没有接待安排")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.both_backends
def test_wall_schedule_pdf_landscape(demo_db, tmp_path):
    db = demo_db
    path = print_schedule(wall_schedule(db, date(2026, 1, 1), date(2026, 12, 31)), tmp_path / "计划.pdf")
    text = _text(path)
    assert "青石镇人大代表联络站2026年度活动计划" in text
    for header in ("日期", "形式/类型", "地点", "参加代表", "公告日期"):  # receptions and activities alike
        assert header in text
    assert "12月16日" in text and "第 1 页 共" in text  # the year is in the title
    images = _render(path, tmp_path)
    assert len(images) >= 1 and all(img.width > img.height for img in images)  # landscape
    # a quarter of a year without holiday data carries the warning
    q = print_schedule(wall_schedule(db, date(2027, 1, 1), date(2027, 3, 31)), tmp_path / "q.pdf")
    qt = _text(q)
    assert "2027年第一季度接待安排表" in qt and "2027年法定节假日安排尚未录入" in qt and "没有接待安排" in qt
    assert title_for(date(2026, 12, 1), date(2026, 12, 31)) == "2026年12月接待安排表"
    # the notice with a deputy's photo embedded
    from PIL import Image

    target = db.url or db.path
    sid, did = sql_rows(target, "SELECT session_id, deputy_id FROM sessiondeputy ORDER BY session_id, deputy_id "
                                "LIMIT 1")[0]
    db.paths.photos.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 160), (200, 30, 30)).save(db.paths.photos / "p.png")
    sql_rows(target, "UPDATE deputy SET photo = 'p.png' WHERE id = ?", did)
    with_photo = print_notice(notice_data(db, sid), tmp_path / "n.pdf", photos=True)
    page = PdfReader(with_photo).pages[0]
    assert len(page.images) == 1 and "照片" in page.extract_text()
    assert len(PdfReader(print_notice(notice_data(db, sid), tmp_path / "n2.pdf")).pages[0].images) == 0
    db.close()


def test_calendar_import_backs_up_and_reports_every_bad_line(demo_file, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,休/班\n2027-01-01,休\n2027-02-30,休\n2027-01-02,放大假\n,班\n2027-01-01,休\n", encoding="utf-8")
    out = run_cli("calendar", "import", str(bad), "--db", str(demo_file))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert [ln.split("第 ")[1].split(" 行")[0] for ln in lines[:-1]] == ["3", "4", "5", "6"]
    assert "None" not in out.stderr
    assert lines[-1].startswith("错误：") and "4 处错误" in lines[-1]
    backups = demo_file.with_name(demo_file.name + ".files") / "backups"
    before = set(backups.glob("*.db")) if backups.exists() else set()
    good = tmp_path / "good.csv"
    good.write_text("日期,休/班\n2027-01-01,休\n2027-02-07,班\n", encoding="utf-8")
    assert run_cli("calendar", "import", str(good), "--db", str(demo_file)).returncode == 0
    assert len(set(backups.glob("*.db")) - before) == 1  # the import made its backup first
