"""代表活动 in the window: the tab lists the book (held receptions included), the form saves a roll call,
a held reception is edited in 接待安排, and the dialogs fit a 1366×697 window."""

from __future__ import annotations

from datetime import date

from liaison_desk.services.activities.service import ActivityFilter


def _tab(qtbot, ctx):
    from liaison_desk.ui.activities.tab import ActivitiesTab

    tab = ActivitiesTab(ctx)
    qtbot.addWidget(tab)
    tab.year_filter.setCurrentIndex(0)  # 全部年度
    tab.ensure_loaded()
    assert tab.wait_loaded()
    return tab


def test_tab_lists_activities_and_held_receptions(qtbot, qtmodeltester, ctx):
    tab = _tab(qtbot, ctx)
    qtmodeltester.check(tab.model)
    assert tab.model.total() == ctx.activities.count(ActivityFilter())
    sources = {tab.model.row_at(i).source for i in range(tab.model.rowCount())}
    assert sources == {"activity", "session"}


def test_form_saves_the_roll_call(qtbot, ctx):
    from liaison_desk.ui.activities.dialog import ActivityDialog

    dlg = ActivityDialog(ctx, None, day=date(2026, 11, 20))
    qtbot.addWidget(dlg)
    dlg.title_edit.setText("学习代表法")
    dlg.kind.set_code("training")
    first, second = (item for item in (dlg.roll.picker.list.item(0), dlg.roll.picker.list.item(1)))
    from PySide6.QtCore import Qt

    first.setCheckState(Qt.CheckState.Checked)
    second.setCheckState(Qt.CheckState.Checked)
    assert dlg.roll.table.rowCount() == 2
    dlg.roll.table.cellWidget(1, 1).setCurrentIndex(1)  # 请假
    dlg.roll.table.cellWidget(1, 2).setText("外出开会")
    dlg._save()
    assert dlg.saved_id
    rec = ctx.activities.get(dlg.saved_id)
    assert rec.title == "学习代表法" and rec.day == date(2026, 11, 20)
    assert sorted((r.status, r.leave_reason) for r in rec.roll) == [("leave", "外出开会"), ("present", "")]


def test_form_shows_the_rule_it_breaks(qtbot, ctx):
    from liaison_desk.ui.activities.dialog import ActivityDialog

    dlg = ActivityDialog(ctx, None)
    qtbot.addWidget(dlg)
    dlg.kind.set_code("report")
    dlg.title_edit.setText("向选民述职")
    dlg._save()
    assert dlg.saved_id is None and "述职" in dlg.error.text()


def test_dialogs_fit_the_screen(qtbot, ctx):
    from liaison_desk.ui.activities.dialog import ActivityDialog
    from liaison_desk.ui.activities.members_dialog import MemberDialog, MembersDialog
    from liaison_desk.ui.activities.print_dialog import ActivityPrintDialog

    for dlg in (ActivityDialog(ctx, None), MembersDialog(ctx), MemberDialog(ctx, None),
                ActivityPrintDialog(ctx, "book"), ActivityPrintDialog(ctx, "score")):
        qtbot.addWidget(dlg)
        hint = dlg.sizeHint().expandedTo(dlg.size())
        assert hint.width() <= 1366 and hint.height() <= 697, (type(dlg).__name__, hint)
