"""Who receives voters at each demo session, as a station keeping rule 一 arranges it, with planted gaps.

Every month's regular reception has a serving 乡镇 deputy (turns rotate: fewest turns first, then the one
whose last turn is longest ago); a 县 deputy joins in the middle month of every quarter, a 市 deputy in
March and September, a 省 deputy in June, so every level's period is met. Deputies who have left are
never drawn. Two things are planted on the first station, and only there, for `schedule check` to find:

- GAP: the month six months before today's, its 乡镇 deputy is on leave (请假) and the reception is held
  by deputies of other levels only, so 乡镇 misses that month;
- LATE: three months before today's month, the regular reception's notice is posted one working day before.
"""

from __future__ import annotations

import random
from datetime import date

TOWNSHIP = "township"
# the month of the year in which each higher level's period is met (county: the middle of each quarter)
CARRIER_MONTHS = {2: "county", 5: "county", 8: "county", 11: "county", 3: "city", 9: "city", 6: "province"}
GAP_MONTHS_BACK, LATE_MONTHS_BACK = 6, 3
LATE_NOTICE_WORKING_DAYS = 1  # the late notice: posted one working day before (the rule asks for 3)
LEAVE_REASON = "外出学习"


def months_back(today: date, n: int) -> tuple[int, int]:
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return y, m + 1


class Seating:
    """Picks the deputies of each session, station by station, in the order sessions are generated."""

    def __init__(self, seed: int, today: date, first_station: str,
                 deputies: list[tuple[str, str, tuple[str, ...], bool]]) -> None:
        """`deputies`: (id, station, levels, serving) in roster order."""
        self.rng = random.Random(f"receptions-{seed}")
        self.today = today
        self.first_station = first_station
        self.pool: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for did, st, levels, serving in deputies:
            if serving:
                self.pool.setdefault(st, []).append((did, levels))
        self.turns: dict[str, int] = {}
        self.last: dict[str, date] = {}
        self.gap = months_back(today, GAP_MONTHS_BACK)
        self.late = months_back(today, LATE_MONTHS_BACK)

    def is_gap(self, st: str, day: date) -> bool:
        return st == self.first_station and (day.year, day.month) == self.gap

    def late_notice(self, st: str, day: date, kind: str) -> bool:
        """True for the one regular reception whose notice is posted late."""
        return st == self.first_station and kind == "regular" and (day.year, day.month) == self.late \
            and day < self.today

    def uid(self) -> str:
        import uuid

        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _next(self, st: str, want: str | None, taken: list[str], without: str | None = None) -> str | None:
        """The serving deputy of level `want` (any level: None) with the fewest turns, then the longest
        since their last, skipping `taken` and deputies of level `without`."""
        order = [(self.turns.get(d, 0), self.last.get(d, date.min), i, d)
                 for i, (d, levels) in enumerate(self.pool.get(st, []))
                 if d not in taken and (want is None or want in levels) and (without is None or without not in levels)]
        return min(order)[3] if order else None

    def seat(self, st: str, day: date, kind: str, size: int) -> list[tuple[str, str]]:
        """(deputy, attendance) for one session; `size` deputies when the station has that many."""
        gap = self.is_gap(st, day)
        without = TOWNSHIP if gap else None
        taken: list[str] = []
        must: list[str] = []
        if kind == "regular":
            carrier_level = CARRIER_MONTHS.get(day.month)
            if carrier_level:
                c = self._next(st, carrier_level, taken, without)
                if c:
                    taken.append(c)
                    must.append(c)
            if not any(TOWNSHIP in dict(self.pool.get(st, [])).get(d, ()) for d in taken):
                t = self._next(st, TOWNSHIP, taken)
                if t:
                    taken.append(t)
                    if not gap:
                        must.append(t)
        present_needed = 2 + (1 if gap else 0)  # the gap month: the 乡镇 deputy away, still two present
        while len(taken) < max(size, present_needed):
            d = self._next(st, None, taken, without)
            if d is None:
                break
            taken.append(d)
        out: list[tuple[str, str]] = []
        away_left = 0 if gap else max(0, len(taken) - 2)  # extras may be away; two always come
        for d in taken:
            if gap and d not in must and TOWNSHIP in dict(self.pool[st]).get(d, ()):
                status = "leave"
            elif d not in must and away_left and day < self.today and self.rng.random() < 0.3:
                status = self.rng.choice(("leave", "absent"))
                away_left -= 1
            else:
                status = "present"
            if status == "present":
                self.turns[d] = self.turns.get(d, 0) + 1
                self.last[d] = day
            out.append((d, status))
        return out
