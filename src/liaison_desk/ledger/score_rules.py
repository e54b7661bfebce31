"""The score rules as a small Excel sheet, so a township can hand the same rules to all its stations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.ledger.cells import CellError, text
from liaison_desk.ledger.reader import column_letter, find_header, is_blank, open_workbook
from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.models.enums import ScoreBasis, ScoreUnit
from liaison_desk.services.activities.scores import RuleRow

SHEET = "考核评分规则"
HEADERS = ("考核项目", "评分对象", "计分依据", "基准数量", "基准分", "每多一项加分", "每少一项减分", "最高分")


def export_rules(rules: list[RuleRow], path: Path | str) -> Path:
    wb = new_workbook()
    write_table(wb, SHEET, "年度考核评分规则（每多一项加分为负数时即为扣分）", HEADERS,
                ([r.item, ScoreUnit.label_of(r.unit), ScoreBasis.label_of(r.basis), r.base_count, r.base_points,
                  r.step_more, r.step_fewer, r.cap if r.cap is not None else ""] for r in rules),
                widths=[34, 10, 20, 10, 8, 14, 14, 8], landscape=True)
    return save_workbook(wb, path)


def _number(value: Any, file: Path, row: int, column: str, blank: float | None = 0.0) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank
    try:
        return float(value) if isinstance(value, int | float) else float(text(value))
    except (ValueError, CellError):
        raise KnownError(f"「{value}」不是数字", file=file, sheet=SHEET, row=row + 1, column=column) from None


def read_rules(path: Path | str) -> list[RuleRow]:
    """The rules of a sheet written by export_rules (or typed in the same columns); errors name the cell."""
    path = Path(path)
    sheets = open_workbook(path)
    sheet = sheets.get(SHEET) or next(iter(sheets.values()), None)
    header = find_header(sheet, HEADERS, min_hits=4) if sheet else None
    if sheet is None or header is None:
        raise KnownError(f"找不到「{SHEET}」表头（{'、'.join(HEADERS)}）", file=path,
                         hint="请用本程序导出的评分规则表修改后再导入")
    cols = {h: header.find(h) for h in HEADERS}
    missing = [h for h, i in cols.items() if i is None and h != "最高分"]
    if missing:
        raise KnownError(f"缺少列：{'、'.join(missing)}", file=path, sheet=sheet.name, row=header.row + 1)
    out: list[RuleRow] = []
    for r in range(header.row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if is_blank(row):
            continue

        def cell(h: str, r: int = r) -> Any:
            i = cols[h]
            return sheet.cell(r, i) if i is not None else None

        item = text(cell("考核项目"))
        if not item:
            raise KnownError("考核项目不能为空", file=path, sheet=sheet.name, row=r + 1, column="考核项目")
        unit = ScoreUnit.from_label(text(cell("评分对象")))
        if unit is None:
            raise KnownError("评分对象只能填“代表小组”或“代表”", file=path, sheet=sheet.name, row=r + 1,
                             column=f"评分对象（{column_letter(cols['评分对象'] or 0)}列）")
        basis = ScoreBasis.from_label(text(cell("计分依据")))
        if basis is None:
            raise KnownError(f"计分依据只能是：{'、'.join(ScoreBasis.labels())}", file=path, sheet=sheet.name,
                             row=r + 1, column="计分依据")
        base_count = _number(cell("基准数量"), path, r, "基准数量")
        if base_count is None or base_count < 0 or not float(base_count).is_integer():
            raise KnownError("基准数量应为 0 或正整数", file=path, sheet=sheet.name, row=r + 1, column="基准数量")
        out.append(RuleRow(item, unit.value, basis.value, int(base_count),
                           _number(cell("基准分"), path, r, "基准分") or 0.0,
                           _number(cell("每多一项加分"), path, r, "每多一项加分") or 0.0,
                           _number(cell("每少一项减分"), path, r, "每少一项减分") or 0.0,
                           _number(cell("最高分"), path, r, "最高分", blank=None)))
    if not out:
        raise KnownError("表中没有评分规则", file=path, sheet=sheet.name)
    return out
