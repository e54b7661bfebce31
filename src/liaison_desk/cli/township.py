"""`township …`: the township office's database — add the stations' workbooks, review uncertain matches.

Exit codes: 0; 1 with one Chinese line per refused file (the other files are still added); 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from liaison_desk.cli.common import open_db, out_path, print_json, year_arg
from liaison_desk.errors import KnownError
from liaison_desk.text import fmt_month


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the township subcommands."""
    from liaison_desk.models.enums import TownshipLevel

    p = sub.add_parser("township", parents=[common], help="乡镇汇总：汇总各联络站的月度台账")
    ts = p.add_subparsers(dest="township_cmd", metavar="ACTION", required=True)
    i = ts.add_parser("init", parents=[common], help="把这个数据库设为乡镇汇总库")
    i.add_argument("--name", required=True, metavar="名称", help="如：青石镇人大主席团")
    i.add_argument("--level", choices=TownshipLevel.labels(), default=TownshipLevel.TOWNSHIP.label)
    i.set_defaults(func=cmd_init)
    a = ts.add_parser("add", parents=[common], help="加入联络站的月度台账（文件或文件夹，可多个）")
    a.add_argument("paths", nargs="+", metavar="FILE_OR_FOLDER")
    a.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    a.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    a.set_defaults(func=cmd_add)
    r = ts.add_parser("review", parents=[common], help="待确认的同名代表：确认或否认是同一人")
    which = r.add_mutually_exclusive_group()
    which.add_argument("--accept", type=int, metavar="ID", help="确认是同一人（合并为一条）")
    which.add_argument("--reject", type=int, metavar="ID", help="确认不是同一人（保留两条）")
    r.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    r.set_defaults(func=cmd_review)
    s = ts.add_parser("stations", parents=[common], help="汇总库中的联络站及已报送的月份")
    s.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    s.set_defaults(func=cmd_stations)
    register_reporting(ts, common)
    register_return(ts, common)
    from liaison_desk.cli.township_stats import register_stats
    from liaison_desk.cli.township_work import register_work

    register_work(ts, common)
    register_stats(ts, common)


def _service(args: argparse.Namespace) -> Any:
    from liaison_desk.services.township.service import TownshipService

    return TownshipService(open_db(args))


