"""The township database: marked by a setting, fed with the stations' workbooks, matches reviewed once."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from liaison_desk.errors import KnownError, NotFound
from liaison_desk.models.enums import AuditAction, ReviewDecision, TownshipLevel
from liaison_desk.services.base import Service

if TYPE_CHECKING:
    from liaison_desk.services.handoff.plan import ImportPlan
    from liaison_desk.services.handoff.rows import Issue, ParsedWorkbook
    from liaison_desk.services.township.match import Matching

log = logging.getLogger(__name__)
NAME_KEY, LEVEL_KEY = "township.name", "township.level"
NOT_TOWNSHIP = "这个数据库不是乡镇汇总库，请先运行 township init --name 名称（联络站自己的数据库不要这样做）"


@dataclass(frozen=True, slots=True)
class TownshipInfo:
    name: str
    level: TownshipLevel


def _matching() -> Matching:
    """An empty Matching; its module (with the workbook readers) is imported when a file is added."""
    from liaison_desk.services.township.match import Matching

    return Matching()


@dataclass
class FileResult:
    """One workbook added (or refused, or already added): the `township add --json` file entry."""

    file: str
    station: str = ""
    period: str = ""
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0
    errors: list[Issue] = field(default_factory=list)
    already: bool = False  # the same file (digest) was added before: nothing done
    matching: Matching = field(default_factory=_matching)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "station": self.station, "period": self.period, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged, "conflicts": self.conflicts,
                "errors": [e.as_dict() for e in self.errors], "already_added": self.already}


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One uncertain match: the station's deputy (a) and the township's candidate (b)."""

    id: int
    kind: str
    a: str
    a_station: str
    b: str
    b_station: str
    reason: str
    decision: ReviewDecision

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "a": f"{self.a}（{self.a_station}）",
                "b": f"{self.b}（{self.b_station}）", "reason": self.reason, "decision": self.decision.label}


@dataclass(frozen=True, slots=True)
class StationRow:
    id: str
    name: str
    periods: list[str]
    files: int

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "periods": self.periods, "files": self.files}


