"""What the benchmark's parts share: one result row, the private work folder, copies of the database."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="liaison-bench-"))


@dataclass
class Result:
    key: str
    measure: str
    unit: str
    values: list[float] = field(default_factory=list)
    baselines: list[float] = field(default_factory=list)
    goal: float | None = None  # the ratio to stay under (None: an absolute goal in `limit`)
    limit: float | None = None
    note: str = ""

    @property
    def value(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def baseline(self) -> float | None:
        return statistics.median(self.baselines) if self.baselines else None

    @property
    def ratio(self) -> float | None:
        """The median of the paired runs' ratios when every run has its baseline, else median over median."""
        if self.value is None or not self.baseline:
            return None
        if len(self.values) == len(self.baselines) and all(self.baselines):
            return statistics.median(v / b for v, b in zip(self.values, self.baselines, strict=True))
        return self.value / self.baseline

    @property
    def ratio_range(self) -> tuple[float, float] | None:
        """The smallest and largest paired ratio (None unless every run has its baseline)."""
        if not self.values or len(self.values) != len(self.baselines) or not all(self.baselines):
            return None
        ratios = [v / b for v, b in zip(self.values, self.baselines, strict=True)]
        return min(ratios), max(ratios)

    def met(self) -> bool | None:
        if self.value is None:
            return None
        if self.goal is not None:
            return self.ratio is not None and self.ratio <= self.goal
        return self.limit is not None and self.value <= self.limit


def work_copy(src: Path, name: str) -> Path:
    """A private copy to open in the program (start-up and exports may write to it)."""
    dest = WORK / name
    shutil.copyfile(src, dest)
    return dest
