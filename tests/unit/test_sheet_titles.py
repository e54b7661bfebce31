"""A workbook's merged title stays on paper: wrapped (the row taller) when it is wider than its table, and
started at the left when the table prints over several pages across, so no page edge cuts it in two."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from liaison_desk.ledger.report_month import write_form
from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.services.reports.form import FormRow

STATION = "青石镇人大代表联络站"


def test_month_form_title_wraps_inside_its_five_columns(tmp_path):
    out = tmp_path / "月报.xlsx"
    title = "2026年11月联络站月度统计报表"
    write_form([FormRow("来访登记", "来访件数", 44, 0)], STATION, title, date(2026, 11, 1), date(2026, 11, 30), out)
    ws = load_workbook(out).active
    text = ws["A1"].value
    assert text.startswith(title) and STATION in text
    table_width = sum(ws.column_dimensions[c].width for c in "ABCDE")
    # a 16 pt Chinese character is about 2 × 16/11 digit widths of the 11 pt body font
    assert len(text) * 2 * 16 / 11 > table_width, "the title is longer than the table is wide"
    assert ws["A1"].alignment.wrap_text
    assert ws.row_dimensions[1].height >= 2 * 16  # room for two lines of the title


def test_wide_sheet_title_starts_at_the_left(tmp_path):
    wb = new_workbook()
    headers = [f"第{i}列" for i in range(40)]
    write_table(wb, "宽表", "很宽的表", headers, [["x"] * 40], widths=[30] * 40)
    out = save_workbook(wb, tmp_path / "宽.xlsx")
    ws = load_workbook(out)["宽表"]
    assert not ws.sheet_properties.pageSetUpPr.fitToPage  # prints over several pages across
    assert ws["A1"].alignment.horizontal == "left"


def test_short_title_on_a_page_wide_table_stays_centred_on_one_line(tmp_path):
    wb = new_workbook()
    write_table(wb, "表", "短标题", ["姓名", "电话"], [["张三", "1"]])
    ws = load_workbook(save_workbook(wb, tmp_path / "短.xlsx"))["表"]
    assert ws["A1"].alignment.horizontal == "center" and not ws["A1"].alignment.wrap_text
    assert ws.row_dimensions[1].height == 30
