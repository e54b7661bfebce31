"""Export the monthly handoff workbook (月度台账): one sheet per ledger, streamed with openpyxl write_only."""

from __future__ import annotations

import hashlib
import json
import logging
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import SQLModel

from liaison_desk import __version__
from liaison_desk.errors import KnownError
from liaison_desk.ledger import handoff_stats
from liaison_desk.ledger.handoff_schema import (
    CHOICES_SHEET,
    FORMAT_VERSION,
    INFO_SHEET,
    NO,
    SHEETS,
    STATS_SHEET,
    TOWNSHIP,
    YES,
    Col,
    SheetSpec,
    exporter,
    identity,
    period_label,
)
from liaison_desk.ledger.writer import FORMULA_PREFIXES, save_workbook
from liaison_desk.models import AuditEntry, ExchangeLog, new_id, utcnow
from liaison_desk.models.enums import AuditAction, EventKind, Level
from liaison_desk.store.db import Database
from liaison_desk.text import fmt_date

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
TOWNSHIP_FILL, STATION_FILL = "FFF2CC", "DDEBF7"


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


def where_for(spec: SheetSpec, start: date | None, end: date | None) -> tuple[str, dict[str, Any]]:
    """SQL condition selecting the rows of `spec` that belong to the period (children follow parents)."""
    if start is None and end is None:
        return "1=1", {}
    params = {"p_start": (start or date.min).isoformat(), "p_end": (end or date.max).isoformat()}
    if spec.table == "suggestion":  # registered in the period, open then, or raised by a visit of the period
        return ("(registered_on BETWEEN :p_start AND :p_end OR "
                "(registered_on <= :p_end AND (archived_on IS NULL OR archived_on >= :p_start)) OR "
                "id IN (SELECT suggestion_id FROM visit WHERE visited_on BETWEEN :p_start AND :p_end))", params)
    if spec.table == "receptionsession":  # and the sessions the period's visits and activities belong to
        return ("(day BETWEEN :p_start AND :p_end OR "
                "id IN (SELECT session_id FROM visit WHERE visited_on BETWEEN :p_start AND :p_end) OR "
                "id IN (SELECT session_id FROM activity WHERE day BETWEEN :p_start AND :p_end))", params)
    if spec.date_field:
        return f"{spec.date_field} BETWEEN :p_start AND :p_end", params
    if spec.parent:
        fk, parent = spec.parent
        pw, pp = where_for(next(s for s in SHEETS if s.table == parent), start, end)
        return f"{fk} IN (SELECT id FROM {parent} WHERE {pw})", pp
    if spec.table == "attachment":
        parts = [f"owner_id IN (SELECT id FROM {t} WHERE {where_for(s, start, end)[0]})"
                 for s in SHEETS if (t := s.table) in ("visit", "suggestion", "activity")]
        return "(" + " OR ".join(parts) + ")", params
    return "1=1", {}


def _order(spec: SheetSpec) -> str:
    """Dated ledgers by date, the roster in its order, everything else as entered (no sort needed)."""
    cols = [spec.date_field] if spec.date_field else []
    if spec.table == "deputy":
        cols = ["sort_order"]
    return ", ".join([*cols, "rowid"])


SUMMARY_SCOPE = {"suggestion_title": "suggestion", "session_deputies": "receptionsession", "visit_deputies": "visit",
                 "activity_deputies": "activity", "suggestion_agencies": "suggestion", "timeline": "suggestion"}


