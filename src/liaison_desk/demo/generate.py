"""Build the demo station (or county) with one fast bulk load, deterministic for a seed."""

from __future__ import annotations

import logging
from datetime import date

from liaison_desk.demo import activities, handling, people, schedule, visits
from liaison_desk.demo.core import Gen
from liaison_desk.errors import KnownError
from liaison_desk.models.enums import DEFAULT_CATEGORIES
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.store.bulk import load_tables
from liaison_desk.store.db import Database

log = logging.getLogger(__name__)

SCALES = {
    # stations, deputies (a station draws 12–15), months of records, visits, suggestions
    "station": (1, 15, 12, 220, 60),
    "county": (93, 2000, 36, 200_000, 50_000),
}


def build(db: Database, scale: str = "station", seed: int = 7, today: date | None = None,
          station_name: str | None = None) -> dict[str, int]:
    """Fill an empty database with demo data; returns rows written per table.

    `station_name` names the (first) station; demo stations of one township built with different names
    hold different deputies, visitors and ids, so their workbooks can be merged like real ones.
    """
    if scale not in SCALES:
        raise KnownError(f"不认识的规模「{scale}」，可选 station 或 county")
    if not db.is_empty():
        raise KnownError("数据库里已经有数据，演示数据只能写入空数据库", file=db.path,
                         hint="请用 --db 指定一个新的数据库文件")
    # distinct stations of one township (--station-name) get distinct data even from the same seed
    g = Gen(f"{seed}:{station_name}" if station_name else seed, today or date.today(), WorkCalendar(db))
    n_stations, n_deputies, months, n_visits, n_suggestions = SCALES[scale]
    plans = people.stations(g, n_stations, station_name)
    agencies = people.agencies(g)
    seeds = []
    per_station = n_deputies // n_stations
    for i, plan in enumerate(plans):
        size = per_station + (1 if i < n_deputies % n_stations else 0) if n_stations > 1 else \
            g.rng.randint(12, 15)
        people.deputies(g, plan, size, sort_base=i * 100, may_leave=n_stations > 1)
        schedule.sessions(g, plan, months)
        visits_here = n_visits // n_stations
        seeds += visits.visits(g, plan, months, visits_here, round(n_suggestions * 0.8 / n_stations))
        activities.activities(g, plan, months)
    handling.suggestions(g, seeds, plans, round(n_suggestions * 0.2), months, agencies)
    for i, c in enumerate(DEFAULT_CATEGORIES):
        g.add("category", name=c, sort_order=i, active=True)
    from liaison_desk.demo.activity_year import add_activity_year

    add_activity_year(g, seed, months)  # last, so every row before it stays as it was
    return load_tables(db, g.rows)


