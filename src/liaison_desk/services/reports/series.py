"""The year's series for the charts of the yearly report: visits and suggestions per month, categories,
the handling steps at the year's end, and the on-time and satisfaction rates per quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from liaison_desk.services.base import Service
from liaison_desk.services.reports.stats import Figures, StatsService


@dataclass(frozen=True, slots=True)
class YearSeries:
    year: int
    visits_per_month: list[int]  # 12 values
    suggestions_per_month: list[int]
    categories: list[tuple[str, int]]  # most first
    steps_at_end: list[tuple[str, int]]
    on_time_per_quarter: list[float | None]  # 4 values
    satisfaction_per_quarter: list[float | None]


class YearSeriesService(Service):
    def series(self, year: int, station_id: str | None = None, figures: Figures | None = None) -> YearSeries:
        """The charts' series; `figures` of the whole year when the caller has them already."""
        p = {"y": str(year), "st": station_id}
        st = "(:st IS NULL OR station_id = :st)"
        with self.db.reading() as c:
            def monthly(sql: str) -> list[int]:
                got = {int(m): int(n) for m, n in c.execute(sql, p)}
                return [got.get(m, 0) for m in range(1, 13)]

            visits = monthly(f"SELECT CAST(strftime('%m', visited_on) AS INTEGER), COUNT(*) FROM visit "
                             f"WHERE strftime('%Y', visited_on) = :y AND {st} GROUP BY 1")
            suggestions = monthly(f"SELECT CAST(strftime('%m', registered_on) AS INTEGER), COUNT(*) FROM suggestion "
                                  f"WHERE strftime('%Y', registered_on) = :y AND {st} GROUP BY 1")
        stats = StatsService(self.db)
        year_figures = figures or stats.figures(date(year, 1, 1), date(year, 12, 31), station_id)
        quarters = [stats.rates(date(year, 3 * q - 2, 1), _quarter_end(year, q), station_id) for q in range(1, 5)]
        return YearSeries(
            year, visits, suggestions, sorted(year_figures.visits_by_category.items(), key=lambda kv: -kv[1]),
            list(year_figures.open_by_step.items()), [q[0] for q in quarters], [q[1] for q in quarters])


def _quarter_end(year: int, q: int) -> date:
    return date(year, 12, 31) if q == 4 else date(year, 3 * q + 1, 1) - timedelta(days=1)
