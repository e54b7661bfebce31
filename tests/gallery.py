"""Every dialog of the program, opened on the demo station with realistic content: the fit test and
tools/screenshots.py both use this list, and a dialog class missing from it fails the test."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from helpers import DATA, DEMO_TODAY

LONG_REPLY = ("经核查，该路段排水沟因年久失修、淤积严重，雨季积水影响群众出行。镇农业农村办已会同村委会制定整治方案："
              "一是本月内清理淤泥约三百米；二是对破损盖板全部更换；三是列入明年农村人居环境整治项目，"
              "争取县级资金新建排水管网。整治期间安排专人巡查，确保安全。办理情况已电话告知反映人，"
              "反映人表示基本满意，希望加快进度。")
LONG_STATION = ("本站电话回访记录：承办单位答复已清理部分淤泥，但盖板尚未更换，群众仍有意见。"
                "联络员已于十一月二十日再次督办，承办单位承诺月底前完成，届时组织代表实地查看。")


@dataclass(frozen=True)
class Entry:
    """One dialog on screen: a file-name-safe title, its class, and how to open it with content."""

    name: str
    cls: type
    build: Callable[[Any, Path], Any]  # (AppContext over the demo station, a scratch folder) -> the dialog


def _deputy(ctx: Any) -> str:
    return ctx.roster.choices("", limit=1)[0][0]


def _suggestion(ctx: Any, step: str) -> str:
    from liaison_desk.services.base import Page
    from liaison_desk.services.suggestions.service import SuggestionFilter

    return ctx.suggestions.list(SuggestionFilter(step=step), Page(0, 1))[0].id


def _step(action: str, step: str) -> Callable[[Any, Path], Any]:
    def build(ctx: Any, _tmp: Path) -> Any:
        from liaison_desk.ui.suggestions.step_dialog import StepDialog

        return StepDialog(ctx, ctx.lifecycle, _suggestion(ctx, step), action, today=DEMO_TODAY)
    return build


def _session_with_warnings(ctx: Any, _tmp: Path) -> Any:
    """A session dialog whose draft breaks several rules at once (holiday, late notice, one deputy)."""
    from PySide6.QtCore import QDate, Qt

    from liaison_desk.ui.schedule.session_dialog import SessionDialog

    d = SessionDialog(ctx, None, day=date(2026, 10, 3))
    d.deputies.list.item(0).setCheckState(Qt.CheckState.Checked)
    d.posted.setChecked(True)
    d.notice.setDate(QDate(2026, 10, 5))
    d.venue.setText("小寨村村民委员会")
    d.update_rules()
    return d


def _session_existing(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.ui.schedule.session_dialog import SessionDialog

    sid = ctx.schedule.on_day(_first_session_day(ctx))[0].id
    return SessionDialog(ctx, sid)


def _first_session_day(ctx: Any) -> date:
    from datetime import timedelta

    day = DEMO_TODAY
    for _ in range(400):
        if ctx.schedule.on_day(day):
            return day
        day -= timedelta(days=1)
    raise AssertionError("the demo station has no session")


def _visit_new(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.ui.visits.visit_dialog import VisitDialog

    d = VisitDialog(ctx)
    d.day.setDate(_first_session_day(ctx))
    return d


def _visit_existing(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.services.base import Page
    from liaison_desk.ui.visits.visit_dialog import VisitDialog

    vid = ctx.visits.list(_visit_filter(), Page(0, 1))[0].id
    return VisitDialog(ctx, vid)


def _visit_followup(ctx: Any, _tmp: Path) -> Any:
    """A visit handled 其他 whose follow-up (转交对象, 反馈) is still open."""
    from liaison_desk.services.base import Page
    from liaison_desk.services.visits.service import VisitFilter
    from liaison_desk.ui.visits.visit_dialog import VisitDialog

    vid = ctx.visits.list(VisitFilter(followup_open=True), Page(0, 1))[0].id
    return VisitDialog(ctx, vid)


def _visit_filter() -> Any:
    from liaison_desk.services.visits.service import VisitFilter

    return VisitFilter()


def _handoff_conflicts(ctx: Any, tmp: Path) -> Any:
    """The import preview of the township's returned workbook after the station changed two replies."""
    import json

    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.ledger.handoff_import import read_handoff
    from liaison_desk.ui.handoff.import_dialog import HandoffPreviewDialog

    export_handoff(ctx.handoff, tmp / "exported.xlsx", date(2026, 11, 1), date(2026, 11, 30), False)
    expected = json.loads((DATA / "handoff" / "expected.json").read_text(encoding="utf-8"))
    with ctx.db.engine.begin() as conn:
        for reply in expected["replies"][:2]:
            conn.exec_driver_sql("UPDATE suggestion SET reply_text = ?, version = version + 1 WHERE id = ?",
                                 (LONG_STATION, reply["id"]))
    returned = tmp / "returned.xlsx"
    shutil.copy(DATA / "handoff" / "returned-libreoffice.xlsx", returned)
    return HandoffPreviewDialog(read_handoff(ctx.handoff, returned))


