"""Commands of the roster area: `roster import|list|export` and the `print board` document."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from liaison_desk.cli.common import (
    MASK_HELP,
    STATION_HELP,
    open_db,
    pdf_out,
    print_json,
    station_arg,
    station_names,
    xlsx_out,
)
from liaison_desk.errors import KnownError


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
    roster = sub.add_parser("roster", parents=[common], help="代表名册：从 Excel 导入、导出")
    rsub = roster.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = rsub.add_parser("import", parents=[common], help="从乡镇发来的名册（.xlsx/.xls/.ods）导入代表")
    p.add_argument("file", metavar="FILE", type=Path)
    p.add_argument("--sheet", help="工作表名称（默认：第一个有名册表头的工作表）")
    p.add_argument("--dry-run", action="store_true", help="只核对、预览，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_import)
    p = rsub.add_parser("list", parents=[common], help="列出代表名册（可按姓名、层级、联络站筛选）")
    p.add_argument("query", nargs="?", default="", metavar="NAME", help="姓名或拼音首字母（可不写）")
    p.add_argument("--level", type=_level, help="层级：全国、省、市、县、乡镇")
    p.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_list)
    p = rsub.add_parser("export", parents=[common], help="导出代表名册工作簿")
    p.add_argument("--out", required=True, type=xlsx_out, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_export)
    p = print_sub.add_parser("board", parents=[common], help="代表信息公示栏（照片、姓名、层级、单位职务、电话）")
    p.add_argument("--out", required=True, type=pdf_out, metavar="FILE.pdf")
    p.add_argument("--paper", default="A4", type=str.upper, choices=("A4", "A3"), help="纸张（默认 A4）")
    p.add_argument("--hide-phone", action="store_true", help="不显示电话号码")
    p.add_argument("--mask", action="store_true", help=MASK_HELP)
    p.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：每个联络站一张，各自另起一页）")
    p.set_defaults(func=cmd_board)


def _level(text: str) -> str:
    from liaison_desk.models.enums import Level

    for lv in Level:
        if text in (lv.value, lv.label, lv.short):
            return lv.value
    raise argparse.ArgumentTypeError(f"没有「{text}」这个层级，可选：{'、'.join(lv.label for lv in Level)}")


def cmd_list(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import DeputyStatus, Gender
    from liaison_desk.services.roster.service import DeputyFilter, RosterService

    db = open_db(args)
    rows = RosterService(db).list(DeputyFilter(query=args.query, level=args.level,
                                               station_id=station_arg(db, args.station)))
    names = station_names(db)  # a township database: each deputy names their station
    if args.json:
        print_json([{**({"station": names.get(r.station_id or "", "")} if names else {}),
                     "id": r.id, "name": r.name, "gender": Gender.label_of(r.gender), "levels": r.levels_label, "group": r.group,
                     "work_unit": r.work_unit, "post": r.post, "status": DeputyStatus.label_of(r.status)}
                    for r in rows])
        return 0
    for r in rows:
        print((f"{names.get(r.station_id or '', '')}\t" if names else "")
              + f"{r.name}\t{Gender.label_of(r.gender)}\t{r.levels_label}\t{r.group or '—'}\t{r.work_unit}{r.post}\t"
              f"{DeputyStatus.label_of(r.status)}")
    print(f"共 {len(rows)} 名代表")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from liaison_desk.ledger.roster_import import apply_plan, preview_file

    db = open_db(args)
    t0 = time.perf_counter()
    plan = preview_file(db, args.file, args.sheet)
    summary = plan.summary()
    errors = plan.errors()
    written = False
    if not errors and not args.dry_run:
        apply_plan(db, plan)
        written = True
    took = time.perf_counter() - t0
    if args.json:
        print_json(summary)
    else:
        src = plan.source
        print(f"文件「{src.file.name}」工作表「{src.sheet}」，表头在第 {src.header_row} 行，共 {len(plan.rows)} 行代表")
        print(f"新增 {summary['new']} 名，更新 {summary['updated']} 名，无变化 {summary['unchanged']} 名，"
              f"有错误 {len(errors)} 处")
        for e in errors:  # errors on stderr, like every other command's
            print(f"  错误：工作表「{e['sheet']}」第 {e['row']} 行「{e['column']}」列：{e['message']}", file=sys.stderr)
        if errors:
            print("有错误，未导入任何数据。请改正后重新导入（在程序的导入预览中也可以排除有错误的行）。",
                  file=sys.stderr)
        elif args.dry_run:
            print("预览完成（--dry-run），未写入。")
        else:
            print(f"已导入，用时 {took:.2f} 秒。" if written else "")
    return 1 if errors else 0


def cmd_export(args: argparse.Namespace) -> int:
    from liaison_desk.ledger.roster_export import export_roster
    from liaison_desk.services.station import StationService

    db = open_db(args)
    n = export_roster(db, args.out, StationService(db).station_name())
    print(f"已导出 {n} 名代表到 {args.out}")
    return 0


def cmd_board(args: argparse.Namespace) -> int:
    from liaison_desk.printing.board import BoardOptions, print_board
    from liaison_desk.services.roster.board import BoardService

    db = open_db(args)
    if args.out.suffix.lower() != ".pdf":
        raise KnownError("输出文件应以 .pdf 结尾", file=args.out)
    board = BoardService(db)
    boards = board.boards(args.hide_phone, mask=args.mask, station_id=station_arg(db, args.station))
    n = print_board(boards, args.out, BoardOptions(args.paper, args.hide_phone))
    board.record_print(args.paper, args.hide_phone)
    print(f"已生成代表信息公示栏（{args.paper}，{n} 名代表）：{args.out}")
    return 0
