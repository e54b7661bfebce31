"""The schedule tab, its dialogs and PDFs on the demo station: calendar, rule checks, compliance, rota, holidays."""

from __future__ import annotations

import shutil
from datetime import date, time

from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont

from helpers import DATA, type_text
from liaison_desk.services.schedule.service import Official, SessionRecord


def _tab(qtbot, ctx):
    from liaison_desk.ui.schedule.tab import ScheduleTab

    tab = ScheduleTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.ensure_loaded()
    return tab


def test_tab_calendar_and_rule_column(qtbot, qtmodeltester, ctx):
    a = ctx.roster.choices("", limit=1)[0][0]
    lonely = ctx.schedule.save(SessionRecord(day=date(2026, 12, 23), start_time=time(9), end_time=time(11),
                                             venue="东村村委会", notice_date=date(2026, 12, 22), deputy_ids=[a]))
    tab = _tab(qtbot, ctx)
    qtmodeltester.check(tab.model)
    assert tab.calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    tab.calendar.setCurrentPage(2026, 12)
    assert tab.wait_loaded()
    fmt = tab.calendar.dateTextFormat(QDate(2026, 12, 23))
    assert fmt.fontWeight() == QFont.Weight.Bold and "1 次接待" in fmt.toolTip()
    col = [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(tab.model.columnCount())]
    rule_col = col.index("制度检查")
    row = tab.model.row_of_id(lonely)
    assert tab.model.index(row, rule_col).data() == "⚠ 代表不足、公告晚了"
    tip = tab.model.index(row, rule_col).data(Qt.ItemDataRole.ToolTipRole)
    assert "只安排了 1 名代表" in tip and "只提前了 1 个工作日" in tip
    assert "2026年12月23日的接待只安排了 1 名代表" in tab.month_rules.text()
    tab.month_only.setChecked(True)
    assert tab.wait_loaded()
    assert tab.model.total() == sum(ctx.schedule.days_in(date(2026, 12, 1), date(2026, 12, 31)).values())
    tab._day_clicked(QDate(2026, 12, 23))
    assert tab.selected_id() == lonely


def test_session_dialog_checks_rules_live_and_saves(qtbot, ctx):
    from liaison_desk.ui.schedule.session_dialog import SessionDialog

    dlg = SessionDialog(ctx, None, day=date(2026, 10, 9))
    qtbot.addWidget(dlg)
    assert dlg.notice.date().toPython() == date(2026, 9, 29)  # across National Day 2026
    assert "至少应有 2 名代表" in dlg.rules.text()
    items = [dlg.deputies.list.item(i) for i in range(2)]
    for item in items:
        item.setCheckState(Qt.CheckState.Checked)
    assert dlg.rules.text().startswith("符合联络站制度")
    dlg.notice.setDate(QDate(2026, 9, 30))
    assert "只提前了 2 个工作日" in dlg.rules.text()
    dlg.latest_button.click()
    assert dlg.rules.text().startswith("符合联络站制度")
    dlg.day.setDate(QDate(2026, 10, 3))
    assert "是节假日" in dlg.rules.text()
    dlg.day.setDate(QDate(2026, 10, 9))
    type_text(dlg.theme, "乡村振兴专题接待")
    dlg.officials.add(Official("李明", "镇农业农村办", "主任"))
    dlg._try_save()
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.saved_id
    rec = ctx.schedule.get(dlg.saved_id)
    assert rec.theme == "乡村振兴专题接待" and len(rec.deputy_ids) == 2
    assert rec.notice_date == date(2026, 9, 29) and rec.officials[0].unit == "镇农业农村办"


