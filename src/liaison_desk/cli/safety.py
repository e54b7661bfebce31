"""Commands of the safety area (filled in by its capability issue)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