class _Summaries:
    """Export-only summary columns (names of deputies, agencies, a readable timeline) for the period's rows."""

    def __init__(self, conn: Any, start: date | None, end: date | None) -> None:
        self.conn = conn
        self.start, self.end = start, end
        self._cache: dict[str, dict[str, str]] = {}

    def scope(self, name: str) -> tuple[str, dict[str, Any]]:
        """`IN (SELECT id …)` restricting a summary to the rows exported in the period."""
        table = SUMMARY_SCOPE.get(name)
        if table is None or (self.start is None and self.end is None):
            return "", {}
        where, params = where_for(next(s for s in SHEETS if s.table == table), self.start, self.end)
        return f" IN (SELECT id FROM {table} WHERE {where})", params

    def _pairs(self, sql: str, params: dict[str, Any]) -> dict[str, str]:
        out: dict[str, list[str]] = {}
        for key, val in self.conn.exec_driver_sql(sql, params):
            out.setdefault(key, []).append(val or "")
        return {k: "、".join(v) for k, v in out.items()}

    def get(self, name: str, spec: SheetSpec | None = None) -> dict[str, str]:
        if name not in self._cache:
            self._cache[name] = self._build(name)
        return self._cache[name]

    def _build(self, name: str) -> dict[str, str]:
        scope, p = self.scope(name)
        q = self.conn.exec_driver_sql
        if name == "deputy_name":
            return {k: v for k, v in q("SELECT id, name FROM deputy")}
        if name == "agency_name":
            return {k: v for k, v in q("SELECT id, name FROM agency")}
        if name == "suggestion_title":
            return {k: v for k, v in q(f"SELECT id, title FROM suggestion WHERE 1=1{' AND id' + scope if scope else ''}",
                                       p)}
        if name == "deputy_levels":
            levels = {lv.value: lv.short for lv in Level}
            out: dict[str, list[str]] = {}
            for k, v in q("SELECT deputy_id, level FROM deputylevel ORDER BY deputy_id, level"):
                out.setdefault(k, []).append(levels.get(v, v))
            return {k: "、".join(v) for k, v in out.items()}

        def cond(col: str) -> str:
            return f" WHERE {col}{scope}" if scope else ""

        if name == "session_deputies":
            return self._pairs("SELECT sd.session_id, d.name FROM sessiondeputy sd JOIN deputy d ON d.id = sd.deputy_id"
                               f"{cond('sd.session_id')}", p)
        if name == "visit_deputies":
            return self._pairs("SELECT vd.visit_id, d.name FROM visitdeputy vd JOIN deputy d ON d.id = vd.deputy_id"
                               f"{cond('vd.visit_id')}", p)
        if name == "activity_deputies":
            return self._pairs("SELECT a.activity_id, d.name FROM activityattendance a JOIN deputy d "
                               f"ON d.id = a.deputy_id WHERE a.status = 'present'{' AND a.activity_id' + scope if scope else ''}"
                               "", p)
        if name == "suggestion_agencies":
            return self._pairs("SELECT sa.suggestion_id, ag.name || CASE sa.role WHEN 'co' THEN '（协办）' ELSE '' END "
                               f"FROM suggestionagency sa JOIN agency ag ON ag.id = sa.agency_id{cond('sa.suggestion_id')} "
                               "ORDER BY sa.suggestion_id, sa.role DESC", p)
        if name == "timeline":
            agencies = self.get("agency_name")
            lines: dict[str, list[str]] = {}
            days: dict[str, str] = {}
            for sid, kind, day, note, agency_id in q(
                    f"SELECT suggestion_id, kind, happened_on, note, agency_id FROM suggestionevent{cond('suggestion_id')} "
                    "ORDER BY suggestion_id, happened_on, recorded_at", p):
                shown = days.get(day) or days.setdefault(day, fmt_date(date.fromisoformat(str(day)[:10])))
                extra = "，".join(x for x in (agencies.get(agency_id or "", ""), note or "") if x)
                lines.setdefault(sid, []).append(f"{shown} {EventKind.label_of(kind)}" +
                                                 (f"（{extra}）" if extra else ""))
            return {k: "；".join(v) for k, v in lines.items()}
        raise KeyError(name)


def _stamp(v: str | None) -> str | None:
    """Stored UTC text 2026-11-28 01:00:00.000000 → 2026-11-28T01:00:00+00:00 (datetime.isoformat of it)."""
    if not v:
        return None
    if len(v) == 26 and v.endswith(".000000"):
        return f"{v[:10]}T{v[11:19]}+00:00"
    return datetime.fromisoformat(v).replace(tzinfo=UTC).isoformat()


def _raw_converter(col: Col) -> Callable[[Any], Any]:
    """Stored SQLite text → cell value, without SQLAlchemy's result processing (the hot path of P5)."""
    kind = col.kind
    if kind == "date":
        return lambda v: date.fromisoformat(v) if v else None
    if kind == "time":  # 16:30:00.000000 → 16:30
        return lambda v: (v[:5] if v[6:8] == "00" else v[:8]) if v else None
    if kind == "stamp":
        return _stamp
    if kind == "bool":
        return lambda v: YES if v else NO
    return exporter(col)


def _summary_getter(summary: Any, i: int) -> Callable[[Any], Any]:
    return lambda r: summary.get(r[i], "")


def _agency_getter(names: Any, i: int) -> Callable[[Any], Any]:
    return lambda r: names.get(r[i] or "", r[i] or "")


def _converted_getter(conv: Callable[[Any], Any], i: int) -> Callable[[Any], Any]:
    return lambda r: conv(r[i])


