"""Commands of the visits area: `visits search` and the `print register` document."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from liaison_desk.cli.common import (
    MASK_HELP,
    STATION_HELP,
    day,
    open_db,
    pdf_out,
    print_json,
    station_arg,
    station_names,
)
from liaison_desk.text import fmt_date

FIRST_ROWS = 50


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
    visits = sub.add_parser("visits", parents=[common], help="来访登记：搜索")
    vsub = visits.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = vsub.add_parser("search", parents=[common], help="搜索来访人、住址、反映问题、诉求和处理情况")
    p.add_argument("text", help="要找的文字（1–2 个字也可以）")
    p.add_argument("--from", dest="start", type=day, default=None, help="起始日期 YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=day, default=None, help="截止日期 YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help='输出 JSON：{"total": n, "rows": [前 50 条]}')
    p.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP)
    p.set_defaults(func=cmd_search)

    p = print_sub.add_parser("register", parents=[common], help="人大代表接待选民来访登记簿（横向表格）")
    p.add_argument("--from", dest="start", type=day, required=True)
    p.add_argument("--to", dest="end", type=day, required=True)
    p.add_argument("--out", type=pdf_out, required=True)
    p.add_argument("--mask", action="store_true", help=MASK_HELP)
    p.add_argument("--hide-names", action="store_true", help="来访人姓名只显示首尾字（张*华）")
    p.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：各站分节打印）")
    p.set_defaults(func=cmd_print_register)


def cmd_search(args: argparse.Namespace) -> int:
    from liaison_desk.services.base import Page
    from liaison_desk.services.visits.service import VisitFilter, VisitService

    db = open_db(args)
    try:
        svc = VisitService(db)
        f = VisitFilter(query=args.text, start=args.start, end=args.end, station_id=station_arg(db, args.station))
        total = svc.count(f)
        rows = svc.list(f, Page(0, FIRST_ROWS))
        names = station_names(db)
    finally:
        db.close()
    if args.json:
        print_json({"total": total, "rows": [{"id": r.id, "date": r.visited_on.isoformat(), "visitor": r.visitor,
                                               "summary": r.summary,
                                               **({"station": names.get(r.station_id or "", "")} if names else {})}
                                              for r in rows]})
        return 0
    print(f"找到 {total} 条来访登记" + (f"，显示最新 {len(rows)} 条" if total > len(rows) else ""))
    for r in rows:
        where = f"{names.get(r.station_id or '', '')}  " if names else ""
        print(f"{where}{fmt_date(r.visited_on)}  {r.visitor or '（未留姓名）'}  {r.village}  {r.summary}")
    return 0


def cmd_print_register(args: argparse.Namespace) -> int:
    from liaison_desk.printing.register import print_register
    from liaison_desk.services.visits.register import RegisterService

    db = open_db(args)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r读取登记 {done}/{total}", end="", file=sys.stderr)

    try:
        book = RegisterService(db)
        head = book.head(args.start, args.end, mask=args.mask, hide_names=args.hide_names,
                         station_id=station_arg(db, args.station))
        path = print_register(head, book.rows(head), args.out, progress=progress)
        book.record_print(head)
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"已生成来访登记簿：{path}")
    return 0
