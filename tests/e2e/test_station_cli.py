"""`liaison-desk station show|set`: every field of 本站信息 from the command line, on a real database file."""

from __future__ import annotations

import json
import sqlite3

from helpers import run_cli

ALL = ["--name", "青石镇人大代表联络站", "--province", "河北省", "--county", "青山区", "--township", "青石镇",
       "--venue", "联络站活动室", "--address", "青石镇人民政府院内一楼东侧", "--directions", "乘3路公交到镇政府站",
       "--master", "李建国", "--deputy-master", "赵敏", "--liaison-officer", "王丽娟", "--phone", "0315-5551234",
       "--reception-weekday", "4", "--notes", "每周四上午接待"]


def test_set_creates_the_database_says_where_and_show_reads_back(tmp_path):
    db = tmp_path / "新站.db"
    r = run_cli("station", "set", "--db", str(db), *ALL)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip() == f"已新建数据库：{db}"
    assert "已保存本站信息" in r.stdout and "县级称谓：区" in r.stdout and "固定接待日：星期四" in r.stdout
    with sqlite3.connect(db) as c:  # the oracle: the row itself
        row = c.execute("SELECT name, province, county, county_word, township, venue, address, directions, master, "
                        "deputy_master, liaison_officer, phone, reception_weekday, notes FROM station").fetchall()
    assert row == [("青石镇人大代表联络站", "河北省", "青山区", "district", "青石镇", "联络站活动室",
                    "青石镇人民政府院内一楼东侧", "乘3路公交到镇政府站", "李建国", "赵敏", "王丽娟", "0315-5551234", 4,
                    "每周四上午接待")]
    r = run_cli("station", "show", "--db", str(db), "--json")
    assert r.returncode == 0 and r.stderr == ""
    shown = json.loads(r.stdout)
    assert shown["name"] == "青石镇人大代表联络站" and shown["county_label"] == "区" and shown["province_label"] == "省"
    assert shown["liaison_officer"] == "王丽娟" and shown["saved"] is True
    r = run_cli("station", "set", "--db", str(db), "--province-word", "自治区", "--json")
    assert r.returncode == 0 and r.stderr == "", r.stderr  # an existing database: nothing to announce
    assert json.loads(r.stdout)["province_label"] == "自治区" and json.loads(r.stdout)["address"]
    r = run_cli("station", "show", "--db", str(db))
    assert "联系电话：0315-5551234" in r.stdout and "省级称谓：自治区" in r.stdout


def test_show_on_an_empty_database_tells_how_to_fill_it(tmp_path):
    db = tmp_path / "x.db"
    assert run_cli("station", "set", "--db", str(db), "--name", "甲站").returncode == 0
    with sqlite3.connect(db) as c:
        c.execute("DELETE FROM station")
    r = run_cli("station", "show", "--db", str(db))
    assert r.returncode == 0 and "还没有填写本站信息" in r.stdout and "联络站名称：人大代表联络站" in r.stdout


def test_bad_value_is_one_line_and_creates_nothing(tmp_path):
    db = tmp_path / "x.db"
    r = run_cli("station", "set", "--db", str(db), "--name", "甲站", "--phone", "12345")
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "--phone（联系电话）" in r.stderr and "列" not in r.stderr
    assert "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []
    r = run_cli("station", "set", "--db", str(db))
    assert r.returncode == 1 and "没有给出要修改的项" in r.stderr and not db.exists()


def test_show_of_a_missing_database_creates_nothing(tmp_path):
    db = tmp_path / "typo.db"
    r = run_cli("station", "show", "--db", str(db))
    assert r.returncode == 1 and r.stderr.startswith("错误：找不到数据库文件：") and r.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
