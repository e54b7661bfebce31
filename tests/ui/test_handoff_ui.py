"""The handoff menu: export through the worker, preview a returned workbook, decide a conflict, apply."""

from __future__ import annotations

import json
import shutil
from datetime import date

from PySide6.QtWidgets import QLabel

from helpers import DATA


def _window(qtbot, demo_db):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace


    w = open_window(Workspace(demo_db))
    qtbot.addWidget(w)
    w.show()
    return w


def test_file_menu_has_the_two_actions(qtbot, demo_db):
    w = _window(qtbot, demo_db)
    texts = [a.text() for a in w.file_menu.actions()]
    assert texts.index("导出月度台账…") < texts.index("导入乡镇返回的台账…") < texts.index("退出(&X)")


def test_export_dialog_builds_month_file_name(qtbot, tmp_path):
    from liaison_desk.ui.handoff.export_dialog import HandoffExportDialog

    d = HandoffExportDialog("青石镇人大代表联络站", today=date(2026, 12, 5))
    qtbot.addWidget(d)
    assert d.period() == (date(2026, 11, 1), date(2026, 11, 30))
    assert d.choice()[3].name == "青石镇人大代表联络站-台账-2026年11月.xlsx"
    d.everything.setChecked(True)
    assert d.period() == (None, None)
    d.path.setText(str(tmp_path / "gone" / "x.xlsx"))
    d._accept()
    assert "不存在" in d.error.text()


def test_export_then_import_with_conflict_decided(qtbot, demo_db, tmp_path):
    w = _window(qtbot, demo_db)
    out = tmp_path / "台账.xlsx"
    w.handoff.export(date(2026, 11, 1), date(2026, 11, 30), False, out)
    qtbot.waitUntil(lambda: w.handoff.last_export is not None, timeout=20000)
    assert out.exists() and w.handoff.message is not None
    w.handoff.message.close()
    # the returned workbook of tests/data; the station changed one replied suggestion since then
    expected = json.loads((DATA / "handoff" / "expected.json").read_text(encoding="utf-8"))
    changed_id = expected["replies"][0]["id"]
    with demo_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE suggestion SET reply_text = '本站电话记录的答复', version = version + 1 "
                             "WHERE id = ?", (changed_id,))
    returned = tmp_path / "returned.xlsx"
    shutil.copy(DATA / "handoff" / "returned-libreoffice.xlsx", returned)
    w.handoff.read(returned)
    qtbot.waitUntil(lambda: w.handoff.preview is not None and w.handoff.preview.isVisible(), timeout=20000)
    preview = w.handoff.preview
    assert "冲突 <b>1</b>" in preview.findChild(QLabel, "handoffSummary").text()
    assert len(preview.plan.conflicts) == 1 and preview.import_button.isEnabled()
    assert preview.tabs.tabText(0) == "冲突（1）"
    preview.grab().save(str(tmp_path / "preview.png"))
    preview.decide_all("workbook")
    preview.accept()
    qtbot.waitUntil(lambda: w.handoff.last_result is not None, timeout=20000)
    assert w.handoff.last_result.conflicts_taken == 1
    with demo_db.engine.connect() as conn:
        text = conn.exec_driver_sql("SELECT reply_text FROM suggestion WHERE id = ?", (changed_id,)).scalar()
    assert text == expected["replies"][0]["reply_text"]
    w.handoff.message.close()


def test_preview_with_errors_cannot_import(qtbot, demo_db, tmp_path):
    from openpyxl import load_workbook

    from liaison_desk.ledger.handoff_import import read_handoff
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.ui.handoff.import_dialog import HandoffPreviewDialog

    wb = load_workbook(DATA / "handoff" / "exported-2026-11.xlsx")
    wb["来访登记"]["B3"] = "2026年13月45日"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    d = HandoffPreviewDialog(read_handoff(HandoffService(demo_db), bad))
    qtbot.addWidget(d)
    assert not d.import_button.isEnabled()
    assert d.tabs.tabText(0) == "错误（1）"
    table = d.tabs.widget(0)
    assert table.item(0, 0).text() == "来访登记" and table.item(0, 1).text() == "3"


def test_export_dialog_offers_a_password_and_the_import_reads_it_back(qtbot, demo_db, tmp_path):
    from liaison_desk.ui.handoff.export_dialog import HandoffExportDialog

    d = HandoffExportDialog("青石镇人大代表联络站", today=date(2026, 12, 5))
    qtbot.addWidget(d)
    d.path.setText(str(tmp_path / "台账.xlsx"))
    assert not d.password.isEnabled() and d.chosen_password() is None
    d.encrypt.setChecked(True)
    d.password.setText("青石镇2026")
    d.password2.setText("青石镇2027")
    d._accept()
    assert "不一致" in d.error.text()
    d.password2.setText("青石镇2026")
    d._accept()
    assert d.result() == d.DialogCode.Accepted and d.chosen_password() == "青石镇2026"
    w = _window(qtbot, demo_db)
    w.handoff.export(*d.choice(), password=d.chosen_password())
    qtbot.waitUntil(lambda: w.handoff.last_export is not None, timeout=30000)
    out = w.handoff.last_export.path
    assert out.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    w.handoff.message.close()
    w.handoff.read(out, "青石镇2026")
    qtbot.waitUntil(lambda: w.handoff.last_plan is not None, timeout=30000)
    assert w.handoff.last_plan.known_export and not w.handoff.last_plan.errors
    w.handoff.preview.close()
