"""Dates a deputy cannot receive voters (请假/外出), honoured by the rota generator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liaison_desk.errors import ValidationError
from liaison_desk.models import Unavailability
from liaison_desk.models.enums import AuditAction
from liaison_desk.services.base import Service
from liaison_desk.text import fmt_period


@dataclass(frozen=True, slots=True)
class AbsenceRow:
    id: str
    deputy_id: str
    name: str
    start: date
    end: date
    reason: str


class AbsenceService(Service):
    """Add, list and remove a deputy's unavailable dates."""

    TABLES = ("unavailability",)

    def list(self, since: date | None = None) -> list[AbsenceRow]:
        """Absences ending on or after `since` (all when None), soonest first."""
        with self.db.reading() as c:
            rows = c.execute('SELECT u.id, u.deputy_id, d.name, u.start, u."end", u.reason FROM unavailability u '
                                  'JOIN deputy d ON d.id = u.deputy_id WHERE u."end" >= :since '
                                  'ORDER BY u.start, d.sort_order, d.name',
                             {"since": (since or date.min).isoformat()}).all()
        return [AbsenceRow(r[0], r[1], r[2], date.fromisoformat(r[3]), date.fromisoformat(r[4]), r[5] or "")
                for r in rows]

    def add(self, deputy_id: str, start: date, end: date, reason: str = "") -> str:
        if not deputy_id:
            raise ValidationError("请选择代表", column="代表")
        if end < start:
            raise ValidationError("结束日期不能早于开始日期", column="结束日期")
        with self.db.session() as s:
            u = Unavailability(deputy_id=deputy_id, start=start, end=end, reason=reason.strip()[:200])
            s.add(u)
            s.flush()
            self.audit(s, AuditAction.CREATE, "unavailability", u.id,
                       f"登记代表不能参加接待的日期 {fmt_period(start, end)}")
            uid = u.id
        self.db.notify(*self.TABLES)
        return uid

    def remove(self, absence_id: str) -> None:
        with self.db.session() as s:
            u = s.get(Unavailability, absence_id)
            if u is None:
                return
            s.delete(u)
            self.audit(s, AuditAction.DELETE, "unavailability", absence_id, "删除代表不能参加接待的日期")
        self.db.notify(*self.TABLES)
