"""The activity papers read back: the printed 活动记录簿 equals the ledger row for row, the 年度活动计划 lists
the year's activities beside the receptions, and every newer paper printed 脱敏 holds no known name or number."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from helpers import DEMO_TODAY, sql_rows
from liaison_desk.printing import activities as activity_papers
from liaison_desk.printing import report_papers
from liaison_desk.printing.wall_schedule import print_schedule
from liaison_desk.services.activities.checks import ActivityChecks
from liaison_desk.services.activities.scores import ScoreService
from liaison_desk.services.activities.service import (
    ActivityFilter,
    ActivityRecord,
    ActivityService,
    RollEntry,
)
from liaison_desk.services.masking import MaskingService
from liaison_desk.services.reports.papers import PapersService
from liaison_desk.services.schedule.printing import wall_schedule

pytestmark = pytest.mark.both_backends  # papers drawn from an SQLite file and from the server alike

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
KINDS = {"inspection": "视察", "survey": "调研", "law_check": "执法检查", "appraisal": "评议", "training": "学习培训",
         "group": "小组活动", "report": "述职", "contact": "联系代表", "reception": "接待选民", "other": "其他",
         "congress": "人代会", "presidium": "主席团会议", "speech": "审议发言", "written": "书面意见建议"}


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    """The text without any white space (cells wrap anywhere in Chinese)."""
    return re.sub(r"\s+", "", text)


def cn_date(d: str) -> str:
    y, m, dd = (int(x) for x in d[:10].split("-"))
    return f"{y}年{m}月{dd}日"


class _Rows(list):
    def fetchone(self):
        return self[0] if self else None

    def fetchall(self):
        return list(self)


class _Con:
    """sqlite3's connection shape over helpers.sql_rows: the same oracle SQL on a file or on the server."""

    def __init__(self, target) -> None:
        self.target = target

    def execute(self, sql: str, args: tuple = ()) -> _Rows:
        return _Rows(sql_rows(self.target, sql, *args))

    def commit(self) -> None:  # sql_rows commits each statement
        pass

    def close(self) -> None:
        pass


def ledger_rows(path, start: str, end: str) -> list[dict]:
    """The book's entries straight from the SQLite file, written here without the service's SQL: the
    activities (not tied to a session) and the receptions marked held, oldest first."""
    con = _Con(path)
    out = []
    for aid, day, kind, title, place, citizens, recorder in con.execute(
            "SELECT id, day, kind, title, place, citizen_count, recorder FROM activity "
            "WHERE session_id IS NULL AND day BETWEEN ? AND ?", (start, end)):
        names = [n for (n,) in con.execute("SELECT d.name FROM activityattendance a JOIN deputy d "
                                           "ON d.id = a.deputy_id WHERE a.activity_id = ? AND a.status = 'present'",
                                           (aid,))]
        out.append({"id": aid, "day": str(day)[:10], "kind": KINDS[kind], "title": title, "place": place or "",
                    "citizens": citizens, "recorder": recorder or "", "names": names})
    for sid, day, theme, venue in con.execute(
            "SELECT id, day, theme, venue FROM receptionsession WHERE status = 'done' AND day BETWEEN ? AND ?",
            (start, end)):
        names = [n for (n,) in con.execute("SELECT d.name FROM sessiondeputy s JOIN deputy d ON d.id = s.deputy_id "
                                           "WHERE s.session_id = ? AND s.attendance = 'present'", (sid,))]
        (heads,) = con.execute("SELECT COALESCE(SUM(headcount), 0) FROM visit WHERE session_id = ?", (sid,)).fetchone()
        out.append({"id": sid, "day": str(day)[:10], "kind": "接待选民", "title": theme or "接待选民", "place": venue or "",
                    "citizens": heads, "recorder": "", "names": names})
    con.close()
    return sorted(out, key=lambda r: (r["day"], r["title"].encode(), r["id"]))


