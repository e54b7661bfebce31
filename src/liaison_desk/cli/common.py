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

MASK_HELP = "电话、身份证号脱敏（138****5678），反映问题、备注等文字中写的号码也隐去"
STATION_HELP = "乡镇汇总库：只看一个联络站（编号或名称）"
PAPER_MASK_HELP = "脱敏：姓名（张*华）、电话、身份证号一律隐去，内容、纪要等文字中写的也隐去"


def db_path(args: argparse.Namespace) -> Path:
    return config.resolve_db_path(getattr(args, "db", None))


def db_path_is_explicit(args: argparse.Namespace) -> bool:
    """True when the clerk named the database (--db or LIAISON_DESK_DB), False for the default one."""
    return config.db_named(getattr(args, "db", None))


def open_db(args: argparse.Namespace, create: bool = False) -> Database:
    """The command's database, locked (one program per database, store/lock.py).

    A missing database is an error ("找不到数据库文件") unless `create` (demo, station set): then it is
    created, in an existing folder when the clerk named it (a typo never makes folders), and the
    command says where on stderr (stdout stays clean for --json).
    """
    url = server_url(args)
    if url is not None:  # a PostgreSQL server (store/server.py): no file, no lock
        db = open_database(url)
    else:
        db = open_database(db_path(args), lock=True, create=create, make_folders=not db_path_is_explicit(args))
    db.operator = os.environ.get("LIAISON_DESK_OPERATOR", "命令行")
    if db.created:
        print(f"已新建数据库：{db.where}", file=sys.stderr)
    return db


def server_url(args: argparse.Namespace) -> str | None:
    """The PostgreSQL URL when --db (else LIAISON_DESK_DB) names a server, None for an SQLite file."""
    return config.server_url(getattr(args, "db", None))


def station_arg(db: Database, key: str | None) -> str | None:
    """`--station ID_OR_NAME` as a station id; only a township database holds several stations."""
    if not key:
        return None
    from liaison_desk.services.township.service import TownshipService

    township = TownshipService(db)
    township.require()
    return str(township.station_id(key))


def station_names(db: Database) -> dict[str, str]:
    """Station names by id in a township database (each listed row names its station); empty in a station's own."""
    from liaison_desk.services.station import StationService

    if StationService(db).township_name() is None:
        return {}
    return StationService(db).names()


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def day(text: str) -> date:
    """argparse type for YYYY-MM-DD; a well-formed day that is not in the calendar (2026-02-30) is said so."""
    import re

    m = re.fullmatch(r"\s*(\d{4})\D(\d{1,2})\D(\d{1,2})日?\s*", text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise argparse.ArgumentTypeError(f"日期「{text}」不存在，请检查月和日")
    example = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else "2026-11-05"
    raise argparse.ArgumentTypeError(f"日期「{text}」格式不对，应写成 YYYY-MM-DD，如 {example}")


FIRST_YEAR, LAST_YEAR = 1950, 2100


def year_arg(text: str) -> int:
    """argparse type for --year: a four-digit year the calendar can hold (year 0 or 99999 is a typo)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"年份「{text}」不对，应为四位数的年份，如 2026")
    return value


def out_path(text: str) -> Path:
    """argparse type for --out: a file, never a folder (the KnownError is reported by cli.main)."""
    p = Path(text)
    if p.exists() and p.is_dir():
        raise KnownError("输出位置是一个文件夹，请给出文件名", file=p)
    return p


def _out_with(suffix: str, kind: str) -> Any:
    def check(text: str) -> Path:
        p = out_path(text)
        if p.suffix.lower() != suffix:
            raise argparse.ArgumentTypeError(f"输出文件「{p.name}」应以 {suffix} 结尾（写出的是{kind}），"
                                             f"例如 {p.stem or '文件'}{suffix}")
        return p

    check.__name__ = suffix  # argparse names the type in its messages
    return check


pdf_out = _out_with(".pdf", " PDF 文件")
xlsx_out = _out_with(".xlsx", " Excel 工作簿")


def paper_mask(args: argparse.Namespace, db: Database) -> Any:
    """The text function of a paper printed with --mask (names, phones, ID numbers), else None."""
    if not getattr(args, "mask", False):
        return None
    from liaison_desk.services.masking import MaskingService

    return MaskingService(db).masker()
