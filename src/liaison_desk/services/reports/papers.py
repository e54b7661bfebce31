"""Rows of the papers for the wall and for the deputy (第九条: publish 履职情况; "定期进行通报"):
办理结果公示 (a quarter's answered matters, the citizen's name masked), 代表履职情况公示 (each deputy's year)
and 履职档案 (one deputy's year in detail, ready for their 述职)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liaison_desk.errors import NotFound
from liaison_desk.models.enums import ActivityKind, ReplyResult, Satisfaction
from liaison_desk.services.activities.service import ROLL_SQL
from liaison_desk.services.base import Service
from liaison_desk.services.validate import mask_name


@dataclass(frozen=True, slots=True)
class ResultLine:
    number: str
    title: str
    citizen: str  # masked: 张*华
    agency: str
    replied_on: date
    result: str
    satisfaction: str
    station_id: str | None = None  # the matter's station (a township database's notice groups by it)


@dataclass(frozen=True, slots=True)
class PerformanceLine:
    deputy_id: str
    name: str
    levels: str
    receptions: int  # held receptions attended
    visits: int  # visits received
    suggestions: int  # suggestions led (领衔)
    activities: int  # activities attended (not receptions)
    expected: int  # roll calls the deputy was on
    present: int
    reported_on: date | None  # latest 述职 in the year
    station_id: str | None = None  # the deputy's station (a township database's notice groups by it)

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True, slots=True)
class RecordEntry:
    day: date
    what: str  # 接待选民 / 来访 / 建议 / activity kind label
    text: str


@dataclass(frozen=True, slots=True)
class DeputyRecordSheet:
    line: PerformanceLine
    entries: list[RecordEntry]


def _d(v: object) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


class PapersService(Service):
    def results(self, start: date, end: date, station_id: str | None = None) -> list[ResultLine]:
        """Matters whose reply came in [start, end], by number; the citizen's name masked for the wall;
        `station_id`: one station's of a township database."""
        sql = """SELECT g.number, g.title, g.citizen_name, g.reply_on, g.reply_result, g.satisfaction, g.station_id,
                   (SELECT a.name FROM suggestionagency sa JOIN agency a ON a.id = sa.agency_id
                     WHERE sa.suggestion_id = g.id AND sa.role = 'lead' AND sa.returned_on IS NULL LIMIT 1) AS agency
                 FROM suggestion g WHERE g.reply_on BETWEEN :s AND :e AND (:st IS NULL OR g.station_id = :st)
                 ORDER BY g.year, g.seq, g.number"""
        with self.db.reading() as c:
            rows = c.execute(sql, {"s": start, "e": end, "st": station_id}).all()
        return [ResultLine(r.number, r.title, mask_name(r.citizen_name) if r.citizen_name else "", r.agency or "",
                           _d(r.reply_on), ReplyResult.label_of(r.reply_result),
                           Satisfaction.label_of(r.satisfaction) or "待反馈", r.station_id) for r in rows]

    def performance(self, year: int, deputy_id: str | None = None,
                    station_id: str | None = None) -> list[PerformanceLine]:
        """Each deputy's year (deputies in office, and any who were on a roll call that year); `station_id`:
        one station's deputies of a township database."""
        p = {"s": date(year, 1, 1), "e": date(year, 12, 31), "d": deputy_id, "st": station_id}
        # one aggregate per source, materialised once and joined to the deputies (not re-run per deputy)
        sql = f"""WITH roll AS ({ROLL_SQL}),
            mine AS MATERIALIZED (SELECT r.deputy_id,
                       SUM(r.kind = 'reception' AND r.status = 'present') AS receptions,
                       SUM(r.kind <> 'reception' AND r.status = 'present') AS activities,
                       COUNT(*) AS expected, SUM(r.status = 'present') AS present
                     FROM roll r WHERE r.day BETWEEN :s AND :e GROUP BY r.deputy_id),
            received AS MATERIALIZED (SELECT vd.deputy_id, COUNT(*) AS n FROM visitdeputy vd JOIN visit v ON v.id = vd.visit_id
                         WHERE v.visited_on BETWEEN :s AND :e GROUP BY vd.deputy_id),
            led AS MATERIALIZED (SELECT sd.deputy_id, COUNT(*) AS n FROM suggestiondeputy sd
                    JOIN suggestion g ON g.id = sd.suggestion_id
                    WHERE sd.is_lead AND g.registered_on BETWEEN :s AND :e GROUP BY sd.deputy_id),
            reported AS MATERIALIZED (SELECT reporter_id AS deputy_id, MAX(day) AS day FROM activity
                         WHERE kind = 'report' AND day BETWEEN :s AND :e GROUP BY reporter_id),
            levels AS MATERIALIZED (SELECT deputy_id, group_concat(level) AS levels FROM deputylevel GROUP BY deputy_id)
            SELECT d.id, d.name, d.station_id, l.levels, COALESCE(m.receptions, 0) AS receptions, COALESCE(rv.n, 0) AS visits,
                   COALESCE(ld.n, 0) AS suggestions, COALESCE(m.activities, 0) AS activities,
                   COALESCE(m.expected, 0) AS expected, COALESCE(m.present, 0) AS present, rp.day AS reported
            FROM deputy d LEFT JOIN mine m ON m.deputy_id = d.id LEFT JOIN received rv ON rv.deputy_id = d.id
              LEFT JOIN led ld ON ld.deputy_id = d.id LEFT JOIN reported rp ON rp.deputy_id = d.id
              LEFT JOIN levels l ON l.deputy_id = d.id
            WHERE (:d IS NULL OR d.id = :d) AND (:st IS NULL OR d.station_id = :st)
              AND (d.status = 'active' OR m.deputy_id IS NOT NULL)
            ORDER BY d.sort_order, d.name_pinyin, d.id"""
        from liaison_desk.models.enums import Level

        with self.db.reading() as c:
            rows = c.execute(sql, p).all()
        out = []
        for r in rows:
            codes = [lv for lv in Level if lv.value in set((r.levels or "").split(","))]
            out.append(PerformanceLine(r.id, r.name, "、".join(lv.short for lv in codes), r.receptions, r.visits,
                                       r.suggestions, r.activities, r.expected, r.present,
                                       _d(r.reported) if r.reported else None, r.station_id))
        return out

    def find_deputy(self, name_or_id: str) -> str:
        with self.db.reading() as c:
            ids = [r[0] for r in c.execute("SELECT id FROM deputy WHERE id = :q OR name = :q",
                                           {"q": name_or_id.strip()})]
        if not ids:
            raise NotFound(f"名册中没有「{name_or_id}」")
        if len(ids) > 1:
            raise NotFound(f"名册中有 {len(ids)} 位「{name_or_id}」，请用代表编号")
        return str(ids[0])

    def deputy_record(self, deputy_id: str, year: int) -> DeputyRecordSheet:
        """One deputy's year: receptions and activities on their roll calls, visits received, suggestions led."""
        lines = self.performance(year, deputy_id)
        if not lines:
            raise NotFound("找不到这位代表")
        p = {"s": date(year, 1, 1), "e": date(year, 12, 31), "d": deputy_id}
        with self.db.reading() as c:
            roll = c.execute(f"""WITH roll AS ({ROLL_SQL})
                SELECT r.day, r.kind, r.title, r.status FROM roll r
                WHERE r.deputy_id = :d AND r.day BETWEEN :s AND :e""", p).all()
            visits = c.execute("""SELECT v.visited_on, v.village, v.category, v.content FROM visitdeputy vd
                JOIN visit v ON v.id = vd.visit_id WHERE vd.deputy_id = :d AND v.visited_on BETWEEN :s AND :e""",
                               p).all()
            led = c.execute("""SELECT g.registered_on, g.number, g.title, g.step FROM suggestiondeputy sd
                JOIN suggestion g ON g.id = sd.suggestion_id
                WHERE sd.deputy_id = :d AND sd.is_lead AND g.registered_on BETWEEN :s AND :e""", p).all()
        from liaison_desk.models.enums import Attendance, Step

        entries = [RecordEntry(_d(r.day), ActivityKind.label_of(r.kind),
                               r.title + ("" if r.status == "present" else f"（{Attendance.label_of(r.status)}）"))
                   for r in roll]
        entries += [RecordEntry(_d(r.visited_on), "接待来访", f"{r.village} {r.category}：{r.content[:60]}")
                    for r in visits]
        entries += [RecordEntry(_d(r.registered_on), "领衔建议", f"{r.number} {r.title}（{Step.label_of(r.step)}）")
                    for r in led]
        entries.sort(key=lambda e: (e.day, e.what))
        return DeputyRecordSheet(lines[0], entries)
