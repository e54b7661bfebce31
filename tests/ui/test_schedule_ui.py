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
    assert tab.grid.rowCount() == 2 and "2026年接待频次" in tab.grid_title.text()  # 乡镇 and 县 (seed 7)


def test_notice_due_tomorrow_is_in_the_start_up_reminder(qtbot, ctx):
    from datetime import timedelta

    from liaison_desk.app import open_window
    from liaison_desk.services.schedule.rules import latest_notice_date

    cal = ctx.rules.calendar()
    tomorrow = cal.add_working_days(date.today(), 1)
    day = next(date.today() + timedelta(days=n) for n in range(1, 30)
               if latest_notice_date(cal, date.today() + timedelta(days=n)) == tomorrow)
    ids = [d for d, _ in ctx.roster.choices("", limit=2)]
    ctx.schedule.save(SessionRecord(day=day, start_time=time(15), end_time=time(16), venue="西关村委会",
                                    deputy_ids=ids))
    expected = f"{day.month}月{day.day}日的接待须在{tomorrow.month}月{tomorrow.day}日前张贴公告"
    w = open_window(ctx.workspace)
    qtbot.addWidget(w)
    w.show()
    tab = w.tab_list[1]
    qtbot.waitUntil(lambda: tab.notice_alert.isVisible(), timeout=5000)
    assert expected in tab.notice_alert.toolTip().splitlines()
    tab.ensure_loaded()
    assert expected in tab.reminders.text()


def test_session_dialog_checks_rules_live_and_saves(qtbot, ctx):
    from liaison_desk.ui.schedule.session_dialog import SessionDialog

    dlg = SessionDialog(ctx, None, day=date(2026, 10, 9))
    qtbot.addWidget(dlg)
    assert not dlg.posted.isChecked() and not dlg.notice.isEnabled()  # empty until posted
    assert "公告最晚2026年9月29日张贴" in dlg.latest_label.text()  # across National Day 2026
    assert "至少应有 2 名代表" in dlg.rules.text()
    items = [dlg.deputies.list.item(i) for i in range(3)]
    for item in items:
        item.setCheckState(Qt.CheckState.Checked)
    assert dlg.attendance.rowCount() == 3
    dlg.posted.setChecked(True)
    dlg.notice.setDate(QDate(2026, 9, 30))
    assert "只提前了 2 个工作日" in dlg.rules.text()
    dlg.notice.setDate(QDate(2026, 9, 29))
    assert dlg.rules.text().startswith("符合联络站制度")
    dlg.day.setDate(QDate(2026, 10, 3))
    assert "是节假日" in dlg.rules.text()
    dlg.day.setDate(QDate(2026, 10, 9))
    # two of the three on leave / absent: too few deputies attend
    dlg.attendance.combo(0).set_code("leave")
    dlg.attendance.cellWidget(0, 2).setText("外出学习")
    dlg.attendance.combo(1).set_code("absent")
    assert "只有 1 名出席" in dlg.rules.text()
    dlg.attendance.combo(1).set_code("present")
    assert dlg.rules.text().startswith("符合联络站制度")
    # unticking and ticking a deputy again keeps what was chosen for them
    items[0].setCheckState(Qt.CheckState.Unchecked)
    assert dlg.attendance.rowCount() == 2
    items[0].setCheckState(Qt.CheckState.Checked)
    assert dlg.attendance.combo(dlg.attendance.ids.index(items[0].data(Qt.ItemDataRole.UserRole))).code() == "leave"
    type_text(dlg.theme, "乡村振兴专题接待")
    type_text(dlg.places, "第3选区公告栏、东关村村务公开栏")
    dlg.officials.add(Official("李明", "镇农业农村办", "主任"))
    dlg._try_save()
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.saved_id
    rec = ctx.schedule.get(dlg.saved_id)
    assert rec.theme == "乡村振兴专题接待" and len(rec.deputy_ids) == 3
    assert rec.notice_date == date(2026, 9, 29) and rec.officials[0].unit == "镇农业农村办"
    assert rec.notice_places == ["第3选区公告栏", "东关村村务公开栏"]
    leave = items[0].data(Qt.ItemDataRole.UserRole)
    assert rec.attendance[leave].status == "leave" and rec.attendance[leave].reason == "外出学习"
    assert sorted(p.status for p in rec.attendance.values()) == ["leave", "present", "present"]


def test_unposted_notice_is_saved_empty_and_announced_asks_for_it(qtbot, ctx):
    from liaison_desk.ui.schedule.session_dialog import SessionDialog

    dlg = SessionDialog(ctx, None, day=date(2027, 3, 17))
    qtbot.addWidget(dlg)
    for i in range(2):
        dlg.deputies.list.item(i).setCheckState(Qt.CheckState.Checked)
    dlg._try_save()
    dlg.wait_saved()  # stored on the writer thread
    assert ctx.schedule.get(dlg.saved_id).notice_date is None
    dlg2 = SessionDialog(ctx, dlg.saved_id)
    qtbot.addWidget(dlg2)
    dlg2.posted.setChecked(False)
    dlg2.status.set_code("announced")
    assert dlg2.posted.isChecked()  # 已公告 means it is up: the date is asked for


def test_compliance_dialog_grid_and_turns(qtbot, ctx):
    from liaison_desk.ui.schedule.compliance_dialog import ComplianceDialog

    dlg = ComplianceDialog(ctx, 2026)
    qtbot.addWidget(dlg)
    report = ctx.frequency.year(2026)
    # the demo station (seed 7) has township and county deputies only: 12 and 4 cells
    assert [len(r) for r in dlg.grid.symbols()] == [12, 4]
    assert [dlg.grid.verticalHeaderItem(i).text() for i in range(2)] == ["乡镇 每月", "县（区） 每季度"]
    flat = [x for r in dlg.grid.symbols() for x in r]
    assert set(flat) <= {"✓", "⚠", "·", "–"}
    assert flat.count("⚠") == len(report.behind)
    assert dlg.turns.rowCount() == len(report.turns)
    attended = [int(dlg.turns.item(i, 2).text()) for i in range(dlg.turns.rowCount())]
    assert attended == sorted(attended)  # fewest turns first
    dlg.year.setValue(2027)
    assert "⚠" not in [x for r in dlg.grid.symbols() for x in r]


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
