"""Duplicate deputies (the same 身份证号 twice) and merging two records into one, keeping every reference."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from liaison_desk.errors import KnownError, NotFound
from liaison_desk.models import Deputy, utcnow
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service
from liaison_desk.services.validate import mask_id, normalize_id_number

# Tables a deputy owns outright: they move with the merge; a level the kept record already has is dropped.
_OWN_DEDUP = {"deputylevel": ("level",)}
# Text fields of the kept record that are filled from the merged one when empty.
_FILLED = ("gender", "ethnicity", "political", "education", "work_unit", "post", "phone", "id_number",
           "address", "constituency", "photo", "notes", "birth_date", "station_id")


@dataclass(frozen=True, slots=True)
class DuplicatePerson:
    id: str
    name: str
    work_unit: str
    phone: str
    references: int


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Deputies sharing one ID number (shown masked: 130223********007X)."""

    id_number_masked: str
    people: list[DuplicatePerson]


@dataclass(slots=True)
class MergeResult:
    kept: str
    removed: str
    moved: dict[str, int] = field(default_factory=dict)  # table → rows now pointing at the kept record
    dropped: dict[str, int] = field(default_factory=dict)  # table → duplicate link rows removed


class MergeService(Service):
    """Finds deputies recorded twice and merges them (one transaction, recorded in the 操作日志)."""

    TABLES = ("deputy", "deputylevel", "groupmember", "statuschange", "unavailability", "sessiondeputy",
              "visitdeputy", "visit", "suggestiondeputy", "activityattendance", "attachment")

    def duplicates(self) -> list[DuplicateGroup]:
        """Groups of deputies whose ID numbers are the same once normalised (spaces, x, full-width)."""
        from liaison_desk.services.roster.service import RosterService

        with self.db.reading() as c:
            rows = c.execute("SELECT id, name, work_unit, phone, id_number FROM deputy "
                             "WHERE id_number != '' ORDER BY created_at, name").all()
        groups: dict[str, list[Any]] = {}
        for r in rows:
            groups.setdefault(normalize_id_number(r.id_number), []).append(r)
        roster = RosterService(self.db)
        return [DuplicateGroup(mask_id(key), [DuplicatePerson(r.id, r.name, r.work_unit, r.phone,
                                                              roster.references(r.id)) for r in people])
                for key, people in sorted(groups.items()) if len(people) > 1]

    def merge(self, keep_id: str, drop_id: str) -> MergeResult:
        """Merge deputy `drop_id` into `keep_id`: every session, visit, suggestion, activity, group, level
        and status entry of the dropped record then belongs to the kept one; its empty fields are filled
        from the dropped record; the dropped record is deleted. Its 操作日志 entries stay as they were and
        two entries (合并 on the kept record, 删除 on the dropped one) link the two. A backup is made first."""
        if keep_id == drop_id:
            raise KnownError("请选择两条不同的代表记录进行合并")
        from liaison_desk.store.backup import BEFORE_IMPORT, backup_database

        result = MergeResult(keep_id, drop_id)
        removed_photo = ""
        backup_database(self.db, BEFORE_IMPORT)  # like an import: a backup first
        with self.db.session() as s:
            keep, drop = s.get(Deputy, keep_id), s.get(Deputy, drop_id)
            if keep is None or drop is None:
                raise NotFound("要合并的代表记录不存在（可能已被删除或合并）")
            now = utcnow()
            for table, column, others in _references():
                moved, dropped = _repoint(s, table, column, others, keep_id, drop_id, now)
                if moved:
                    result.moved[table] = moved
                if dropped:
                    result.dropped[table] = dropped
            moved = s.connection().execute(text("UPDATE attachment SET owner_id = :k, updated_at = :now, "
                                   "version = version + 1 WHERE owner_table = 'deputy' AND owner_id = :d"),
                              {"k": keep_id, "d": drop_id, "now": now}).rowcount
            if moved:
                result.moved["attachment"] = moved
            filled = {}
            for name in _FILLED:
                mine, theirs = getattr(keep, name), getattr(drop, name)
                if not mine and theirs:
                    setattr(keep, name, theirs)
                    filled[name] = [None, theirs]
            if drop.photo and keep.photo != drop.photo:
                removed_photo = drop.photo
            s.add(keep)  # the ORM bumps its version and updated_at when a field was filled
            snapshot = {c: getattr(drop, c) for c in Deputy.model_fields if c not in ("id",)}
            s.delete(drop)
            s.flush()
            self.audit(s, AuditAction.MERGE, "deputy", keep_id, "合并重复的代表记录",
                       {"merged_from": [drop_id, keep_id], **filled,
                        **{f"moved:{t}": [None, n] for t, n in result.moved.items()}})
            self.audit(s, AuditAction.DELETE, "deputy", drop_id, "合并重复的代表记录后删除",
                       {"merged_into": [drop_id, keep_id], **{k: [v, None] for k, v in snapshot.items()}})
        if removed_photo:
            from liaison_desk.services.roster.photos import remove_photo

            remove_photo(self.db, removed_photo)
        self.db.notify(*self.TABLES)
        return result


def _references() -> list[tuple[str, str, tuple[str, ...]]]:
    """(table, column, columns that make two rows the same link) for every column referring to deputy.id."""
    from liaison_desk.models import metadata

    out = []
    for table in metadata().sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != "deputy":
                continue
            others = tuple(f.parent.name for f in table.foreign_keys
                           if f.parent.name != fk.parent.name and f.column.table.name != "station")
            if fk.parent.nullable:  # an optional pointer (visit.assisting_deputy_id): just repoint it
                others = ()
            out.append((table.name, fk.parent.name, _OWN_DEDUP.get(table.name, others)))
    return out


def _repoint(s: Session, table: str, column: str, same: tuple[str, ...], keep: str, drop: str,
             now: Any) -> tuple[int, int]:
    """Point `table.column` from `drop` to `keep`; a row the kept record already has (same `same`
    columns: the same session, visit, suggestion, activity, group or level) is removed instead."""
    dropped = 0
    if same:
        match = " AND ".join(f'k."{c}" = "{table}"."{c}"' for c in same)
        dropped = s.connection().execute(text(f'DELETE FROM "{table}" WHERE "{column}" = :d AND EXISTS (SELECT 1 FROM "{table}" k '
                                 f'WHERE k."{column}" = :k AND {match})'),
                            {"k": keep, "d": drop}).rowcount
    moved = s.connection().execute(text(f'UPDATE "{table}" SET "{column}" = :k, updated_at = :now, version = version + 1 '
                           f'WHERE "{column}" = :d'), {"k": keep, "d": drop, "now": now}).rowcount
    return int(moved or 0), int(dropped or 0)
