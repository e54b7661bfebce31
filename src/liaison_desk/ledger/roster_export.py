"""Export the roster as a formatted workbook (代表名册) that the import reads back unchanged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.ledger import roster_fields as rf
from liaison_desk.ledger.writer import new_workbook, save_workbook, write_table
from liaison_desk.models.enums import AuditAction, DeputyStatus, Gender, GroupRole, Level
from liaison_desk.services.roster.service import DeputyRecord, RosterService
from liaison_desk.services.validate import mask_id
from liaison_desk.text import fmt_date

SHEET = "代表名册"


def record_cells(rec: DeputyRecord) -> list[Any]:
    """One deputy as the export's cells, in the order of roster_fields.FIELDS."""
    values: dict[str, Any] = {
        "name": rec.name, "gender": Gender.label_of(rec.gender), "ethnicity": rec.ethnicity,
        "birth_date": rec.birth_date, "political": rec.political, "education": rec.education,
        "work_unit": rec.work_unit, "post": rec.post, "phone": rec.phone, "id_number": mask_id(rec.id_number),
        "address": rec.address, "constituency": rec.constituency,
        "levels": "、".join(Level(e.level).short for e in rec.levels),
        "term": rf.format_terms([(e.level, e.term) for e in rec.levels]),
        "group": rec.group_name, "role": GroupRole.label_of(rec.group_role) if rec.group_name else "",
        "status": DeputyStatus.label_of(rec.status), "status_date": rec.status_date,
        "is_cppcc": "是" if rec.is_cppcc else "", "notes": rec.notes, "ref": rec.id or "",
    }
    return [values[f.key] for f in rf.FIELDS]


def export_roster(db: Any, path: Path | str, station_name: str = "", today: date | None = None) -> int:
    """Write every deputy to `path` (.xlsx); returns how many. ID numbers are masked (personal data)."""
    roster = RosterService(db)
    records = roster.all_records()
    wb = new_workbook()
    title = f"{station_name}人大代表名册（{fmt_date(today or date.today())}）"
    write_table(wb, SHEET, title, [f.label for f in rf.FIELDS], (record_cells(r) for r in records),
                widths=[f.width for f in rf.FIELDS], hidden=[f.hidden for f in rf.FIELDS])
    save_workbook(wb, path)
    with db.session() as s:
        roster.audit(s, AuditAction.EXPORT, "deputy", "", f"导出代表名册 {len(records)} 名")
    return len(records)