def _handoff_errors(ctx: Any, tmp: Path) -> Any:
    from openpyxl import load_workbook

    from liaison_desk.ledger.handoff_import import read_handoff
    from liaison_desk.ui.handoff.import_dialog import HandoffPreviewDialog

    wb = load_workbook(DATA / "handoff" / "exported-2026-11.xlsx")
    wb["来访登记"]["B3"] = "2026年13月45日"
    bad = tmp / "bad.xlsx"
    wb.save(bad)
    return HandoffPreviewDialog(read_handoff(ctx.handoff, bad))


def _restore(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.store.backup import make_backup
    from liaison_desk.ui.safety.backup_dialogs import RestoreDialog

    make_backup(ctx.db.path)
    return RestoreDialog(ctx.safety.backups(), lambda p: ctx.safety.inspect(p, full=False))


def _rota(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.ui.schedule.rota_dialog import RotaDialog

    d = RotaDialog(ctx, 2027)
    d.quarter.setCurrentIndex(1)
    d._show(ctx.rota.propose(d.options()))  # the proposal, computed here rather than in a worker
    return d


def _proposal(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.services.schedule.rota import ProposedSession
    from liaison_desk.ui.schedule.rota_dialog import ProposalEditor

    ids = [did for did, _label in ctx.roster.choices("", limit=3)]
    names = ctx.schedule.deputy_names(ids)
    p = ProposedSession(date(2027, 1, 20), time(9, 0), time(11, 30), "联络站", date(2027, 1, 13),
                        tuple((i, names.get(i, "")) for i in ids), "乡村振兴专题接待")
    return ProposalEditor(ctx, p)


def _damaged(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.store.backup import inspect, make_backup
    from liaison_desk.ui.safety.backup_dialogs import damaged_box

    return damaged_box(inspect(make_backup(ctx.db.path)))[0]


def _crash(_ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.ui.common.crash import crash_box

    return crash_box(None)[0]


def _import_roster(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.ledger.roster_import import preview_file
    from liaison_desk.ui.roster.import_dialog import RosterImportDialog

    return RosterImportDialog(ctx, preview_file(ctx.db, DATA / "roster" / "mistakes_libreoffice.xlsx"))


def _stale_edit(ctx: Any, _tmp: Path) -> Any:
    """A save refused because another clerk saved the record meanwhile: long texts on both sides."""
    from liaison_desk.errors import STALE, StaleEdit
    from liaison_desk.ui.common.conflict import StaleEditDialog

    long = "前进村灌溉渠年久失修，春灌用水困难，群众多次反映，请尽快安排维修并答复。" * 4
    return StaleEditDialog(StaleEdit(STALE, fields=[("标题", "前进村灌溉渠年久失修", "前进村灌溉渠年久失修（已报修）"),
                                                    ("反映问题", long + "（补充）", long), ("备注", "", "镇水利站已受理")],
                                     version=3))


def _activity(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.services.activities.service import ActivityFilter
    from liaison_desk.services.base import Page
    from liaison_desk.ui.activities.dialog import ActivityDialog

    rows = [r for r in ctx.activities.list(ActivityFilter(), Page(0, 50)) if r.source == "activity"]
    return ActivityDialog(ctx, rows[0].id if rows else None)


def _member(ctx: Any, _tmp: Path) -> Any:
    from liaison_desk.ui.activities.members_dialog import MemberDialog

    rows = ctx.members.list()
    return MemberDialog(ctx, rows[0].id if rows else None)


def _entries() -> list[Entry]:
    from PySide6.QtWidgets import QMessageBox

    from liaison_desk.ui.activities.dialog import ActivityDialog
    from liaison_desk.ui.activities.members_dialog import MemberDialog, MembersDialog
    from liaison_desk.ui.activities.print_dialog import ActivityPrintDialog
    from liaison_desk.ui.common.conflict import StaleEditDialog
    from liaison_desk.ui.handoff.export_dialog import HandoffExportDialog
    from liaison_desk.ui.handoff.import_dialog import HandoffPreviewDialog
    from liaison_desk.ui.reports.papers_dialog import PapersDialog
    from liaison_desk.ui.reports.stats_dialog import StatsDialog as ReportStatsDialog
    from liaison_desk.ui.roster.deputy_dialog import DeputyDialog
    from liaison_desk.ui.roster.import_dialog import RosterImportDialog
    from liaison_desk.ui.roster.merge_dialog import MergeDialog
    from liaison_desk.ui.roster.print_dialog import BoardOptionsDialog
    from liaison_desk.ui.safety.audit_dialog import AuditDialog
    from liaison_desk.ui.safety.backup_dialogs import RestoreDialog
    from liaison_desk.ui.safety.operator_dialog import OperatorDialog
    from liaison_desk.ui.schedule.absence_dialog import AbsenceDialog
    from liaison_desk.ui.schedule.compliance_dialog import ComplianceDialog
    from liaison_desk.ui.schedule.holidays_dialog import HolidayDialog
    from liaison_desk.ui.schedule.rota_dialog import ProposalEditor, RotaDialog
    from liaison_desk.ui.schedule.session_dialog import SessionDialog
    from liaison_desk.ui.station.dialog import StationDialog
    from liaison_desk.ui.suggestions.agency_dialog import AgencyDialog, AgencyListDialog
    from liaison_desk.ui.suggestions.letters import BodiesDialog
    from liaison_desk.ui.suggestions.stats_dialog import StatsDialog
    from liaison_desk.ui.suggestions.step_dialog import StepDialog
    from liaison_desk.ui.suggestions.suggestion_dialog import SuggestionDialog
    from liaison_desk.ui.township.dialog import TownshipDialog
    from liaison_desk.ui.visits.print_dialog import PrintRegisterDialog
    from liaison_desk.ui.visits.visit_dialog import VisitDialog

    return [
        Entry("两位办事员同时修改", StaleEditDialog, _stale_edit),
        Entry("本站信息-首次启动", StationDialog, lambda c, _t: StationDialog(c.station, first_start=True)),
        Entry("本站信息", StationDialog, lambda c, _t: StationDialog(c.station)),
        Entry("新增代表", DeputyDialog, lambda c, _t: DeputyDialog(c)),
        Entry("修改代表信息", DeputyDialog, lambda c, _t: DeputyDialog(c, _deputy(c))),
        Entry("导入代表名册", RosterImportDialog, _import_roster),
        Entry("合并重复的代表", MergeDialog, lambda c, _t: MergeDialog(c, first=_deputy(c))),
        Entry("打印公示栏", BoardOptionsDialog, lambda _c, _t: BoardOptionsDialog()),
        Entry("新增接待安排-制度提醒", SessionDialog, _session_with_warnings),
        Entry("修改接待安排", SessionDialog, _session_existing),
        Entry("频次落实", ComplianceDialog, lambda c, _t: ComplianceDialog(c, 2026)),
        Entry("生成轮值安排", RotaDialog, _rota),
        Entry("修改拟安排的接待", ProposalEditor, _proposal),
        Entry("法定节假日", HolidayDialog, lambda c, _t: HolidayDialog(c, 2026)),
        Entry("代表请假", AbsenceDialog, lambda c, _t: AbsenceDialog(c)),
        Entry("来访登记", VisitDialog, _visit_new),
        Entry("修改来访登记", VisitDialog, _visit_existing),
        Entry("修改来访登记-转交跟进", VisitDialog, _visit_followup),
        Entry("打印来访登记簿", PrintRegisterDialog, lambda c, _t: PrintRegisterDialog(c)),
        Entry("新增意见建议", SuggestionDialog, lambda c, _t: SuggestionDialog(c)),
        Entry("修改意见建议", SuggestionDialog, lambda c, _t: SuggestionDialog(c, _suggestion(c, "assign"))),
        Entry("交办", StepDialog, _step("assign", "sort")),
        Entry("合并相关事项", StepDialog, _step("merge", "sort")),
        Entry("督办", StepDialog, _step("urge", "assign")),
        Entry("登记退回", StepDialog, _step("return", "assign")),
        Entry("延期", StepDialog, _step("extend", "supervise")),
        Entry("登记回复", StepDialog, _step("reply", "supervise")),
        Entry("登记回复-未督办", StepDialog, _step("reply", "assign")),
        Entry("登记反馈", StepDialog, _step("feedback", "reply")),
        Entry("归档", StepDialog, _step("archive", "feedback")),
        Entry("办理统计", StatsDialog, lambda c, _t: StatsDialog(c.deadlines, today=DEMO_TODAY)),
        Entry("新增承办单位", AgencyDialog, lambda c, _t: AgencyDialog(c)),
        Entry("承办单位管理", AgencyListDialog, lambda c, _t: AgencyListDialog(c)),
        Entry("交办机关", BodiesDialog, lambda c, _t: BodiesDialog(c)),
        Entry("新增活动", ActivityDialog, lambda c, _t: ActivityDialog(c, None)),
        Entry("修改活动", ActivityDialog, _activity),
        Entry("小组成员", MembersDialog, lambda c, _t: MembersDialog(c)),
        Entry("修改小组成员", MemberDialog, _member),
        Entry("打印活动记录簿", ActivityPrintDialog, lambda c, _t: ActivityPrintDialog(c, "book")),
        Entry("打印考勤通报", ActivityPrintDialog, lambda c, _t: ActivityPrintDialog(c, "attendance")),
        Entry("打印考核评分表", ActivityPrintDialog, lambda c, _t: ActivityPrintDialog(c, "score")),
        Entry("统计报表", ReportStatsDialog, lambda c, _t: ReportStatsDialog(c)),
        Entry("办理结果公示", PapersDialog, lambda c, _t: PapersDialog(c, "results")),
        Entry("履职情况公示", PapersDialog, lambda c, _t: PapersDialog(c, "performance")),
        Entry("代表履职档案", PapersDialog, lambda c, _t: PapersDialog(c, "record")),
        Entry("导出月度台账", HandoffExportDialog,
              lambda _c, _t: HandoffExportDialog("青石镇人大代表联络站", today=date(2026, 12, 5))),
        Entry("导入台账-冲突", HandoffPreviewDialog, _handoff_conflicts),
        Entry("导入台账-错误", HandoffPreviewDialog, _handoff_errors),
        Entry("切换操作员", OperatorDialog, lambda _c, _t: OperatorDialog(["王芳", "李明"], "王芳")),
        Entry("操作日志", AuditDialog, lambda c, _t: AuditDialog(c.audit)),
        Entry("从备份恢复", RestoreDialog, _restore),
        Entry("数据库已损坏", QMessageBox, _damaged),
        Entry("程序出错", QMessageBox, _crash),
        Entry("乡镇汇总", TownshipDialog, lambda c, _t: TownshipDialog(c.workspace.township, c.workspace.reporting)),
    ]


ENTRIES: list[Entry] = []


def entries() -> list[Entry]:
    if not ENTRIES:
        ENTRIES.extend(_entries())
    return ENTRIES


ABSTRACT = {"FormDialog"}  # bases that are never shown themselves


def dialog_classes() -> set[type]:
    """Every QDialog subclass defined in liaison_desk.ui (imported module by module)."""
    from PySide6.QtWidgets import QDialog

    import liaison_desk.ui as ui

    found: set[type] = set()
    for info in pkgutil.walk_packages(ui.__path__, "liaison_desk.ui."):
        module = importlib.import_module(info.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (issubclass(obj, QDialog) and obj.__module__ == module.__name__
                    and obj.__name__ not in ABSTRACT):
                found.add(obj)
    return found


def windows_like_font() -> Any:
    """A font at least as large as Windows' Chinese UI font (Microsoft YaHei UI 9 pt: 12 px glyphs,
    16 px lines): measuring with it keeps the fit honest for the clerk's PC, not just this machine."""
    from PySide6.QtGui import QFont

    font = QFont("WenQuanYi Micro Hei")
    font.setPixelSize(14)
    return font
