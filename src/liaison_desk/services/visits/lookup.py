"""Values the visit form offers while typing: earlier visitors, villages, and the editable category list."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from liaison_desk.errors import ValidationError
from liaison_desk.models import Category
from liaison_desk.models.enums import DEFAULT_CATEGORIES, AuditAction
from liaison_desk.services.base import Service


@dataclass(frozen=True, slots=True)
class KnownVisitor:
    """A person who came before, as last recorded (to fill the form from a chosen name)."""

    name: str
    village: str
    phone: str
    gender: str
    address: str


def _prefix_range(prefix: str) -> tuple[str, str]:
    """[lo, hi) of strings starting with `prefix` (an index range scan, unlike LIKE on CJK text)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


class VisitLookup(Service):
    """Autocompletion sources, each one indexed query."""

    def visitors(self, prefix: str, limit: int = 15) -> list[KnownVisitor]:
        """Earlier visitors whose name starts with `prefix`, one per name and village, latest details."""
        p = prefix.strip()
        if not p:
            return []
        lo, hi = _prefix_range(p)
        sql = """SELECT visitor_name, village, visitor_phone, visitor_gender, visitor_address, MAX(visited_on)
                 FROM visit WHERE visitor_name >= :lo AND visitor_name < :hi
                 GROUP BY visitor_name, village ORDER BY visitor_name, MAX(visited_on) DESC LIMIT :n"""
        if self.db.dialect == "postgresql":  # SQLite takes the bare columns from the MAX row; PostgreSQL says so
            sql = """SELECT * FROM (SELECT DISTINCT ON (visitor_name, village) visitor_name, village, visitor_phone,
                            visitor_gender, visitor_address, visited_on
                     FROM visit WHERE visitor_name >= :lo AND visitor_name < :hi
                     ORDER BY visitor_name, village, visited_on DESC) AS latest
                     ORDER BY visitor_name, visited_on DESC LIMIT :n"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"lo": lo, "hi": hi, "n": limit}).all()
        return [KnownVisitor(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def villages(self, limit: int = 1000) -> list[str]:
        """Villages and communities typed before, the most frequent first."""
        sql = ("SELECT village FROM visit WHERE village != '' GROUP BY village "
               "ORDER BY COUNT(*) DESC, village LIMIT :n")
        with self.db.reading() as c:
            return [r[0] for r in c.execute(sql, {"n": limit})]

    def categories(self) -> list[str]:
        """The category list (来访类别): the clerk's edited list, or the default one."""
        with self.db.session() as s:
            rows = s.exec(select(Category).where(Category.active == True)  # noqa: E712
                          .order_by(col(Category.sort_order), col(Category.name))).all()
            return [c.name for c in rows] if rows else list(DEFAULT_CATEGORIES)

    def save_categories(self, names: list[str]) -> None:
        """Replace the category list by `names` in order; dropped names are kept inactive (old visits keep them)."""
        clean = [n.strip() for n in names if n.strip()]
        clean = list(dict.fromkeys(clean))
        if not clean:
            raise ValidationError("类别列表不能为空", column="来访类别")
        too_long = next((n for n in clean if len(n) > 50), None)
        if too_long:
            raise ValidationError(f"类别「{too_long[:10]}…」太长（最多 50 字）", column="来访类别")
        with self.db.session() as s:
            existing = {c.name: c for c in s.exec(select(Category)).all()}
            for i, name in enumerate(clean):
                c = existing.get(name) or Category(name=name)
                c.sort_order, c.active = i, True
                s.add(c)
            for name, c in existing.items():
                if name not in clean:
                    c.active = False
                    s.add(c)
            self.audit(s, AuditAction.UPDATE, "category", "-", "修改来访类别列表")
        self.db.notify("category")
