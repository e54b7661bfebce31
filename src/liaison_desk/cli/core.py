"""Core commands: `demo` (fill a database with the demo station) and `check` (integrity and schema)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from liaison_desk.cli.common import day, open_db, print_json
from liaison_desk.text import fmt_datetime


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="写入演示数据（空数据库）")
    p.add_argument("--scale", choices=("station", "county"), default="station",
                   help="station：一个联络站；county：全县规模（2,000 名代表、20 万条来访）")
    p.add_argument("--seed", type=int, default=7, help="随机种子，相同种子得到相同数据")
    p.add_argument("--station-name", default=None, metavar="名称",
                   help="联络站名称；同一乡镇的几个演示联络站用不同名称，数据互不相同（可汇总）")
    p.add_argument("--today", type=day, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("check", parents=[common], help="检查数据库完整性和结构版本")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    from liaison_desk.demo import build

    db = open_db(args, create=True)
    t0 = time.perf_counter()
    counts = build(db, args.scale, args.seed, args.today, station_name=args.station_name)
    took = time.perf_counter() - t0
    total = sum(counts.values())
    print(f"已写入演示数据：{counts.get('deputy', 0)} 名代表，{counts.get('visit', 0)} 条来访登记，"
          f"{counts.get('suggestion', 0)} 条意见建议，共 {total} 行，用时 {took:.1f} 秒（{db.path}）")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from liaison_desk.cli.common import db_path
    from liaison_desk.store.backup import list_backups
    from liaison_desk.store.integrity import check, quick_check_file
    from liaison_desk.store.probe import check_place

    check_place(db_path(args).expanduser().resolve(), create=False)  # missing, a folder, not SQLite: said plainly
    findings = quick_check_file(db_path(args))
    if findings:  # a damaged file is reported, never opened for writing
        from liaison_desk.store.integrity import damaged_error

        err = damaged_error(db_path(args).resolve(), findings)
        if args.json:
            newest = err.newest_backup
            print_json({"ok": False, "schema": None, "counts": {}, "problems": [str(err), *findings],
                        "newest_good_backup": str(newest.path) if newest else None})
        else:
            print(f"检查结果：{err}", file=sys.stderr)
        return 1
    from liaison_desk.services.roster.merge import MergeService

    db = open_db(args)
    report = check(db)
    duplicates = MergeService(db).duplicates()
    backups = list_backups(db.path)
    newest = backups[0] if backups else None
    if args.json:
        print_json({"ok": report.ok, "schema": report.schema, "counts": report.counts,
                    "problems": report.problems, "backups": len(backups),
                    "duplicate_deputies": [{"id_number": g.id_number_masked, "deputies": [
                        {"id": p.id, "name": p.name, "references": p.references} for p in g.people]}
                        for g in duplicates],
                    "newest_backup": str(newest.path) if newest else None})
    else:
        print(f"数据库：{db.path}")
        print(f"结构版本：{report.schema}")
        labels = _table_labels()
        print("记录数：")
        for table, n in report.counts.items():
            print(f"  {labels.get(table, table)}：{n}")
        print(f"备份：{len(backups)} 份" + (f"，最新 {fmt_datetime(newest.taken_at)}（{newest.path.name}）"
                                            if newest else "（还没有备份，请运行 liaison-desk backup）"))
        if duplicates:
            print(f"重复的代表（身份证号相同）：{len(duplicates)} 组，请在「代表名册」中用「合并重复…」合并为一条")
            for g in duplicates:
                print(f"  {g.id_number_masked}：" + "、".join(f"{p.name}（{p.references} 条关联记录）"
                                                         for p in g.people))
        if report.ok:
            print("检查结果：正常")
        else:
            print("检查结果：发现问题：" + "；".join(report.problems), file=sys.stderr)
    return 0 if report.ok else 1


# tables that are not a sheet of the monthly workbook; the others are named as their sheets are
_OTHER_TABLES = {"auditentry": "操作日志", "exchangelog": "台账交换记录", "setting": "设置",
                 "townshipfile": "乡镇汇总的台账文件", "townshipidmap": "乡镇汇总的记录对应",
                 "townshipmonth": "乡镇汇总的报送月份", "townshipreview": "乡镇汇总的待确认代表"}


def _table_labels() -> dict[str, str]:
    """Each table's Chinese name for `check` (a table added later without a name shows as itself)."""
    from liaison_desk.services.handoff.schema import SHEETS

    return {**_OTHER_TABLES, **{spec.table: spec.name for spec in SHEETS}}
