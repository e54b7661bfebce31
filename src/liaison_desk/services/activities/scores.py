"""The yearly score sheet (年度考核评分表): editable rules, counted from the year's records.

A rule scores each 代表小组 (over its deputies) or each deputy: `base_points` for `base_count`, plus
`step_more` for each unit above it, minus `step_fewer` for each unit below, never below 0 nor above `cap`.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from liaison_desk.errors import ValidationError
from liaison_desk.models import ScoreRule
from liaison_desk.models.enums import AuditAction, ScoreBasis, ScoreUnit
from liaison_desk.services.activities.service import ROLL_SQL
from liaison_desk.services.base import Service

TABLES = ("scorerule",)


@dataclass(frozen=True, slots=True)
class RuleRow:
    item: str
    unit: str  # ScoreUnit
    basis: str  # ScoreBasis
    base_count: int
    base_points: float
    step_more: float = 0
    step_fewer: float = 0
    cap: float | None = None

    def points(self, count: int) -> float:
        if count >= self.base_count:
            p = self.base_points + (count - self.base_count) * self.step_more
        else:
            p = self.base_points - (self.base_count - count) * self.step_fewer
        p = max(p, 0.0)
        return min(p, self.cap) if self.cap is not None else p


@dataclass(frozen=True, slots=True)
class ScoreItem:
    item: str
    basis: str
    count: int
    points: float
    records: tuple[str, ...]  # the records counted: "2026年3月2日 书面意见建议：… （张三）"


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    name: str
    unit: str
    total: float
    items: tuple[ScoreItem, ...]
    station_id: str | None = None  # the group's (or deputy's) station in a township database


# Per basis: (SQL of the counted lines in the year for a set of deputies, how the lines are counted).
# Each line: (key counted, day, title, deputy name). "lines" counts lines, "distinct" distinct keys,
# "quantity" sums the key (an activity's 件数) over distinct activities.
_BASIS_SQL = {
    ScoreBasis.CONGRESS_ABSENT: ("roll", "r.kind = 'congress' AND r.status IN ('leave', 'absent')", "lines"),
    ScoreBasis.PRESIDIUM_ABSENT: ("roll", "r.kind = 'presidium' AND r.status IN ('leave', 'absent')", "lines"),
    ScoreBasis.WRITTEN_ITEMS: ("roll", "r.kind = 'written' AND r.status = 'present'", "quantity"),
    ScoreBasis.SPEAKERS: ("roll", "r.kind = 'speech' AND r.status = 'present'", "distinct"),
    ScoreBasis.RECEPTIONS: ("roll", "r.kind = 'reception' AND r.status = 'present'", "lines"),
    ScoreBasis.ACTIVITIES: ("roll", "r.status = 'present'", "lines"),
    ScoreBasis.REPORTS: ("reporter", "b.kind = 'report'", "lines"),
    ScoreBasis.GROUP_ACTIVITIES: ("group", "1=1", "lines"),
}


class ScoreService(Service):
    def rules(self) -> builtins.list[RuleRow]:
        with self.db.session() as s:
            rows = s.exec(select(ScoreRule).order_by(col(ScoreRule.sort_order), col(ScoreRule.item))).all()
            return [RuleRow(r.item, r.unit, r.basis, r.base_count, r.base_points, r.step_more, r.step_fewer, r.cap)
                    for r in rows]

    def replace_rules(self, rules: builtins.list[RuleRow]) -> None:
        """Replace the whole rule table (the clerk's edit, or a township's sheet) in one transaction."""
        for n, r in enumerate(rules, start=1):
            where = f"第 {n} 条规则"
            if not r.item.strip():
                raise ValidationError(f"{where}：项目不能为空", column="项目")
            if r.unit not in {u.value for u in ScoreUnit}:
                raise ValidationError(f"{where}：对象只能是代表小组或代表", column="对象")
            if r.basis not in {b.value for b in ScoreBasis}:
                raise ValidationError(f"{where}：没有这种计分依据", column="依据")
            if r.base_count < 0 or r.base_points < 0 or (r.cap is not None and r.cap < 0):
                raise ValidationError(f"{where}：基准数、基准分和最高分不能是负数", column="基准分")
        with self.db.session() as s:
            for old in s.exec(select(ScoreRule)).all():
                s.delete(old)
            s.flush()
            for i, r in enumerate(rules):
                s.add(ScoreRule(item=r.item.strip(), unit=r.unit, basis=r.basis, base_count=r.base_count,
                                base_points=r.base_points, step_more=r.step_more, step_fewer=r.step_fewer,
                                cap=r.cap, sort_order=i))
            self.audit(s, AuditAction.UPDATE, "scorerule", "", f"修改考核评分规则（{len(rules)} 条）")
        self.db.notify(*TABLES)

    def units(self, unit: str, station_id: str | None = None
              ) -> builtins.list[tuple[str, str, builtins.list[str], str | None]]:
        """(id, name, deputy ids, station id) of every group, or of every deputy in office; `station_id`:
        one station's of a township database."""
        one = "AND station_id = :st" if station_id else ""
        with self.db.reading() as c:
            if unit == ScoreUnit.GROUP.value:
                groups = c.execute(f"SELECT id, name, station_id FROM deputygroup WHERE 1=1 {one} ORDER BY name",
                                   {"st": station_id}).all()
                members: dict[str, list[str]] = {}
                for r in c.execute("SELECT group_id, deputy_id FROM groupmember"):
                    members.setdefault(r.group_id, []).append(r.deputy_id)
                return [(g.id, g.name, members.get(g.id, []), g.station_id) for g in groups]
            rows = c.execute(f"SELECT id, name, station_id FROM deputy WHERE status = 'active' {one} "
                             "ORDER BY sort_order, name_pinyin, id", {"st": station_id}).all()
            return [(r.id, r.name, [r.id], r.station_id) for r in rows]

    def score(self, year: int, unit: str = ScoreUnit.GROUP.value,
              station_id: str | None = None) -> builtins.list[ScoreSheet]:
        """Every group's (or deputy's) sheet for `year`, with the records behind each item; `station_id`:
        one station's groups (or deputies) of a township database."""
        rules = [r for r in self.rules() if r.unit == unit]
        out = []
        for uid, name, deputies, station in self.units(unit, station_id):
            items = []
            for rule in rules:
                count, records = self._count(ScoreBasis(rule.basis), year, uid, deputies, unit)
                items.append(ScoreItem(rule.item, ScoreBasis.label_of(rule.basis), count, rule.points(count),
                                       tuple(records)))
            out.append(ScoreSheet(name, unit, sum(i.points for i in items), tuple(items), station))
        return out

    def _count(self, basis: ScoreBasis, year: int, unit_id: str, deputies: builtins.list[str],
               unit: str) -> tuple[int, builtins.list[str]]:
        source, cond, how = _BASIS_SQL[basis]
        params: dict[str, object] = {"start": date(year, 1, 1), "end": date(year, 12, 31)}
        marks = ",".join(f":d{i}" for i in range(len(deputies))) or "NULL"
        params.update({f"d{i}": d for i, d in enumerate(deputies)})
        if source == "roll":
            sql = f"""WITH roll AS ({ROLL_SQL})
                SELECT r.entry_id AS key, r.quantity AS quantity, r.day, r.kind, r.title, d.name FROM roll r
                JOIN deputy d ON d.id = r.deputy_id
                WHERE {cond} AND r.deputy_id IN ({marks}) AND r.day BETWEEN :start AND :end"""
            if how == "distinct":
                sql = sql.replace("SELECT r.entry_id AS key", "SELECT r.deputy_id AS key")
            order = "r.day, r.title"
        elif source == "reporter":
            order = "b.day, b.title"
            sql = f"""SELECT b.id AS key, 1 AS quantity, b.day, b.kind, b.title, d.name FROM activity b
                JOIN deputy d ON d.id = b.reporter_id
                WHERE {cond} AND b.reporter_id IN ({marks}) AND b.day BETWEEN :start AND :end"""
        elif unit == ScoreUnit.GROUP.value:  # the group's own activities
            order = "b.day, b.title"
            sql = """SELECT b.id AS key, 1 AS quantity, b.day, b.kind, b.title, '' AS name FROM activity b
                WHERE b.group_id = :gid AND b.day BETWEEN :start AND :end"""
            params["gid"] = unit_id
        else:  # a deputy's group activities: those they attended
            order = "b.day, b.title"
            sql = f"""SELECT b.id AS key, 1 AS quantity, b.day, b.kind, b.title, d.name FROM activity b
                JOIN activityattendance r ON r.activity_id = b.id JOIN deputy d ON d.id = r.deputy_id
                WHERE b.kind = 'group' AND r.status = 'present' AND r.deputy_id IN ({marks})
                  AND b.day BETWEEN :start AND :end"""
        with self.db.reading() as c:
            rows = c.execute(f"{sql} ORDER BY {order}", params).all()
        if how == "distinct":
            count = len({r.key for r in rows})
        elif how == "quantity":
            count = sum({r.key: int(r.quantity or 1) for r in rows}.values())
        else:
            count = len(rows)
        from liaison_desk.models.enums import ActivityKind
        from liaison_desk.text import fmt_date

        records = [f"{fmt_date(_day(r.day))} {ActivityKind.label_of(r.kind)}：{r.title}"
                   + (f"（{r.name}）" if r.name else "") for r in rows]
        return count, records


def _day(v: object) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])
