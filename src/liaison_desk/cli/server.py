"""`migrate-to`: move a station's SQLite database onto a PostgreSQL server (store.transfer)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from liaison_desk.cli.common import db_path, print_json
from liaison_desk.errors import KnownError


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands to the parser."""
    p = sub.add_parser("migrate-to", parents=[common],
                       help="把 SQLite 数据库整个复制到 PostgreSQL 服务器上的空数据库（逐表核对行数和校验和）")
    p.add_argument("url", metavar="URL", help="目标：postgresql://用户@服务器:端口/数据库名（密码用 PGPASSWORD 或 .pgpass）")
    p.add_argument("--from", dest="source", metavar="FILE", help="要复制的数据库文件（默认：--db 或平时用的那份）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_migrate_to)


def cmd_migrate_to(args: argparse.Namespace) -> int:
    from liaison_desk.config import mask_url, server_url
    from liaison_desk.store import open_database
    from liaison_desk.store.transfer import copy_all

    url = server_url(args.url)
    if url is None:
        raise KnownError(f"目标「{args.url}」不是数据库服务器的地址",
                         hint="应为 postgresql://用户名@服务器:端口/数据库名")
    given = args.source or getattr(args, "db", None)
    if given and server_url(given):
        raise KnownError("migrate-to 从 SQLite 数据库文件复制；--from 请给出 .db 文件")
    source_path = Path(given).expanduser().resolve() if given else db_path(args)
    source = open_database(source_path, lock=True, create=False)  # an older file is backed up, then upgraded
    try:
        target = open_database(url)
        try:
            t0 = time.perf_counter()
            said: list[str] = []

            def progress(table: str, done: int, total: int) -> None:
                if not said:  # the target was found empty: the copy starts
                    said.append(table)
                    print(f"从 {source_path} 复制到 {mask_url(url)}", file=sys.stderr)
                if done == total or done % 50000 == 0:
                    print(f"  {table}：{done}/{total}", file=sys.stderr)

            checks = copy_all(source, target, progress)
            took = time.perf_counter() - t0
        finally:
            target.close()
    finally:
        source.close()
    rows = sum(c.target_rows for c in checks)
    if args.json:
        print_json({"ok": True, "seconds": round(took, 1), "tables": [
            {"table": c.table, "rows": c.target_rows, "checksum": c.target_sum} for c in checks]})
    else:
        for c in checks:
            print(f"  {c.table}: {c.target_rows} 行，校验和 {c.target_sum} 一致")
        print(f"已复制 {len(checks)} 张表、{rows} 行，每张表的行数和校验和都已核对一致，用时 {took:.1f} 秒")
    return 0
