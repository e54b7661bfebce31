"""The 统计 window: figures load off the GUI thread, charts are drawn, exports are written; the papers dialog."""

from __future__ import annotations

from pypdf import PdfReader


def test_stats_window_loads_and_exports(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from liaison_desk.ui.reports.charts import Chart
    from liaison_desk.ui.reports.stats_dialog import StatsDialog

    dlg = StatsDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.period.setCurrentIndex(11)  # 2026年11月
    dlg.year.setValue(2026)
    dlg.load()
    qtbot.waitUntil(lambda: dlg.report is not None and dlg.report.start.month == 11, timeout=60000)
    items = {(dlg.table.item(r, 0).text(), dlg.table.item(r, 1).text()): dlg.table.item(r, 2).text()
             for r in range(dlg.table.rowCount())}
    assert items[("来访登记", "来访件数")] == str(dlg.report.figures.visits)
    qtbot.waitUntil(lambda: len(dlg.charts.findChildren(Chart)) == 4, timeout=5000)
    dlg.charts.findChildren(Chart)[0].grab()  # paints without error
    hint = dlg.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 697
    out = tmp_path / "月报.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF 文件 (*.pdf)"))
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: True)
    dlg.export()
    qtbot.waitUntil(out.exists, timeout=60000)
    assert "月度统计报表" in PdfReader(out).pages[0].extract_text()


def test_an_older_load_finishing_last_does_not_replace_the_period_asked(qtbot, ctx):
    """The window opens on this month and the clerk picks another at once: two loads race on the pool.
    The first one is held until the second has been shown, then let go; the period asked must stay."""
    import threading
    from datetime import date

    from liaison_desk.ui.common import ops
    from liaison_desk.ui.reports.stats_dialog import StatsDialog

    asked = 11 if date.today().month != 11 else 10
    real = ctx.stats.report
    release, held = threading.Event(), threading.Event()

    def report(start, end):
        if start.month != asked:  # the load the window started on its own (this month)
            held.set()
            release.wait(30)
        return real(start, end)

    ctx.stats.report = report
    try:
        dlg = StatsDialog(ctx)
        qtbot.addWidget(dlg)
        assert held.wait(10)
        dlg.year.setValue(2026)
        dlg.period.setCurrentIndex(asked)
        dlg.load()
        qtbot.waitUntil(lambda: dlg.report is not None, timeout=30000)
        assert dlg.report.start.month == asked
        release.set()
        qtbot.waitUntil(lambda: not ops.busy(), timeout=30000)
        assert dlg.report.start.month == asked
    finally:
        release.set()
        ctx.stats.report = real


def test_papers_dialog_writes_a_deputy_record(qtbot, ctx, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from liaison_desk.ui.reports.papers_dialog import PapersDialog

    dlg = PapersDialog(ctx, "record")
    qtbot.addWidget(dlg)
    dlg.year.setValue(2026)
    out = tmp_path / "档案.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel 表格 (*.xlsx)"))
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", lambda url: True)
    dlg._go()
    qtbot.waitUntil(out.exists, timeout=60000)
    from openpyxl import load_workbook

    assert load_workbook(out)["履职情况"].cell(3, 1).value == dlg.deputy.currentText().split("（")[0]
    # 脱敏 ticked: the same record with the name masked
    name = dlg.deputy.currentText().split("（")[0]
    dlg = PapersDialog(ctx, "record")
    qtbot.addWidget(dlg)
    dlg.year.setValue(2026)
    dlg.mask.setChecked(True)
    masked = tmp_path / "档案-脱敏.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(masked), "Excel 表格 (*.xlsx)"))
    dlg._go()
    qtbot.waitUntil(masked.exists, timeout=60000)
    cell = load_workbook(masked)["履职情况"].cell(3, 1).value
    assert cell != name and cell[0] == name[0] and "*" in cell


def test_statistics_code_is_not_loaded_with_the_window(tmp_path):
    """统计 (and its chart code) is imported when the clerk opens it, never at start-up."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from liaison_desk.app import make_application\n"
            "from liaison_desk.services.workspace import Workspace\n"
            "from liaison_desk.store import open_database\n"
            "from liaison_desk.ui.context import AppContext\n"
            "from liaison_desk.ui.main_window import MainWindow\n"
            "app = make_application()\n"
            f"w = MainWindow(AppContext(Workspace(open_database({str(tmp_path / 'x.db')!r}))))\n"
            "print(sorted(m for m in sys.modules if m.startswith('liaison_desk.ui.reports')))\n"
            # as the program does at exit: let the window's workers (station name, counts) finish first
            "from liaison_desk.ui.common.ops import wait_all\n"
            "wait_all()\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[]"
