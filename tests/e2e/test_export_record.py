"""An export is recorded (pending) before its file is placed: a process killed between placing the file and
confirming the record leaves a workbook the station still recognises as its own."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from helpers import run_cli
from liaison_desk.ledger.handoff_import import read_handoff
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.store import open_database

pytestmark = pytest.mark.slow

# Runs the real export in a child process that SIGKILLs itself the moment the export would be confirmed:
# the workbook is already in place, the exchange record is still pending.
CHILD = """
import os, signal, sys
from liaison_desk.services.handoff.service import HandoffService
HandoffService.record_export = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.store import open_database
export_handoff(HandoffService(open_database(sys.argv[1], lock=True)), sys.argv[2], None, None)
"""


def test_kill_between_placement_and_record_leaves_a_recognised_workbook(tmp_path):
    db_path, out = tmp_path / "d.db", tmp_path / "月度台账.xlsx"
    assert run_cli("demo", "--db", str(db_path)).returncode == 0
    child = subprocess.run([sys.executable, "-c", CHILD, str(db_path), str(out)], capture_output=True, text=True)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert out.exists()
    db = open_database(db_path, lock=True)
    try:
        service = HandoffService(db)
        with db.engine.connect() as c:
            rows = c.exec_driver_sql("SELECT direction FROM exchangelog").all()
            visit_id = c.exec_driver_sql("SELECT id FROM visit ORDER BY visited_on DESC LIMIT 1").scalar()
        assert [r[0] for r in rows] == ["pending"]
        from liaison_desk.services.visits.service import VisitService

        VisitService(db).delete(visit_id)  # deleted at the station after the workbook left
        plan = read_handoff(service, out)
        assert plan.known_export  # still this station's own workbook
        assert not plan.errors and not plan.new  # the deleted visit is not re-created …
        assert any(s.row and "已在联络站删除" in s.message for s in plan.skipped)  # … but refused, and said so
    finally:
        db.close()
