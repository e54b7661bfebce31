"""`township add` of workbooks with an opening password: the office's password opens them; a file with
another password (or none given) is refused whole, the others still go in; re-adding is a no-op."""

from __future__ import annotations

import json
import sqlite3

from helpers import DEMO_TODAY, run_cli

PASSWORD = "qingshi-2026"


def test_password_protected_workbooks(tmp_path):
    books = {}
    for name, seed, password in (("东村人大代表联络站", 1, PASSWORD), ("西村人大代表联络站", 2, "another-one"),
                                 ("南村人大代表联络站", 3, None)):
        db = str(tmp_path / f"{seed}.db")
        assert run_cli("--db", db, "demo", "--station-name", name, "--seed", str(seed),
                       "--today", DEMO_TODAY.isoformat()).returncode == 0
        out = tmp_path / "usb" / f"{seed}.xlsx"
        out.parent.mkdir(exist_ok=True)
        extra = ["--password"] if password else []
        r = run_cli("--db", db, "handoff", "export", "--month", "2026-11", "--out", str(out), *extra,
                    env={"LIAISON_DESK_PASSWORD": password or ""})
        assert r.returncode == 0, r.stderr
        books[name] = out
    assert books["东村人大代表联络站"].read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # really encrypted (OLE), not a zip
    t = tmp_path / "t.db"
    assert run_cli("--db", str(t), "township", "init", "--name", "青石镇人大主席团").returncode == 0

    # no password at hand: the two encrypted files refused, the plain one added
    r = run_cli("--db", str(t), "township", "add", str(tmp_path / "usb"), "--json", env={"LIAISON_DESK_PASSWORD": ""})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    files = {f["file"]: f for f in json.loads(r.stdout)["files"]}
    assert not files["3.xlsx"]["errors"] and files["1.xlsx"]["errors"] and files["2.xlsx"]["errors"]
    assert "打开密码" in files["1.xlsx"]["errors"][0]["message"]

    # the office's password: 东村 goes in, 西村 (another password) is refused whole with one line
    r = run_cli("--db", str(t), "township", "add", str(tmp_path / "usb"), env={"LIAISON_DESK_PASSWORD": PASSWORD})
    assert r.returncode == 1
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("2.xlsx") and "密码不对" in lines[0] and "整个文件没有加入" in lines[0]
    assert "1.xlsx" in r.stdout and "3.xlsx：已经加入过" in r.stdout
    con = sqlite3.connect(t)
    stations = {n for (n,) in con.execute("SELECT name FROM station")}
    east_visits = con.execute("SELECT COUNT(*) FROM visit v JOIN station s ON s.id = v.station_id WHERE s.name = ?",
                              ("东村人大代表联络站",)).fetchone()[0]
    con.close()
    assert stations == {"东村人大代表联络站", "南村人大代表联络站"}
    src = sqlite3.connect(tmp_path / "1.db")
    assert east_visits == src.execute("SELECT COUNT(*) FROM visit WHERE visited_on BETWEEN '2026-11-01' AND "
                                      "'2026-11-30'").fetchone()[0]
    src.close()

    # 西村 on its own with its own password; the same encrypted file again changes nothing
    r = run_cli("--db", str(t), "township", "add", str(books["西村人大代表联络站"]),
                env={"LIAISON_DESK_PASSWORD": "another-one"})
    assert r.returncode == 0, r.stderr
    again = run_cli("--db", str(t), "township", "add", str(books["西村人大代表联络站"]), "--json",
                    env={"LIAISON_DESK_PASSWORD": "another-one"})
    assert json.loads(again.stdout)["files"][0]["already_added"] is True
