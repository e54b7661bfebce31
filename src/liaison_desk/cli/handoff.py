"""`handoff export` / `handoff import`: the monthly workbook carried to the township on a USB stick.

`handoff import` exits 0 when imported (or previewed) without errors and 1 on any error (nothing written).
Rows changed on both sides (conflicts) keep the station's value unless `--conflicts workbook`.
"""

from __future__ import annotations

import argparse
import calendar
import sys
from datetime import date
from typing import Any

from liaison_desk.cli.common import day, open_db, print_json, xlsx_out
from liaison_desk.errors import KnownError


def month(text: str) -> tuple[date, date]:
    """argparse type for YYYY-MM → (first day, last day)."""
    try:
        y, m = (int(p) for p in text.split("-"))
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"月份「{text}」格式不对，应为 YYYY-MM，如 2026-11") from e


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
    p = sub.add_parser("handoff", parents=[common], help="月度台账交换：导出给乡镇、导入乡镇交回的台账")
    hs = p.add_subparsers(dest="handoff_cmd", metavar="ACTION", required=True)
    e = hs.add_parser("export", parents=[common], help="导出月度台账（Excel）")
    which = e.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", type=month, metavar="YYYY-MM", help="一个月的台账")
    which.add_argument("--from", dest="start", type=day, metavar="YYYY-MM-DD", help="起始日期（与 --to 一起用）")
    which.add_argument("--all", action="store_true", help="全部记录")
    e.add_argument("--to", dest="end", type=day, metavar="YYYY-MM-DD", help="终止日期")
    e.add_argument("--out", type=xlsx_out, required=True, metavar="FILE.xlsx")
    e.add_argument("--mask", action="store_true", help="个人信息脱敏：电话、身份证号（文字中写的也隐去）和来访人、选民姓名")
    e.add_argument("--password", action="store_true",
                   help=f"给台账设置打开密码（运行时输入，或用环境变量 {PASSWORD_ENV}；不要写在命令行上）")
    e.set_defaults(func=cmd_export)
    i = hs.add_parser("import", parents=[common], help="导入乡镇交回的台账（.xlsx/.xls/.ods）")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    i.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    i.add_argument("--conflicts", choices=("station", "workbook"), default="station",
                   help="双方都改过的行：station 保留本站（默认），workbook 采用台账")
    i.set_defaults(func=cmd_import)


PASSWORD_ENV = "LIAISON_DESK_PASSWORD"


def ask_password(confirm: bool = False) -> str:
    """The workbook's opening password: from LIAISON_DESK_PASSWORD, or typed at the terminal (never an
    argument, so it stays out of the shell's history and the process list)."""
    import getpass
    import os

    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        raise KnownError(f"需要台账的打开密码：请在终端中运行以输入密码，或设置环境变量 {PASSWORD_ENV}")
    password = getpass.getpass("台账打开密码：")
    if confirm and getpass.getpass("再输入一次：") != password:
        raise KnownError("两次输入的密码不一致，没有导出")
    return password


def cmd_export(args: argparse.Namespace) -> int:
    from liaison_desk.ledger.handoff_export import export_handoff
    from liaison_desk.services.handoff.service import HandoffService

    start = end = None
    if args.month:
        start, end = args.month
    elif args.start:
        if args.end is None:
            raise KnownError("用 --from 时还要给出 --to 终止日期")
        start, end = args.start, args.end
        if end < start:
            raise KnownError("终止日期早于起始日期")
    elif args.end:
        raise KnownError("--to 只能和 --from 一起用")
    out = args.out
    password = ask_password(confirm=True) if args.password else None
    db = open_db(args)
    res = export_handoff(HandoffService(db), out, start, end, mask=args.mask, password=password)
    print(f"已导出月度台账：{res.path}（{res.total} 行，交换编号 {res.export_id}" +
          ("，已设置打开密码）" if password else "）"))
    for sheet, n in res.counts.items():
        print(f"  {sheet}: {n}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from liaison_desk.ledger.crypto import PasswordNeeded, is_encrypted
    from liaison_desk.ledger.handoff_import import TAKE, apply_handoff, read_handoff
    from liaison_desk.services.handoff.service import HandoffService

    service = HandoffService(open_db(args))
    try:
        try:
            plan = read_handoff(service, args.file, password=ask_password() if is_encrypted(args.file) else None)
        except PasswordNeeded:
            plan = read_handoff(service, args.file, password=ask_password())
    except KnownError as e:
        if not args.json:
            raise
        print_json({"new": 0, "changed": 0, "unchanged": 0, "conflicts": [],
                    "errors": [{"sheet": e.sheet, "row": e.row, "column": e.column, "message": str(e)}]})
        return 1
    summary = plan.summary()
    result = None
    if plan.ok and not args.dry_run:
        decisions = {c.key: TAKE for c in plan.conflicts} if args.conflicts == "workbook" else {}
        result = apply_handoff(service, plan, decisions)
    if args.json:
        summary["applied"] = result is not None
        summary["backup"] = str(result.backup) if result and result.backup else None
        print_json(summary)
    else:
        _print_plan(plan, result, args.dry_run)
    return 0 if plan.ok else 1


def _print_plan(plan: Any, result: Any, dry_run: bool) -> None:
    print(f"台账：{plan.path.name}")
    print(f"新增 {len(plan.new)} 行，修改 {len(plan.changed)} 行，未变 {plan.unchanged} 行，"
          f"冲突 {len(plan.conflicts)} 行，错误 {len(plan.errors)} 处")
    for e in plan.errors[:50]:
        print(f"  错误：文件「{plan.path.name}」{e}", file=sys.stderr)
    for c in plan.changed[:50]:
        print(f"  修改：{c.sheet} 第 {c.row} 行 {c.label}：" + "；".join(
            f"{f.column} {f.station} → {f.workbook}" for f in c.fields))
    for c in plan.conflicts:
        print(f"  冲突：{c.sheet} 第 {c.row} 行 {c.label}：" + "；".join(
            f"{f.column} 本站「{f.station}」/ 台账「{f.workbook}」" for f in c.fields))
    for c in plan.station_changes[:50]:
        print(f"  未导入（联络站填写的列）：{c.sheet} 第 {c.row} 行 {c.label}：" + "；".join(
            f"{f.column} {f.station} → {f.workbook}" for f in c.fields))
    for s in plan.skipped[:50]:
        print(f"  跳过：{s}")
    if plan.errors:
        print("有错误，没有导入任何数据。请改正后重新导入。", file=sys.stderr)
    elif dry_run:
        print("预览完毕，没有写入（去掉 --dry-run 才会导入）")
    elif result is not None:
        print(f"已导入：新增 {result.new} 行，修改 {result.changed} 行" +
              (f"；导入前的备份：{result.backup}" if result.backup else ""))
