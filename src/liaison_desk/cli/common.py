"""Helpers shared by the CLI commands: opening the database, JSON output, date arguments."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk import config
from liaison_desk.errors import KnownError
from liaison_desk.store import Database, open_database


def db_path(args: argparse.Namespace) -> Path:
    return config.resolve_db_path(getattr(args, "db", None))


def open_db(args: argparse.Namespace) -> Database:
    db = open_database(db_path(args), lock=True)  # one program per database (store/lock.py)
    db.operator = os.environ.get("LIAISON_DESK_OPERATOR", "命令行")
    return db


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def day(text: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"日期「{text}」格式不对，应为 YYYY-MM-DD") from e


def out_path(text: str) -> Path:
    p = Path(text)
    if p.exists() and p.is_dir():
        raise KnownError("输出位置是一个文件夹，请给出文件名", file=p)
    return p
