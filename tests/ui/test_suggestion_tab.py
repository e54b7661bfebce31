"""The 建议办理 tab on the demo station: counts, filters, detail timeline, step dialogs, overdue notice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from helpers import DEMO_TODAY, type_text
from liaison_desk.models.enums import Step
from liaison_desk.services.suggestions.service import SuggestionFilter


def _tab(qtbot, ctx):
    from liaison_desk.ui.suggestions.tab import SuggestionsTab

    tab = SuggestionsTab(ctx)
    qtbot.addWidget(tab)
    tab.today = DEMO_TODAY
    tab.refresh()
    assert tab.wait_loaded()
    return tab


def _select_first(qtbot, tab, step):
    tab.step_filter.set_code(step)
    assert tab.wait_loaded()
    assert tab.model.total() > 0
    tab.view.selectRow(0)
    row = tab.selected_row()
    qtbot.waitUntil(lambda: row.number in tab.detail_view.toPlainText(), timeout=5000)  # read in a worker
    return row


def test_counts_filters_and_overdue_highlight(qtbot, qtmodeltester, ctx):
    tab = _tab(qtbot, ctx)
    qtmodeltester.check(tab.model)
    counts = ctx.suggestions.step_counts()
    for s in ("梳理", "交办", "督办", "回复", "反馈", "归档"):
        assert s in tab.summary.text()
    assert f"交办 {counts['assign']}" in tab.summary.text()
    n = tab.deadlines.overdue_count(DEMO_TODAY)
    assert n > 0 and f"已超期 {n} 条" in tab.banner.text()
    tab.deadline_filter.set_code("overdue")
    assert tab.wait_loaded()
    assert tab.model.total() == n
    col = next(i for i, c in enumerate(tab.model.columns) if c.header == "办理期限")
    assert tab.model.data(tab.model.index(0, col), Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
    tab.deadline_filter.set_code("soon")
    assert tab.wait_loaded()
    for i in range(tab.model.rowCount()):
        assert tab.model.row_at(i).deadline >= DEMO_TODAY
    tab.deadline_filter.set_code(None)
    assert tab.wait_loaded()
    agency = ctx.station.agencies()[0]
    tab.agency_filter.set_code(agency.id)
    assert tab.wait_loaded()
    assert tab.model.total() == ctx.suggestions.count(SuggestionFilter(agency_id=agency.id))


def test_detail_pane_and_allowed_moves(qtbot, ctx):
    tab = _tab(qtbot, ctx)
    row = _select_first(qtbot, tab, Step.ARCHIVE.value)
    html = tab.detail_view.toPlainText()
    assert row.number in html and "办理经过" in html and "归档" in html
    assert tab.step_actions["unarchive"].isEnabled() and not tab.step_actions["reply"].isEnabled()
    assert not tab.edit_button.isEnabled() and not tab.delete_button.isEnabled()
    _select_first(qtbot, tab, Step.SORT.value)
    assert tab.step_actions["assign"].isEnabled() and not tab.step_actions["archive"].isEnabled()


def test_assign_then_reply_straight_from_assign_through_dialogs(qtbot, ctx):
    from liaison_desk.ui.suggestions.step_dialog import StepDialog

    tab = _tab(qtbot, ctx)
    row = _select_first(qtbot, tab, Step.SORT.value)
    dlg = StepDialog(ctx, tab.lifecycle, row.id, "assign", tab, today=DEMO_TODAY)
    qtbot.addWidget(dlg)
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()  # no lead agency chosen
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert not dlg._errors["主办单位"].isHidden() and "主办单位" in dlg._errors["主办单位"].text()
    dlg.lead.setCurrentIndex(1)
    expected = tab.deadlines.default_deadline(ctx.suggestions.get(row.id).kind, DEMO_TODAY)
    assert dlg.deadline.date().toPython() == expected
    type_text(dlg.note, "请按期办理")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.result() == QDialog.DialogCode.Accepted
    d = tab.details.detail(row.id)
    assert d.step == Step.ASSIGN.value and d.deadline == expected and d.events[-1].note == "请按期办理"
    # an agency answering on time with no urging: 回复 straight from 交办 is accepted, no 督办 invented
    dlg = StepDialog(ctx, tab.lifecycle, row.id, "reply", tab, today=DEMO_TODAY)
    qtbot.addWidget(dlg)
    dlg.result_box.setCurrentIndex(1)
    type_text(dlg.reply_text, "已解决")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.result() == QDialog.DialogCode.Accepted
    d = tab.details.detail(row.id)
    assert d.step == Step.REPLY.value and "urged" not in [e.kind for e in d.events]


def test_overdue_notice_jumps_to_the_overdue_list(qtbot, demo_db):
    from liaison_desk.app import open_window
    from liaison_desk.services.workspace import Workspace


    w = open_window(Workspace(demo_db))
    qtbot.addWidget(w)
    w.show()
    tab = next(t for t in w.tab_list if t.title == "建议办理")
    n = tab.overdue_count()
    qtbot.waitUntil(lambda: tab.overdue_button.isVisible(), timeout=3000)
    assert f"有 {n} 条意见建议已超期" in tab.overdue_button.text()
    w.tabs.setCurrentIndex(0)
    qtbot.mouseClick(tab.overdue_button, Qt.MouseButton.LeftButton)
    assert tab.wait_loaded()
    assert w.tabs.currentWidget() is tab and tab.deadline_filter.code() == "overdue"
    assert tab.model.total() == n
    assert any("承办单位" in a.text() for a in w.tools_menu.actions())


def test_agency_dialog_adds_an_agency(qtbot, ctx):
    from liaison_desk.ui.suggestions.agency_dialog import AgencyDialog

    dlg = AgencyDialog(ctx)
    qtbot.addWidget(dlg)
    type_text(dlg.name, "临河县民政局")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # stored on the writer thread
    assert not dlg._errors["单位类别"].isHidden()
    dlg.kind.set_code("government")
    type_text(dlg.contact, "赵主任")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # stored on the writer thread
    assert dlg.result() == QDialog.DialogCode.Accepted
    a = ctx.station.agency(dlg.saved_id)
    assert (a.name, a.kind, a.contact_person, a.active) == ("临河县民政局", "government", "赵主任", True)


def test_print_listed_cards_in_the_background_and_a_letter(qtbot, ctx, tmp_path):
    from pypdf import PdfReader

    tab = _tab(qtbot, ctx)
    tab.deadline_filter.set_code("overdue")
    assert tab.wait_loaded()
    ids = tab.listed_ids(tab.current_filter())
    assert len(ids) == tab.model.total() > 1
    done = []
    tab.print_cards_to(tmp_path / "cards.pdf", None, on_done=done.append)  # every listed record
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert len(PdfReader(str(done[0])).pages) == len(ids)
    tab.view.selectRow(0)
    lead = tab.details.detail(tab.selected_id()).lead
    out = tab.letter_to(tmp_path / "letter.pdf", lead.agency_id)
    text = "".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert f"{lead.name}：" in text and tab.selected_row().number in text
    assert "（盖章）" in text and ("人大主席团" in text or "代表工作委员会" in text)  # the body's letter


def test_transfer_letter_and_bodies_dialog(qtbot, ctx, tmp_path):
    from pypdf import PdfReader

    from liaison_desk.ui.suggestions.letters import BodiesDialog, transfer_letter_to

    dlg = BodiesDialog(ctx)
    qtbot.addWidget(dlg)
    assert dlg.township.text() == "青石镇人大主席团" and dlg.county.text() == "临河县人大常委会代表工作委员会"
    dlg.township.setText("青石镇人民代表大会主席团")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    out = transfer_letter_to(ctx, tmp_path / "t.pdf", DEMO_TODAY)
    text = "".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "青石镇人民代表大会主席团：" in text and "青石人大联〔2026〕1号" in text and "（盖章）" in text


def test_overdue_rows_marked_in_the_first_column_with_a_legend(qtbot, ctx):
    tab = _tab(qtbot, ctx)
    tab.deadline_filter.set_code("overdue")
    assert tab.wait_loaded()
    n = tab.model.rowCount()
    assert n > 0 and tab.model.columns[0].header == "编号"
    for i in range(n):
        index = tab.model.index(i, 0)
        assert tab.model.data(index, Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
        assert tab.model.data(index, Qt.ItemDataRole.ToolTipRole) == "已超期"
        assert not tab.model.data(index, Qt.ItemDataRole.DecorationRole).toImage().pixelColor(6, 6).alpha() == 0
    tab.deadline_filter.set_code(None)
    assert tab.wait_loaded()
    archived = _select_first(qtbot, tab, Step.ARCHIVE.value)  # never overdue: no colour, a blank marker
    index = tab.model.index(0, 0)
    assert tab.model.row_at(0).id == archived.id
    assert tab.model.data(index, Qt.ItemDataRole.ForegroundRole) is None
    assert tab.model.data(index, Qt.ItemDataRole.DecorationRole).toImage().pixelColor(6, 6).alpha() == 0
    legend = tab.legend.text()
    assert "已超期" in legend and "#c0392b" in legend and "5个工作日内到期" in legend
    # the 编号 of a county (five digits: 50,000 matters in three years) is not cut
    width = tab.view.columnWidth(0)
    assert tab.view.fontMetrics().horizontalAdvance("〔2026〕第88888号") + 12 + 8 < width


def test_workflow_buttons_named_by_the_next_steps(qtbot, ctx):
    tab = _tab(qtbot, ctx)
    tab.show()

    def shown() -> list[str]:  # the step buttons as laid out, left to right
        steps = set(tab.step_actions.values())
        widgets = [tab.actions.itemAt(i).widget() for i in range(tab.actions.count())]
        return [w.text() for w in widgets if w in steps and w.isVisibleTo(tab)]

    assert shown() == [] and tab.step_hint.isVisibleTo(tab)
    _select_first(qtbot, tab, Step.SORT.value)
    assert shown()[0] == "交办" and tab.step_actions["assign"].font().bold()
    assert "督办" not in shown() and "归档" not in shown()
    _select_first(qtbot, tab, Step.SUPERVISE.value)
    assert shown()[:2] == ["登记回复", "督办"] and tab.step_actions["reply"].font().bold()
    assert "交办" not in shown()
    _select_first(qtbot, tab, Step.FEEDBACK.value)
    assert shown()[0] == "归档" and not tab.step_hint.isVisibleTo(tab)
    assert tab.print_button.menu() is not None and tab.print_button.text() == "打印"


def test_step_dialog_names_the_matter(qtbot, ctx):
    from liaison_desk.ui.suggestions.step_dialog import StepDialog

    tab = _tab(qtbot, ctx)
    row = _select_first(qtbot, tab, Step.SUPERVISE.value)
    dlg = StepDialog(ctx, tab.lifecycle, row.id, "urge", tab, today=DEMO_TODAY)
    qtbot.addWidget(dlg)
    header = dlg.header.text()
    assert row.number in header and row.title in header and "目前环节：督办" in header
    assert dlg.layout().itemAt(0).widget() is dlg.header


def test_print_menu_masks_cards_and_letters_when_ticked(qtbot, ctx, tmp_path):
    import re

    from pypdf import PdfReader

    tab = _tab(qtbot, ctx)
    assert tab.wait_loaded()
    with ctx.db.engine.connect() as c:  # a citizen's opinion: its card shows the citizen's phone
        sid, phone = c.exec_driver_sql("SELECT id, citizen_phone FROM suggestion WHERE citizen_phone != '' "
                                       "LIMIT 1").first()
    tab.mask_print.setChecked(True)
    done = []
    tab.print_cards_to(tmp_path / "cards.pdf", [sid], on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(str(done[0])).pages)
    digits = re.sub(r"\D", "", phone)
    assert digits not in re.sub(r"\D", "", text) and digits[:3] + "****" + digits[-4:] in text
