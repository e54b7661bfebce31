"""Safety screens: menu actions, operator, backup to a folder, restore, the log dialog, damaged start, crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from helpers import type_text


def _window(qtbot, demo_db):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace


    w = open_window(Workspace(demo_db))
    qtbot.addWidget(w)
    w.show()
    return w


def _when_modal(callback):
    """Run `callback(dialog)` on the next modal dialog (the code under test blocks in exec())."""

    def poll():
        d = QApplication.activeModalWidget()
        if d is None:
            QTimer.singleShot(20, poll)
        else:
            callback(d)

    QTimer.singleShot(20, poll)


def test_menus_have_the_safety_actions(qtbot, demo_db):
    w = _window(qtbot, demo_db)
    files = [a.text() for a in w.file_menu.actions()]
    assert "备份到U盘…" in files and "从备份恢复…" in files and files[-1].startswith("退出")
    tools = [a.text() for a in w.tools_menu.actions()]
    assert {"操作日志…", "切换操作员…", "检查数据库"} <= set(tools)
    assert w.safety.operator_label.text() == "操作员：（未设置）"


def test_choose_operator_records_changes_under_the_name(qtbot, demo_db):
    w = _window(qtbot, demo_db)

    def fill(dialog):
        dialog.combo.lineEdit().clear()
        type_text(dialog.combo.lineEdit(), "赵丽")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    _when_modal(fill)
    assert w.safety.choose_operator()
    assert demo_db.operator == "赵丽" and w.safety.operator_label.text() == "操作员：赵丽"
    w.ctx.station.save_agency("县水务局", "政府部门")
    assert w.safety.audit.entries()[0].operator == "赵丽"


def test_backup_to_folder_then_restore_round_trip(qtbot, demo_db, tmp_path):
    w = _window(qtbot, demo_db)
    usb = tmp_path / "U盘"
    usb.mkdir()
    w.safety.backup_to(usb)
    qtbot.waitUntil(lambda: w.safety.last_path is not None, timeout=10000)
    made = w.safety.last_path
    assert made.parent == usb and "备份完成" not in w.safety.last_message and str(made) in w.safety.last_message
    visits = demo_db.counts()["visit"]
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM visitdeputy")
        conn.exec_driver_sql("DELETE FROM visit")
    w.safety.restore(made)
    qtbot.waitUntil(lambda: "已恢复到" in w.safety.last_message, timeout=10000)
    assert demo_db.counts()["visit"] == visits
    visits_tab = next(t for t in w.tab_list if t.title == "来访登记")
    visits_tab.ensure_loaded()
    assert visits_tab.model.total() == visits
    assert w.safety.audit.entries()[0].action == "restore"


def test_restore_dialog_shows_counts_and_refuses_a_corrupted_file(qtbot, demo_db, tmp_path):
    from liaison_desk.services.safety.service import SafetyService
    from liaison_desk.store.backup import list_backups, make_backup
    from liaison_desk.ui.safety.backup_dialogs import RestoreDialog

    good = make_backup(demo_db.path)
    dialog = RestoreDialog(list_backups(demo_db.path), lambda p: SafetyService(demo_db).inspect(p, full=False))
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    dialog.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=10000)  # checked in a worker
    assert "来访登记：220 条" in dialog.details.text() and "完好" in dialog.details.text()
    assert dialog.restore_button.isEnabled()
    bad = tmp_path / "坏备份.db"
    data = bytearray(good.read_bytes())
    data[4096 * 20:4096 * 50] = b"\x33" * (4096 * 30)
    bad.write_bytes(bytes(data))
    dialog.show_file(bad)
    assert dialog.info is None and not dialog.restore_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=10000)
    assert "不能使用" in dialog.details.text() and not dialog.restore_button.isEnabled()


def test_audit_dialog_filters_and_exports(qtbot, demo_db, tmp_path, qtmodeltester, monkeypatch):
    from liaison_desk.services.audit import AuditService
    from liaison_desk.services.station import StationService
    from liaison_desk.ui.safety.audit_dialog import AuditDialog

    audit = AuditService(demo_db)
    audit.set_operator("甲")
    StationService(demo_db).save_agency("单位一", "政府部门")
    audit.set_operator("乙")
    StationService(demo_db).save_agency("单位二", "政府部门")
    dialog = AuditDialog(audit)
    qtbot.addWidget(dialog)
    assert dialog.loader.wait()  # loaded in a worker
    qtmodeltester.check(dialog.model)
    total = dialog.model.total()
    assert total >= 2 and "共" in dialog.count_label.text()
    dialog.operator.setCurrentIndex(dialog.operator.findData("甲"))
    assert dialog.loader.wait()
    assert dialog.model.total() == 1 and dialog.model.row_at(0).operator == "甲"
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog.export(tmp_path / "日志.xlsx")  # on the writer thread
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=10000)
    out = dialog.exported
    from openpyxl import load_workbook

    ws = load_workbook(out)["操作日志"]
    assert ws.max_row == 3 and ws.cell(3, 2).value == "甲"
    assert dialog.loader.wait()
    dialog.operator.setCurrentIndex(0)
    assert dialog.loader.wait()
    assert dialog.model.total() == total + 1  # the export is itself in the log


def test_damaged_database_at_start_offers_the_newest_backup(qtbot, tmp_path):
    from liaison_desk.demo import build
    from liaison_desk.services.workspace import open_for_window
    from liaison_desk.store import open_database
    from liaison_desk.store.backup import make_backup
    from liaison_desk.ui.safety.backup_dialogs import damaged_choice

    path = tmp_path / "站.db"
    db = open_database(path)
    build(db, "station", 7)
    make_backup(path)
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 40:4096 * 80] = b"\xee" * (4096 * 40)
    path.write_bytes(bytes(data))

    def pick(box):
        assert "已损坏" in box.text() and "来访登记：220 条" in box.informativeText()
        next(b for b in box.buttons() if b.text() == "恢复这份备份").click()

    _when_modal(pick)
    db = open_for_window(path, choose_backup=damaged_choice)
    assert db is not None and db.counts()["visit"] == 220
    assert any("从备份恢复" in n for n in db.startup_notes)
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.close()
    assert list((tmp_path / "站.db.files" / "backups").glob("损坏-*.db"))
    db.close()


def test_crash_dialog_and_report_without_personal_data(qtbot, tmp_path):
    from liaison_desk.ui.common.crash import crash_box, save_report

    box, save = crash_box(None)
    qtbot.addWidget(box)
    assert "已保存的数据不受影响" in box.text() and save.text() == "保存错误报告…"
    tb = ("Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    g()\n"
          "ValueError: 代表张三 13912345678 出错\n[parameters: ('李四', '130102198001011234')]")
    report = save_report(tmp_path / "报告.txt", tb).read_text(encoding="utf-8")
    assert "ValueError" in report and "x.py" in report
    for secret in ("张三", "李四", "13912345678", "130102198001011234"):
        assert secret not in report
    assert not list(Path(tmp_path).glob(".*part"))
