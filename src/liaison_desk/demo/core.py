"""The demo generator's shared state: seeded randomness, rows per table, the working-day calendar, people."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from liaison_desk.demo import words as W
from liaison_desk.services.calendar import WorkCalendar
from liaison_desk.services.validate import id_check_digit

_SURNAMES = [s for s, _ in W.SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in W.SURNAMES]


@dataclass(slots=True)
class Person:
    """A citizen or deputy of the township: name with a gender that fits it, phone and village."""

    name: str
    gender: str  # Gender code
    phone: str
    village: str
    birth_year: int


@dataclass(slots=True)
class StationPlan:
    """One generated station: its id, people and the facts later modules build on."""

    id: str
    name: str
    liaison_officer: str
    deputies: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (id, name, levels)
    sessions: list[dict[str, Any]] = field(default_factory=list)  # receptionsession rows + "deputies"
    used_names: set[tuple[str, str]] = field(default_factory=set)  # (name, village) already taken
    used_phones: set[str] = field(default_factory=set)


class Gen:
    """Rows per table, a seeded random source and the program's own working-day calendar."""

    def __init__(self, seed: int | str, today: date, calendar: WorkCalendar) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.cal = calendar
        self.now = datetime(today.year, today.month, today.day, 1, 0, tzinfo=UTC)
        self.rows: dict[str, list[dict[str, Any]]] = {}

    # rows ----------------------------------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, table: str, **values: Any) -> str:
        values.setdefault("id", self.uid())
        values.setdefault("created_at", self.now)
        values.setdefault("updated_at", self.now)
        values.setdefault("version", 1)
        self.rows.setdefault(table, []).append(values)
        return str(values["id"])

    # working days --------------------------------------------------------------------------------
    def workday(self, d: date) -> date:
        """`d` when it is a working day, else the next one."""
        return self.cal.next_workday(d)

    def add_wd(self, d: date, n: int) -> date:
        return self.cal.add_working_days(d, n)

    def random_workday(self, start: date, end: date) -> date:
        """A working day in [start, end] (end itself when the range has none)."""
        for _ in range(20):
            d = self.workday(start + timedelta(days=self.rng.randrange(max((end - start).days, 0) + 1)))
            if d <= end:
                return d
        return end

    def has_calendar(self, year: int) -> bool:
        return self.cal.has_data(year)

    # people --------------------------------------------------------------------------------------
    def person(self, plan: StationPlan, village: str, born: tuple[int, int] = (1950, 2000),
               female: float = 0.45) -> Person:
        """A new person of `village` whose name is not yet taken there and whose phone is new."""
        r = self.rng
        for _ in range(30):
            year = r.randrange(*born)
            is_f = r.random() < female
            pool = (W.FEMALE_OLDER if year < 1975 else W.FEMALE_YOUNGER) if is_f else \
                (W.MALE_OLDER if year < 1975 else W.MALE_YOUNGER)
            name = r.choices(_SURNAMES, _SURNAME_WEIGHTS)[0] + r.choice(pool)
            if (name, village) not in plan.used_names:
                break
        plan.used_names.add((name, village))
        phone = self.phone()
        while phone in plan.used_phones:
            phone = self.phone()
        plan.used_phones.add(phone)
        return Person(name, "f" if is_f else "m", phone, village, year)

    def phone(self) -> str:
        return self.rng.choice(("138", "139", "150", "151", "186", "187", "135", "177")) + \
            f"{self.rng.randrange(10**8):08d}"

    def id_number(self, birth: date, gender: str) -> str:
        """A valid 身份证号 whose sequence digit agrees with the gender (odd: male)."""
        seq = self.rng.randrange(50) * 2 + (1 if gender == "m" else 0)
        body = f"130225{birth:%Y%m%d}{self.rng.randrange(10):01d}{seq:02d}"
        return body + id_check_digit(body)


def add_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end."""
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    return date(y, m, 28)
