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


def test_township_lists_have_station_column_and_filter(qtbot, qapp, tmp_path):
    """Every list of a township database has a 联络站 column and filter; a station's own database has neither."""
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.store import open_database
    from liaison_desk.ui.context import AppContext
    from liaison_desk.ui.main_window import MainWindow

    db = _township(tmp_path)
    con = sqlite3.connect(tmp_path / "t.db")
    names = dict(con.execute("SELECT id, name FROM station"))
    # the oracle: each list's rows per station, counted straight from the tables
    per_station = {
        "代表名册": "SELECT station_id, COUNT(*) FROM deputy GROUP BY station_id",
        "来访登记": "SELECT station_id, COUNT(*) FROM visit GROUP BY station_id",
        "建议办理": "SELECT station_id, COUNT(*) FROM suggestion GROUP BY station_id",
        "接待安排": "SELECT station_id, COUNT(*) FROM receptionsession GROUP BY station_id",
        "代表活动": "SELECT station_id, COUNT(*) FROM (SELECT station_id FROM activity WHERE session_id IS NULL "
                "UNION ALL SELECT station_id FROM receptionsession WHERE status = 'done') GROUP BY station_id",
    }
    expected = {title: dict(con.execute(sql)) for title, sql in per_station.items()}
    con.close()
    ctx = AppContext(Workspace(db))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: getattr(window, "township_action", None) is not None, timeout=30000)
    west = next(i for i, n in names.items() if n.startswith("西村"))
    for tab in window.tab_list:
        assert tab.model.columns[0].header == "联络站" and tab.station_box.isVisibleTo(tab), tab.title
        assert tab.station_box.count() == 3
        tab.ensure_loaded()
        shown = {tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())}
        assert shown <= set(names.values()) and shown, tab.title
        tab.station_box.setCurrentIndex(tab.station_box.findData(west))
        tab.wait_loaded()
        shown = {tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())}
        assert shown == {names[west]}, tab.title
        title = next(t for t in expected if t in tab.title)
        assert tab.model.total() == expected[title][west], tab.title
    shots = Path(os.environ.get("TOWNSHIP_SHOTS", tmp_path))
    visits = next(t for t in window.tab_list if "来访" in t.title)
    visits.station_box.setCurrentIndex(0)
    visits.wait_loaded()
    window.tabs.setCurrentWidget(visits)
    window.grab().save(str(shots / "township-visits-list.png"))
    ctx.changes.detach()
    window.close()

    station_db = open_database(tmp_path / "1.db")
    ctx2 = AppContext(Workspace(station_db))
    plain = MainWindow(ctx2)
    qtbot.addWidget(plain)
    for tab in plain.tab_list:
        tab.ensure_loaded()
    qtbot.wait(200)
    assert all(tab.model.columns[0].header != "联络站" and not tab.station_box.isVisibleTo(tab)
               for tab in plain.tab_list)
    ctx2.changes.detach()


def test_township_assigns_in_the_window_and_sees_every_overdue_matter(qtbot, qapp, tmp_path):
    """The office's 交办 through the suggestion tab's step dialog (the station's lifecycle rules), and one
    overdue list of every station with its 联络站 column."""
    from PySide6.QtWidgets import QDialog

    from helpers import type_text
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.ui.context import AppContext
    from liaison_desk.ui.main_window import MainWindow
    from liaison_desk.ui.suggestions.step_dialog import StepDialog

    db = _township(tmp_path)
    ctx = AppContext(Workspace(db))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "township_action", None) is not None, timeout=30000)
    tab = next(t for t in window.tab_list if t.title == "建议办理")
    tab.today = DEMO_TODAY
    con = sqlite3.connect(tmp_path / "t.db")
    names = dict(con.execute("SELECT id, name FROM station"))
    overdue = con.execute("SELECT station_id, COUNT(*) FROM suggestion WHERE step IN ('assign', 'supervise') "
                          "AND deadline < ? GROUP BY station_id", (DEMO_TODAY.isoformat(),)).fetchall()
    con.close()
    tab.deadline_filter.set_code("overdue")
    tab.refresh()
    assert tab.wait_loaded()
    assert tab.model.total() == sum(n for _s, n in overdue)
    shown = {tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())}
    assert shown == {names[s] for s, _n in overdue} and len(shown) == 2

    west = next(i for i, n in names.items() if n.startswith("西村"))
    tab.deadline_filter.set_code(None)
    tab.station_box.setCurrentIndex(tab.station_box.findData(west))
    tab.step_filter.set_code("sort")
    assert tab.wait_loaded() and tab.model.total() > 0
    tab.view.selectRow(0)
    row = tab.selected_row()
    assert row.station_id == west
    dlg = StepDialog(ctx, tab.lifecycle, row.id, "assign", tab, today=DEMO_TODAY)
    qtbot.addWidget(dlg)
    dlg.lead.setCurrentIndex(1)
    type_text(dlg.note, "乡镇交办")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.result() == QDialog.DialogCode.Accepted
    con = sqlite3.connect(tmp_path / "t.db")
    assert con.execute("SELECT step, station_id FROM suggestion WHERE id = ?", (row.id,)).fetchone() == ("assign", west)
    assert con.execute("SELECT note FROM suggestionevent WHERE suggestion_id = ? AND kind = 'assigned'",
                       (row.id,)).fetchone() == ("乡镇交办",)
    con.close()
    ctx.changes.detach()


