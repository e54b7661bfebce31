"""A year's reception schedule checked against the station rules and rule 一 (`schedule check`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liaison_desk.models.enums import ScheduleRule
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import view_range
from liaison_desk.services.schedule.frequency import FrequencyReport, FrequencyService
from liaison_desk.services.schedule.rules import Violation, check_range
from liaison_desk.store.db import Database


@dataclass(frozen=True, slots=True)
class CheckResult:
    year: int
    violations: tuple[Violation, ...]  # broken rules of single sessions
    frequency: FrequencyReport  # behind, due, unconfirmed, turns
    warnings: tuple[str, ...]  # the holiday table missing for the year, …

    @property
    def ok(self) -> bool:
        """Nothing behind and no violation (the exit code of `schedule check`)."""
        return not self.violations and not self.frequency.behind

    def as_json(self) -> dict[str, object]:
        f = self.frequency
        many = len(f.stations) > 1
        def name(key: str) -> str | None:
            return f.stations.get(key, "") if many else None

        return {"year": self.year,
                "violations": [v.as_json() for v in self.violations],
                "behind": [c.as_json(name(c.station)) for c in f.behind],
                "due": [c.as_json(name(c.station)) for c in f.due],
                "unconfirmed": [u.as_json() for u in f.unconfirmed],
                "turns": [t.as_json() for t in f.turns],
                "warnings": list(self.warnings)}


def check_year(db: Database, year: int, today: date | None = None) -> CheckResult:
    today = today or date.today()
    start, end = view_range(year)
    found = check_range(db, WorkCalendar(db), start, end, today)
    calendar = ScheduleRule.CALENDAR.value
    return CheckResult(year, tuple(v for v in found if v.rule != calendar),
                       FrequencyService(db).year(year, today),
                       tuple(v.message for v in found if v.rule == calendar))
