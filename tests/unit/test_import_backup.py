"""One backup-before-import rule for the roster and the handoff import: a 导入前 backup unless there is nothing to lose."""

from __future__ import annotations

import sqlite3

from helpers import DATA
from liaison_desk.ledger.handoff_import import import_handoff
from liaison_desk.ledger.roster_import import apply_plan, preview_file
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.store import open_database

ROSTER = DATA / "roster" / "township.xls"
RETURNED = DATA / "handoff" / "returned-libreoffice.xlsx"


def _backups(db):
    return sorted(p.name for p in db.paths.backups.glob("*.db")) if db.paths.backups.exists() else []


def _deputies(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM deputy").fetchone()[0]


def test_roster_and_handoff_imports_back_up_the_same_way(demo_db):
    before = _deputies(demo_db.path)
    apply_plan(demo_db, preview_file(demo_db, ROSTER))
    roster_backups = _backups(demo_db)
    assert len(roster_backups) == 1 and roster_backups[0].startswith("导入前-")
    assert _deputies(demo_db.paths.backups / roster_backups[0]) == before  # the state before the import

    _, result = import_handoff(HandoffService(demo_db), RETURNED)
    assert result is not None and result.backup is not None
    assert result.backup.name.startswith("导入前-") and result.backup.parent == demo_db.paths.backups
    assert len(_backups(demo_db)) == 2


def test_an_empty_database_is_not_backed_up_before_its_first_import(tmp_path):
    db = open_database(tmp_path / "new.db")
    try:
        counts = apply_plan(db, preview_file(db, ROSTER))
        assert counts["new"] > 0
        assert _backups(db) == []  # nothing to lose
    finally:
        db.close()
