"""The weekly quick_check runs after the first rows; damage it finds reaches the clerk: writes stop, a red note
stays in the status bar, and the start-up's question offers the newest good backup."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import QApplication, QMessageBox

from helpers import corrupt_table
from liaison_desk.startup_check import NOT_DUE, check_plan, record_good_check
from liaison_desk.store import backup as B


def _damaged_box() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "DamagedDialog" and w.isVisible():
            return w
    return None


def test_damage_found_after_the_first_rows_stops_writes_and_offers_the_backup(qtbot, tmp_path):
    from liaison_desk.app import housekeeping_in_background, open_window
    from liaison_desk.services.workspace import open_for_window
    from liaison_desk.store import open_database

    path = tmp_path / "live.db"
    open_database(path).close()
    good = B.make_backup(path)
    record_good_check(path, now=datetime.now() - timedelta(days=8))
    corrupt_table(path, "townshipreview")
    ws = open_for_window(path)
    assert ws is not None and ws.integrity_check_due()
    w = open_window(ws)
    qtbot.addWidget(w)
    w.show()
    started: list[bool] = []
    w.after_first_rows(lambda: (started.append(True), housekeeping_in_background(w)))
    qtbot.waitUntil(lambda: _damaged_box() is not None, timeout=15000)
    assert started and w.tabs.currentWidget().loaded  # the rows came first
    box = _damaged_box()
    assert box is not None and "停止保存" in box.text()
    assert w.safety.damaged_label.isVisible()
    assert ws.writes_stopped
    use = next(b for b in box.buttons() if b.text() == "恢复这份备份")
    assert good.name in box.informativeText() or "完好" in box.informativeText()
    use.click()
    qtbot.waitUntil(lambda: not ws.writes_stopped and not w.safety.damaged_label.isVisible(), timeout=15000)
    ws.station.save_agency("恢复后可以保存的单位", "政府部门")
    w.close()
    ws.close()


def test_a_sound_due_check_is_remembered_and_the_daily_backup_follows(qtbot, tmp_path):
    from liaison_desk.app import housekeeping_in_background, open_window
    from liaison_desk.demo import build
    from liaison_desk.services.workspace import open_for_window
    from liaison_desk.store import open_database

    path = tmp_path / "live.db"
    db = open_database(path)
    build(db, "station", 7)
    db.close()
    ws = open_for_window(path)
    assert ws is not None and ws.integrity_check_due()
    w = open_window(ws)
    qtbot.addWidget(w)
    housekeeping_in_background(w)
    qtbot.waitUntil(lambda: "已自动备份" in w.db_label.text(), timeout=20000)
    assert check_plan(path, stale_lock=False) == NOT_DUE
    assert _damaged_box() is None
    w.close()
    ws.close()
