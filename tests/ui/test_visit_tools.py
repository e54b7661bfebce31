"""The visit form's helpers: name completion, the day's session, editing; the tab's link and print actions."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from helpers import type_text
from liaison_desk.services.visits.service import VisitRecord

POPUP_NOISE = ("This plugin does not support raise", "This plugin does not support grabbing")


def _dialog(qtbot, ctx, visit_id=None):
    from liaison_desk.ui.visits.visit_dialog import VisitDialog

    dlg = VisitDialog(ctx, visit_id)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg, timeout=3000)
    return dlg


@pytest.mark.qt_log_ignore(*POPUP_NOISE)
def test_name_completion_fills_the_known_visitor(qtbot, ctx):
    svc = ctx.visits
    svc.save(VisitRecord(visited_on=date(2026, 11, 2), visitor_name="诸葛青", visitor_phone="13700001111",
                         village="卧龙村", visitor_address="卧龙村2组", visitor_gender="f", content="问题"))
    dlg = _dialog(qtbot, ctx)
    dlg.visitor.setFocus()
    type_text(dlg.visitor, "诸葛")
    popup = dlg.name_completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert dlg.name_completer.completionModel().rowCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.visitor.text() == "诸葛青", timeout=3000)
    assert (dlg.phone.text(), dlg.village.text(), dlg.address.text(), dlg.gender.code()) == \
        ("13700001111", "卧龙村", "卧龙村2组", "f")
    assert len(dlg.saved_ids) == 0  # Enter in the popup picked the name; it did not save


def test_reception_day_preselects_the_session_and_its_deputies(qtbot, ctx):
    from liaison_desk.services.schedule.service import SessionFilter

    session = ctx.schedule.list(SessionFilter(end=date(2026, 11, 28)))[0]
    dlg = _dialog(qtbot, ctx)
    dlg.day.setDate(session.day)
    assert dlg.session.currentData() == session.id
    assert dlg.channel.code() == "reception"
    assert set(dlg.deputies.selected_ids()) == set(ctx.schedule.get(session.id).deputy_ids)


def test_editing_a_visit_enter_saves_and_closes(qtbot, ctx):
    vid = ctx.visits.save(VisitRecord(visited_on=date(2026, 11, 3), visitor_name="甲", content="旧内容"))
    dlg = _dialog(qtbot, ctx, vid)
    dlg.content.setFocus()
    dlg.content.selectAll()
    type_text(dlg.content, "新内容")
    qtbot.keyClick(dlg.content, Qt.Key.Key_Return)
    assert not dlg.isVisible() and dlg.result() == dlg.DialogCode.Accepted
    assert ctx.visits.get(vid).content == "新内容" and dlg.saved_ids == [vid]


def test_tab_links_a_second_visit_to_the_same_suggestion(qtbot, ctx, monkeypatch):
    from liaison_desk.ui.visits.tab import VisitsTab

    a = ctx.visits.save(VisitRecord(visited_on=date(2026, 11, 27), visitor_name="甲", content="桥面破损"))
    b = ctx.visits.save(VisitRecord(visited_on=date(2026, 11, 27), visitor_name="乙", content="那座桥破了"))
    sid = ctx.visits.convert_to_suggestion(a)
    number = ctx.suggestions.get(sid).number
    tab = VisitsTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.ensure_loaded()
    tab.select_id(b)
    tab.link_selected(number)  # on the writer thread
    qtbot.waitUntil(lambda: "已关联到意见建议" in tab.summary.text(), timeout=5000)
    assert ctx.visits.get(b).suggestion_id == sid and number in tab.summary.text()
    errors = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: errors.append((title, text)))
    tab.select_id(a)
    tab.link_selected("〔1999〕第1号")
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors[0][0] == "无法关联" and "没有找到" in errors[0][1]


def test_print_dialog_writes_the_register_in_a_worker(qtbot, ctx, tmp_path):
    from pypdf import PdfReader

    from liaison_desk.ui.visits.print_dialog import PrintRegisterDialog

    dlg = PrintRegisterDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.open_when_done = False
    out = tmp_path / "登记簿.pdf"
    dlg.run(date(2026, 11, 1), date(2026, 11, 28), out, True)
    qtbot.waitUntil(lambda: dlg.result_path is not None, timeout=30000)
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages).replace(" ", "")
    assert "人大代表接待选民来访登记簿" in text and "****" in text


def test_open_follow_ups_are_listed_like_overdue_suggestions(qtbot, demo_db):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace

    w = open_window(Workspace(demo_db))
    qtbot.addWidget(w)
    w.show()
    tab = next(t for t in w.tab_list if t.title == "来访登记")
    n = tab.ctx.visits.open_followups()
    assert n >= 1
    qtbot.waitUntil(lambda: tab.followup_button.isVisible(), timeout=3000)
    assert f"有 {n} 件转交事项待反馈" in tab.followup_button.text()
    w.tabs.setCurrentIndex(0)
    qtbot.mouseClick(tab.followup_button, Qt.MouseButton.LeftButton)
    assert w.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.model.total() == n, timeout=5000)


def test_visit_dialog_records_the_follow_up(qtbot, ctx):
    from liaison_desk.services.visits.service import VisitFilter
    from liaison_desk.ui.visits.visit_dialog import VisitDialog

    vid = ctx.visits.list(VisitFilter(followup_open=True))[0].id
    dlg = VisitDialog(ctx, vid)
    qtbot.addWidget(dlg)
    assert dlg.followup_to.isEnabled() and dlg.followup_to.text() and not dlg.followup_result.isEnabled()
    dlg.followup_done.setChecked(True)
    dlg.followup_on.setDate(date(2026, 11, 27))
    dlg.followup_result.setText("村委会已入户调解")
    dlg._try_save()
    got = ctx.visits.get(vid)
    assert (got.followup_on, got.followup_result) == (date(2026, 11, 27), "村委会已入户调解")


def test_handling_colours_have_a_legend(qtbot, ctx):
    from liaison_desk.ui.visits.tab import VisitsTab

    tab = VisitsTab(ctx)
    qtbot.addWidget(tab)
    tab.ensure_loaded()
    legend = tab.legend.text()
    col = next(i for i, c in enumerate(tab.model.columns) if c.header == "处理方式")
    seen = {}
    for i in range(tab.model.rowCount()):
        brush = tab.model.data(tab.model.index(i, col), Qt.ItemDataRole.ForegroundRole)
        row = tab.model.row_at(i)
        if brush is not None:
            seen[brush.color().name()] = row
    # the demo station has both kinds; each colour shown is explained by the legend, by its meaning
    assert set(seen) == {"#8e44ad", "#2471a3"}
    assert seen["#8e44ad"].exclusion and "#8e44ad" in legend and "告知依法途径" in legend
    assert seen["#2471a3"].suggestion_id and "#2471a3" in legend and "意见建议" in legend
    assert "黑色" in legend
