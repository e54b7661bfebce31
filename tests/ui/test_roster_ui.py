"""Roster screens: the full deputy dialog, the import preview, the tab's actions and the deputy picker."""

from __future__ import annotations

from datetime import date

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from helpers import DATA, type_text
from liaison_desk.ledger.roster_import import preview_file
from liaison_desk.printing.board import BoardOptions
from liaison_desk.services.roster.service import DeputyFilter

ROSTER = DATA / "roster"
GOOD_ID = "11010519491231002X"


def _save(dlg):
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    dlg.wait_saved()  # stored on the writer thread


def test_dialog_saves_every_field_with_photo(qtbot, ctx, tmp_path):
    from liaison_desk.ui.roster.deputy_dialog import DeputyDialog

    dlg = DeputyDialog(ctx)
    qtbot.addWidget(dlg)
    type_text(dlg.name, "单田芳")
    dlg.gender.set_code("m")
    type_text(dlg.ethnicity, "回族")
    dlg.birth_date.setText("1949-12-31")
    dlg.political.setCurrentText("中共党员")
    dlg.education.setCurrentText("大学专科")
    dlg.id_number.edit.setText(GOOD_ID.lower())
    dlg.phone.setText("13803151234")
    type_text(dlg.work_unit, "单家庄村")
    type_text(dlg.post, "党支部书记")
    type_text(dlg.address, "单家庄村")
    type_text(dlg.constituency, "第3选区")
    dlg.is_cppcc.setChecked(True)
    dlg.notes.setPlainText("说书")
    dlg.level_checks["county"].setChecked(True)
    dlg.level_terms["county"].setText("第十八届")
    dlg.levels.starts["county"].setText("2021-12-28")
    dlg.level_checks["township"].setChecked(True)
    dlg.group_role.set_code("deputy_leader")
    dlg.group.setCurrentIndex(1)
    picture = tmp_path / "photo.png"
    Image.new("RGB", (600, 800), (10, 120, 200)).save(picture)
    assert dlg.photo.load_file(picture)
    assert dlg.photo.picture.pixmap() is not None and not dlg.photo.picture.pixmap().isNull()
    _save(dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.general_error.text()
    rec = ctx.roster.get(dlg.saved_id)
    assert (rec.name, rec.gender, rec.ethnicity, rec.birth_date) == ("单田芳", "m", "回族", date(1949, 12, 31))
    assert (rec.political, rec.education, rec.id_number) == ("中共党员", "大学专科", GOOD_ID)
    assert (rec.work_unit, rec.post, rec.address, rec.constituency) == ("单家庄村", "党支部书记", "单家庄村", "第3选区")
    assert rec.is_cppcc and rec.notes == "说书" and rec.group_role == "deputy_leader" and rec.group_id
    assert [(e.level, e.term, e.start_date) for e in rec.levels] == [
        ("county", "第十八届", date(2021, 12, 28)), ("township", "", None)]
    assert (ctx.db.paths.photos / rec.photo).is_file()
    # opened again, the ID number is shown masked
    again = DeputyDialog(ctx, rec.id)
    qtbot.addWidget(again)
    assert again.id_number.edit.text() == "110105********002X" and again.id_number.edit.isReadOnly()
    assert ctx.roster.list(DeputyFilter(query="stf"))[0].name == "单田芳"


def test_invalid_id_and_date_shown_next_to_the_field(qtbot, ctx):
    from liaison_desk.ui.roster.deputy_dialog import DeputyDialog

    before = ctx.roster.count()
    dlg = DeputyDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.name.setText("李四")
    dlg.level_checks["township"].setChecked(True)
    dlg.id_number.edit.setText("110105194912310021")
    _save(dlg)
    assert not dlg._errors["身份证号"].isHidden() and "校验位" in dlg._errors["身份证号"].text()
    dlg.id_number.edit.setText("")
    dlg.birth_date.setText("1975-13-40")
    _save(dlg)
    assert dlg._errors["身份证号"].isHidden()
    assert not dlg._errors["出生日期"].isHidden()
    assert ctx.roster.count() == before


def test_status_change_kept_as_history_and_cancel_drops_new_photo(qtbot, ctx, tmp_path):
    from liaison_desk.ui.roster.deputy_dialog import DeputyDialog

    did = ctx.roster.list()[0].id
    dlg = DeputyDialog(ctx, did)
    qtbot.addWidget(dlg)
    assert not dlg.status_reason.isEnabled()
    dlg.status.set_code("left")
    assert dlg.status_reason.isEnabled()
    type_text(dlg.status_reason, "工作调动")
    _save(dlg)
    history = ctx.roster.status_history(did)
    assert (history[0].status, history[0].reason) == ("left", "工作调动")
    picture = tmp_path / "p.jpg"
    Image.new("RGB", (30, 40)).save(picture)
    dlg2 = DeputyDialog(ctx, did)
    qtbot.addWidget(dlg2)
    assert "工作调动" in dlg2.history.item(0).text()
    dlg2.photo.load_file(picture)
    stored = ctx.db.paths.photos / dlg2.photo.name
    assert stored.is_file()
    dlg2.reject()
    assert not stored.exists()


def test_import_preview_excludes_bad_rows_explicitly(qtbot, qtmodeltester, ctx):
    from liaison_desk.ui.roster.import_dialog import RosterImportDialog

    before = ctx.roster.count()
    dlg = RosterImportDialog(ctx, preview_file(ctx.db, ROSTER / "mistakes_libreoffice.xlsx"))
    qtbot.addWidget(dlg)
    qtmodeltester.check(dlg.model)
    assert not dlg.import_button.isEnabled()
    assert "还有 7 行有错误" in dlg.hint.text()
    dlg.show_only.set_code("error")
    assert dlg.model.rowCount() == 7
    dlg.model.setData(dlg.model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert dlg.remaining_errors() == 6 and not dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.exclude_errors, Qt.MouseButton.LeftButton)
    assert dlg.import_button.isEnabled()
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result_counts is not None, timeout=10000)
    assert dlg.result_counts["new"] == 1 and ctx.roster.count() == before + 1


