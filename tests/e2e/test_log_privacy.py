"""A database error carrying a deputy's name and phone reaches the log without either."""

from __future__ import annotations

import re
import sqlite3

from helpers import DATA, run_cli


def test_injected_database_error_leaves_no_name_or_phone_in_the_log(tmp_path):
    db = tmp_path / "x.db"
    state = tmp_path / "state"
    env = {"XDG_STATE_HOME": str(state)}
    assert run_cli("station", "set", "--name", "测试联络站", "--db", str(db), env=env).returncode == 0  # creates it
    assert run_cli("roster", "import", str(DATA / "roster" / "township.xls"), "--db", str(db), env=env).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE deputy SET phone = '13000000000' WHERE name = '张三'")
    # Every update of a deputy now fails with an error text carrying the person's name (in Chinese and
    # pinyin) and phone; SQLAlchemy adds the statement's parameters (name, phone) to the message.
    conn.execute("CREATE TRIGGER boom BEFORE UPDATE ON deputy BEGIN SELECT RAISE(ABORT, "
                 "'refused for 张三 Zhang San zhangsan 135-0315-6789 +86 135 0315 6789'); END")
    conn.commit()
    conn.close()
    out = run_cli("roster", "import", str(DATA / "roster" / "township.xls"), "--db", str(db), env=env)
    assert out.returncode == 1
    assert "张三" not in out.stderr and "6789" not in out.stderr
    logs = "".join(p.read_text(encoding="utf-8") for p in state.rglob("*.log*"))
    assert "IntegrityError" in logs and "refused for" in logs  # the error was logged, with its traceback
    assert "张三" not in logs and "zhang" not in logs.lower()
    assert "单田芳" not in logs and "shantianfang" not in logs.lower()
    # a number written with spaces or dashes is still found; lines stay apart (a line ending "… 0013" before
    # the next line's "2026-12-02" is not a phone number)
    flat = re.sub(r"[ \t\-+]", "", logs)
    assert not re.search(r"1[3-9]\d{9}", flat), "a mobile number is in the log"
    assert "5123400" not in flat  # 解文军's landline, a statement parameter
    assert "[parameters:" not in logs or "[parameters: removed]" in logs
