"""A year's reception schedule checked against the station rules and rule 一 (`schedule check`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.schedule.compliance import ComplianceRow, ComplianceService, view_range
from liaison_desk.services.schedule.rules import Violation, check_range
from liaison_desk.store.db import Database


@dataclass(frozen=True, slots=True)
class CheckResult:
    violations: tuple[Violation, ...]
    behind: tuple[ComplianceRow, ...]  # deputies with periods without a reception, most behind first

    def as_json(self) -> dict[str, object]:
        return {"violations": [v.as_json() for v in self.violations],
                "behind": [{"deputy": r.deputy_id, "name": r.name, "periods_missed": r.missed}
                           for r in self.behind]}


def check_year(db: Database, year: int, today: date | None = None) -> CheckResult:
    start, end = view_range(year)
    violations = check_range(db, WorkCalendar(db), start, end)
    rows = ComplianceService(db).report(start, end, today=today)
    return CheckResult(tuple(violations), tuple(r for r in rows if r.behind))
