"""What the benchmark's parts share: one result row, the private work folder, copies of the database."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
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
        if self.value is None or (self.goal is None and self.limit is None):  # measured, no goal set
            return None
        if self.goal is not None:
            return self.ratio is not None and self.ratio <= self.goal
        return self.limit is not None and self.value <= self.limit


def work_copy(src: Path, name: str) -> Path:
    """A private copy to open in the program (start-up and exports may write to it)."""
    dest = WORK / name
    shutil.copyfile(src, dest)
    return dest


# Peak memory of a child process. Linux records the *old* address space's high-water mark when a process
# execs, and wait4()/getrusage() report the larger of that and the new program's: a child spawned from a
# parent that has grown to 400 MiB reports ≥ 400 MiB whatever it does (seen: `python -c pass` → 413 MiB
# from a 400 MiB parent, 13 MiB from a small one). So measured children are started by a small launcher,
# whose own address space is a fresh interpreter, and its wait4() of the real child is the child's peak.
LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def spawn_measured(cmd: list[str], **popen: object) -> tuple[subprocess.Popen[str], Path]:
    """Start `cmd` through the launcher; after the Popen has ended, `peak_mib(file)` is its peak RSS."""
    fd, name = tempfile.mkstemp(prefix="peak-", dir=WORK)
    os.close(fd)
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, name, *cmd], **popen)  # type: ignore[call-overload]
    return proc, Path(name)


def peak_mib(file: Path) -> float:
    """The peak RSS (MiB) the launcher wrote, and the file removed."""
    try:
        return int(file.read_text() or 0) / 1024
    finally:
        file.unlink(missing_ok=True)
