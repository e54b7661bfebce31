"""The deputy roster (代表名册): list, search, read and save deputies with their levels and groups."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from liaison_desk.errors import KnownError, NotFound, ValidationError
from liaison_desk.models.enums import AuditAction, DeputyStatus, GroupRole, Level
from liaison_desk.services.base import check_version, diff
from liaison_desk.services.names import pinyin_keys
from liaison_desk.services.roster.listing import LEVEL_ORDER, RosterListing
from liaison_desk.services.roster.listing import (
    DeputyFilter as DeputyFilter,  # re-exported: callers keep one place
)
from liaison_desk.services.roster.listing import DeputyRow as DeputyRow
from liaison_desk.services.validate import normalize_id_number, normalize_phone, strip_invisible

if TYPE_CHECKING:
    from liaison_desk.store.orm import Session


@dataclass(slots=True)
class LevelEntry:
    level: str
    term: str = ""
    start_date: date | None = None
    end_date: date | None = None


@dataclass(slots=True)
class DeputyRecord:
    """Every editable field of a deputy; `id` is None for a new one."""

    name: str
    id: str | None = None
    gender: str = ""
    ethnicity: str = ""
    birth_date: date | None = None
    political: str = ""
    education: str = ""
    work_unit: str = ""
    post: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    constituency: str = ""
    status: str = DeputyStatus.ACTIVE.value
    status_date: date | None = None
    status_reason: str = ""
    is_cppcc: bool = False
    photo: str = ""
    notes: str = ""
    station_id: str | None = None
    levels: list[LevelEntry] = field(default_factory=list)
    group_id: str | None = None
    group_role: str = GroupRole.MEMBER.value
    group_name: str = ""  # filled by get()/all_records(); save() goes by group_id
    version: int = 0  # the row version the form read (get()); save() refuses a record saved since


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """One line of a deputy's status history."""

    status: str
    changed_on: date
    reason: str


SCALAR_FIELDS = ("name", "gender", "ethnicity", "birth_date", "political", "education", "work_unit", "post",
                 "phone", "id_number", "address", "constituency", "status", "status_date", "is_cppcc", "photo",
                 "notes", "station_id")
# Fields that may change without being written to the audit log in clear (personal data).
PRIVATE_FIELDS = {"phone", "id_number", "address", "birth_date"}