def cmd_init(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import TownshipLevel
    from liaison_desk.services.township.service import TownshipService

    level = TownshipLevel.from_label(args.level) or TownshipLevel.TOWNSHIP
    info = TownshipService(open_db(args, create=True)).init(args.name, level)  # init makes a new database
    print(f"已设为乡镇汇总库：{info.name}（{info.level.label}）")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from liaison_desk.ledger.township_add import (
        add_files,
        any_encrypted,
        no_workbooks,
        refusal_line,
        workbook_files,
    )

    service = _service(args)
    service.require()
    files = workbook_files(args.paths)
    if not files:
        raise no_workbooks(args.paths)
    passwords: list[str] = []
    if any_encrypted(files):  # one password asked once, tried on every file that has one
        from liaison_desk.cli.handoff import ask_password

        try:
            passwords.append(ask_password())
        except KnownError as e:  # no terminal and no LIAISON_DESK_PASSWORD: those files are refused, not the rest
            print(str(e), file=sys.stderr)
    results = add_files(service, files, passwords, dry_run=args.dry_run)
    refused = [refusal_line(r) for r in results if r.errors]
    if args.json:
        print_json({"files": [r.as_dict() for r in results],
                    "matched": {"agencies": sum(r.matching.agencies for r in results),
                                "deputies": sum(r.matching.deputies for r in results)},
                    "review": [{"kind": "deputy", "a": a, "b": b, "reason": reason}
                               for r in results for a, b, reason in r.matching.reviews],
                    "applied": not args.dry_run})
    else:
        for r in results:
            if r.already:
                print(f"{r.file}：已经加入过，未作改动")
            elif not r.errors:
                print(f"{r.file}：{r.station} {r.period}，新增 {r.new} 行，修改 {r.changed} 行，未变 {r.unchanged} 行，"
                      f"冲突 {r.conflicts} 行；合并承办单位 {r.matching.agencies} 个、代表 {r.matching.deputies} 人"
                      + (f"；{len(r.matching.reviews)} 对同名代表待确认（township review）" if r.matching.reviews else ""))
        if args.dry_run:
            print("预览完毕，没有写入（去掉 --dry-run 才会加入）")
    for line in refused:
        print(line, file=sys.stderr)
    return 1 if refused else 0


def cmd_review(args: argparse.Namespace) -> int:
    service = _service(args)
    if args.accept is not None or args.reject is not None:
        accept = args.accept is not None
        row = service.decide(args.accept if accept else args.reject, accept)
        if args.json:
            print_json(row.as_dict())
        else:
            print(f"编号 {row.id}：{row.decision.label}")
        return 0
    rows = service.reviews()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        print("没有待确认的同名代表")
    for r in rows:
        print(f"{r.id}  {r.a}（{r.a_station}） / {r.b}（{r.b_station}）  {r.reason}  [{r.decision.label}]")
    return 0


def cmd_stations(args: argparse.Namespace) -> int:
    rows = _service(args).stations()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    for r in rows:
        print(f"{r.name}  {r.id}  报送 {r.files} 个文件：{'、'.join(map(fmt_month, r.periods)) or '（无）'}")
    return 0


def register_reporting(ts: Any, common: argparse.ArgumentParser) -> None:
    """`township status`, `township approve`, `township send-back`."""
    st = ts.add_parser("status", parents=[common], help="报送情况：各联络站 × 各月")
    st.add_argument("--year", type=year_arg, metavar="Y", help="年份（默认今年）")
    st.add_argument("--due-day", type=int, metavar="D", help="改报送截止日（每月几日，默认 5 日）")
    st.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    st.set_defaults(func=cmd_status)
    for name, help_text in (("approve", "审核通过一个联络站某月的台账"), ("send-back", "退回修改一个联络站某月的台账")):
        a = ts.add_parser(name, parents=[common], help=help_text)
        a.add_argument("--station", required=True, metavar="ID_OR_NAME")
        a.add_argument("--month", required=True, metavar="YYYY-MM")
        a.add_argument("--note", default="", metavar="TEXT", help="说明（退回修改时必填）")
        a.set_defaults(func=cmd_decide, state=name)


def cmd_status(args: argparse.Namespace) -> int:
    from datetime import date

    from liaison_desk.services.township.status import ReportingService

    db = open_db(args)
    _service_of(db).require()
    service = ReportingService(db)
    if args.due_day is not None:
        service.set_due_day(args.due_day)
    rows = service.status(args.year or date.today().year)
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    print(f"报送截止日：每月 {service.due_day()} 日（次月）")
    for r in rows:
        print(f"{r.station}  {fmt_month(r.month)}  {r.state.label}" + (f"  {r.file}" if r.file else "") +
              (f"  {r.note}" if r.note else ""))
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import ReportState
    from liaison_desk.services.township.status import ReportingService

    state = ReportState.APPROVED if args.state == "approve" else ReportState.SENT_BACK
    row = ReportingService(open_db(args)).decide(args.station, args.month, state, args.note)
    print(f"{row.station} {fmt_month(row.month)}：{row.state.label}" + (f"（{row.note}）" if row.note else ""))
    return 0


def _service_of(db: Any) -> Any:
    from liaison_desk.services.township.service import TownshipService

    return TownshipService(db)


def register_return(ts: Any, common: argparse.ArgumentParser) -> None:
    """`township return`: the workbook a station's `handoff import` reads."""
    from liaison_desk.cli.handoff import month

    r = ts.add_parser("return", parents=[common], help="生成交回某个联络站的台账（该站 handoff import 读取）")
    r.add_argument("--station", required=True, metavar="ID_OR_NAME")
    r.add_argument("--month", type=month, metavar="YYYY-MM", help="一个月（默认全部记录）")
    r.add_argument("--out", type=out_path, required=True, metavar="F.xlsx")
    r.set_defaults(func=cmd_return)


def cmd_return(args: argparse.Namespace) -> int:
    from liaison_desk.files import file_sha256
    from liaison_desk.ledger.handoff_export import write_workbook
    from liaison_desk.services.handoff.service import HandoffService
    from liaison_desk.services.township.returns import ReturnService

    start, end = args.month if args.month else (None, None)
    out = args.out if args.out.suffix.lower() == ".xlsx" else args.out.with_suffix(".xlsx")
    if not out.parent.is_dir():
        raise KnownError("目标文件夹不存在或U盘已被拔出", file=out, hint="请检查U盘后重新选择保存位置")
    db = open_db(args)
    with ReturnService(db).return_rows(args.station, start, end) as data:
        counts = write_workbook(data, out)
        station = data.station[0]
    HandoffService(db).record_export(out, file_sha256(out), data.export_id, start, end, counts)
    print(f"已生成交回「{station}」的台账：{out}（{sum(counts.values())} 行）")
    return 0