def _masked(conv: Callable[[Any], Any], mask: Callable[[str], str]) -> Callable[[Any], Any]:
    return lambda v: mask(conv(v)) if v else conv(v)


def _cell_values(spec: SheetSpec, sums: _Summaries, mask: bool, fields: list[str]) -> Callable[[Any], list[Any]]:
    """A function turning one stored row (a tuple in `fields` order) into the sheet's cell values."""
    pos = {f: i for i, f in enumerate(fields)}
    getters: list[Callable[[Any], Any]] = []
    for col in spec.columns:
        if col.derived:
            m = sums.get(col.derived, spec)
            key = pos["deputy_id" if col.derived == "deputy_name" else (
                "suggestion_id" if col.derived == "suggestion_title" else "id")]
            getters.append(_summary_getter(m, key))
        elif col.kind == "agency":
            names = sums.get("agency_name", spec)
            getters.append(_agency_getter(names, pos[col.key]))
        else:
            conv = _raw_converter(col)
            if mask and col.mask is not None:
                conv = _masked(conv, col.mask)
            if conv is identity:
                getters.append(operator.itemgetter(pos[col.key]))
            else:
                getters.append(_converted_getter(conv, pos[col.key]))
    return lambda r: [g(r) for g in getters]


def export_handoff(db: Database, path: Path | str, start: date | None = None, end: date | None = None,
                   mask: bool = False, progress: Progress | None = None) -> ExportResult:
    """Write the handoff workbook for [start, end] (None, None = everything) atomically to `path`."""
    from openpyxl import Workbook

    path = Path(path)
    if not path.parent.is_dir():
        raise KnownError("目标文件夹不存在或U盘已被拔出", file=path, hint="请检查U盘后重新选择保存位置")
    export_id = new_id()
    wb = Workbook(write_only=True)
    counts: dict[str, int] = {}
    try:
        grand = _fill(db, wb, start, end, mask, export_id, counts, progress)
        save_workbook(wb, path)
    except BaseException:
        _discard(wb)
        raise
    digest = file_sha256(path)
    with db.session() as s:
        s.add(ExchangeLog(direction="export", file_name=path.name, sha256=digest, period_start=start,
                          period_end=end, at=utcnow(), format_version=FORMAT_VERSION, export_id=export_id,
                          counts=json.dumps(counts, ensure_ascii=False)))
        s.add(AuditEntry(at=utcnow(), operator=db.operator, action=AuditAction.EXPORT.value, table_name="exchangelog",
                         record_id=export_id, summary=f"导出月度台账（{period_label(start, end)}，{sum(counts.values())} 行）"))
    db.notify("exchangelog", "auditentry")
    if progress:
        progress(grand, grand)
    log.info("handoff exported: %d rows", sum(counts.values()))
    return ExportResult(path, export_id, digest, start, end, mask, counts)


