"""Write the monthly handoff workbook (月度台账) from plain rows: one sheet per ledger, openpyxl write_only."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liaison_desk import __version__
from liaison_desk.errors import KnownError
from liaison_desk.files import file_sha256
from liaison_desk.ledger.writer import FORMULA_PREFIXES, print_setup, save_workbook, set_print_area
from liaison_desk.models import enums as E
from liaison_desk.services.handoff.export import ExportData
from liaison_desk.services.handoff.schema import (
    CHOICES_SHEET,
    FORMAT_VERSION,
    INFO_SHEET,
    SHEETS,
    STATS_SHEET,
    TOWNSHIP,
    Col,
    SheetSpec,
    period_label,
)
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.text import fmt_datetime

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
TOWNSHIP_FILL, STATION_FILL = "FFF2CC", "DDEBF7"
_TEXT, _WRAP = 1, 2  # how a data column's cells are written (_row_cells): checked for a leading = + - @, wrapped
__all__ = ["ExportResult", "export_handoff", "file_sha256", "write_workbook"]


@dataclass(frozen=True)
class ExportResult:
    """What was written: the file, its digest, the exchange id and rows per sheet."""

    path: Path
    export_id: str
    sha256: str
    start: date | None
    end: date | None
    masked: bool
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def export_handoff(service: HandoffService, path: Path | str, start: date | None = None, end: date | None = None,
                   mask: bool = False, progress: Progress | None = None, password: str | None = None) -> ExportResult:
    """Write the handoff workbook for [start, end] (None, None = everything) atomically to `path`.

    The exchange is recorded as pending before the file is moved into place and confirmed after, so a
    workbook delivered by a process killed in between is still recognised as this station's. With
    `password` the workbook is encrypted as Excel does (ledger.crypto); the plain workbook is written only
    to the local temporary folder, never next to the encrypted one."""
    path = Path(path)
    if not path.parent.is_dir():
        raise KnownError("目标文件夹不存在或U盘已被拔出", file=path, hint="请检查U盘后重新选择保存位置")
    with service.export_rows(start, end, mask) as data:
        service.begin_export(path, data.export_id, start, end)  # pending before the file is placed
        try:
            if password:
                from liaison_desk.ledger.crypto import check_password, encrypt_workbook

                check_password(password)
                with tempfile.TemporaryDirectory(prefix="liaison-export-") as folder:
                    plain = Path(folder) / path.name
                    counts = write_workbook(data, plain, progress)
                    encrypt_workbook(plain, path, password)
            else:
                counts = write_workbook(data, path, progress)
        except BaseException:
            with contextlib.suppress(Exception):  # the write's own error is the one to report
                service.cancel_export(data.export_id)  # written atomically: nothing was placed
            raise
    digest = file_sha256(path)
    service.record_export(path, digest, data.export_id, start, end, counts)
    if progress:
        progress(data.expected, data.expected)
    return ExportResult(path, data.export_id, digest, start, end, mask, counts)


def write_workbook(data: ExportData, path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Stream every sheet of `data` into a write-only workbook saved atomically at `path`; rows per sheet."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    try:
        _fill(wb, data, counts, progress)
        save_workbook(wb, path)
    except BaseException:
        _discard(wb)
        raise
    return counts


def _fill(wb: Any, data: ExportData, counts: dict[str, int], progress: Progress | None) -> None:
    info_ws = wb.create_sheet(INFO_SHEET)
    stats_ws = wb.create_sheet(STATS_SHEET)
    choices = _Choices(wb, data.agency_names)
    done = 0
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        n = 0
        for n, _ in enumerate(_write_sheet(ws, spec, data.rows(spec), choices, data.county_word), start=1):
            if progress and (done + n) % 2000 == 0:
                progress(done + n, data.expected)
        done += n
        counts[spec.name] = n
    _write_info(info_ws, data.station, data.start, data.end, data.export_id, data.mask, counts,
                data.county_word)
    _write_stats(stats_ws, data.stats, data.start, data.end)
    choices.finish()


def _discard(wb: Any) -> None:
    """Close and delete the temporary files of a write-only workbook that will not be saved."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            if not ws.closed:
                ws.close()
            writer.cleanup()
        except Exception:  # already cleaned up by a save that failed later
            pass


