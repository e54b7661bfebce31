"""The main window on the demo station: four live tabs, add a deputy through the dialog, search finds it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from helpers import type_text


def _window(qtbot, demo_db):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace


    w = open_window(Workspace(demo_db))
    qtbot.addWidget(w)
    w.show()
    return w


def test_five_tabs_show_rows(qtbot, demo_db):
    from datetime import date

    w = _window(qtbot, demo_db)
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["代表名册", "接待安排", "代表活动", "来访登记", "建议办理"]
    counts = demo_db.counts()
    year = str(date.today().year)  # 代表活动 opens on this year: its activities and its held receptions
    with demo_db.engine.connect() as c:
        book = sum(1 for (day,) in c.exec_driver_sql("SELECT day FROM activity WHERE session_id IS NULL")
                   if str(day).startswith(year))
        book += sum(1 for day, status in c.exec_driver_sql("SELECT day, status FROM receptionsession")
                    if status == "done" and str(day).startswith(year))
    expected = [counts["deputy"], counts["receptionsession"], book, counts["visit"], counts["suggestion"]]
    for i, tab in enumerate(w.tab_list):
        w.tabs.setCurrentIndex(i)
        tab.ensure_loaded()
        assert tab.model.total() == expected[i]
        assert tab.model.rowCount() == min(expected[i], 100)
    qtbot.waitUntil(lambda: f"代表 {counts['deputy']} 名" in w.counts_label.text(), timeout=3000)
    assert str(demo_db.path) in w.db_label.text()


def test_add_deputy_through_dialog_then_search(qtbot, demo_db):
    from liaison_desk.ui.roster.deputy_dialog import DeputyDialog

    w = _window(qtbot, demo_db)
    tab = w.tab_list[0]
    tab.ensure_loaded()
    before = tab.model.total()

    def fill():
        dlg = next(x for x in QApplication.topLevelWidgets() if isinstance(x, DeputyDialog) and x.isVisible())
        type_text(dlg.name, "欧阳明远")
        dlg.level_checks["county"].setChecked(True)
        dlg.level_terms["county"].setText("第十八届")
        qtbot.keyClicks(dlg.phone, "13912345678")
        type_text(dlg.work_unit, "青石镇卫生院")
        dlg.buttons.button(dlg.buttons.StandardButton.Save).click()

    QTimer.singleShot(50, fill)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.wait_loaded()
    assert tab.model.total() == before + 1
    tab.search_box.setText("oymy")
    qtbot.waitUntil(lambda: tab.model.total() == 1, timeout=3000)
    row = tab.model.row_at(0)
    assert row.name == "欧阳明远" and row.levels_label == "县"


def test_dialog_explains_invalid_phone_and_saves_nothing(qtbot, ctx):
    from liaison_desk.ui.roster.deputy_dialog import DeputyDialog

    before = ctx.roster.count()
    dlg = DeputyDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.name.setText("李四")
    dlg.level_checks["township"].setChecked(True)
    dlg.phone.setText("12345")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # refused on the writer thread
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert not dlg._errors["联系电话"].isHidden()
    assert "电话号码" in dlg._errors["联系电话"].text()
    assert ctx.roster.count() == before


def test_table_models_pass_modeltester(qtbot, qtmodeltester, demo_db):
    w = _window(qtbot, demo_db)
    for tab in w.tab_list:
        tab.ensure_loaded()
        qtmodeltester.check(tab.model)


def test_window_remembers_layout(qtbot, demo_db):
    w = _window(qtbot, demo_db)
    w.resize(790, 520)
    saved = w.size()
    assert saved.height() == 520
    w.tabs.setCurrentIndex(2)
    w.close()
    w2 = _window(qtbot, demo_db)
    assert w2.tabs.currentIndex() == 2
    assert w2.size() == saved


def test_search_loads_in_background_and_drops_overtaken_results(qtbot, demo_db):
    from liaison_desk.services.roster.service import DeputyFilter, RosterService

    w = _window(qtbot, demo_db)
    tab = next(t for t in w.tab_list if t.title == "代表名册")
    w.tabs.setCurrentWidget(tab)  # the first showing loads in a worker
    qtbot.waitUntil(lambda: tab.loaded and not tab.is_loading(), timeout=5000)
    everything = tab.model.total()
    assert everything == demo_db.counts()["deputy"] and tab.model.rowCount() == everything
    name = RosterService(demo_db).list()[3].name
    expected = RosterService(demo_db).count(DeputyFilter(query=name))
    assert 0 < expected < everything
    with qtbot.waitSignal(tab.load_finished, timeout=5000):
        tab.query = "没有这个人"
        tab.refresh()
        tab.query = name
        tab.refresh()
        assert tab.is_loading() and tab.model.total() == everything  # old rows stay until the new ones come
        assert not tab.model.canFetchMore()
    assert not tab.is_loading()
    assert tab.model.total() == expected and tab.model.row_at(0).name == name and name in tab.summary.text()
    qtbot.wait(200)  # the overtaken search's result has arrived by now and was dropped
    assert tab.model.total() == expected
    with qtbot.waitSignal(tab.load_finished, timeout=5000):
        type_text(tab.search_box, name[0])  # typing goes the same way, after the pause
    assert tab.query == name[0]
    assert tab.model.total() == RosterService(demo_db).count(DeputyFilter(query=name[0]))


def test_daily_backup_runs_after_the_window_is_shown(qtbot, demo_db):
    from liaison_desk.app import daily_backup_in_background
    from liaison_desk.store import backup as backups

    w = _window(qtbot, demo_db)
    assert backups.daily_backup_due(demo_db.path)
    daily_backup_in_background(w)
    qtbot.waitUntil(lambda: "已自动备份" in w.db_label.text(), timeout=10000)
    made = list(demo_db.paths.backups.glob(f"{backups.DAILY}-*.db"))
    assert len(made) == 1
    assert not backups.daily_backup_due(demo_db.path)
    assert backups.inspect(made[0]).ok
    daily_backup_in_background(w)  # once a day: nothing more is made
    assert len(list(demo_db.paths.backups.glob(f"{backups.DAILY}-*.db"))) == 1


def test_first_start_is_maximised_then_the_state_is_remembered(qtbot, demo_db):
    from PySide6.QtCore import QSettings

    QSettings().remove("main/geometry")  # no window was ever closed on this PC
    w = _window(qtbot, demo_db)
    assert w.windowState() & Qt.WindowState.WindowMaximized
    assert w.isMaximized()
    w.close()
    again = _window(qtbot, demo_db)
    assert again.isMaximized()  # closed maximised: opens maximised
    again.showNormal()
    again.resize(900, 600)
    again.close()
    third = _window(qtbot, demo_db)
    assert not third.isMaximized() and third.size().height() == 600
