"""Read a returned handoff workbook into plain rows per table, collecting every cell error with its place."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.files import file_sha256
from liaison_desk.ledger.cells import EXCEL_CELL_LIMIT, CellError, normalize_header, to_date
from liaison_desk.ledger.cells import text as cell_text
from liaison_desk.ledger.handoff_cells import importer, parse_id, parse_id_column
from liaison_desk.ledger.reader import Sheet, column_letter, find_header, is_blank, open_workbook
from liaison_desk.models import metadata
from liaison_desk.services.handoff.rows import Issue, ParsedWorkbook, WbInfo, WbRow, WbSheet
from liaison_desk.services.handoff.schema import (
    DATE_ORDER,
    FORMAT_VERSION,
    INFO_SHEET,
    SHEETS,
    Col,
    SheetSpec,
    date_problem,
)
from liaison_desk.text import fmt_date

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
                  password: str | None = None, today: date | None = None) -> ParsedWorkbook:
    """Parse every data sheet; file-level problems raise KnownError, cell problems become issues (a text
    longer than its column holds and an impossible date among them, `today` deciding what is future).
    A workbook with an opening password needs `password` (crypto.PasswordNeeded without it)."""
    path = Path(path)
    today = today or date.today()
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
        _read_sheet(spec, sheet, out, today)
        done += len(sheet.rows)
        if progress:
            progress(done, total)
    return out


def _limits(table: Any, found: list[tuple[Col, int, Any]]) -> list[tuple[str, int, bool]]:
    """(field, most characters, a number typed with spaces and dashes) of the text columns: the stored
    column's length, else what an Excel cell holds."""
    out = []
    for c, _, _ in found:
        if c.field and c.field != "id" and c.kind in ("text", "agency") and c.field in table.c:
            number = c.field == "id_number" or c.field.endswith("phone")  # normalised when planned
            out.append((c.field, getattr(table.c[c.field].type, "length", None) or EXCEL_CELL_LIMIT, number))
    return out


_NUMBER_SPACING = re.compile(r"[\s\-－—()（）]")


def _too_long(n: int, limit: int) -> str:
    if limit == EXCEL_CELL_LIMIT:  # readers stop at Excel's limit: a full cell has probably lost its end
        return (f"内容有 {n} 个字，达到了 Excel 一个格子的上限（{EXCEL_CELL_LIMIT} 个字），后面的文字可能已被截掉，"
                "请删减后再导入")
    return f"内容过长（{n} 个字），此栏最多 {limit} 个字，请删减后再导入"


def _read_sheet(spec: SheetSpec, sheet: Sheet, out: ParsedWorkbook, today: date) -> None:
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
    table = metadata().tables[spec.table]
    required = {c.field for c, _, _ in found
                if c.field and not table.c[c.field].nullable and c.kind in ("date", "time")
                or (c.field and str(c.kind).startswith("ref:") and not table.c[c.field].nullable)}
    labels = {c.key: header.labels.get(i, c.header) for c, i, _ in found if c.field}
    rows: list[WbRow] = []
    seen: dict[str, int] = {}
    issues = out.issues
    width = max((idx for _, idx, _ in found), default=0) + 1
    fast = [(c.key, idx, parse) for c, idx, parse in found]
    limits = _limits(table, found)
    dates = [c.key for c, _, _ in found if c.kind == "date" and c.field]
    order = [(a, b) for a, b in DATE_ORDER.get(spec.table, ()) if a in labels and b in labels]
    letters = {c.key: column_letter(idx) for c, idx, _ in found if c.field}

    clean = _clean_rows(sheet.rows[header.row + 1:], header.row + 2, found, width, limits, dates, order, required,
                        spec.table, today)
    if clean is not None:  # every cell read and every row checked column by column: nothing to report
        out.sheets[spec.table] = WbSheet(spec, clean, [c for c, _, _ in found], labels)
        return

    def where(f: str) -> str:
        return f"{labels.get(f, f)}（{letters[f]}列）"
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
        for f, limit, number in limits:
            v = values.get(f)
            if v.__class__ is str and number and len(v) > limit:
                v = _NUMBER_SPACING.sub("", v)  # 1302 2319 …, 139-0315-…: the digits are stored
            if v.__class__ is str and len(v) >= limit and (len(v) > limit or limit == EXCEL_CELL_LIMIT):
                issues.append(Issue(sheet.name, r + 1, where(f), _too_long(len(v), limit)))
                bad = True
        wrong: set[str] = set()
        for f in dates:
            v = values.get(f)
            if v is not None and (problem := date_problem(spec.table, f, v, today)) is not None:
                issues.append(Issue(sheet.name, r + 1, where(f), problem))
                wrong.add(f)
                bad = True
        for a, b in order:
            first, then = values.get(a), values.get(b)
            if first is not None and then is not None and then < first and not wrong & {a, b}:
                issues.append(Issue(sheet.name, r + 1, where(b), f"{fmt_date(then)}早于「{labels[a]}」"
                                    f"{fmt_date(first)}，请核对"))
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


def _clean_rows(data: list[list[Any]], first: int, found: list[tuple[Col, int, Callable[[Any], Any]]], width: int,
                limits: list[tuple[str, int, bool]], dates: list[str], order: list[tuple[str, str]],
                required: set[str], table: str, today: date) -> list[WbRow] | None:
    """The sheet's rows read column by column (one converter over each column), or None when any row needs the
    row-by-row reading of _read_sheet: a cell it cannot read, a text at its column's limit, a date out of range
    or before its pair, an empty required cell, a row without 编号 (blank, or added by the township) or one
    repeated. That reading names each of those; here a clean sheet of a county's 100,000 rows skips the
    per-row checks. `first` is the Excel row number of data[0]."""
    if not data:
        return []
    if min(map(len, data)) < width:
        return None
    columns: dict[str, list[Any]] = {}
    try:
        for c, idx, parse in found:
            cells = list(map(operator.itemgetter(idx), data))
            columns[c.key] = parse_id_column(cells) if parse is parse_id else list(map(parse, cells))
    except CellError:
        return None
    ids = columns.pop("id")
    if None in ids or len(set(ids)) != len(ids):
        return None
    for f in required:
        if None in columns[f]:
            return None
    for f, limit, _number in limits:  # too long as _read_sheet counts it: over the limit, or a full Excel cell
        most = limit - 1 if limit == EXCEL_CELL_LIMIT else limit
        try:
            longest = max(map(len, columns[f]), default=0)  # a column of texts
        except TypeError:  # blanks (None) or numbers among them
            longest = max((len(v) for v in columns[f] if v.__class__ is str), default=0)
        if longest > most:
            return None
    for f in dates:
        if any(v is not None and date_problem(table, f, v, today) is not None for v in set(columns[f])):
            return None
    for a, b in order:
        if any(x is not None and y is not None and y < x for x, y in zip(columns[a], columns[b], strict=True)):
            return None
    keys = list(columns)
    rows = zip(*columns.values(), strict=True) if columns else itertools.repeat((), len(data))  # only 编号: no values
    return [WbRow(n, row_id, dict(zip(keys, values, strict=True)))
            for n, row_id, values in zip(range(first, first + len(data)), ids, rows, strict=True)]
