"""Only the tab on show is built at start; the others on first show, each with its remembered column widths;
the menus and status-bar notices are there from the start; the deputy filters fill when first opened."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from liaison_desk.ui.common.list_tab import ListTab


def _window(qtbot, demo_db, tab: int = 0):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace

    QSettings().setValue("main/tab", tab)
    w = open_window(Workspace(demo_db))
    qtbot.addWidget(w)
    w.show()
    return w


def _built(w) -> list[str]:
    return [t.title for t in w.built_tabs()]


def test_only_the_tab_on_show_is_built_and_the_others_on_first_show(qtbot, demo_db):
    w = _window(qtbot, demo_db, tab=3)
    assert _built(w) == ["来访登记"]
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == ["代表名册", "接待安排", "代表活动", "来访登记", "建议办理"]
    assert sum(isinstance(w.tabs.widget(i), ListTab) for i in range(w.tabs.count())) == 1
    visits = w.tabs.currentWidget()
    assert visits.title == "来访登记"
    qtbot.waitUntil(lambda: visits.loaded, timeout=10000)
    w.tabs.setCurrentIndex(0)
    roster = w.tabs.currentWidget()
    assert isinstance(roster, ListTab) and roster.title == "代表名册" and w.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: roster.loaded and roster.model.total() == demo_db.counts(["deputy"])["deputy"],
                    timeout=10000)
    assert _built(w) == ["代表名册", "来访登记"]
    # every tab's menu entries are there without building it
    files = [a.text() for a in w.file_menu.actions()]
    tools = [a.text() for a in w.tools_menu.actions()]
    assert "导入代表名册(&I)…" in files and "生成轮值安排…" in tools and "承办单位管理(&A)…" in tools
    assert _built(w) == ["代表名册", "来访登记"]


def test_a_notice_of_an_unbuilt_tab_shows_and_jumps_to_it(qtbot, demo_db):
    from datetime import date

    from liaison_desk.services.suggestions.deadlines import DeadlineService

    n = DeadlineService(demo_db).overdue_count(date.today())
    assert n > 0
    w = _window(qtbot, demo_db, tab=0)
    qtbot.waitUntil(lambda: w.overdue_button.isVisible(), timeout=10000)  # after the roster's rows
    assert "建议办理" not in _built(w)
    qtbot.mouseClick(w.overdue_button, Qt.MouseButton.LeftButton)
    tab = w.tabs.currentWidget()
    assert tab.title == "建议办理" and tab.deadline_filter.code() == "overdue"


def test_the_status_bar_counts_only_what_it_shows(qtbot, demo_db):
    asked: list[object] = []
    real = demo_db.counts

    def counts(tables=None):  # type: ignore[no-untyped-def]
        asked.append(None if tables is None else sorted(tables))
        return real(tables)

    demo_db.counts = counts
    w = _window(qtbot, demo_db)
    deputies = real(["deputy"])["deputy"]
    qtbot.waitUntil(lambda: f"代表 {deputies} 名" in w.counts_label.text(), timeout=10000)
    assert asked and all(a == ["deputy", "receptionsession", "suggestion", "visit"] for a in asked)


def test_the_deputy_filter_fills_when_first_opened(qtbot, demo_db):
    w = _window(qtbot, demo_db, tab=3)
    tab = w.tabs.currentWidget()
    assert tab.deputy_filter.count() == 1  # only 全部接待代表: nothing read at start
    tab.deputy_filter.showPopup()
    deputies = demo_db.counts(["deputy"])["deputy"]
    qtbot.waitUntil(lambda: tab.deputy_filter.count() == deputies + 1, timeout=10000)
    tab.deputy_filter.hidePopup()
    tab.deputy_filter.setCurrentIndex(1)  # choosing one filters the list
    qtbot.waitUntil(lambda: tab.loaded and not tab.is_loading() and tab.current_filter().deputy_id is not None,
                    timeout=10000)


def test_column_widths_are_restored_when_a_tab_is_first_built(qtbot, demo_db):
    w = _window(qtbot, demo_db, tab=3)
    visits = w.tabs.currentWidget()
    visits.view.setColumnWidth(2, 222)
    w.close()  # remembers the layout of the tabs it built
    again = _window(qtbot, demo_db, tab=0)
    assert "来访登记" not in _built(again)
    again.tabs.setCurrentIndex(3)
    assert again.tabs.currentWidget().view.columnWidth(2) == 222
    again.tabs.setCurrentIndex(1)
    again.close()  # the activities tab, never built here, keeps what it had
    third = _window(qtbot, demo_db, tab=3)
    assert third.tabs.currentWidget().view.columnWidth(2) == 222


def test_modules_imported_after_the_application_keep_no_source_in_memory(qtbot, tmp_path, monkeypatch):
    """PySide6 reads the source of every module imported after it; the program's application makes it let
    the lines go (they stayed in linecache: ≈ 4 MB of the window's memory), and the module still imports."""
    import linecache

    from liaison_desk.app import make_application

    make_application()
    module = tmp_path / "liaison_probe_fresh.py"
    module.write_text("from PySide6.QtCore import QObject  # names PySide6\nVALUE = 7\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    imported = __import__("liaison_probe_fresh")  # an import statement's way (PySide6 hooks __import__)
    assert imported.VALUE == 7
    assert str(module) not in linecache.cache
