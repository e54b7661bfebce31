"""`township assign|urge|reply|overdue`: the office's own work on the stations' matters (same lifecycle rules)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from liaison_desk.cli.common import day, open_db, print_json
from liaison_desk.text import fmt_date

MATTER_HELP = "意见建议的编号（如 〔2026〕第12号 或 2026-12）或标识"
STATION_HELP = "哪个联络站的（编号或名称；几个联络站有相同编号时必填）"


def register_work(ts: Any, common: argparse.ArgumentParser) -> None:
    """Add the township's work subcommands."""
    from liaison_desk.models.enums import ReplyResult

    a = ts.add_parser("assign", parents=[common], help="交办：把联络站报来的意见建议交给承办单位办理")
    a.add_argument("matter", metavar="SUGGESTION", help=MATTER_HELP)
    a.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP)
    a.add_argument("--agency", required=True, metavar="NAME", help="主办单位名称")
    a.add_argument("--co", action="append", default=[], metavar="NAME", help="协办单位名称（可多次）")
    a.add_argument("--deadline", type=day, metavar="YYYY-MM-DD", help="办理期限（默认按联络站的规则计算）")
    a.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="交办日期（默认今天）")
    a.add_argument("--note", default="", metavar="TEXT", help="交办意见")
    a.set_defaults(func=cmd_assign)
    u = ts.add_parser("urge", parents=[common], help="督办：登记一次督办（方式和内容）")
    u.add_argument("matter", metavar="SUGGESTION", help=MATTER_HELP)
    u.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP)
    u.add_argument("--note", required=True, metavar="TEXT", help="督办情况，如：电话督办，要求月底前答复")
    u.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="督办日期（默认今天）")
    u.set_defaults(func=cmd_urge)
    r = ts.add_parser("reply", parents=[common], help="登记承办单位的答复和办理结果")
    r.add_argument("matter", metavar="SUGGESTION", help=MATTER_HELP)
    r.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP)
    r.add_argument("--result", required=True, choices=ReplyResult.labels(), help="办理结果")
    r.add_argument("--text", required=True, metavar="TEXT", help="答复内容")
    r.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="答复日期（默认今天）")
    r.set_defaults(func=cmd_reply)
    o = ts.add_parser("overdue", parents=[common], help="各联络站已超过办理期限的意见建议（一张表）")
    o.add_argument("--station", metavar="ID_OR_NAME", help="只看一个联络站")
    o.add_argument("--on", type=day, metavar="YYYY-MM-DD", help="以哪一天为准（默认今天）")
    o.add_argument("--json", action="store_true")
    o.set_defaults(func=cmd_overdue)


def _work(args: argparse.Namespace) -> Any:
    from liaison_desk.services.township.work import TownshipWork

    return TownshipWork(open_db(args))


def _number(work: Any, sid: str) -> str:
    d = work.details.detail(sid)
    return f"{d.station} {d.number}"


def cmd_assign(args: argparse.Namespace) -> int:
    work = _work(args)
    sid = work.find(args.matter, args.station)
    deadline = work.assign(sid, args.on or date.today(), args.agency, args.co, args.deadline, args.note)
    print(f"已交办 {_number(work, sid)}：主办 {args.agency}" + (f"，协办 {'、'.join(args.co)}" if args.co else "")
          + f"，办理期限 {fmt_date(deadline)}")
    return 0


def cmd_urge(args: argparse.Namespace) -> int:
    work = _work(args)
    sid = work.find(args.matter, args.station)
    work.urge(sid, args.on or date.today(), args.note)
    print(f"已登记督办：{_number(work, sid)}")
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    work = _work(args)
    sid = work.find(args.matter, args.station)
    work.reply(sid, args.on or date.today(), args.result, args.text)
    print(f"已登记答复：{_number(work, sid)}（{args.result}）")
    return 0


def cmd_overdue(args: argparse.Namespace) -> int:
    work = _work(args)
    on = args.on or date.today()
    station_id = work.township.station_id(args.station) if args.station else None
    rows = work.overdue(on, station_id)
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        print(f"截至{fmt_date(on)}，没有超期的意见建议")
        return 0
    print(f"截至{fmt_date(on)}，已超期 {len(rows)} 条：")
    for r in rows:
        print(f"{r.station}\t{r.number}\t{r.agency or '（未定主办单位）'}\t期限 {fmt_date(r.deadline)}\t"
              f"超期 {r.working_days_overdue} 个工作日\t{r.title}")
    return 0