def test_printed_activity_book_matches_the_ledger_row_for_row(demo_db, tmp_path):
    rows = ActivityService(demo_db).list(ActivityFilter(start=YEAR[0], end=YEAR[1]), newest_first=False)
    path = activity_papers.print_activity_book(rows, "青石镇人大代表联络站", *YEAR, tmp_path / "book.pdf")
    text = flat(pdf_text(path))
    ledger = ledger_rows(demo_db.url or demo_db.path, "2026-01-01", "2026-12-31")
    assert len(ledger) > 20 and any(r["kind"] == "接待选民" for r in ledger) and any(r["names"] for r in ledger)
    assert f"共{len(ledger)}次活动，群众参与{sum(r['citizens'] for r in ledger)}人次" in text
    # every row starts with its 序号 and date, in the ledger's order, and holds exactly its own cells
    starts = []
    for n, r in enumerate(ledger, 1):
        at = text.find(f"{n}{cn_date(r['day'])}", starts[-1] + 1 if starts else 0)
        assert at >= 0, (n, r["day"], r["title"])
        starts.append(at)
    starts.append(len(text))
    for n, r in enumerate(ledger):
        cell = text[starts[n]:starts[n + 1]]
        for part in (r["kind"], flat(r["title"]), flat(r["place"]), r["recorder"], *r["names"]):
            assert part in cell, (n + 1, part)
    # no row beyond the ledger's: exactly one date per row besides the two of the period
    assert len(re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text)) == len(ledger) + 2


def test_year_plan_lists_the_years_activities_beside_the_receptions(demo_db, tmp_path):
    path = print_schedule(wall_schedule(demo_db, *YEAR), tmp_path / "plan.pdf", today=DEMO_TODAY)
    text = flat(pdf_text(path))
    con = _Con(demo_db.url or demo_db.path)
    activities = con.execute("SELECT day, kind, title FROM activity WHERE session_id IS NULL "
                             "AND day BETWEEN '2026-01-01' AND '2026-12-31'").fetchall()
    sessions = con.execute("SELECT day, theme FROM receptionsession WHERE status <> 'cancelled' "
                           "AND day BETWEEN '2026-01-01' AND '2026-12-31'").fetchall()
    con.close()
    assert len(activities) > 10 and sessions
    assert "2026年度活动计划" in text and "形式/类型" in text and "参加代表" in text
    for day, kind, title in activities:
        d = date.fromisoformat(str(day)[:10])
        assert f"{d.month}月{d.day}日" in text and KINDS[kind] in text and flat(title) in text, title
    # one row per entry: each row has its weekday
    assert len(re.findall(r"星期[一二三四五六日]", text)) == len(activities) + len(sessions)
    # a month's 接待安排表 stays a list of receptions
    month = flat(pdf_text(print_schedule(wall_schedule(demo_db, date(2026, 3, 1), date(2026, 3, 31)),
                                         tmp_path / "m.pdf", today=DEMO_TODAY)))
    assert "接待安排表" in month and "接待日期" in month and "形式/类型" not in month
    assert not any(flat(t) in month for d, _, t in activities if str(d).startswith("2026-03"))


# --- 脱敏 ---------------------------------------------------------------------------------------------------

PHONE, LANDLINE, RECORDER = "13903152468", "0315-5123400", "周丽萍"
CITIZEN = "citizen"  # a visitor of the demo, named in free text


