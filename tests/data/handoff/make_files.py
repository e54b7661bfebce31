"""Make the returned workbooks under tests/data/handoff/ the way a township clerk would.

Run from the repository root: `.venv/bin/python tests/data/handoff/make_files.py` (needs soffice).
The demo station (seed 7, as of 2026-11-28) is exported for 2026-11, then in the workbook:
- 意见建议: two suggestions in 交办 or 督办 get a reply date typed as text, a reply text, a 回复结果 from the
  dropdown and a 满意度; the 回复内容 column is moved to the far right of the sheet;
- 意见建议: the title of a third suggestion is edited (station-owned: listed, not applied);
- 承办单位: a new agency is added at the bottom with no id, and 建议承办 row 3 is given to it;
- 代表名册: the phone of the first deputy is typed as a number;
- an empty row and an extra column 乡镇备注 are added to 来访登记.
The file is saved with openpyxl, then re-saved by LibreOffice as .xlsx, .xls and .ods.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from liaison_desk.demo import build
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.store import open_database

HERE = Path(__file__).parent
REPLIES = [("2026年11月26日", "经实地查看，已安排维修，本月底前完成。", "正在解决", "基本满意"),
           ("2026.11.27", "已列入2027年村道硬化计划。", "列入计划解决", "满意")]


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    db = open_database(tmp / "demo.db")
    build(db, "station", 7, date(2026, 11, 28))
    export_handoff(HandoffService(db), tmp / "exported.xlsx", date(2026, 11, 1), date(2026, 11, 30))
    shutil.copy(tmp / "exported.xlsx", HERE / "exported-2026-11.xlsx")
    wb = load_workbook(tmp / "exported.xlsx")
    ws = wb["意见建议"]
    head = {c.value: c.column for c in ws[2]}
    expected: dict[str, object] = {"replies": [], "title_edit": None}
    # a reply is registered on a suggestion in 交办 or 督办, as in the window (an agency may answer unurged)
    open_rows = [r for r in range(3, ws.max_row + 1) if ws.cell(r, head["当前步骤"]).value in ("交办", "督办")]
    for r, (day, text, result, sat) in zip(open_rows, REPLIES, strict=False):
        ws.cell(r, head["回复日期"]).value = day
        ws.cell(r, head["回复内容"]).value = text
        ws.cell(r, head["回复结果"]).value = result
        ws.cell(r, head["满意度"]).value = sat
        expected["replies"].append({"id": ws.cell(r, 1).value, "reply_text": text, "reply_result": result,
                                    "satisfaction": sat, "reply_on": day})
    r = open_rows[2]
    expected["title_edit"] = {"id": ws.cell(r, 1).value, "title": ws.cell(r, head["标题"]).value + "（乡镇改）"}
    ws.cell(r, head["标题"]).value = expected["title_edit"]["title"]
    # move 回复内容 to the far right
    col = head["回复内容"]
    last = ws.max_column + 1
    ws.move_range(f"{ws.cell(2, col).coordinate}:{ws.cell(ws.max_row, col).coordinate}", cols=last - col)
    ws.delete_cols(col)
    ag = wb["承办单位"]
    ah = {c.value: c.column for c in ag[2]}
    new_row = ag.max_row + 1
    ag.cell(new_row, ah["单位名称"]).value = "青石镇退役军人服务站"
    ag.cell(new_row, ah["单位类别"]).value = "乡镇人大、政府及其办事机构"
    ag.cell(new_row, ah["联系电话"]).value = 3155123999
    expected["new_agency"] = "青石镇退役军人服务站"
    sa = wb["建议承办"]
    sh = {c.value: c.column for c in sa[2]}
    sa.cell(3, sh["承办单位"]).value = "青石镇退役军人服务站"  # chosen from the dropdown
    expected["reassigned"] = sa.cell(3, 1).value
    dep = wb["代表名册"]
    dh = {c.value: c.column for c in dep[2]}
    dep.cell(3, dh["联系电话"]).value = 13912345678
    expected["phone"] = {"id": dep.cell(3, 1).value, "phone": "13912345678"}
    v = wb["来访登记"]
    v.cell(2, v.max_column + 1).value = "乡镇备注"
    v.insert_rows(5)
    wb.save(tmp / "edited.xlsx")
    for fmt in ("xlsx", "xls", "ods"):
        out = tmp / fmt
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out), str(tmp / "edited.xlsx")],
                       check=True, capture_output=True, timeout=180)
        shutil.copy(out / f"edited.{fmt}", HERE / f"returned-libreoffice.{fmt}")
    (HERE / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2), encoding="utf-8")
    db.close()


if __name__ == "__main__":
    main()