def test_import_preview_lets_the_clerk_map_a_column(qtbot, ctx):
    from liaison_desk.ui.roster.import_dialog import RosterImportDialog

    dlg = RosterImportDialog(ctx, preview_file(ctx.db, ROSTER / "township.ods"))
    qtbot.addWidget(dlg)
    assert "表头在第 3 行" in dlg.source_label.text()
    assert dlg.plan.count("new") == 6
    card = next(i for i, h in dlg.plan.source.headers.items() if h == "代表证号")
    remark = next(i for i, h in dlg.plan.source.headers.items() if h == "备注")
    assert dlg.chosen_mapping()["notes"] == remark
    dlg.set_field("代表证号", "notes")
    assert dlg.chosen_mapping()["notes"] == card
    assert dlg.combos[remark].currentData() is None  # one column per field: 备注 is now 不导入
    qtbot.mouseClick(dlg.recheck, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.plan.mapping.get("notes") == card, timeout=10000)
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.result_counts is not None, timeout=10000)
    notes = {r.notes for r in ctx.roster.all_records() if r.notes.startswith("D-")}
    assert notes == {f"D-00{i}" for i in range(1, 7)}


def test_tab_search_filters_import_export_print(qtbot, qtmodeltester, ctx, tmp_path):
    from liaison_desk.ui.roster.tab import RosterTab

    tab = RosterTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.ensure_loaded()
    qtmodeltester.check(tab.model)
    total = tab.model.total()
    assert "在任：" in tab.summary.text()
    target = ctx.roster.list()[3]
    from liaison_desk.services.names import pinyin_keys

    initials = pinyin_keys(target.name)[1].split("|")[0]
    type_text(tab.search_box, initials)
    qtbot.waitUntil(lambda: tab.model.total() < total, timeout=3000)
    assert target.id in [tab.model.row_at(i).id for i in range(tab.model.rowCount())]
    tab.search_box.clear()
    qtbot.waitUntil(lambda: tab.model.total() == total, timeout=3000)
    gid = ctx.roster.groups()[0][0]
    tab.group_filter.set_code(gid)
    assert tab.wait_loaded()
    assert 0 < tab.model.total() <= total  # the demo station has one group of 12–15
    tab.search_box.setText("没有这个人")
    qtbot.waitUntil(lambda: tab.model.total() == 0, timeout=3000)  # group and search filters combine
    tab.search_box.clear()
    qtbot.waitUntil(lambda: tab.model.total() > 0, timeout=3000)
    tab.group_filter.set_code(None)
    tab.import_workbook(str(ROSTER / "township.xls"))
    qtbot.waitUntil(lambda: getattr(tab, "import_dialog", None) is not None and tab.import_dialog.isVisible(),
                    timeout=10000)
    qtbot.mouseClick(tab.import_dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.total() == total + 6, timeout=10000)
    out = tmp_path / "名册.xlsx"
    tab.export_workbook(str(out))
    qtbot.waitUntil(out.exists, timeout=10000)
    pdf = tmp_path / "board.pdf"
    tab.print_board(str(pdf), BoardOptions(paper="A3", hide_phone=True))
    qtbot.waitUntil(pdf.exists, timeout=20000)


def test_picker_finds_by_initials_and_keeps_ticks(qtbot, ctx):
    from liaison_desk.services.names import pinyin_keys
    from liaison_desk.ui.common.pickers import DeputyPicker

    rows = ctx.roster.list(DeputyFilter(status="active"))
    first, other = rows[0], rows[5]
    picker = DeputyPicker(ctx, [first.id])
    qtbot.addWidget(picker)
    assert picker.selected_ids() == [first.id]
    picker.search.setText(pinyin_keys(other.name)[1].split("|")[0])
    picker.search.returnPressed.emit()
    ids = [picker.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(picker.list.count())]
    assert ids[0] == first.id and other.id in ids
    item = picker.list.item(ids.index(other.id))
    item.setCheckState(Qt.CheckState.Checked)
    assert set(picker.selected_ids()) == {first.id, other.id}
    assert "已选 2 名" in picker.count_label.text()