class RosterService(RosterListing):
    """Deputies of the roster."""

    TABLES = ("deputy", "deputylevel", "groupmember")

    def get(self, deputy_id: str) -> DeputyRecord:
        from liaison_desk.models import Deputy, DeputyGroup, DeputyLevel, GroupMember
        from liaison_desk.store.orm import select

        with self.db.session() as s:
            d = s.get(Deputy, deputy_id)
            if d is None:
                raise NotFound("找不到这位代表，可能已被删除")
            levels = s.exec(select(DeputyLevel).where(DeputyLevel.deputy_id == deputy_id)).all()
            member = s.exec(select(GroupMember).where(GroupMember.deputy_id == deputy_id)).first()
            rec = DeputyRecord(**{f: getattr(d, f) for f in SCALAR_FIELDS}, id=d.id, version=d.version)
            rec.levels = sorted((LevelEntry(lv.level, lv.term, lv.start_date, lv.end_date) for lv in levels),
                                key=lambda e: LEVEL_ORDER.get(e.level, 99))
            if member:
                rec.group_id, rec.group_role = member.group_id, member.role
                grp = s.get(DeputyGroup, member.group_id)
                rec.group_name = grp.name if grp else ""
            return rec

    def all_records(self) -> builtins.list[DeputyRecord]:
        """Every deputy with levels and group, in roster order (four queries, for export and import)."""
        from liaison_desk.models import Deputy, DeputyGroup, DeputyLevel, GroupMember
        from liaison_desk.store.orm import col, select

        with self.db.session() as s:
            deputies = s.exec(select(Deputy).order_by(col(Deputy.sort_order), col(Deputy.name_pinyin), col(Deputy.id))).all()
            levels: dict[str, list[LevelEntry]] = {}
            for lv in s.exec(select(DeputyLevel)).all():
                levels.setdefault(lv.deputy_id, []).append(LevelEntry(lv.level, lv.term, lv.start_date, lv.end_date))
            groups = {g.id: g.name for g in s.exec(select(DeputyGroup)).all()}
            members = {m.deputy_id: m for m in s.exec(select(GroupMember)).all()}
            out = []
            for d in deputies:
                rec = DeputyRecord(**{f: getattr(d, f) for f in SCALAR_FIELDS}, id=d.id)
                rec.levels = sorted(levels.get(d.id, []), key=lambda e: LEVEL_ORDER.get(e.level, 99))
                m = members.get(d.id)
                if m:
                    rec.group_id, rec.group_role, rec.group_name = m.group_id, m.role, groups.get(m.group_id, "")
                out.append(rec)
            return out

    def status_history(self, deputy_id: str) -> builtins.list[StatusEntry]:
        """The deputy's status changes, newest first."""
        from liaison_desk.models import StatusChange
        from liaison_desk.store.orm import col, select

        with self.db.session() as s:
            rows = s.exec(select(StatusChange).where(StatusChange.deputy_id == deputy_id)
                          .order_by(col(StatusChange.changed_on).desc(), col(StatusChange.created_at).desc())).all()
            return [StatusEntry(r.status, r.changed_on, r.reason) for r in rows]

    def add_group(self, name: str) -> str:
        """Create a deputy group (代表小组) by name, or return the one of that name."""
        from liaison_desk.models import DeputyGroup
        from liaison_desk.store.orm import select

        name = name.strip()
        if not name:
            raise ValidationError("小组名称不能为空", column="代表小组")
        with self.db.session() as s:
            g = s.exec(select(DeputyGroup).where(DeputyGroup.name == name)).first()
            if g is None:
                g = DeputyGroup(name=name)
                s.add(g)
                s.flush()
                self.audit(s, AuditAction.CREATE, "deputygroup", g.id, "新增代表小组")
            gid = g.id
        self.db.notify("deputygroup")
        return gid

    def validate(self, rec: DeputyRecord) -> None:
        """Raise ValidationError naming the first invalid field (column = the field's label)."""
        validate_record(rec)

    def save(self, rec: DeputyRecord) -> str:
        """Create or update a deputy with levels and group; returns the id. All or nothing."""
        from liaison_desk.models import Deputy, DeputyLevel, GroupMember, StatusChange
        from liaison_desk.store.orm import select

        self.validate(rec)
        full, initials = pinyin_keys(strip_invisible(rec.name).strip())
        with self.db.session() as s:
            values = {f: getattr(rec, f) for f in SCALAR_FIELDS}
            values["name"] = strip_invisible(rec.name).strip()
            values["id_number"] = normalize_id_number(rec.id_number)
            values["phone"] = normalize_phone(rec.phone) if rec.phone.strip() else ""
            old_photo = ""
            if rec.id:
                d = s.get(Deputy, rec.id)
                if d is None:
                    raise NotFound("找不到这位代表，可能已被其他人删除")
                old = {f: getattr(d, f) for f in SCALAR_FIELDS}
                check_version("deputy", d, rec.version, old, values, SCALAR_FIELDS,
                              partial(self._stale_links, s, d.id, rec))
                old_photo = d.photo if d.photo != rec.photo else ""
                if old["status"] != rec.status:
                    s.add(StatusChange(deputy_id=d.id, status=rec.status,
                                       changed_on=rec.status_date or date.today(), reason=rec.status_reason))
                for k, val in values.items():
                    setattr(d, k, val)
                d.name_pinyin, d.name_initials = full, initials
                changes = diff(old, values, SCALAR_FIELDS)
                for f in PRIVATE_FIELDS & changes.keys():
                    changes[f] = ["…", "…"]
                action, summary = AuditAction.UPDATE, "修改代表信息"
            else:
                d = Deputy(**values, name_pinyin=full, name_initials=initials)
                s.add(d)
                s.flush()
                s.add(StatusChange(deputy_id=d.id, status=rec.status,
                                   changed_on=rec.status_date or date.today(), reason=rec.status_reason or "新增"))
                changes, action, summary = {}, AuditAction.CREATE, "新增代表"
            for lv in s.exec(select(DeputyLevel).where(DeputyLevel.deputy_id == d.id)).all():
                s.delete(lv)
            for e in rec.levels:
                code = e.level if e.level in LEVEL_ORDER else Level.from_label(e.level)
                s.add(DeputyLevel(deputy_id=d.id, level=str(code), term=e.term, start_date=e.start_date,
                                  end_date=e.end_date))
            for m in s.exec(select(GroupMember).where(GroupMember.deputy_id == d.id)).all():
                s.delete(m)
            if rec.group_id:
                s.add(GroupMember(group_id=rec.group_id, deputy_id=d.id, role=rec.group_role))
            self.audit(s, action, "deputy", d.id, summary, changes)
            deputy_id = d.id
            s.flush()
            rec.version = d.version if rec.version else 0  # the next save from this record checks the version just written
        if old_photo:
            from liaison_desk.services.roster.photos import remove_photo

            remove_photo(self.db, old_photo)
        self.db.notify(*self.TABLES)
        return deputy_id

    @staticmethod
    def _stale_links(s: Session, deputy_id: str, rec: DeputyRecord) -> builtins.list[tuple[str, str, str]]:
        """The deputy's levels and group as this form has them and as stored (a conflict shows both)."""
        from liaison_desk.models import DeputyGroup, DeputyLevel, GroupMember
        from liaison_desk.store.orm import select

        def levels_text(entries: Iterable[LevelEntry]) -> str:
            codes = [(e.level if e.level in LEVEL_ORDER else str(Level.from_label(e.level) or e.level), e.term)
                     for e in entries]
            return "、".join(Level.label_of(c) + (f"（{t}）" if t else "") for c, t in
                            sorted(codes, key=lambda e: (LEVEL_ORDER.get(e[0], 99), e[1])))

        stored_levels = [LevelEntry(lv.level, lv.term) for lv in
                         s.exec(select(DeputyLevel).where(DeputyLevel.deputy_id == deputy_id))]
        member = s.exec(select(GroupMember).where(GroupMember.deputy_id == deputy_id)).first()
        groups = {g.id: g.name for g in s.exec(select(DeputyGroup))}

        def group_text(gid: str | None, role: str) -> str:
            return f"{groups.get(gid, '')}（{GroupRole.label_of(role)}）" if gid else ""

        return [("代表层级", levels_text(rec.levels), levels_text(stored_levels)),
                ("代表小组", group_text(rec.group_id, rec.group_role),
                 group_text(member.group_id, member.role) if member else "")]

    def references(self, deputy_id: str) -> int:
        """How many records of other ledgers (sessions, visits, suggestions, activities) name this deputy."""
        from liaison_desk.models import metadata

        own = {"deputylevel", "groupmember", "statuschange", "unavailability"}
        total = 0
        with self.db.reading() as c:
            for table in metadata().sorted_tables:
                if table.name in own:
                    continue
                for fk in table.foreign_keys:
                    if fk.column.table.name == "deputy":
                        total += int(c.execute(f'SELECT COUNT(*) FROM "{table.name}" '
                                                    f'WHERE "{fk.parent.name}" = :d', {"d": deputy_id}).scalar_one())
        return total

    def delete(self, deputy_id: str) -> None:
        """Delete a deputy entered by mistake; one who appears in any ledger is refused (set 离任 instead)."""
        from liaison_desk.models import Deputy

        used = self.references(deputy_id)
        if used:
            raise KnownError(f"这位代表已出现在 {used} 条接待、来访、建议或活动记录中，删除会使这些台账缺少代表",
                             hint="代表离任时请在“修改”中把状态改为“离任”，历史记录会保留")
        with self.db.session() as s:
            d = s.get(Deputy, deputy_id)
            if d is None:
                return
            photo = d.photo
            s.delete(d)
            self.audit(s, AuditAction.DELETE, "deputy", deputy_id, "删除代表")
        if photo:
            from liaison_desk.services.roster.photos import remove_photo

            remove_photo(self.db, photo)
        self.db.notify(*self.TABLES)

    def labels(self, ids: builtins.list[str]) -> dict[str, str]:
        """{id: "name（levels）"} of the given deputies (a picker's ticked ones, active or not)."""
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join(f":i{n}" for n in range(len(chunk)))
            sql = f"""SELECT d.id, d.name, (SELECT group_concat(level) FROM deputylevel l
                      WHERE l.deputy_id = d.id) AS levels FROM deputy d WHERE d.id IN ({marks})"""
            with self.db.reading() as c:
                for r in c.execute(sql, {f"i{n}": v for n, v in enumerate(chunk)}):
                    codes = sorted(set((r.levels or "").split(",")) - {""}, key=lambda lv: LEVEL_ORDER.get(lv, 99))
                    short = "、".join(Level(lv).short for lv in codes if lv in LEVEL_ORDER)
                    out[r.id] = f"{r.name}（{short}）" if short else r.name
        return out


