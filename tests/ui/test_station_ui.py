"""本站信息 in the window: the first-start form (saved or skipped, asked once), 工具 → 本站信息, read-only."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QDialogButtonBox

from helpers import read_only_place, type_text


def _window(qtbot, db):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace

    w = open_window(Workspace(db))
    qtbot.addWidget(w)
    w.show()
    return w


def test_first_start_form_saves_and_is_not_asked_again(qtbot, db):
    from liaison_desk.ui.station.dialog import StationDialog

    w = _window(qtbot, db)
    assert w.ctx.station.setup_pending()
    d = StationDialog(w.ctx.station, first_start=True, parent=w)
    qtbot.addWidget(d)
    assert d.edits["name"].text() == ""  # the fallback name is not offered as if typed
    assert d.buttons.button(QDialogButtonBox.StandardButton.Cancel) is None and d.later.text() == "以后再填"
    type_text(d.edits["name"], "青石镇人大代表联络站")
    type_text(d.edits["county"], "青山区")
    d.edits["county"].editingFinished.emit()
    assert d.county_word.currentText() == "区"
    type_text(d.edits["liaison_officer"], "王丽娟")
    d.directions.setPlainText("乘3路公交到镇政府站")
    d.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert d.result() == d.DialogCode.Accepted
    with sqlite3.connect(db.path) as c:
        assert c.execute("SELECT name, county, county_word, liaison_officer, directions FROM station").fetchall() == [
            ("青石镇人大代表联络站", "青山区", "district", "王丽娟", "乘3路公交到镇政府站")]
    assert not w.ctx.station.setup_pending()
    qtbot.waitUntil(lambda: "青石镇人大代表联络站" in w.windowTitle(), timeout=3000)


def test_invalid_phone_is_shown_beside_the_field(qtbot, db):
    from liaison_desk.services.station import StationService
    from liaison_desk.ui.station.dialog import StationDialog

    d = StationDialog(StationService(db))
    qtbot.addWidget(d)
    type_text(d.edits["name"], "甲站")
    type_text(d.edits["phone"], "12345")
    d.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert d.result() != d.DialogCode.Accepted
    assert "不是有效的电话号码" in d._errors["联系电话"].text()
    with sqlite3.connect(db.path) as c:
        assert c.execute("SELECT COUNT(*) FROM station").fetchone() == (0,)


def test_skipping_the_first_start_form_is_remembered(qtbot, db):
    from liaison_desk.ui.station.dialog import StationDialog

    w = _window(qtbot, db)
    d = StationDialog(w.ctx.station, first_start=True, parent=w)
    qtbot.addWidget(d)
    d.later.click()
    assert d.result() == d.DialogCode.Rejected
    assert not w.ctx.station.setup_pending() and not w.ctx.station.info().saved


def test_tools_menu_has_the_station_form_and_it_fits(qtbot, demo_db):
    w = _window(qtbot, demo_db)
    titles = [a.text() for a in w.tools_menu.actions()]
    assert "本站信息(&S)…" in titles
    from liaison_desk.ui.station.dialog import StationDialog

    d = StationDialog(w.ctx.station, parent=w)
    qtbot.addWidget(d)
    assert d.edits["name"].text() == "青石镇人大代表联络站"
    hint = d.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 697, hint


def test_read_only_database_opens_with_a_warning_and_refuses_writes(qtbot, tmp_path, demo_db):
    from liaison_desk.errors import ReadOnlyDatabase
    from liaison_desk.store import open_database

    with demo_db.engine.connect() as c:  # the roster tab lists every deputy: counted in SQL, not by the tab
        deputies = c.exec_driver_sql("SELECT COUNT(*) FROM deputy").scalar_one()
    demo_db.close()
    with read_only_place(demo_db.path, tmp_path / "U盘") as ro_path:
        db = open_database(ro_path, lock=True, check=True)
        try:
            assert db.read_only and any("只读" in n for n in db.startup_notes)
            w = _window(qtbot, db)
            assert w.findChild(type(w.db_label), "readOnlyWarning").text() == "只读：不能修改"
            assert w.windowTitle().endswith("（只读）")
            w.tab_list[0].ensure_loaded()
            assert deputies > 0 and w.tab_list[0].model.total() == deputies  # reading works
            try:
                w.ctx.station.save_station(phone="13800001111")
            except ReadOnlyDatabase as e:
                assert "数据库在只读位置" in str(e)
            else:
                raise AssertionError("a write on a read-only medium was not refused")
            w.close()
        finally:
            db.close()