def test_compliance_dialog_lists_behind_first(qtbot, ctx):
    from liaison_desk.ui.schedule.compliance_dialog import ComplianceDialog

    dlg = ComplianceDialog(ctx, 2026)
    qtbot.addWidget(dlg)
    assert dlg.rows and dlg.rows[0].missed >= dlg.rows[-1].missed
    assert dlg.table.rowCount() == len(dlg.rows)
    dlg.scope.setCurrentIndex(3)  # 第一季度
    assert all(len(r.cells) == {1: 3, 3: 1, 6: 1, 12: 1}[r.months] for r in dlg.rows)
    assert "名代表" in dlg.summary.text()


def test_rota_dialog_generate_edit_accept(qtbot, ctx):
    from liaison_desk.ui.schedule.rota_dialog import RotaDialog

    dlg = RotaDialog(ctx, 2027)
    qtbot.addWidget(dlg)
    dlg.quarter.setCurrentIndex(1)  # 第一季度
    dlg.propose()
    qtbot.waitUntil(lambda: dlg.table.rowCount() > 0, timeout=10000)
    n = dlg.table.rowCount()
    assert "2027年法定节假日安排尚未录入" in dlg.notes.text()
    dlg.table.selectRow(n - 1)
    dlg.remove_selected()
    assert dlg.table.rowCount() == n - 1
    before = ctx.db.counts()["receptionsession"]
    dlg.accept_plan()
    qtbot.waitUntil(lambda: bool(dlg.applied), timeout=10000)
    assert ctx.db.counts()["receptionsession"] == before + n - 1


def test_holiday_dialog_import(qtbot, ctx, tmp_path):
    from liaison_desk.ui.schedule.holidays_dialog import HolidayDialog

    dlg = HolidayDialog(ctx, 2027)
    qtbot.addWidget(dlg)
    assert dlg.status.text() == "2027年法定节假日安排尚未录入，按周一至周五计算"
    src = tmp_path / "2027.xlsx"
    shutil.copy(DATA / "schedule" / "holidays-2027.xlsx", src)
    dlg.import_file(src)
    assert dlg.table.rowCount() == 19 and "放假 16 天，调休上班 3 天" in dlg.status.text()
    dlg.table.selectRow(0)
    dlg.remove_selected()
    assert dlg.table.rowCount() == 18


def test_print_from_tab(qtbot, ctx, tmp_path):
    tab = _tab(qtbot, ctx)
    done = []
    tab.after_pdf = lambda _w, p: done.append(p)
    tab.view.selectRow(0)
    tab.print_notice_to(tab.selected_id(), tmp_path / "n.pdf")
    qtbot.waitUntil(lambda: len(done) == 1, timeout=15000)
    assert "人大代表接待选民公告" in PdfReader(done[0]).pages[0].extract_text()
    tab.calendar.setCurrentPage(2026, 11)
    start, end = tab.schedule_range("quarter")
    assert (start, end) == (date(2026, 10, 1), date(2026, 12, 31))
    tab.print_schedule_to(start, end, tmp_path / "q.pdf")
    qtbot.waitUntil(lambda: len(done) == 2, timeout=15000)
    assert "2026年第四季度接待安排表" in PdfReader(done[1]).pages[0].extract_text()


def test_absence_dialog_feeds_the_rota(qtbot, ctx):
    from liaison_desk.services.schedule.rota import RotaOptions, RotaService
    from liaison_desk.ui.schedule.absence_dialog import AbsenceDialog

    dlg = AbsenceDialog(ctx)
    qtbot.addWidget(dlg)
    did = dlg.deputy.itemData(0)
    dlg.start.setDate(QDate(2027, 1, 1))
    dlg.end.setDate(QDate(2027, 1, 31))
    type_text(dlg.reason, "外出学习")
    dlg.add()
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 3).text() == "外出学习"
    plan = RotaService(ctx.db).propose(RotaOptions(2027, quarter=1), today=date(2026, 11, 28))
    january = [s for s in plan.sessions if s.day.month == 1]
    assert january and all(did not in {d for d, _ in s.deputies} for s in january)
    dlg.table.selectRow(0)
    dlg.remove_selected()
    assert dlg.table.rowCount() == 0
