"""Import the township's roster workbook: find the header, map columns, preview, apply in one transaction."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.ledger import cells
from liaison_desk.ledger import roster_fields as rf
from liaison_desk.ledger.reader import Sheet, column_letter, find_header, is_blank, open_workbook
from liaison_desk.ledger.roster_merged import merged_ranges
from liaison_desk.services.roster.service import DeputyRecord, LevelEntry, validate_record
from liaison_desk.services.validate import normalize_id_number, normalize_phone

log = logging.getLogger(__name__)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
ACTION_LABELS = {NEW: "新增", UPDATED: "更新", UNCHANGED: "无变化", ERROR: "有错误"}
CONFLICT_LABEL = "冲突"
Progress = Callable[..., None]


@dataclass
class RosterSheet:
    """The roster sheet of a workbook: where its header is and its data rows (Excel row numbers)."""

    file: Path
    sheet: str
    header_row: int  # Excel row number of the header
    headers: dict[int, str]  # column index → header as written
    rows: list[tuple[int, list[Any]]]
    sheet_names: list[str] = field(default_factory=list)

    def column_name(self, idx: int) -> str:
        """How an error names a column: its header, or its letter."""
        return self.headers.get(idx) or f"{column_letter(idx)}列"


@dataclass
class PlanRow:
    """One data row of the workbook and what importing it would do."""

    row: int
    action: str
    name: str
    record: DeputyRecord | None = None
    changed: list[str] = field(default_factory=list)  # labels of the fields that change
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column as in the file, message)
    conflict: str = ""  # an ERROR row whose ID number is an existing deputy's under another name: that name

    @property
    def label(self) -> str:
        return CONFLICT_LABEL if self.conflict else ACTION_LABELS[self.action]


@dataclass
class ImportPlan:
    """The preview: every row with new/updated/unchanged/error, before anything is written."""

    source: RosterSheet
    mapping: dict[str, int]
    rows: list[PlanRow]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def errors(self) -> list[dict[str, object]]:
        """[{"sheet", "row", "column", "message"}] in file order (for --json and the preview)."""
        return [{"sheet": self.source.sheet, "row": r.row, "column": col, "message": msg}
                for r in self.rows for col, msg in r.errors]

    def conflicts(self) -> int:
        return sum(1 for r in self.rows if r.conflict)

    def summary(self) -> dict[str, object]:
        return {"new": self.count(NEW), "updated": self.count(UPDATED), "unchanged": self.count(UNCHANGED),
                "conflicts": self.conflicts(), "errors": self.errors()}


def _fill_merged(sheet: Sheet, ranges: list[tuple[tuple[int, int], tuple[int, int]]], below: int) -> None:
    """Give every cell of a merged range below the header the value of its top-left cell
    (townships merge the 代表小组 cell down over the group's members)."""
    for (r0, c0), (r1, c1) in ranges:
        if r0 <= below:
            continue
        value = sheet.cell(r0, c0)
        for r in range(r0, r1 + 1):
            while len(sheet.rows) <= r:
                sheet.rows.append([])
            row = sheet.rows[r]
            while len(row) <= c1:
                row.append("")
            for c in range(c0, c1 + 1):
                row[c] = value


def read_roster(path: Path | str, sheet: str | None = None) -> RosterSheet:
    """Open a roster workbook and find the sheet and row holding its header (title rows are skipped)."""
    path = Path(path)
    book = open_workbook(path)
    names = list(book)
    candidates = [sheet] if sheet else names
    for name in candidates:
        if name not in book:
            raise KnownError(f"找不到工作表「{name}」", file=path)
        sh = book[name]
        header = find_header(sh, rf.known_headers(), min_hits=2, scan=30)
        if header is None or rf.guess_mapping(header.labels).get("name") is None:
            continue
        _fill_merged(sh, merged_ranges(path, name), header.row)
        rows = [(i + 1, list(r)) for i, r in enumerate(sh.rows) if i > header.row and not is_blank(r)]
        return RosterSheet(path, name, header.row + 1, dict(header.labels), rows, names)
    raise KnownError("没有找到代表名册的表头（需要有“姓名”列，以及“性别”“工作单位”“联系电话”等列中的一个）",
                     file=path, sheet=sheet, hint="请确认选对了文件，表头行在前 30 行之内")


def _key(name: str, other: str) -> tuple[str, str]:
    return name, other.strip()


class _Index:
    """Existing deputies looked up by id, by 身份证号, by name + phone and by name + work unit."""

    def __init__(self, records: list[DeputyRecord]) -> None:
        self.by_id = {r.id: r for r in records}
        self.by_idn = {normalize_id_number(r.id_number): r for r in records if r.id_number}
        self.by_phone = {_key(r.name, r.phone): r for r in records if r.phone}
        self.by_unit = {_key(r.name, r.work_unit): r for r in records if r.work_unit}

    def match(self, ref: str, name: str, phone: str, unit: str, idn: str = "") -> DeputyRecord | None:
        """The deputy this row is: by id, then by ID number (whatever the name), then name + phone/unit."""
        if ref and ref in self.by_id:
            return self.by_id[ref]
        if idn and idn in self.by_idn:
            return self.by_idn[idn]
        if phone and _key(name, phone) in self.by_phone:
            return self.by_phone[_key(name, phone)]
        if unit and _key(name, unit) in self.by_unit:
            return self.by_unit[_key(name, unit)]
        return None


SIMPLE = {"gender": rf.parse_gender, "birth_date": rf.parse_birth_date, "phone": rf.parse_phone,
          "status": rf.parse_status, "status_date": rf.parse_status_date, "is_cppcc": rf.parse_bool,
          "ethnicity": cells.text, "political": cells.text, "education": cells.text, "work_unit": cells.text,
          "post": cells.text, "address": cells.text, "constituency": cells.text, "notes": cells.text}
COMPARED = ("name", *SIMPLE, "id_number")


def _read_row(src: RosterSheet, mapping: dict[str, int], values: list[Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The row's values by field key, and [(column, message)] for the cells that cannot be read."""
    out: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []

    def cell(key: str) -> Any:
        idx = mapping[key]
        return values[idx] if idx < len(values) else None

    for key in mapping:
        raw = cell(key)
        try:
            if key in SIMPLE:
                out[key] = SIMPLE[key](raw)
                if isinstance(out[key], str):
                    rf.check_length(key, out[key])
            elif key == "name":
                out[key] = rf.check_length(key, re.sub(r"\s+", "", cells.text(raw)))
            elif key == "id_number":
                out[key] = rf.parse_id(raw)
            elif key == "levels":
                out[key] = rf.parse_levels(raw)
            elif key == "role":
                out[key] = rf.parse_role(raw)
            else:  # term, group, ref: plain text, read once the levels are known
                out[key] = rf.check_length(key, cells.text(raw))
        except ValidationError as e:
            errors.append((src.column_name(mapping[key]), e.message))
    if "term" in out and "levels" in out:
        try:
            out["terms"] = rf.parse_terms(out["term"], out["levels"])
        except ValidationError as e:
            errors.append((src.column_name(mapping["term"]), e.message))
    return out, errors


def _apply_values(base: DeputyRecord, vals: dict[str, Any]) -> DeputyRecord:
    """A copy of `base` with the workbook's values put over it (columns not in the workbook keep theirs)."""
    rec = replace(base, levels=[replace(e) for e in base.levels])
    for key in COMPARED:
        if key in vals and vals[key] is not None:
            setattr(rec, key, vals[key])
    if "levels" in vals:
        old = {e.level: e for e in base.levels}
        terms = vals.get("terms", {})
        rec.levels = [LevelEntry(code, terms.get(code, old[code].term if code in old else ""),
                                 old[code].start_date if code in old else None,
                                 old[code].end_date if code in old else None) for code in vals["levels"]]
    elif "terms" in vals:
        for e in rec.levels:
            e.term = vals["terms"].get(e.level, e.term)
    if "group" in vals:
        rec.group_name = vals["group"]
        rec.group_id = base.group_id if vals["group"] == base.group_name else None
    if "role" in vals:
        rec.group_role = vals["role"]
    return rec


# The dialog's field labels (used by validate_record) → roster field keys.
_VALIDATION_KEYS = {"姓名": "name", "联系电话": "phone", "身份证号": "id_number", "出生日期": "birth_date",
                    "状态日期": "status_date", "代表层级": "levels", "状态": "status"}


def _file_column(src: RosterSheet, mapping: dict[str, int], label: str | None) -> str:
    key = _VALIDATION_KEYS.get(label or "", "")
    return src.column_name(mapping[key]) if key in mapping else (label or "")


def _changes(old: DeputyRecord, new: DeputyRecord) -> list[str]:
    labels = {"birth_date": "出生年月", "status_date": "状态日期"}
    out = [labels.get(k, rf.LABEL_OF.get(k, k)) for k in COMPARED if getattr(old, k) != getattr(new, k)]
    if [(e.level, e.term) for e in old.levels] != [(e.level, e.term) for e in new.levels]:
        out.append("代表层级")
    if (old.group_name if old.group_id else "") != new.group_name or \
            (new.group_name and old.group_role != new.group_role):
        out.append("代表小组")
    return out


def plan_import(existing: list[DeputyRecord], src: RosterSheet, mapping: dict[str, int] | None = None,
                progress: Progress | None = None) -> ImportPlan:
    """Compare each row with the deputies already in the roster; nothing is written."""
    mapping = dict(mapping if mapping is not None else rf.guess_mapping(src.headers))
    if "name" not in mapping:
        raise KnownError("没有指定“姓名”列，无法导入", file=src.file, sheet=src.sheet)
    index = _Index(existing)
    seen: dict[tuple[str, str], int] = {}
    seen_idn: dict[str, int] = {}
    plan: list[PlanRow] = []
    name_col = src.column_name(mapping["name"])
    for n, (row_no, values) in enumerate(src.rows):
        if progress and n % 200 == 0:
            progress(n, len(src.rows), "正在核对名册…")
        vals, errors = _read_row(src, mapping, values)
        name = vals.get("name", "")
        if not name or re.search(r"[:：]", name):
            filled = sum(1 for x in values if cells.text(x))
            if filled <= 1:  # a note or signature line under the table (填表人：… / 合计)
                continue
        if not name:
            errors.insert(0, (name_col, "姓名为空"))
        ref = vals.get("ref", "")
        ref = ref if _UUID.match(ref) else ""
        idn = vals.get("id_number") or ""
        match = index.match(ref, name, vals.get("phone") or "", vals.get("work_unit") or "", idn)
        conflict = ""
        if match is not None and idn and name and match.name != name and \
                normalize_id_number(match.id_number) == idn:
            conflict = match.name
            errors.append((src.column_name(mapping["id_number"]),
                           f"冲突：身份证号与名册中的代表「{match.name}」相同，但姓名是「{name}」；"
                           "请核对是同一人改了名字（在名册中修改）还是身份证号填错"))
        if idn and idn in seen_idn:
            errors.append((src.column_name(mapping["id_number"]),
                           f"与第 {seen_idn[idn]} 行身份证号相同，是同一个人，请删去重复行"))
        elif idn:
            seen_idn[idn] = row_no
        base = match or DeputyRecord(name=name)
        rec = _apply_values(base, vals)
        if not errors:
            try:
                validate_record(rec)
            except ValidationError as e:
                msg = "代表层级为空，请填写如“县、镇”" if e.column == "代表层级" and not rec.levels else e.message
                errors.append((_file_column(src, mapping, e.column), msg))
        dup_key = _key(name, normalize_phone(vals.get("phone") or "") or (vals.get("work_unit") or ""))
        if name and dup_key in seen and not (idn and idn in seen_idn and seen_idn[idn] != row_no):
            errors.append((name_col, f"与第 {seen[dup_key]} 行是同一位代表（姓名和电话/单位相同），请删去重复行"))
        elif name:
            seen[dup_key] = row_no
        if errors:
            plan.append(PlanRow(row_no, ERROR, name, rec, [], errors, conflict))
        elif match is None:
            plan.append(PlanRow(row_no, NEW, name, rec))
        else:
            changed = _changes(match, rec)
            plan.append(PlanRow(row_no, UPDATED if changed else UNCHANGED, name, rec, changed))
    if not plan:  # a header with nothing (or only a signature line) under it
        raise KnownError(f"表头在第 {src.header_row} 行，下面没有代表数据", file=src.file, sheet=src.sheet,
                         hint="请确认选对了文件和工作表，填好代表后再导入")
    if progress:
        progress(len(src.rows), len(src.rows), "核对完成")
    return ImportPlan(src, mapping, plan)


def apply_plan(db: Any, plan: ImportPlan, exclude: set[int] | frozenset[int] = frozenset(),
               progress: Progress | None = None) -> dict[str, int]:
    """Write the plan's new and updated rows in one transaction, after the import backup (RosterBulkService).
    Rows in `exclude` (Excel row numbers) are skipped; any other row with an error stops the whole import before anything is written."""
    from liaison_desk.services.roster.bulk import RosterBulkService

    bad = [r for r in plan.rows if r.action == ERROR and r.row not in exclude]
    if bad:
        col, msg = bad[0].errors[0]
        raise KnownError(f"{msg}（共 {len(bad)} 行有错误，未导入任何数据）", file=plan.source.file,
                         sheet=plan.source.sheet, row=bad[0].row, column=col,
                         hint="请改正后重新导入，或在预览中排除这些行",
                         details=[e for e in plan.errors() if e["row"] not in exclude])
    records = [r.record for r in plan.rows
               if r.action in (NEW, UPDATED) and r.row not in exclude and r.record is not None]
    counts = RosterBulkService(db).apply(records, plan.source.file.name, progress)
    counts["unchanged"] = plan.count(UNCHANGED)
    return counts


def preview_file(db: Any, path: Path | str, sheet: str | None = None,
                 mapping: dict[str, int] | None = None, progress: Progress | None = None) -> ImportPlan:
    """Read a roster workbook and compare it with the database (nothing is written)."""
    from liaison_desk.services.roster.service import RosterService

    src = read_roster(path, sheet)
    return plan_import(RosterService(db).all_records(), src, mapping, progress)
