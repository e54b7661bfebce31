"""人大组成人员 (members of the township congress's leading body), their 联系点 and the deputies there."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

from sqlmodel import col, select

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models import CongressMember, MemberDeputy, Station
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service

TABLES = ("congressmember", "memberdeputy")


@dataclass(slots=True)
class MemberRecord:
    name: str
    id: str | None = None
    post: str = ""
    contact_point: str = ""
    active: bool = True
    deputy_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: str
    name: str
    post: str
    contact_point: str
    active: bool
    deputies: str  # names, 、-separated


class MemberService(Service):
    """The list the clerk keeps of 人大组成人员 and whom each one visits."""

    def list(self, active_only: bool = False) -> builtins.list[MemberRow]:
        sql = """SELECT m.id, m.name, m.post, m.contact_point, m.active,
                   (SELECT group_concat(d.name, '、') FROM memberdeputy md JOIN deputy d ON d.id = md.deputy_id
                     WHERE md.member_id = m.id) AS deputies
                 FROM congressmember m {where} ORDER BY m.sort_order, m.name"""
        with self.db.reading() as c:
            rows = c.execute(sql.format(where="WHERE m.active" if active_only else "")).all()
        return [MemberRow(r.id, r.name, r.post, r.contact_point, bool(r.active), r.deputies or "") for r in rows]

    def get(self, member_id: str) -> MemberRecord:
        with self.db.session() as s:
            m = s.get(CongressMember, member_id)
            if m is None:
                raise NotFound("这位人大组成人员已不在名单中")
            ids = s.exec(select(MemberDeputy.deputy_id).where(MemberDeputy.member_id == member_id)).all()
            return MemberRecord(m.name, m.id, m.post, m.contact_point, m.active, list(ids))

    def find(self, name: str) -> str | None:
        """The id of the member named `name`, if any."""
        with self.db.session() as s:
            return s.exec(select(CongressMember.id).where(CongressMember.name == name.strip())).first()

    def save(self, rec: MemberRecord) -> str:
        name = rec.name.strip()
        if not name:
            raise ValidationError("姓名不能为空", column="姓名")
        with self.db.session() as s:
            clash = s.exec(select(CongressMember.id).where(CongressMember.name == name)).first()
            if clash and clash != rec.id:
                raise ValidationError(f"名单中已经有「{name}」", column="姓名")
            if rec.id:
                m = s.get(CongressMember, rec.id)
                if m is None:
                    raise NotFound("这位人大组成人员已不在名单中")
                action = AuditAction.UPDATE
                for old in s.exec(select(MemberDeputy).where(MemberDeputy.member_id == m.id)).all():
                    s.delete(old)
            else:
                station = s.exec(select(Station.id).order_by(col(Station.created_at))).first()
                m = CongressMember(name=name, station_id=station)
                s.add(m)
                action = AuditAction.CREATE
            m.name, m.post, m.contact_point, m.active = name, rec.post.strip(), rec.contact_point.strip(), rec.active
            s.flush()
            for d in dict.fromkeys(rec.deputy_ids):
                s.add(MemberDeputy(member_id=m.id, deputy_id=d))
            self.audit(s, action, "congressmember", m.id, "保存人大组成人员及联系点")
            member_id = m.id
        self.db.notify(*TABLES)
        return member_id

    def delete(self, member_id: str) -> None:
        with self.db.session() as s:
            m = s.get(CongressMember, member_id)
            if m is None:
                return
            s.delete(m)
            self.audit(s, AuditAction.DELETE, "congressmember", member_id, "删除人大组成人员")
        self.db.notify(*TABLES)
