"""Core commands: `demo` (fill a database with the demo station) and `check` (integrity and schema)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from liaison_desk.cli.common import day, open_db, print_json


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="写入演示数据（空数据库）")
    p.add_argument("--scale", choices=("station", "county"), default="station",
                   help="station：一个联络站；county：全县规模（2,000 名代表、20 万条来访）")
    p.add_argument("--seed", type=int, default=7, help="随机种子，相同种子得到相同数据")
    p.add_argument("--today", type=day, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("check", parents=[common], help="检查数据库完整性和结构版本")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    from liaison_desk.demo import build

    db = open_db(args)
    t0 = time.perf_counter()
    counts = build(db, args.scale, args.seed, args.today)
    took = time.perf_counter() - t0
    total = sum(counts.values())
    print(f"已写入演示数据：{counts.get('deputy', 0)} 名代表，{counts.get('visit', 0)} 条来访登记，"
          f"{counts.get('suggestion', 0)} 条意见建议，共 {total} 行，用时 {took:.1f} 秒（{db.path}）")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from liaison_desk.store.integrity import check

    db = open_db(args)
    report = check(db)
    if args.json:
        print_json({"ok": report.ok, "schema": report.schema, "counts": report.counts,
                    "problems": report.problems})
    else:
        print(f"数据库：{db.path}")
        print(f"结构版本：{report.schema}")
        for table, n in report.counts.items():
            print(f"  {table}: {n}")
        print("检查结果：正常" if report.ok else "检查结果：发现问题\n" + "\n".join(report.problems))
    return 0 if report.ok else 1
