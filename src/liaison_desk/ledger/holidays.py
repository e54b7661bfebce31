"""A holiday table (法定节假日安排) read from Excel, WPS or CSV into days: 日期, 休/班 and an optional 名称."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.ledger.cells import CellError, normalize_header, to_date
from liaison_desk.ledger.reader import open_workbook
from liaison_desk.models.enums import DayKind
from liaison_desk.services.calendar import HolidayImport, HolidayService
from liaison_desk.text import fmt_date

_DATE_HEADERS = ("日期", "date", "日子")
_KIND_HEADERS = ("类型", "休/班", "休班", "kind", "安排", "放假/上班", "状态")
_NAME_HEADERS = ("节日", "名称", "节假日", "name", "备注", "说明")



def _kind_of(value: Any) -> DayKind | None:
    s = "".join(str(value or "").split())
    if s in ("休", "假", "放假", "休息", "节假日", "off", "holiday", "0"):
        return DayKind.HOLIDAY
    if s in ("班", "上班", "补班", "调休上班", "工作日", "work", "workday", "1"):
        return DayKind.WORKDAY
    return DayKind.from_label(s)


def _read_rows(path: Path) -> tuple[str | None, list[list[Any]]]:
    """(sheet name, rows) of the first sheet of an Excel/WPS file, or of a CSV file."""
    if path.suffix.lower() in (".csv", ".txt"):
        if not path.exists():
            raise KnownError("文件不存在", file=path)
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                content = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise KnownError("文件编码无法识别，请另存为 UTF-8 编码的 CSV", file=path)
        return None, [list(r) for r in csv.reader(io.StringIO(content))]
    sheets = open_workbook(path)
    first = next(iter(sheets.values()), None)
    if first is None:
        raise KnownError("文件里没有工作表", file=path)
    return first.name, first.rows


def parse_holiday_file(path: Path | str) -> list[tuple[date, DayKind, str]]:
    """Read a holiday table (columns 日期 and 休/班, optional 名称); every bad line is reported (row and
    column, in KnownError.details) and nothing is returned then."""
    path = Path(path)
    sheet, rows = _read_rows(path)
    header_row, cols = -1, {"date": 0, "kind": 1, "name": 2}
    for i, row in enumerate(rows[:20]):
        keys = [normalize_header(v) for v in row]
        d = next((j for j, k in enumerate(keys) if k in {normalize_header(h) for h in _DATE_HEADERS}), None)
        k = next((j for j, k in enumerate(keys) if k in {normalize_header(h) for h in _KIND_HEADERS}), None)
        if d is not None and k is not None:
            n = next((j for j, x in enumerate(keys) if x in {normalize_header(h) for h in _NAME_HEADERS}), None)
            header_row, cols = i, {"date": d, "kind": k, "name": n if n is not None else -1}
            break
    out: list[tuple[date, DayKind, str]] = []
    seen: dict[date, int] = {}
    problems: list[dict[str, object]] = []  # every bad line, reported together

    def bad(row: int, column: str, message: str, hint: str = "") -> None:
        problems.append({"sheet": sheet, "row": row, "column": column, "message": message, "hint": hint})

    for i, row in enumerate(rows):
        if i <= header_row or all(v is None or not str(v).strip() for v in row):
            continue
        cell = row[cols["date"]] if cols["date"] < len(row) else None
        kind_cell = row[cols["kind"]] if cols["kind"] < len(row) else None
        kind = _kind_of(kind_cell)
        try:
            day = to_date(cell)
        except CellError as e:
            if header_row < 0 and i == 0:  # a header we did not recognise
                continue
            bad(i + 1, "日期", str(e))
            day = None
        else:
            if day is None:
                bad(i + 1, "日期", "日期为空", "每行写一个日期和“休”或“班”")
        if kind is None:
            bad(i + 1, "休/班", f"「{kind_cell or ''}」不是“休”或“班”", "放假的日子写“休”，调休上班的日子写“班”")
        if day is None or kind is None:
            continue
        if day in seen:
            bad(i + 1, "日期", f"日期 {fmt_date(day)} 重复出现（第 {seen[day]} 行已有）")
            continue
        seen[day] = i + 1
        name = str(row[cols["name"]] or "").strip() if 0 <= cols["name"] < len(row) else ""
        out.append((day, kind, name[:50]))
    if len(problems) == 1:
        p = problems[0]
        raise KnownError(str(p["message"]), file=path, sheet=sheet, row=int(str(p["row"])), column=str(p["column"]),
                         hint=str(p["hint"]) or None, details=problems)
    if problems:
        lines = "；".join(f"第 {p['row']} 行「{p['column']}」列：{p['message']}" for p in problems[:10])
        more = f"……共 {len(problems)} 处" if len(problems) > 10 else f"（共 {len(problems)} 处）"
        raise KnownError(lines + more, file=path, sheet=sheet, hint="请改正后重新导入，没有导入任何日期",
                         details=problems) from None
    if not out:
        raise KnownError("文件里没有找到节假日安排", file=path, sheet=sheet,
                         hint="表格应有“日期”和“休/班”两列，例如 2027-01-01 休")
    return out


def import_holidays(service: HolidayService, path: Path | str) -> HolidayImport:
    """Read the file and let the service replace the years it covers (nothing is written on a bad row)."""
    path = Path(path)
    return service.import_days(parse_holiday_file(path), path.name)
