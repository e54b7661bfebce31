"""`township stats` (the stations' figures summed, only approved months) and `township centre` (履职中心)."""

from __future__ import annotations

import argparse
from typing import Any

from liaison_desk.cli.common import day, open_db, out_path, print_json
from liaison_desk.text import fmt_date


def register_stats(ts: Any, common: argparse.ArgumentParser) -> None:
    from liaison_desk.cli.handoff import month

    s = ts.add_parser("stats", parents=[common], help="各联络站统计汇总表（只计入已审核的月份）")
    which = s.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", type=month, metavar="YYYY-MM", help="一个月（乡镇月报）")
    which.add_argument("--from", dest="start", type=day, metavar="YYYY-MM-DD", help="起始日期（与 --to 一起用）")
    s.add_argument("--to", dest="end", type=day, metavar="YYYY-MM-DD")
    s.add_argument("--out", type=out_path, metavar="F.pdf|F.xlsx", help="打印（.pdf）或导出 Excel（.xlsx）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
    c = ts.add_parser("centre", parents=[common], help="县级汇总：把联络站归入履职中心")
    c.add_argument("--station", required=True, metavar="ID_OR_NAME")
    c.add_argument("--name", required=True, metavar="履职中心", help="履职中心名称（空字符串：取消）")
    c.set_defaults(func=cmd_centre)


def cmd_stats(args: argparse.Namespace) -> int:
    from liaison_desk.errors import KnownError
    from liaison_desk.services.township.stats import COLUMNS, TownshipStats, shown

    if args.month:
        start, end = args.month
    elif args.end is None:
        raise KnownError("--from 要和 --to 一起用")
    else:
        start, end = args.start, args.end
    if args.out is not None and args.out.suffix.lower() not in (".pdf", ".xlsx"):
        raise KnownError(f"输出文件「{args.out.name}」应以 .pdf 或 .xlsx 结尾")
    t = TownshipStats(open_db(args)).table(start, end)
    if args.out is not None:
        if args.out.suffix.lower() == ".pdf":
            from liaison_desk.printing.township_table import print_station_table

            path = print_station_table(t, args.out)
        else:
            from liaison_desk.ledger.township_table import write_station_table

            path = write_station_table(t, args.out)
        print(f"已生成：{path}")
    if args.json:
        print_json(t.as_dict())
        return 0
    if args.out is None:
        print(f"{t.title}（{fmt_date(start)}至{fmt_date(end)}）")
        print("\t".join(["联络站", *(h for _, h in COLUMNS)]))
        for x in t.lines:
            print("\t".join([x.label, *(shown(k, x.values.get(k)) for k, _ in COLUMNS)]))
        print(t.missing_text())
    return 0


def cmd_centre(args: argparse.Namespace) -> int:
    from liaison_desk.services.township.stats import TownshipStats

    TownshipStats(open_db(args)).set_centre(args.station, args.name)
    print(f"已设置：{args.station} → {args.name or '（无履职中心）'}")
    return 0