class TownshipService(Service):
    """The township office's database: many stations, one record per shared agency and deputy."""

    # the office ---------------------------------------------------------------------------------
    def info(self) -> TownshipInfo | None:
        """The office this database belongs to, or None for a station's own database."""
        name = self.setting(NAME_KEY)
        if name is None:
            return None
        return TownshipInfo(name, TownshipLevel(self.setting(LEVEL_KEY) or "township"))

    def init(self, name: str, level: TownshipLevel = TownshipLevel.TOWNSHIP) -> TownshipInfo:
        """Mark this database as the office's (a setting); a station's own data refuses to be marked."""
        from liaison_desk.models import Setting, Station
        from liaison_desk.store.orm import select

        name = name.strip()
        if not name:
            raise KnownError("请给出乡镇汇总库的名称，如：青石镇人大主席团")
        with self.db.session() as s:
            if s.get(Setting, NAME_KEY) is None and s.exec(select(Station)).first() is not None:
                raise KnownError("这个数据库已经有联络站的数据，不能改作乡镇汇总库",
                                 hint="请用 --db 指定一个新的文件作为乡镇汇总库")
            for key, value in ((NAME_KEY, name), (LEVEL_KEY, level.value)):
                row = s.get(Setting, key) or Setting(key=key)
                row.value = value
                s.add(row)
            self.audit(s, AuditAction.UPDATE, "setting", NAME_KEY, f"设为乡镇汇总库（{level.label}）")
        self.db.notify("setting")
        return TownshipInfo(name, level)

    def require(self) -> TownshipInfo:
        info = self.info()
        if info is None:
            raise KnownError(NOT_TOWNSHIP)
        return info

    # adding workbooks ---------------------------------------------------------------------------
    def add(self, parsed: ParsedWorkbook, dry_run: bool = False) -> FileResult:
        """Add one station's workbook: match shared records, plan, apply in one transaction, remember it.

        A workbook with any error is refused whole (nothing written); the same file again is a no-op.
        """
        from liaison_desk.models import TownshipFile
        from liaison_desk.services.handoff.plan import plan_import
        from liaison_desk.services.handoff.rows import Issue
        from liaison_desk.services.handoff.schema import period_label
        from liaison_desk.services.handoff.service import HandoffService

        self.require()
        res = FileResult(parsed.path.name, period=period_label(parsed.info.start, parsed.info.end))
        with self.db.session() as s:
            if s.get(TownshipFile, parsed.sha256) is not None:
                res.already = True
        st = parsed.sheets.get("station")
        station_id = next((r.id for r in st.rows if r.id), None) if st else None
        res.station = next((str(r.values.get("name") or "") for r in st.rows if r.id), "") if st else ""
        res.station = res.station or parsed.info.station
        if res.already:
            return res
        if station_id is None:
            res.errors = [*parsed.issues, Issue("联络站", None, "编号", "没有联络站编号，无法知道是哪个联络站的台账")]
            return res
        matching = self._match(parsed, station_id)
        res.matching = matching
        plan = plan_import(self.db, parsed)
        res.errors = plan.errors
        res.conflicts = len(plan.conflicts)
        res.new, res.changed, res.unchanged = len(plan.new), len(plan.changed) + len(plan.station_changes), plan.unchanged
        if plan.errors or dry_run:
            return res
        HandoffService(self.db).apply(plan)
        self._remember(parsed, station_id, plan, matching)
        log.info("township: workbook added, %d new, %d changed", res.new, res.changed)
        return res

    def _match(self, parsed: ParsedWorkbook, station_id: str) -> Matching:
        from liaison_desk.services.township.match import (
            Candidate,
            drop_shared_lists,
            match_agencies,
            match_deputies,
            normal,
        )

        out = _matching()
        with self.db.engine.connect() as conn:
            q = conn.exec_driver_sql
            idmap = {(t, loc): tid for t, loc, tid in q(
                "SELECT table_name, local_id, township_id FROM townshipidmap WHERE station_id = ?", (station_id,))}
            known: dict[tuple[str, str], tuple[str, str]] = {}
            for aid, name, kind in q("SELECT id, name, kind FROM agency ORDER BY created_at"):
                known.setdefault((normal(name), kind), (aid, name))
            match_agencies(parsed, known, idmap, out)
            cands = [Candidate(*r) for r in q("SELECT id, name, phone, id_number, birth_date FROM deputy")]
            for c in cands:
                if isinstance(c.birth_date, str):
                    c.birth_date = date.fromisoformat(c.birth_date[:10])
            decided = {loc: (cand, dec) for loc, cand, dec in q(
                "SELECT local_id, candidate_id, decision FROM townshipreview WHERE station_id = ? AND kind = 'deputy'",
                (station_id,))}
            match_deputies(parsed, cands, {c.id for c in cands}, idmap, decided, out)
            ids = {t: {r[0] for r in q(f"SELECT id FROM {t}")} for t in ("category", "holiday")}  # noqa: S608
            drop_shared_lists(parsed, {r[0] for r in q("SELECT name FROM category")},
                              {r[0] for r in q("SELECT day FROM holiday")}, ids)
        return out

    def _remember(self, parsed: ParsedWorkbook, station_id: str, plan: ImportPlan, m: Matching) -> None:
        """The station-owned edits of a later workbook, the id mappings, new review pairs and the file digest."""
        from liaison_desk.models import TownshipFile, TownshipIdMap, TownshipReview, metadata, utcnow
        from liaison_desk.services.handoff.schema import period_label

        tables = metadata().tables
        now = utcnow()
        with self.db.session() as s:
            conn = s.connection()
            for change in plan.station_changes:  # the station owns these fields: its newer values win
                ws = parsed.sheets[change.table]
                row = next((r for r in ws.rows if r.id == change.id), None)
                if row is None:
                    continue
                owned = ws.spec.owned_by_township()
                fields = {c.key: row.values[c.key] for c in ws.present if c.field and c.key in row.values
                          and c.key not in owned and c.key not in ("id", "created_at", "updated_at")}
                if "version" in fields:
                    t = tables[change.table]
                    conn.execute(t.update().where(t.c.id == change.id).values(**fields, updated_at=now))
            for table, local, tid in m.maps:
                if s.get(TownshipIdMap, (station_id, table, local)) is None:
                    s.add(TownshipIdMap(station_id=station_id, table_name=table, local_id=local, township_id=tid))
            for local, cand, reason in m.reviews:
                s.add(TownshipReview(kind="deputy", station_id=station_id, local_id=local, candidate_id=cand,
                                     reason=reason))
            counts = {"new": len(plan.new), "changed": len(plan.changed) + len(plan.station_changes),
                      "unchanged": plan.unchanged, "conflicts": len(plan.conflicts)}
            s.add(TownshipFile(sha256=parsed.sha256, file_name=parsed.path.name, station_id=station_id,
                               start=parsed.info.start, end=parsed.info.end, added_at=now,
                               counts=json.dumps(counts, ensure_ascii=False)))
            self.audit(s, AuditAction.IMPORT, "townshipfile", parsed.sha256[:36],
                       f"汇总联络站台账（{period_label(parsed.info.start, parsed.info.end)}）", counts)
        self.db.notify("townshipfile", "townshipreview")

    # the review list ----------------------------------------------------------------------------
    def reviews(self) -> list[ReviewRow]:
        """Every uncertain match, open ones first."""
        with self.db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT r.id, r.kind, COALESCE(a.name, b.name), sa.name, b.name, sb.name, r.reason, r.decision "
                "FROM townshipreview r LEFT JOIN deputy a ON a.id = r.local_id JOIN deputy b ON b.id = r.candidate_id "
                "LEFT JOIN station sa ON sa.id = r.station_id LEFT JOIN station sb ON sb.id = b.station_id "
                "ORDER BY r.decision != '', r.id").all()  # a merged deputy shows the name it was merged into
        return [ReviewRow(i, k, a, sa or "", b, sb or "", reason, ReviewDecision(d))
                for i, k, a, sa, b, sb, reason, d in rows]

    def decide(self, review_id: int, accept: bool) -> ReviewRow:
        """Record the office's decision once; accepting merges the station's deputy into the candidate."""
        from liaison_desk.models import TownshipIdMap, TownshipReview, utcnow

        self.require()
        with self.db.session() as s:
            r = s.get(TownshipReview, review_id)
            if r is None:
                raise NotFound(f"待确认列表中没有编号 {review_id}")
            if r.decision:
                raise KnownError(f"编号 {review_id} 已经确认过（{ReviewDecision(r.decision).label}），不能再改")
            r.decision = ReviewDecision.ACCEPT.value if accept else ReviewDecision.REJECT.value
            r.decided_at = utcnow()
            s.add(r)
            if accept:
                self._merge_deputy(s.connection(), r.local_id, r.candidate_id)
                m = s.get(TownshipIdMap, (r.station_id, "deputy", r.local_id))
                if m is None:
                    m = TownshipIdMap(station_id=r.station_id, table_name="deputy", local_id=r.local_id,
                                      township_id=r.candidate_id)
                m.township_id = r.candidate_id
                s.add(m)
            self.audit(s, AuditAction.UPDATE, "townshipreview", str(review_id),
                       "确认为同一人" if accept else "确认不是同一人")
        self.db.notify("townshipreview", "deputy")
        return next(x for x in self.reviews() if x.id == review_id)

    @staticmethod
    def _merge_deputy(conn: Any, local: str, target: str) -> None:
        """Point every reference at the candidate and remove the duplicate (its own levels go with it)."""
        from liaison_desk.models import metadata

        for t in metadata().sorted_tables:
            for fk in t.foreign_keys:
                if fk.column.table.name != "deputy" or t.name in ("deputylevel", "statuschange"):
                    continue
                conn.execute(t.update().where(t.c[fk.parent.name] == local).values({fk.parent.name: target}))
        for child in ("deputylevel", "statuschange"):
            conn.exec_driver_sql(f"DELETE FROM {child} WHERE deputy_id = ?", (local,))  # noqa: S608
        conn.exec_driver_sql("DELETE FROM deputy WHERE id = ?", (local,))

    # stations -----------------------------------------------------------------------------------
    def stations(self) -> list[StationRow]:
        """The stations of the township database with the months their workbooks covered."""
        from liaison_desk.models import Station, TownshipFile
        from liaison_desk.store.orm import col, select

        with self.db.session() as s:
            stations = s.exec(select(Station).order_by(col(Station.name))).all()
            files = s.exec(select(TownshipFile)).all()
        out = []
        for st in stations:
            mine = [f for f in files if f.station_id == st.id]
            periods = sorted({m for f in mine for m in months(f.start, f.end)})
            out.append(StationRow(st.id, st.name, periods, len(mine)))
        return out

    def station_id(self, key: str) -> str:
        """A station by id or name."""
        rows = self.stations()
        hit = [r for r in rows if key in (r.id, r.name)]
        if len(hit) != 1:
            raise NotFound(f"没有联络站「{key}」" if not hit else f"有 {len(hit)} 个联络站都叫「{key}」，请用编号")
        return hit[0].id


def months(start: Any, end: Any) -> list[str]:
    """YYYY-MM of every month a workbook's period touches (none for an --all workbook)."""
    if start is None or end is None:
        return []
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
