"""Demo data: one realistic station, or a county's years of records, deterministic for a seed."""

from liaison_desk.demo.generate import build

__all__ = ["build"]