def _fill(db: Database, wb: Any, start: date | None, end: date | None, mask: bool, export_id: str,
          counts: dict[str, int], progress: Progress | None) -> int:
    """Stream every sheet into the write-only workbook; returns the number of rows expected."""
    tables = SQLModel.metadata.tables
    with db.engine.connect() as conn:
        # progress is reported against the tables' sizes (exact for --all, an upper bound for a period)
        grand = sum(int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {s.table}").scalar_one()) for s in SHEETS) or 1
        station = conn.exec_driver_sql("SELECT name, township, county FROM station ORDER BY created_at LIMIT 1").first()
        stats = handoff_stats.compute(conn, start, end)
        agency_names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM agency WHERE active ORDER BY name")]
        info_ws = wb.create_sheet(INFO_SHEET)
        stats_ws = wb.create_sheet(STATS_SHEET)
        choices = _Choices(wb, agency_names)
        sums = _Summaries(conn, start, end)
        raw = conn.connection.dbapi_connection
        assert raw is not None  # an open Connection always has its DB-API connection
        done = 0
        for spec in SHEETS:
            where, params = where_for(spec, start, end)
            fields = [c.name for c in tables[spec.table].c]
            rows = raw.execute(f"SELECT {', '.join(fields)} FROM {spec.table} WHERE {where} "
                               f"ORDER BY {_order(spec)}", params)  # plain tuples: the hot path of P5
            ws = wb.create_sheet(spec.name)
            n = 0
            for n, _ in enumerate(_write_sheet(ws, spec, rows, _cell_values(spec, sums, mask, fields), choices),
                                  start=1):
                if progress and (done + n) % 2000 == 0:
                    progress(done + n, grand)
            done += n
            counts[spec.name] = n
        _write_info(info_ws, station, start, end, export_id, mask, counts)
        _write_stats(stats_ws, stats, start, end)
        choices.finish()
    return grand


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


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
    from openpyxl.utils import get_column_letter

    for j, (w, hidden) in enumerate(widths, start=1):
        dim = ws.column_dimensions[get_column_letter(j)]
        dim.width = w
        dim.hidden = hidden
    ws.freeze_panes = "B3" if len(widths) > 4 else "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _title_rows(ws: Any, title: str, cols: list[Col]) -> None:
    from openpyxl.utils import get_column_letter

    ws.append([_styled(ws, title, bold=True, size=16)])
    ws.merged_cells.add(f"A1:{get_column_letter(max(len(cols), 1))}1")
    ws.row_dimensions[1].height = 28
    ws.append([_styled(ws, c.header, bold=True, fill=TOWNSHIP_FILL if c.owner == TOWNSHIP else STATION_FILL)
               for c in cols])


def _write_sheet(ws: Any, spec: SheetSpec, rows: Any, values: Callable[[Any], list[Any]],
                 choices: _Choices) -> Iterator[None]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = list(spec.columns)
    _setup_sheet(ws, [(c.width, c.hidden) for c in cols])
    for j, c in enumerate(cols, start=1):
        if c.owner != TOWNSHIP:
            continue
        options = choices.ref("承办单位", []) if c.kind == "agency" else (
            choices.ref(c.kind.__name__ if c.is_enum else c.header, opts) if (opts := c.choices()) else None)
        if options:
            dv = DataValidation(type="list", formula1=options, allow_blank=True, showErrorMessage=True,
                                errorTitle="请从列表选择", error=f"「{c.header}」请从下拉列表中选择")
            letter = get_column_letter(j)
            dv.add(f"{letter}3:{letter}1048576")  # rows the township adds get the dropdown too
            ws.data_validations.append(dv)
    _title_rows(ws, spec.title, cols)
    texts = [j for j, c in enumerate(cols) if c.kind == "text" or c.derived]
    for r in rows:
        vals = values(r)
        for j in texts:
            v = vals[j]
            if v and v[0] in FORMULA_PREFIXES:
                c = WriteOnlyCell(ws, v)
                c.data_type = "s"
                vals[j] = c
        ws.append(vals)
        yield None


def _write_info(ws: Any, station: Any, start: date | None, end: date | None, export_id: str, mask: bool,
                counts: dict[str, int]) -> None:
    _setup_sheet(ws, [(18, False), (70, False)], landscape=False)
    ws.append([_styled(ws, "联络站月度台账（乡镇交换用）", bold=True, size=16)])
    ws.merged_cells.add("A1:B1")
    ws.append([_styled(ws, "项目", bold=True, fill=STATION_FILL), _styled(ws, "内容", bold=True, fill=STATION_FILL)])
    name, township, county = station if station else ("", "", "")
    rows = [("联络站", name), ("乡镇", township), ("县（区）", county), ("台账期间", period_label(start, end)),
            ("起始日期", start), ("终止日期", end), ("导出时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S")),
            ("导出程序", f"联络站工作台 {__version__}"), ("格式版本", FORMAT_VERSION), ("交换编号", export_id),
            ("个人信息脱敏", "是" if mask else "否"), ("", ""),
            ("填写说明", "黄色表头的列由乡镇填写（回复日期、回复内容、回复结果、满意度、承办单位、代表名册等），"
                      "蓝色表头的列由联络站填写，修改了也不会导入。"),
            ("", "请不要修改或删除「编号」列；新增代表或承办单位时「编号」留空。可以调整列的顺序、增加列，"
                 "保存为 .xlsx（也可 .xls、.ods）后交回联络站。")]
    rows += [(f"工作表：{n}", f"{c} 行") for n, c in counts.items()]
    for k, v in rows:
        ws.append([k, v])


def _write_stats(ws: Any, stats: list[tuple[str, str, int]], start: date | None, end: date | None) -> None:
    _setup_sheet(ws, [(16, False), (28, False), (10, False)], landscape=False)
    ws.append([_styled(ws, f"统计（{period_label(start, end)}）", bold=True, size=16)])
    ws.merged_cells.add("A1:C1")
    ws.append([_styled(ws, h, bold=True, fill=STATION_FILL) for h in ("分类", "项目", "数量")])
    for row in stats:
        ws.append(list(row))