def _numbers(text: str) -> list[str]:
    """Mobiles and landlines with an area code (this test's own expression), spaced or dashed."""
    runs = (re.sub(r"\D", "", m.group(0)) for m in re.finditer(r"\d(?:[ \-－]?\d)+", text))
    return [d for d in runs if re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", d)]


@pytest.fixture
def planted(demo_db):
    """A group member's written item whose title and content carry a visitor's name and phone numbers,
    and a replied suggestion whose title names the deputy and the visitor:
    {"deputy": name, "deputy_id": id, "citizen": name, "quarter": (start, end)}."""
    con = _Con(demo_db.url or demo_db.path)
    (citizen,) = con.execute("SELECT visitor_name FROM visit WHERE length(visitor_name) = 3 LIMIT 1").fetchone()
    did, name = con.execute("SELECT d.id, d.name FROM deputy d JOIN groupmember g ON g.deputy_id = d.id "
                            "ORDER BY d.sort_order LIMIT 1").fetchone()
    sid, reply_on = con.execute("SELECT id, reply_on FROM suggestion WHERE reply_on IS NOT NULL "
                                "ORDER BY reply_on DESC LIMIT 1").fetchone()
    con.execute("UPDATE suggestion SET title = ? WHERE id = ?", (f"{name}代表转{citizen}反映路灯不亮（{PHONE}）", sid))
    con.commit()
    con.close()
    ActivityService(demo_db).save(ActivityRecord(
        day=date(2026, 6, 10), kind="written", title=f"关于村道修缮的建议（联系人{citizen} {PHONE}）",
        content=f"{name}代表反映：村委会电话 {LANDLINE}", recorder=RECORDER, roll=[RollEntry(did)]))
    r = date.fromisoformat(str(reply_on)[:10])
    q0 = date(r.year, (r.month - 1) // 3 * 3 + 1, 1)
    q1 = date(r.year + (q0.month == 10), (q0.month + 2) % 12 + 1, 1)
    return {"deputy": name, "deputy_id": did, "citizen": citizen, "quarter": (q0, date.fromordinal(q1.toordinal() - 1))}


def _book(db, p, path, mask):
    rows = ActivityService(db).list(ActivityFilter(start=YEAR[0], end=YEAR[1]), newest_first=False)
    return pdf_text(activity_papers.print_activity_book(rows, "站", *YEAR, path, mask))


def _attendance(db, p, path, mask):
    lines = ActivityChecks(db).attendance(*YEAR)
    return pdf_text(activity_papers.print_attendance(lines, "站", "2026年度", path, 0.6, mask))


def _score(db, p, path, mask):
    return pdf_text(activity_papers.print_scores(ScoreService(db).score(2026, "group"), "站", 2026, path, mask))


def _results(db, p, path, mask):
    return pdf_text(report_papers.print_results(PapersService(db).results(*p["quarter"]), "站", "本季度", path, mask))


def _performance(db, p, path, mask):
    return pdf_text(report_papers.print_performance(PapersService(db).performance(2026), "站", 2026, path, mask))


def _record_pdf(db, p, path, mask):
    sheet = PapersService(db).deputy_record(p["deputy_id"], 2026)
    return pdf_text(report_papers.print_deputy_record(sheet, "站", 2026, path, mask))


def _record_xlsx(db, p, path, mask):
    from liaison_desk.ledger.deputy_record import write_deputy_record

    out = write_deputy_record(PapersService(db).deputy_record(p["deputy_id"], 2026), "站", 2026,
                              path.with_suffix(".xlsx"), mask)
    wb = load_workbook(out, read_only=True)
    return "\n".join(" ".join(str(v) for v in row if v is not None)
                     for ws in wb.worksheets for row in ws.iter_rows(values_only=True))


# paper → what it shows of the planted data unmasked (the oracle that the paper would leak it)
PAPERS = {
    "活动记录簿": (_book, ("deputy", CITIZEN, RECORDER, PHONE, LANDLINE)),
    "代表考勤通报": (_attendance, ("deputy",)),
    "年度考核评分表": (_score, ("deputy", CITIZEN, PHONE)),
    "办理结果公示": (_results, ("deputy", CITIZEN, PHONE)),
    "代表履职情况公示": (_performance, ("deputy",)),
    "履职档案PDF": (_record_pdf, ("deputy", CITIZEN, PHONE)),
    "履职档案Excel": (_record_xlsx, ("deputy", CITIZEN, PHONE)),
}


@pytest.mark.parametrize("paper", list(PAPERS))
def test_masked_paper_holds_no_known_name_or_number(paper, demo_db, planted, tmp_path):
    draw, shown = PAPERS[paper]
    known = [planted.get(s, s) for s in shown]
    plain = draw(demo_db, planted, tmp_path / "plain.pdf", None)
    flat_plain = flat(plain)
    for s in known:  # the unmasked paper does show them: the test can fail
        assert (flat(s) in flat_plain) or (s in (PHONE, LANDLINE) and flat(s).replace("-", "") in _numbers(plain)), s
    masked = draw(demo_db, planted, tmp_path / "masked.pdf", MaskingService(demo_db).masker())
    flat_masked = flat(masked)
    for s in known:
        assert flat(s) not in flat_masked, s
    assert _numbers(masked) == [] and "*" in masked
    name = planted["deputy"]
    assert name[0] + "*" in flat_masked  # masked as 张*华, not dropped