def validate_record(rec: DeputyRecord) -> None:
    """Raise ValidationError naming the first invalid field (column = the field's label)."""
    from liaison_desk.services import validate as v

    if not rec.name.strip():
        raise ValidationError("姓名不能为空", column="姓名")
    if rec.phone.strip():
        v.check_phone(rec.phone, "联系电话")
    if rec.id_number.strip():
        v.check_id_number(rec.id_number, "身份证号")
    today = date.today()
    if rec.birth_date and not date(1900, 1, 1) <= rec.birth_date <= today:
        raise ValidationError("出生日期不对", column="出生日期")
    if rec.birth_date and len(rec.id_number.strip()) == 18:
        # "1975.03" in a roster is read as the 1st of the month: compare year and month only then
        fmt = "%Y%m" if rec.birth_date.day == 1 else "%Y%m%d"
        if not rec.id_number.strip()[6:14].startswith(rec.birth_date.strftime(fmt)):
            raise ValidationError("出生日期与身份证号中的出生日期不一致，请核对", column="出生日期")
    if rec.status_date and rec.status_date > today:
        raise ValidationError("状态日期不能晚于今天", column="状态日期")
    if not rec.levels:
        raise ValidationError("至少要选择一个代表层级", column="代表层级")
    for e in rec.levels:
        if e.start_date and e.end_date and e.end_date < e.start_date:
            raise ValidationError(f"「{Level.label_of(e.level)}」的任期结束日期早于开始日期", column="代表层级")
    seen = set()
    for e in rec.levels:
        if Level.from_label(e.level) is None and e.level not in LEVEL_ORDER:
            raise ValidationError(f"不认识的代表层级「{e.level}」", column="代表层级")
        if e.level in seen:
            raise ValidationError(f"代表层级「{Level.label_of(e.level)}」重复", column="代表层级")
        seen.add(e.level)
    if DeputyStatus.from_label(rec.status) is None:
        raise ValidationError(f"不认识的状态「{rec.status}」", column="状态")
