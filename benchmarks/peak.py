"""A process's own peak memory, importable by the benchmark's child processes (no side effects)."""

from __future__ import annotations

from pathlib import Path


def own_peak_mib() -> float:
    """This process's peak RSS in MiB: VmHWM of its own address space. Unlike getrusage()/wait4(), it does
    not include the high-water mark of the process it was exec'd from (see LAUNCHER in common.py)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
