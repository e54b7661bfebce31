"""Read a returned handoff workbook into plain rows per table, collecting every cell error with its place."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from liaison_desk.errors import KnownError
from liaison_desk.files import file_sha256
from liaison_desk.ledger.cells import CellError, normalize_header, to_date
from liaison_desk.ledger.cells import text as cell_text
from liaison_desk.ledger.handoff_cells import importer
from liaison_desk.ledger.reader import Sheet, column_letter, find_header, is_blank, open_workbook
from liaison_desk.services.handoff.rows import Issue, ParsedWorkbook, WbInfo, WbRow, WbSheet
from liaison_desk.services.handoff.schema import FORMAT_VERSION, INFO_SHEET, SHEETS, Col, SheetSpec

NOT_HANDOFF_HINT = "请选择联络站工作台导出、乡镇填好后交回的月度台账"


def _info(path: Path, sheets: dict[str, Sheet]) -> WbInfo:
    sheet = next((s for n, s in sheets.items() if normalize_header(n) == normalize_header(INFO_SHEET)), None)
    if sheet is None:
        raise KnownError(f"不是联络站月度台账（缺少「{INFO_SHEET}」工作表）", file=path, hint=NOT_HANDOFF_HINT)
    kv: dict[str, Any] = {}
    for r in sheet.rows:
        if len(r) >= 2 and cell_text(r[0]):
            kv.setdefault(normalize_header(r[0]), r[1])
    raw = kv.get(normalize_header("格式版本"))
    try:
        version = int(float(cell_text(raw)))
    except ValueError:
        raise KnownError(f"不是联络站月度台账（「{INFO_SHEET}」工作表中没有格式版本）", file=path, sheet=INFO_SHEET,
                         hint=NOT_HANDOFF_HINT) from None
    if version > FORMAT_VERSION:
        raise KnownError(f"这个台账是更新版本的程序导出的（格式版本 {version}，本程序只认识到 {FORMAT_VERSION}）",
                         file=path, sheet=INFO_SHEET, hint="请先把联络站工作台升级到最新版本，再导入")

    def day(key: str) -> date | None:
        try:
            return to_date(kv.get(normalize_header(key)))
        except CellError:
            return None

    return WbInfo(version, cell_text(kv.get(normalize_header("交换编号"))),
                  cell_text(kv.get(normalize_header("个人信息脱敏"))) == "是", day("起始日期"), day("终止日期"),
                  cell_text(kv.get(normalize_header("联络站"))))


def read_workbook(path: Path | str, progress: Callable[[int, int], None] | None = None,
                  password: str | None = None) -> ParsedWorkbook:
    """Parse every data sheet; file-level problems raise KnownError, cell problems become issues.
    A workbook with an opening password needs `password` (crypto.PasswordNeeded without it)."""
    path = Path(path)
    sheets = open_workbook(path, copy_rows=False, password=password)
    info = _info(path, sheets)
    out = ParsedWorkbook(path, info, sha256=file_sha256(path))
    by_norm = {normalize_header(n): s for n, s in sheets.items()}
    total = sum(len(s.rows) for s in sheets.values()) or 1
    done = 0
    for spec in SHEETS:
        sheet = by_norm.get(normalize_header(spec.name))
        if sheet is None and spec.optional:  # a workbook written before this sheet existed: nothing to read
            continue
        if sheet is None:
            out.issues.append(Issue(spec.name, None, None, f"缺少「{spec.name}」工作表（不要删除或改名工作表）"))
            continue
        _read_sheet(spec, sheet, out)
        done += len(sheet.rows)
        if progress:
            progress(done, total)
    return out


def _read_sheet(spec: SheetSpec, sheet: Sheet, out: ParsedWorkbook) -> None:
    cols = [c for c in spec.columns if not c.derived]
    header = find_header(sheet, [c.header for c in spec.columns], min_hits=2)
    if header is None:
        out.issues.append(Issue(sheet.name, None, None, "找不到表头行（第一行是标题，第二行应是列名，如「编号」）"))
        return
    found: list[tuple[Col, int, Callable[[Any], Any]]] = []
    for c in cols:
        idx = header.find(c.header)
        if idx is not None:
            found.append((c, idx, importer(c)))
    if not any(c.field == "id" for c, _, _ in found):
        out.issues.append(Issue(sheet.name, header.row + 1, "编号", "缺少「编号」列（这一列用来对应每一行，不能删除）"))
        return
    table = SQLModel.metadata.tables[spec.table]
    required = {c.field for c, _, _ in found
                if c.field and not table.c[c.field].nullable and c.kind in ("date", "time")
                or (c.field and str(c.kind).startswith("ref:") and not table.c[c.field].nullable)}
    labels = {c.key: header.labels.get(i, c.header) for c, i, _ in found if c.field}
    rows: list[WbRow] = []
    seen: dict[str, int] = {}
    issues = out.issues
    width = max((idx for _, idx, _ in found), default=0) + 1
    fast = [(c.key, idx, parse) for c, idx, parse in found]
    for r in range(header.row + 1, len(sheet.rows)):
        raw = sheet.rows[r]
        if len(raw) < width:
            raw = raw + [None] * (width - len(raw))
        bad = False
        try:
            values: dict[str, Any] = {f: parse(raw[idx]) for f, idx, parse in fast}
        except CellError:  # again cell by cell, to name every bad cell
            values = {}
            for c, idx, parse in found:
                try:
                    values[c.key] = parse(raw[idx])
                except CellError as e:
                    issues.append(Issue(sheet.name, r + 1,
                                        f"{labels.get(c.key, c.header)}（{column_letter(idx)}列）", str(e)))
                    bad = True
        row_id = values.pop("id", None)
        if row_id is None and (is_blank(raw) or all(
                v in (None, "", 0, False) for k, v in values.items() if k != "version")):
            continue  # an empty row, or one of empty-looking cells (formatting only)
        for f in required:
            if values.get(f) is None and not bad:
                issues.append(Issue(sheet.name, r + 1, labels.get(f), "不能为空"))
                bad = True
        if row_id is not None:
            if row_id in seen:
                issues.append(Issue(sheet.name, r + 1, "编号", f"编号与第 {seen[row_id]} 行重复（同一条记录出现了两次）"))
                continue
            seen[row_id] = r + 1
        if not bad:
            rows.append(WbRow(r + 1, row_id, values))
    out.sheets[spec.table] = WbSheet(spec, rows, [c for c, _, _ in found], labels)
