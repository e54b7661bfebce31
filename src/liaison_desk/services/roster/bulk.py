"""Writing many deputies at once (a roster import): one transaction, bulk inserts, one audit entry."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import delete, insert, update
from sqlmodel import col, select

from liaison_desk.models import (
    Deputy,
    DeputyGroup,
    DeputyLevel,
    GroupMember,
    Station,
    StatusChange,
    new_id,
    utcnow,
)
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service
from liaison_desk.services.names import pinyin_keys
from liaison_desk.services.roster.service import SCALAR_FIELDS, DeputyRecord, validate_record

log = logging.getLogger(__name__)
Progress = Callable[..., None]
# Fields an import may change: the photo stays as the clerk set it in the program.
IMPORT_FIELDS = tuple(f for f in SCALAR_FIELDS if f not in ("photo", "station_id"))


class RosterBulkService(Service):
    """Applies an import plan's records: new ones (id None) are added, the others updated."""

    TABLES = ("deputy", "deputylevel", "groupmember", "deputygroup", "statuschange")

    def apply(self, records: Sequence[DeputyRecord], source: str, progress: Progress | None = None) -> dict[str, int]:
        """Write every record or none, after the backup every import makes. Returns {"new": n, "updated": n}."""
        for rec in records:
            validate_record(rec)
        if records:
            self.backup_before_import()
        today = date.today()
        now = utcnow()
        counts = {"new": 0, "updated": 0}
        with self.db.session() as s:
            groups = {g.name: g.id for g in s.exec(select(DeputyGroup)).all()}
            station = s.exec(select(Station.id).order_by(col(Station.created_at))).first()
            max_order = max([d for d in s.exec(select(Deputy.sort_order)).all()] or [0])
            current = {d.id: d for d in s.exec(select(Deputy)).all()} if any(r.id for r in records) else {}
            deputies, levels, members, statuses = [], [], [], []
            touched: list[str] = []
            for n, rec in enumerate(records):
                if progress and n % 200 == 0:
                    progress(n, len(records), "正在写入…")
                full, initials = pinyin_keys(rec.name)
                values = {f: getattr(rec, f) for f in IMPORT_FIELDS}
                values.update(name=rec.name.strip(), name_pinyin=full, name_initials=initials)
                if rec.id is None:
                    did = new_id()
                    max_order += 1
                    deputies.append({**values, "id": did, "photo": "", "station_id": station, "sort_order": max_order,
                                     "created_at": now, "updated_at": now, "version": 1})
                    statuses.append({"id": new_id(), "deputy_id": did, "status": rec.status,
                                     "changed_on": rec.status_date or today, "reason": "名册导入",
                                     "created_at": now, "updated_at": now, "version": 1})
                    counts["new"] += 1
                else:
                    did = rec.id
                    old = current.get(did)
                    if old is not None and old.status != rec.status:
                        statuses.append({"id": new_id(), "deputy_id": did, "status": rec.status,
                                         "changed_on": rec.status_date or today, "reason": "名册导入",
                                         "created_at": now, "updated_at": now, "version": 1})
                    s.execute(update(Deputy).where(Deputy.id == did)  # type: ignore[arg-type]
                              .values(**values, updated_at=now, version=Deputy.version + 1))
                    touched.append(did)
                    counts["updated"] += 1
                for e in rec.levels:
                    levels.append({"id": new_id(), "deputy_id": did, "level": e.level, "term": e.term,
                                   "start_date": e.start_date, "end_date": e.end_date,
                                   "created_at": now, "updated_at": now, "version": 1})
                if rec.group_name:
                    gid = groups.get(rec.group_name)
                    if gid is None:
                        gid = groups[rec.group_name] = new_id()
                        s.execute(insert(DeputyGroup), [{"id": gid, "name": rec.group_name, "station_id": station,
                                                         "notes": "", "created_at": now, "updated_at": now,
                                                         "version": 1}])
                    members.append({"id": new_id(), "group_id": gid, "deputy_id": did, "role": rec.group_role,
                                    "created_at": now, "updated_at": now, "version": 1})
                elif rec.group_id:
                    members.append({"id": new_id(), "group_id": rec.group_id, "deputy_id": did,
                                    "role": rec.group_role, "created_at": now, "updated_at": now, "version": 1})
            for i in range(0, len(touched), 500):
                chunk = touched[i:i + 500]
                s.execute(delete(DeputyLevel).where(DeputyLevel.deputy_id.in_(chunk)))  # type: ignore[attr-defined]
                s.execute(delete(GroupMember).where(GroupMember.deputy_id.in_(chunk)))  # type: ignore[attr-defined]
            for table, rows in ((Deputy, deputies), (DeputyLevel, levels), (GroupMember, members),
                                (StatusChange, statuses)):
                if rows:
                    s.execute(insert(table), rows)
            self.audit(s, AuditAction.IMPORT, "deputy", "",
                       f"从「{source}」导入代表名册：新增 {counts['new']} 名，更新 {counts['updated']} 名")
        log.info("roster import: %d new, %d updated", counts["new"], counts["updated"])
        self.db.notify(*self.TABLES)
        return counts
