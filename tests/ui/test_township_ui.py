"""乡镇汇总 window: the status grid with its station filter, the review list decided from the screen."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from helpers import DEMO_TODAY

NOV = (DEMO_TODAY.replace(day=1), DEMO_TODAY.replace(day=30))


def _township(tmp_path: Path):
    from liaison_desk.demo import build
    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.ledger.handoff_read import read_workbook
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.services.station import StationService
    from liaison_desk.services.township.service import TownshipService
    from liaison_desk.store import open_database

    names = {}
    for key, seed in (("东村", 1), ("西村", 2)):
        db = open_database(tmp_path / f"{seed}.db")
        build(db, "station", seed, DEMO_TODAY)
        StationService(db).save_station(name=f"{key}人大代表联络站")
        db.close()
        con = sqlite3.connect(tmp_path / f"{seed}.db")
        row = con.execute("SELECT id, name FROM deputy ORDER BY sort_order, id LIMIT 1").fetchone()
        names[key] = row
        if key == "西村":  # the same name as 东村's first deputy, nothing else to tell them apart
            con.execute("UPDATE deputy SET name = ?, id_number = '', phone = '13900000009', birth_date = NULL, "
                        "version = version + 1 WHERE id = ?", (names["东村"][1], row[0]))
        else:
            con.execute("UPDATE deputy SET id_number = '', version = version + 1 WHERE id = ?", (row[0],))
        con.commit()
        con.close()
        db = open_database(tmp_path / f"{seed}.db")
        export_handoff(HandoffService(db), tmp_path / f"{seed}-11.xlsx", *NOV)
        db.close()
    t = open_database(tmp_path / "t.db")
    TownshipService(t).init("青石镇人大主席团")
    for seed in (1, 2):
        assert not TownshipService(t).add(read_workbook(tmp_path / f"{seed}-11.xlsx")).errors
    return t


def test_township_window(qtbot, qapp, tmp_path):
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.ui.context import AppContext
    from liaison_desk.ui.main_window import MainWindow
    from liaison_desk.ui.township.dialog import TownshipDialog

    db = _township(tmp_path)
    ctx = AppContext(Workspace(db))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "township_action", None) is not None, timeout=30000)
    assert "青石镇人大主席团" in window.township_action.text()

    dlg = TownshipDialog(ctx.workspace.township, ctx.workspace.reporting, window)
    qtbot.addWidget(dlg)
    dlg.year.setValue(2026)
    qtbot.waitUntil(lambda: dlg.grid.rowCount() == 2 and dlg.station_filter.count() == 3, timeout=30000)
    stations = {dlg.grid.item(r, 0).text() for r in range(2)}
    assert stations == {"东村人大代表联络站", "西村人大代表联络站"}
    assert dlg.grid.item(0, 11).text() in ("按时报送", "迟报") and dlg.grid.item(0, 10).text() == "未报送"
    dlg.station_filter.setCurrentIndex(dlg.station_filter.findText("西村人大代表联络站"))
    assert dlg.grid.rowCount() == 1 and dlg.grid.item(0, 0).text() == "西村人大代表联络站"
    hint = dlg.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 697
    shots = Path(os.environ.get("TOWNSHIP_SHOTS", tmp_path))
    dlg.resize(1340, 660)
    dlg.grab().save(str(shots / "township-status.png"))

    dlg.tabs.setCurrentIndex(1)
    assert dlg.review_table.rowCount() == 1 and "（1）" in dlg.tabs.tabText(1)
    assert "西村" in dlg.review_table.item(0, 1).text() and "东村" in dlg.review_table.item(0, 2).text()
    dlg.grab().save(str(shots / "township-review.png"))
    dlg.review_table.selectRow(0)
    dlg.accept_btn.click()
    qtbot.waitUntil(lambda: dlg.review_table.rowCount() == 1 and
                    dlg.review_table.item(0, 4).text() == "确认为同一人", timeout=30000)
    assert dlg.tabs.tabText(1) == "待确认的同名代表"
    ctx.changes.detach()