class _Choices:
    """The hidden sheet holding the dropdown lists; one column per list."""

    def __init__(self, wb: Any, agency_names: list[str]) -> None:
        self.wb = wb
        self.lists: dict[str, list[str]] = {"承办单位": agency_names}
        self.refs: dict[str, str] = {}

    def ref(self, key: str, values: list[str]) -> str:
        from openpyxl.utils import get_column_letter, quote_sheetname

        if key not in self.lists:
            self.lists[key] = values
        idx = list(self.lists).index(key) + 1
        letter = get_column_letter(idx)
        last = max(len(self.lists[key]), 1) + 1
        return f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${last}"

    def finish(self) -> None:
        ws = self.wb.create_sheet(CHOICES_SHEET)
        ws.sheet_state = "hidden"
        keys = list(self.lists)
        ws.append(keys)
        for i in range(max((len(v) for v in self.lists.values()), default=0)):
            ws.append([self.lists[k][i] if i < len(self.lists[k]) else None for k in keys])


def _styled(ws: Any, value: Any, bold: bool = False, size: int = 11, fill: str | None = None) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    c = WriteOnlyCell(ws, value)
    c.font = Font(bold=bold, size=size)
    if fill:
        c.fill = PatternFill("solid", fgColor=fill)
        thin = Side(style="thin", color="999999")
        c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    else:
        c.alignment = Alignment(horizontal="center" if size > 11 else None, vertical="center")
    return c


def _setup_sheet(ws: Any, widths: list[tuple[int, bool]], landscape: bool = True) -> None:
    print_setup(ws, widths, landscape=landscape)


def _title_rows(ws: Any, title: str, cols: list[Col]) -> None:
    from openpyxl.utils import get_column_letter

    ws.append([_styled(ws, title, bold=True, size=16)])
    ws.merged_cells.add(f"A1:{get_column_letter(max(len(cols), 1))}1")
    ws.row_dimensions[1].height = 28
    ws.append([_styled(ws, c.header, bold=True, fill=TOWNSHIP_FILL if c.owner == TOWNSHIP else STATION_FILL)
               for c in cols])


def _write_sheet(ws: Any, spec: SheetSpec, rows: Iterable[list[Any]], choices: _Choices,
                 county_word: str = "区") -> Iterator[None]:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = list(spec.columns)
    print_setup(ws, [(c.width, c.hidden) for c in cols], printed=spec.printed)
    for j, c in enumerate(cols, start=1):
        if c.owner != TOWNSHIP:
            continue
        opts = E.AgencyKind.labels_for(county_word) if c.kind is E.AgencyKind else c.choices()
        options = choices.ref("承办单位", []) if c.kind == "agency" else (
            choices.ref(c.kind.__name__ if c.is_enum else c.header, opts) if opts else None)
        if options:
            dv = DataValidation(type="list", formula1=options, allow_blank=True, showErrorMessage=True,
                                errorTitle="请从列表选择", error=f"「{c.header}」请从下拉列表中选择")
            letter = get_column_letter(j)
            dv.add(f"{letter}3:{letter}1048576")  # rows the township adds get the dropdown too
            ws.data_validations.append(dv)
    _title_rows(ws, spec.title, cols)
    # Hidden columns hold long ids and timestamps: on paper LibreOffice lets them spill into the visible
    # columns beside them, so their cells wrap instead; text that looks like a formula stays text (Excel's '
    # prefix). The data rows' cells are made by _row_cells (below), not by a cell object per styled value.
    ws._values_to_row = _row_cells(ws, [(_TEXT if c.kind == "text" or c.derived else 0) | (_WRAP if c.hidden else 0)
                                        for c in cols])
    written = 0
    for vals in rows:
        ws.append(vals)
        written += 1
        yield None
    set_print_area(ws, [(c.width, c.hidden) for c in cols], written + 2, printed=spec.printed)


