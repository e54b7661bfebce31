"""Statistics summed over a township's (or county's) stations: one line per station from StatsService,
履职中心 subtotals at county level, the total; only months the office approved (已审核) are counted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liaison_desk.errors import ValidationError
from liaison_desk.models import Setting
from liaison_desk.models.enums import AuditAction, ReportState, TownshipLevel
from liaison_desk.services.base import Service
from liaison_desk.services.reports.stats import Figures, StatsService
from liaison_desk.services.township.service import TownshipService, months
from liaison_desk.services.township.status import ReportingService
from liaison_desk.text import fmt_month

CENTRE_KEY = "township.centre."  # + station id: the 履职中心 a county groups the station under
NO_CENTRE = "（未分履职中心）"
# (Figures field or key, column header): the table's columns, in the monthly form's order and words
COLUMNS: tuple[tuple[str, str], ...] = (
    ("receptions", "接待次数"), ("deputy_attendances", "参加代表人次"), ("citizens", "群众人次"),
    ("visits", "来访件数"), ("deputy_suggestions", "登记代表建议"), ("citizen_suggestions", "登记选民意见"),
    ("assigned", "交办"), ("replied", "回复"), ("solved", "已解决"), ("overdue_at_end", "期末超期未回复"),
    ("activities", "活动次数"), ("activity_citizens", "活动群众人次"),
    ("on_time_rate", "按期答复率"), ("satisfaction_rate", "满意率"),
)
RATES = frozenset({"on_time_rate", "satisfaction_rate"})
Values = dict[str, int | float | None]
Progress = Callable[[int, int], None]


def values_of(f: Figures) -> Values:
    """The table's columns of one station's figures."""
    out: Values = {k: getattr(f, k) for k, _ in COLUMNS if hasattr(f, k)}
    out["deputy_suggestions"] = f.suggestions_registered.get("deputy", 0)
    out["citizen_suggestions"] = f.suggestions_registered.get("citizen", 0)
    return out


def shown(key: str, v: int | float | None) -> str:
    if v is None:
        return "—"
    return f"{v * 100:.1f}%" if key in RATES else str(v)


@dataclass(frozen=True, slots=True)
class TableLine:
    """One line of the table: a station, a 履职中心 subtotal or the total."""

    kind: str  # "station" | "centre" | "total"
    label: str
    centre: str
    values: Values

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.label, "centre": self.centre,
                **{h: self.values.get(k) for k, h in COLUMNS}}


@dataclass
class StationTable:
    """The summed table of a period: counted lines in order, and the stations left out with why."""

    office: str
    level: TownshipLevel
    start: date
    end: date
    lines: list[TableLine] = field(default_factory=list)
    # (station, the months not approved as (YYYY-MM, state label)): ISO in JSON, 2026年1月 in text
    missing: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    @property
    def total(self) -> TableLine:
        return self.lines[-1]

    @property
    def title(self) -> str:
        return f"{self.office}各联络站工作统计汇总表"

    def missing_text(self) -> str:
        """The sentence naming the stations not counted, for every output."""
        if not self.missing:
            return "各联络站的台账均已审核，全部计入。"
        return ("未计入（台账未审核）：" + "；".join(f"{s}（{'、'.join(f'{fmt_month(m)} {state}' for m, state in why)}）"
                                           for s, why in self.missing)
                + f"。共 {len(self.missing)} 个联络站未计入。")

    def as_dict(self) -> dict[str, Any]:
        return {"office": self.office, "level": self.level.label, "from": self.start.isoformat(),
                "to": self.end.isoformat(), "lines": [x.as_dict() for x in self.lines],
                "missing": [{"station": s, "why": "、".join(f"{m} {state}" for m, state in why),
                             "months": [{"month": m, "state": state} for m, state in why]} for s, why in self.missing]}


class TownshipStats(Service):
    """StatsService per station, summed; the 履职中心 of each station kept as a setting of the county office."""

    def centres(self) -> dict[str, str]:
        with self.db.engine.connect() as c:
            rows = c.exec_driver_sql("SELECT key, value FROM setting WHERE key LIKE 'township.centre.%'").all()
        return {k[len(CENTRE_KEY):]: v for k, v in rows if v}

    def set_centre(self, station: str, centre: str) -> str:
        """Put a station under a 履职中心 (empty: none); returns the station's id."""
        ts = TownshipService(self.db)
        ts.require()
        sid = ts.station_id(station)
        if len(centre.strip()) > 100:
            raise ValidationError("履职中心名称太长（最多 100 个字）", column="履职中心")
        with self.db.session() as s:
            row = s.get(Setting, CENTRE_KEY + sid) or Setting(key=CENTRE_KEY + sid)
            row.value = centre.strip()
            s.add(row)
            self.audit(s, AuditAction.UPDATE, "setting", CENTRE_KEY + sid, f"履职中心：{centre.strip() or '（无）'}")
        self.db.notify("setting")
        return sid

    def table(self, start: date, end: date, progress: Progress | None = None) -> StationTable:
        """Every station whose months in [start, end] are all 已审核, one line each; subtotals and total."""
        if end < start:
            raise ValidationError("结束日期不能早于开始日期", column="结束日期")
        ts = TownshipService(self.db)
        info = ts.require()
        wanted = set(months(start, end))
        states: dict[tuple[str, str], ReportState] = {}
        for y in range(start.year, end.year + 1):
            for cell in ReportingService(self.db).status(y, today=date(y, 12, 31)):
                if cell.month in wanted:
                    states[(cell.station_id, cell.month)] = cell.state
        stations = ts.stations()
        centres = self.centres() if info.level is TownshipLevel.COUNTY else {}
        out = StationTable(info.name, info.level, start, end)
        counted: list[tuple[str, str, str, Values]] = []
        stats = StatsService(self.db)
        for i, st in enumerate(stations):
            if progress is not None:
                progress(i, len(stations))
            short = [(m, states.get((st.id, m), ReportState.MISSING).label) for m in sorted(wanted)
                     if states.get((st.id, m), ReportState.MISSING) is not ReportState.APPROVED]
            if short:
                out.missing.append((st.name, short))
                continue
            counted.append((st.id, st.name, centres.get(st.id, NO_CENTRE) if info.level is TownshipLevel.COUNTY else "",
                            values_of(stats.figures(start, end, st.id))))
        if info.level is TownshipLevel.COUNTY:
            counted.sort(key=lambda x: (x[2] == NO_CENTRE, x[2]))
            for centre in dict.fromkeys(c for _, _, c, _ in counted):
                mine = [x for x in counted if x[2] == centre]
                out.lines += [TableLine("station", name, centre, v) for _, name, _, v in mine]
                out.lines.append(TableLine("centre", f"{centre}小计", centre,
                                           self._sum(stats, start, end, mine)))
        else:
            out.lines += [TableLine("station", name, "", v) for _, name, _, v in counted]
        out.lines.append(TableLine("total", "合计", "", self._sum(stats, start, end, counted)))
        if progress is not None:
            progress(len(stations), len(stations))
        return out

    @staticmethod
    def _sum(stats: StatsService, start: date, end: date, rows: list[tuple[str, str, str, Values]]) -> Values:
        """Counts added up; the rates worked out again over the stations together (not averaged)."""
        total: Values = {k: sum(int(v[k] or 0) for *_, v in rows) for k, _ in COLUMNS if k not in RATES}
        total["on_time_rate"], total["satisfaction_rate"] = stats.rates_for(start, end, [r[0] for r in rows])
        return total