def test_township_stats_page(qtbot, qapp, tmp_path):
    """统计汇总: the approved station counted, the other named; loaded in a worker; saved as PDF and Excel."""
    from liaison_desk.models.enums import ReportState
    from liaison_desk.services.township.stats import TownshipStats
    from liaison_desk.services.township.status import ReportingService
    from liaison_desk.ui.township.dialog import TownshipDialog

    db = _township(tmp_path)
    con = sqlite3.connect(tmp_path / "1.db")
    east_visits = con.execute("SELECT COUNT(*) FROM visit WHERE visited_on BETWEEN '2026-11-01' AND '2026-11-30'"
                              ).fetchone()[0]
    con.close()
    ReportingService(db).decide("东村人大代表联络站", "2026-11", ReportState.APPROVED)
    from liaison_desk.services.township.service import TownshipService

    dlg = TownshipDialog(TownshipService(db), ReportingService(db), None, TownshipStats(db))
    qtbot.addWidget(dlg)
    page = dlg.stats_page
    page.year.setValue(2026)
    page.month.setValue(11)
    page.reload()
    qtbot.waitUntil(lambda: page.table_data is not None, timeout=60000)
    grid = page.grid
    assert [grid.item(r, 0).text() for r in range(grid.rowCount())] == ["东村人大代表联络站", "合计"]
    visits_col = 1 + next(i for i, h in enumerate(grid.horizontalHeaderItem(c).text().replace("\n", "")
                                                  for c in range(1, grid.columnCount())) if h == "来访件数")
    assert grid.item(0, visits_col).text() == grid.item(1, visits_col).text() == str(east_visits)
    assert "西村人大代表联络站" in page.missing.text() and "未计入" in page.missing.text()
    dlg.tabs.setCurrentWidget(page)
    dlg.resize(1340, 660)
    shots = Path(os.environ.get("TOWNSHIP_SHOTS", tmp_path))
    dlg.grab().save(str(shots / "township-stats.png"))
    for suffix in (".pdf", ".xlsx"):
        out = tmp_path / f"t{suffix}"
        page._save(suffix, out)
        qtbot.waitUntil(out.exists, timeout=60000)
    db.close()


def test_add_workbooks_from_the_window_and_cancel(qtbot, qapp, tmp_path):
    """加入文件夹: the workbooks added in a worker, then the grid shows the stations; a cancel between files
    keeps the files already added whole and touches none of the rest."""
    from liaison_desk.ledger.township_add import add_files, workbook_files
    from liaison_desk.services.township.service import TownshipService
    from liaison_desk.services.township.stats import TownshipStats
    from liaison_desk.services.township.status import ReportingService
    from liaison_desk.store import open_database
    from liaison_desk.ui.township.dialog import TownshipDialog

    _township(tmp_path)  # writes 1-11.xlsx and 2-11.xlsx (and t.db, not used here)
    usb = tmp_path / "usb"
    usb.mkdir()
    for seed in (1, 2):
        (tmp_path / f"{seed}-11.xlsx").rename(usb / f"{seed}-11.xlsx")
    db = open_database(tmp_path / "new.db")
    TownshipService(db).init("青石镇人大主席团")
    dlg = TownshipDialog(TownshipService(db), ReportingService(db), None, TownshipStats(db))
    qtbot.addWidget(dlg)
    dlg.year.setValue(2026)
    task = dlg.add_paths([str(usb)])
    assert task is not None
    qtbot.waitUntil(lambda: getattr(dlg, "last_results", None) is not None, timeout=120000)
    assert task.thread_name and task.thread_name != "MainThread"
    assert [r.errors for r in dlg.last_results] == [[], []]
    qtbot.waitUntil(lambda: dlg.grid.rowCount() == 2, timeout=30000)

    class Stop(Exception):
        pass

    def stop_after_first(done: int, _total: int) -> None:
        if done == 1:
            raise Stop

    other = open_database(tmp_path / "other.db")
    TownshipService(other).init("青石镇人大主席团")
    try:
        add_files(TownshipService(other), workbook_files([usb]), progress=stop_after_first)
    except Stop:
        pass
    con = sqlite3.connect(tmp_path / "other.db")
    assert con.execute("SELECT COUNT(*) FROM townshipfile").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM station").fetchone()[0] == 1
    con.close()
    other.close()
    db.close()


def test_wall_papers_from_the_window_name_each_station(qtbot, qapp, tmp_path, monkeypatch):
    """代表履职情况公示 and the 考勤通报 printed from the window of a township database: the office's name over each
    station's section (as `print performance|attendance` on the command line)."""
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from liaison_desk.services.workspace import Workspace
    from liaison_desk.ui.activities.print_dialog import ActivityPrintDialog
    from liaison_desk.ui.context import AppContext
    from liaison_desk.ui.reports.papers_dialog import PapersDialog

    ctx = AppContext(Workspace(_township(tmp_path)))
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: True)
    for name, make in (("p.pdf", lambda: PapersDialog(ctx, "performance")),
                       ("a.pdf", lambda: ActivityPrintDialog(ctx, "attendance"))):
        dlg = make()
        qtbot.addWidget(dlg)
        dlg.year.setValue(2026)
        out = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, o=out, **k: (str(o), "PDF 文件 (*.pdf)"))
        dlg._go()
        qtbot.waitUntil(out.exists, timeout=60000)
        text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
        assert "青石镇人大主席团" in text, name
        assert "联络站：东村人大代表联络站" in text and "联络站：西村人大代表联络站" in text, name