def _row_cells(ws: Any, how: list[int]) -> Callable[[list[Any], int], Iterator[Any]]:
    """openpyxl's WriteOnlyWorksheet._values_to_row for one data sheet, with the cell styles of each column.

    openpyxl turns each appended value into its one reused cell, or takes a ready-made cell after failing to
    bind it (an exception, and its message formatted, per styled cell), and starts a new cell after every
    styled one. The handoff's styled cells are a third of a county export's cells, so they are styled here,
    on one cell reused for every value: the wrap of a hidden column's cell is the style indices of one wrapped
    cell (setting `alignment` would hash the Alignment into the workbook's style list for every cell); a text
    that looks like a formula is written as text with Excel's ' prefix (editing the cell keeps it text).
    openpyxl's writer has written each cell before asking for the next (WorksheetWriter.write_row), so the
    cell's style is simply cleared then. The sheet XML is what openpyxl writes for the same cells."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment
    from openpyxl.styles.cell_style import StyleArray

    wrapped = WriteOnlyCell(ws)
    wrapped.alignment = Alignment(wrap_text=True)
    wrap_style = wrapped._style  # shared by the wrapped cells: nothing changes a cell's style once it is set
    prefixes = FORMULA_PREFIXES
    cell = WriteOnlyCell(ws)

    def values_to_row(values: list[Any], row_idx: int) -> Iterator[Any]:
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            cell.value = value  # binding a date sets its number format: a style of the cell's own
            flags = how[col_idx - 1]
            if flags:
                if flags & _WRAP and value != "":
                    cell._style = wrap_style
                if flags & _TEXT and value.__class__ is str and value and value[0] in prefixes:
                    cell.data_type = "s"
                    if cell._style is wrap_style:
                        cell._style = StyleArray(wrap_style)
                    cell.quotePrefix = True
            cell.column = col_idx
            cell.row = row_idx
            yield cell
            cell._style = None  # written: the next value starts unstyled

    return values_to_row


def _write_info(ws: Any, station: Any, start: date | None, end: date | None, export_id: str, mask: bool,
                counts: dict[str, int], county_word: str = "") -> None:
    _setup_sheet(ws, [(18, False), (70, False)], landscape=False)
    ws.append([_styled(ws, "联络站月度台账（乡镇交换用）", bold=True, size=16)])
    ws.merged_cells.add("A1:B1")
    ws.append([_styled(ws, "项目", bold=True, fill=STATION_FILL), _styled(ws, "内容", bold=True, fill=STATION_FILL)])
    name, township, county = station if station else ("", "", "")
    rows = [("联络站", name), ("乡镇", township), (f"所在{county_word}" if county_word else "县（区）", county), ("台账期间", period_label(start, end)),
            ("起始日期", start), ("终止日期", end), ("导出时间", fmt_datetime(datetime.now(), seconds=True)),
            ("导出程序", f"联络站工作台 {__version__}"), ("格式版本", FORMAT_VERSION), ("交换编号", export_id),
            ("个人信息脱敏", "是" if mask else "否"), ("", ""),
            ("填写说明", "黄色表头的列由乡镇填写（回复日期、回复内容、回复结果、满意度、承办单位、代表名册等），"
                      "蓝色表头的列由联络站填写，修改了也不会导入。"),
            ("", "每张表最右侧隐藏的「编号」「版本」等列供程序核对，请不要删除；新增代表或承办单位时不用填写。"
                 "可以调整列的顺序、增加列，保存为 .xlsx（也可 .xls、.ods）后交回联络站。")]
    rows += [(f"工作表：{n}", f"{c} 行") for n, c in counts.items()]
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    for row_number, (k, v) in enumerate(rows, start=3):
        cell = WriteOnlyCell(ws, v)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")  # notes wrap in the page
        if isinstance(v, date):
            cell.number_format = 'yyyy"年"m"月"d"日"'  # the one date style; still a date cell
        lines = _wrapped_lines(v, 70)
        if lines > 1:  # readers keep a row one line tall unless told: the wrapped note would overlap the next
            ws.row_dimensions[row_number].height = 15 * lines + 3
        ws.append([k, cell])


def _wrapped_lines(value: Any, width: int) -> int:
    """How many lines `value` takes in a column `width` characters wide (a Chinese character counts two)."""
    if not isinstance(value, str):
        return 1
    from liaison_desk.ledger.writer import display_width

    return max(1, -(-display_width(value) // (width - 2)))


def _write_stats(ws: Any, stats: list[tuple[str, str, int | float | None]], start: date | None,
                 end: date | None) -> None:
    _setup_sheet(ws, [(16, False), (28, False), (10, False)], landscape=False)
    ws.append([_styled(ws, f"统计（{period_label(start, end)}）", bold=True, size=16)])
    ws.merged_cells.add("A1:C1")
    ws.append([_styled(ws, h, bold=True, fill=STATION_FILL) for h in ("分类", "项目", "数量")])
    from openpyxl.cell import WriteOnlyCell

    for section, item, value in stats:
        cell = WriteOnlyCell(ws, value)
        if isinstance(value, float):  # a rate: shown as a percentage, kept a number
            cell.number_format = "0.0%"
        ws.append([section, item, cell])
