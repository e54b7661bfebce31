"""A township database's searches and papers name each row's station; `--station` keeps to one station."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import DEMO_TODAY, run_cli, sql_rows, station_workbooks, township_of

NOV = (DEMO_TODAY.replace(day=1), DEMO_TODAY.replace(day=30))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def township(request, tmp_path_factory) -> Path | str:
    """Two demo stations' November workbooks added to a township database (through the CLI): a file, and
    a database on the test PostgreSQL server (the county's server)."""
    root = tmp_path_factory.mktemp("township")
    files = station_workbooks(root, ("东村人大代表联络站", "西村人大代表联络站"))
    if request.param == "postgresql":
        return township_of(request.getfixturevalue("pg_templates").new_database(), files)  # type: ignore[arg-type]
    return township_of(root / "t.db", files)


def _text(pdf: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)


def test_search_names_and_filters_station(township):
    r = run_cli("--db", str(township), "visits", "search", "村", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)["rows"]
    assert {x["station"] for x in rows} == {"东村人大代表联络站", "西村人大代表联络站"}
    total = json.loads(r.stdout)["total"]
    per = {}
    for name in ("东村人大代表联络站", "西村人大代表联络站"):
        r = run_cli("--db", str(township), "visits", "search", "村", "--station", name, "--json")
        out = json.loads(r.stdout)
        assert out["rows"] and {x["station"] for x in out["rows"]} == {name}
        per[name] = out["total"]
    assert sum(per.values()) == total and all(per.values())
    bad = run_cli("--db", str(township), "visits", "search", "村", "--station", "北村")
    assert bad.returncode == 1 and "北村" in bad.stderr and "Traceback" not in bad.stderr


def test_activity_list_names_and_filters_station(township):
    r = run_cli("--db", str(township), "activity", "list", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {x["station"] for x in rows} == {"东村人大代表联络站", "西村人大代表联络站"}
    r = run_cli("--db", str(township), "activity", "list", "--station", "东村人大代表联络站", "--json")
    east = json.loads(r.stdout)
    assert east and {x["station"] for x in east} == {"东村人大代表联络站"} and len(east) < len(rows)


def test_register_in_sections_and_one_station(township, tmp_path):
    out = tmp_path / "book.pdf"
    r = run_cli("--db", str(township), "print", "register", "--from", "2026-11-01", "--to", "2026-11-30",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = _text(out)
    assert "青石镇人大主席团" in text
    east, west = text.index("联络站：东村人大代表联络站"), text.index("联络站：西村人大代表联络站")
    assert east < west  # sections in the stations' name order
    # every visit sits in its own station's section (the oracle reads the tables, not the register code)
    for station, lo, hi in (("东村人大代表联络站", east, west), ("西村人大代表联络站", west, len(text))):
        contents = [c for (c,) in sql_rows(township, "SELECT v.content FROM visit v JOIN station s ON s.id = v.station_id "
                                                 "WHERE s.name = ? AND v.visited_on BETWEEN '2026-11-01' AND "
                                                 "'2026-11-30'", station)]
        assert contents
        for c in contents[:5]:
            assert "".join(c.split())[:8] in text[lo:hi], (station, c)

    one = tmp_path / "west.pdf"
    r = run_cli("--db", str(township), "print", "register", "--from", "2026-11-01", "--to", "2026-11-30",
                "--station", "西村人大代表联络站", "--out", str(one))
    assert r.returncode == 0, r.stderr
    text = _text(one)
    n = sql_rows(township, "SELECT COUNT(*) FROM visit v JOIN station s ON s.id = v.station_id WHERE s.name = "
                       "'西村人大代表联络站' AND v.visited_on BETWEEN '2026-11-01' AND '2026-11-30'")[0][0]
    assert "西村人大代表联络站" in text and f"共{n}条" in text and "联络站：" not in text


def test_activity_book_in_sections(township, tmp_path):
    out = tmp_path / "acts.pdf"
    r = run_cli("--db", str(township), "print", "activity-book", "--from", "2026-11-01", "--to", "2026-11-30",
                "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = _text(out)
    east, west = text.index("联络站：东村人大代表联络站"), text.index("联络站：西村人大代表联络站")
    titles = sql_rows(township, "SELECT a.title FROM activity a JOIN station s ON s.id = a.station_id WHERE s.name = "
                            "'西村人大代表联络站' AND a.day BETWEEN '2026-11-01' AND '2026-11-30' AND a.session_id IS NULL")
    assert titles
    for (title,) in titles[:5]:
        assert "".join(title.split())[:6] in text[west:], title
    assert east < west


def test_station_database_papers_unchanged(tmp_path):
    db = str(tmp_path / "s.db")
    assert run_cli("--db", db, "demo", "--station-name", "南村人大代表联络站", "--seed", "3",
                   "--today", DEMO_TODAY.isoformat()).returncode == 0
    out = tmp_path / "book.pdf"
    r = run_cli("--db", db, "print", "register", "--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = _text(out)
    assert "南村人大代表联络站" in text and "联络站：" not in text
    r = run_cli("--db", db, "visits", "search", "村", "--json")
    assert all("station" not in x for x in json.loads(r.stdout)["rows"])
    r = run_cli("--db", db, "visits", "search", "村", "--station", "南村")
    assert r.returncode == 1 and "乡镇汇总库" in r.stderr


def test_roster_list_names_and_filters_station(township, tmp_path):
    r = run_cli("--db", str(township), "roster", "list", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    own = dict(sql_rows(township, "SELECT d.id, s.name FROM deputy d JOIN station s ON s.id = d.station_id"))
    assert {x["id"]: x["station"] for x in rows} == own  # every deputy, each under their own station
    for name in ("东村人大代表联络站", "西村人大代表联络站"):
        one = json.loads(run_cli("--db", str(township), "roster", "list", "--station", name, "--json").stdout)
        assert {x["id"] for x in one} == {i for i, s in own.items() if s == name} != set()
    text = run_cli("--db", str(township), "roster", "list", "--station", "西村人大代表联络站").stdout
    assert text.splitlines()[0].startswith("西村人大代表联络站\t") and "东村" not in text
    # a station's own database: no station column, no --station
    station = tmp_path / "s.db"
    assert run_cli("--db", str(station), "demo", "--seed", "1", "--today", "2026-11-28").returncode == 0
    plain = json.loads(run_cli("--db", str(station), "roster", "list", "--json").stdout)
    assert plain and "station" not in plain[0]
    refused = run_cli("--db", str(station), "roster", "list", "--station", "东村")
    assert refused.returncode == 1 and "不是乡镇汇总库" in refused.stderr and "Traceback" not in refused.stderr


def test_schedule_sessions_name_and_filter_station(township):
    r = run_cli("--db", str(township), "schedule", "sessions", "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    own = dict(sql_rows(township, "SELECT r.id, s.name FROM receptionsession r JOIN station s ON s.id = r.station_id"))
    assert {x["id"]: x["station"] for x in rows} == own and len(set(own.values())) == 2
    one = json.loads(run_cli("--db", str(township), "schedule", "sessions", "--station", "东村人大代表联络站",
                             "--json").stdout)
    assert {x["id"] for x in one} == {i for i, s in own.items() if s == "东村人大代表联络站"} != set()
    text = run_cli("--db", str(township), "schedule", "sessions", "--station", "东村人大代表联络站").stdout
    assert all(x.startswith("东村人大代表联络站  ") for x in text.splitlines()[:-1])


EAST, WEST = "东村人大代表联络站", "西村人大代表联络站"


def _print(township: Path, out: Path, *args: str) -> str:
    r = run_cli("--db", str(township), "print", *args, "--out", str(out))
    assert r.returncode == 0, r.stderr
    return _text(out)


def _sections(text: str) -> tuple[int, int]:
    east, west = text.index(f"联络站：{EAST}"), text.index(f"联络站：{WEST}")
    assert east < west  # in the stations' name order
    return east, west


def test_attendance_and_scores_split_by_station(township, tmp_path):
    text = _print(township, tmp_path / "a.pdf", "attendance", "--year", "2026")
    east, west = _sections(text)
    assert "青石镇人大主席团" in text
    # the oracle: who was on each station's roll calls (activities and held receptions), from the tables
    for station, lo, hi in ((EAST, east, west), (WEST, west, len(text))):
        names = {n for (n,) in sql_rows(township, """
            SELECT d.name FROM activityattendance aa JOIN activity a ON a.id = aa.activity_id
              JOIN deputy d ON d.id = aa.deputy_id JOIN station s ON s.id = a.station_id WHERE s.name = ?
            UNION SELECT d.name FROM sessiondeputy sd JOIN receptionsession r ON r.id = sd.session_id
              JOIN deputy d ON d.id = sd.deputy_id JOIN station s ON s.id = r.station_id
             WHERE s.name = ? AND r.status = 'done'""", station, station)}
        assert names and all(n in text[lo:hi] for n in names), station
    one = _print(township, tmp_path / "w.pdf", "attendance", "--year", "2026", "--station", WEST)
    assert WEST in one and "联络站：" not in one and "东村" not in one

    scores = _print(township, tmp_path / "s.pdf", "score", "--year", "2026")
    groups = sql_rows(township, "SELECT s.name, g.name FROM deputygroup g JOIN station s ON s.id = g.station_id")
    assert {s for s, _ in groups} == {EAST, WEST}
    for station, group in groups:
        assert f"{station}{group}" in scores  # each group's sheet headed with its station
    west_only = _print(township, tmp_path / "sw.pdf", "score", "--year", "2026", "--station", WEST)
    assert EAST not in west_only and west_only.count(WEST) >= 1


def test_board_notice_and_schedule_name_their_station(township, tmp_path):
    pdf = tmp_path / "board.pdf"
    _print(township, pdf, "board")
    pages = ["".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages]
    active = dict(sql_rows(township, "SELECT d.name, s.name FROM deputy d JOIN station s ON s.id = d.station_id "
                                     "WHERE d.status = 'active'"))
    for page in pages:  # each page is one station's board, titled with its name, holding only its deputies
        (station,) = [s for s in (EAST, WEST) if f"{s}代表信息公示栏" in page]
        assert all(active[n] == station for n in active if n in page)
    assert {s for s in (EAST, WEST) if any(f"{s}代表信息公示栏" in p for p in pages)} == {EAST, WEST}

    sessions = sql_rows(township, "SELECT r.id, s.name, s.liaison_officer FROM receptionsession r "
                                  "JOIN station s ON s.id = r.station_id WHERE r.day BETWEEN '2026-11-01' AND '2026-11-30'")
    for sid, station, officer in sessions:  # the notice is signed by the session's own station
        notice = _print(township, tmp_path / f"n-{sid}.pdf", "notice", sid)
        other = EAST if station == WEST else WEST
        assert station in notice[-30:] and other not in notice  # signed by its station, no word of the other
        assert not officer or officer in notice

    table = _print(township, tmp_path / "plan.pdf", "schedule", "--from", "2026-10-01", "--to", "2026-12-31")
    assert f"联络站：{EAST}" in table and f"联络站：{WEST}" in table and table.startswith("青石镇人大主席团")
    one = _print(township, tmp_path / "west.pdf", "schedule", "--from", "2026-10-01", "--to", "2026-12-31",
                 "--station", WEST)
    assert one.startswith(WEST) and "联络站：" not in one
    n_west = sql_rows(township, "SELECT COUNT(*) FROM receptionsession r JOIN station s ON s.id = r.station_id "
                                "WHERE s.name = ? AND r.day BETWEEN '2026-10-01' AND '2026-12-31' AND r.status != "
                                "'cancelled'", WEST)[0][0]
    n_all = sql_rows(township, "SELECT COUNT(*) FROM receptionsession WHERE day BETWEEN '2026-10-01' AND "
                               "'2026-12-31' AND status != 'cancelled'")[0][0]
    days = re.compile("星期[一二三四五六日]")  # one per row (the header says 星期 alone)
    assert 0 < len(days.findall(one)) == n_west < len(days.findall(table)) == n_all


def test_letters_and_monthly_report_name_their_stations(township, tmp_path):
    (agency,) = sql_rows(township, """SELECT a.name FROM suggestionagency sa JOIN agency a ON a.id = sa.agency_id
        JOIN suggestion s ON s.id = sa.suggestion_id WHERE sa.returned_on IS NULL
         AND s.step IN ('assign', 'supervise', 'reply') GROUP BY a.name
        ORDER BY COUNT(DISTINCT s.station_id) DESC, COUNT(*) DESC LIMIT 1""")[0:1]
    letter = _print(township, tmp_path / "l.pdf", "letter", agency[0], "--on", "2026-12-01")
    rows = sql_rows(township, """SELECT s.year, s.seq, st.name FROM suggestionagency sa JOIN agency a ON
        a.id = sa.agency_id JOIN suggestion s ON s.id = sa.suggestion_id JOIN station st ON st.id = s.station_id
        WHERE a.name = ? AND sa.returned_on IS NULL AND s.step IN ('assign', 'supervise', 'reply')""", agency[0])
    assert len({st for *_, st in rows}) == 2
    for year, seq, station in rows:  # each row: its number whole, its station's name whole beneath it
        assert f"〔{year}〕第{seq}号{station}" in letter

    refused = run_cli("--db", str(township), "print", "transfer", "--out", str(tmp_path / "t.pdf"))
    assert refused.returncode == 1 and "--station" in refused.stderr and "Traceback" not in refused.stderr
    pending = sql_rows(township, "SELECT COUNT(*) FROM suggestion s JOIN station st ON st.id = s.station_id "
                                 "WHERE st.name = ? AND s.step = 'sort' AND s.merged_into_id IS NULL", WEST)[0][0]
    if pending:
        transfer = _print(township, tmp_path / "t.pdf", "transfer", "--station", WEST, "--on", "2026-12-01")
        assert WEST in transfer and EAST not in transfer

    r = run_cli("--db", str(township), "report", "month", "--month", "2026-11", "--out", str(tmp_path / "m.pdf"))
    assert r.returncode == 0, r.stderr
    text = _text(tmp_path / "m.pdf")
    assert "填报单位：青石镇人大主席团" in text and EAST in text and WEST in text  # the office, the stations summed
    one = json.loads(run_cli("--db", str(township), "report", "month", "--month", "2026-11", "--station", WEST,
                             "--json").stdout)
    both = json.loads(run_cli("--db", str(township), "report", "month", "--month", "2026-11", "--json").stdout)
    visits = sql_rows(township, "SELECT COUNT(*) FROM visit v JOIN station s ON s.id = v.station_id WHERE s.name = ? "
                                "AND v.visited_on BETWEEN '2026-11-01' AND '2026-11-30'", WEST)[0][0]
    all_visits = sql_rows(township, "SELECT COUNT(*) FROM visit WHERE visited_on BETWEEN '2026-11-01' AND '2026-11-30'")
    assert 0 < one["figures"]["visits"] == visits < both["figures"]["visits"] == all_visits[0][0]


def test_wall_notices_split_by_station(township, tmp_path):
    """办理结果公示 and 代表履职情况公示: each station's rows under its name; --station prints one."""
    perf = _print(township, tmp_path / "p.pdf", "performance", "--year", "2026")
    _sections(perf)
    deputies = sql_rows(township, "SELECT d.name, s.name FROM deputy d JOIN station s ON s.id = d.station_id "
                                  "WHERE d.status = 'active'")
    one = _print(township, tmp_path / "pw.pdf", "performance", "--year", "2026", "--station", WEST)
    assert "联络站：" not in one and one.count(WEST) == 1
    assert all((name in one) == (station == WEST) for name, station in deputies
               if not any(name in other and name != other for other, _ in deputies))
    results = _print(township, tmp_path / "r.pdf", "results", "--quarter", "2026Q4", "--mask")
    replied = sql_rows(township, "SELECT s.name, COUNT(*) FROM suggestion g JOIN station s ON s.id = g.station_id "
                                 "WHERE g.reply_on BETWEEN '2026-10-01' AND '2026-12-31' GROUP BY s.name")
    for station, _ in replied:
        assert f"联络站：{station}" in results  # the station ids survived masking
    west = _print(township, tmp_path / "rw.pdf", "results", "--quarter", "2026Q4", "--station", WEST)
    numbers = {f"〔{y}〕第{n}号" for y, n in sql_rows(township, """SELECT g.year, g.seq FROM suggestion g JOIN station
        s ON s.id = g.station_id WHERE s.name = ? AND g.reply_on BETWEEN '2026-10-01' AND '2026-12-31'""", WEST)}
    assert numbers and all(n in west for n in numbers) and EAST not in west


def test_deputy_record_is_headed_by_the_deputys_own_station(township, tmp_path):
    for did, station in sql_rows(township, "SELECT MIN(d.id), s.name FROM deputy d JOIN station s ON s.id = d.station_id "
                                           "WHERE d.status = 'active' GROUP BY s.name"):  # one deputy a station
        text = _print(township, tmp_path / f"{did}.pdf", "deputy-record", did, "--year", "2026")
        other = EAST if station == WEST else WEST
        assert station in text and other not in text
