"""Commands of the activities area: `activity add|list|check|members|member`, `score`, and the papers
`print activity-book|attendance|score`."""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from liaison_desk.cli.common import PAPER_MASK_HELP, day, open_db, out_path, paper_mask, print_json, year_arg
from liaison_desk.errors import KnownError


def _names(text: str | None) -> list[str]:
    return [n for n in re.split(r"[,，、;；\s]+", text or "") if n]


def _kind(text: str) -> str:
    from liaison_desk.models.enums import ActivityKind

    k = ActivityKind.from_label(text)
    if k is None:
        raise argparse.ArgumentTypeError(f"没有「{text}」这种活动类型，可选：{'、'.join(ActivityKind.labels())}")
    return k.value


def _quarter(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})[Qq]([1-4])", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"季度「{text}」格式不对，应为 YYYYQn，如 2026Q3")
    return int(m.group(1)), int(m.group(2))


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` papers) to the parser."""
    p = sub.add_parser("activity", parents=[common], help="代表活动：活动记录簿、考勤、检查")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = s.add_parser("add", parents=[common], help="记一次代表活动（含考勤）")
    a.add_argument("--day", type=day, required=True, help="日期 YYYY-MM-DD")
    a.add_argument("--kind", type=_kind, required=True, help="类型：视察、调研、小组活动、述职、联系代表……")
    a.add_argument("--title", required=True, help="主题")
    a.add_argument("--group", help="组织的代表小组（不写为联络站）")
    a.add_argument("--place", default="", help="地点")
    a.add_argument("--content", default="", help="内容/纪要")
    a.add_argument("--citizens", type=int, default=0, help="群众参与人次")
    a.add_argument("--present", help="出席的代表（逗号分隔）")
    a.add_argument("--leave", help="请假的代表（逗号分隔）")
    a.add_argument("--absent", help="缺席的代表（逗号分隔）")
    a.add_argument("--reporter", help="述职的代表（述职活动）")
    a.add_argument("--member", help="人大组成人员（联系代表活动）")
    a.add_argument("--quantity", type=int, default=1, help="件数（书面意见建议）")
    a.add_argument("--recorder", default="", help="记录人")
    a.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    a.set_defaults(func=cmd_add)
    ls = s.add_parser("list", parents=[common], help="列出活动记录（含已完成的接待）")
    ls.add_argument("--from", dest="start", type=day, help="开始日期")
    ls.add_argument("--to", dest="end", type=day, help="结束日期")
    ls.add_argument("--kind", type=_kind, help="类型")
    ls.add_argument("--station", metavar="ID_OR_NAME", help="乡镇汇总库：只看一个联络站（编号或名称）")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    ls.set_defaults(func=cmd_list)
    c = s.add_parser("check", parents=[common], help="小组每季度活动、组成人员每月联系代表、出席率、述职")
    c.add_argument("--year", type=year_arg, required=True)
    c.add_argument("--on", type=day, default=None, help="以哪一天为准（默认今天）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    c.set_defaults(func=cmd_check)
    m = s.add_parser("members", parents=[common], help="人大组成人员及其联系点")
    m.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    m.set_defaults(func=cmd_members)
    mm = s.add_parser("member", parents=[common], help="新增或修改一位人大组成人员（按姓名）")
    mm.add_argument("--name", required=True)
    mm.add_argument("--post", default=None, help="职务")
    mm.add_argument("--point", default=None, help="联系点（村、社区或单位）")
    mm.add_argument("--deputies", default=None, help="联系点的代表（逗号分隔）")
    mm.set_defaults(func=cmd_member)

    sc = sub.add_parser("score", parents=[common], help="年度考核评分（规则可修改）")
    sc.add_argument("--year", type=year_arg, help="年度")
    sc.add_argument("--by", choices=("group", "deputy"), default="group", help="按代表小组或按代表评分")
    sc.add_argument("--export-rules", metavar="F.xlsx", type=out_path, help="把评分规则导出为 Excel")
    sc.add_argument("--import-rules", metavar="F.xlsx", help="从 Excel 导入评分规则（整表替换）")
    sc.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    sc.set_defaults(func=cmd_score)

    pb = print_sub.add_parser("activity-book", parents=[common], help="人大代表活动情况记录簿")
    pb.add_argument("--from", dest="start", type=day, required=True)
    pb.add_argument("--to", dest="end", type=day, required=True)
    pb.add_argument("--out", required=True, type=out_path)
    pb.add_argument("--station", metavar="ID_OR_NAME", help="乡镇汇总库：只打印一个联络站（不给：各站分节打印）")
    pb.add_argument("--mask", action="store_true", help=PAPER_MASK_HELP)
    pb.set_defaults(func=cmd_print_book)
    pa = print_sub.add_parser("attendance", parents=[common], help="代表考勤通报（季度或年度）")
    g = pa.add_mutually_exclusive_group(required=True)
    g.add_argument("--quarter", type=_quarter, help="季度 YYYYQn")
    g.add_argument("--year", type=year_arg, help="年度")
    pa.add_argument("--out", required=True, type=out_path)
    pa.add_argument("--mask", action="store_true", help=PAPER_MASK_HELP)
    pa.add_argument("--station", metavar="ID_OR_NAME", help="乡镇汇总库：只打印一个联络站（不给：各站分节打印）")
    pa.set_defaults(func=cmd_print_attendance)
    ps = print_sub.add_parser("score", parents=[common], help="年度考核评分表")
    ps.add_argument("--year", type=year_arg, required=True)
    ps.add_argument("--by", choices=("group", "deputy"), default="group")
    ps.add_argument("--out", required=True, type=out_path)
    ps.add_argument("--mask", action="store_true", help=PAPER_MASK_HELP)
    ps.add_argument("--station", metavar="ID_OR_NAME", help="乡镇汇总库：只打印一个联络站（不给：各站分节打印）")
    ps.set_defaults(func=cmd_print_score)


def cmd_add(args: argparse.Namespace) -> int:
    from liaison_desk.services.activities.members import MemberService
    from liaison_desk.services.activities.service import ActivityRecord, ActivityService, RollEntry
    from liaison_desk.services.roster.service import RosterService

    db = open_db(args)
    svc = ActivityService(db)
    rec = ActivityRecord(day=args.day, kind=args.kind, title=args.title, place=args.place, content=args.content,
                         citizen_count=args.citizens, quantity=args.quantity, recorder=args.recorder)
    if args.group:
        groups = {name: gid for gid, name in RosterService(db).groups()}
        if args.group not in groups:
            raise KnownError(f"没有名为「{args.group}」的代表小组，可选：{'、'.join(groups) or '（还没有代表小组）'}")
        rec.group_id = groups[args.group]
    for status, names, label in (("present", args.present, "出席"), ("leave", args.leave, "请假"),
                                 ("absent", args.absent, "缺席")):
        rec.roll += [RollEntry(d, status) for d in svc.resolve_deputies(_names(names), label)]
    if args.reporter:
        rec.reporter_id = svc.resolve_deputies([args.reporter], "述职代表")[0]
    if args.member:
        rec.member_id = MemberService(db).find(args.member)
        if rec.member_id is None:
            raise KnownError(f"人大组成人员名单中没有「{args.member}」，请先用 activity member 添加")
    activity_id = svc.save(rec)
    if args.json:
        print_json({"id": activity_id})
    else:
        print(f"已记录：{rec.title}（{activity_id}）")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from liaison_desk.cli.common import station_arg, station_names
    from liaison_desk.services.activities.service import ActivityFilter, ActivityService
    from liaison_desk.text import fmt_date

    db = open_db(args)
    rows = ActivityService(db).list(ActivityFilter(start=args.start, end=args.end, kind=args.kind,
                                                   station_id=station_arg(db, args.station)))
    names = station_names(db)
    if args.json:
        print_json([{**({"station": names.get(r.station_id or "", "")} if names else {}),
                     "id": r.id, "day": r.day.isoformat(), "kind": r.kind_label, "title": r.title,
                     "place": r.place, "organizer": r.organizer, "citizens": r.citizens, "present": r.present,
                     "leave": r.leave, "absent": r.absent, "deputies": r.deputies,
                     "source": "接待安排" if r.source == "session" else "活动记录"} for r in rows])
        return 0
    for r in rows:
        print((f"{names.get(r.station_id or '', '')}\t" if names else "") + f"{fmt_date(r.day)}\t{r.kind_label}\t{r.title}\t{r.organizer}\t出席 {r.present} 人"
              + (f"，请假 {r.leave}" if r.leave else "") + (f"，缺席 {r.absent}" if r.absent else "")
              + f"\t群众 {r.citizens} 人次")
    print(f"共 {len(rows)} 条")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from liaison_desk.services.activities.checks import ActivityChecks

    db = open_db(args)
    result = ActivityChecks(db).check(args.year, args.on or date.today())
    if args.json:
        print_json({"groups": [{"group": g.group, "quarter": g.quarter, "message": g.message} for g in result.groups],
                    "contacts": [{"member": c.member, "month": c.month, "message": c.message}
                                 for c in result.contacts],
                    "attendance": [{"deputy": a.deputy, "rate": a.rate, "message": a.message}
                                   for a in result.attendance],
                    "reports": [{"deputy": r.deputy, "message": r.message} for r in result.reports]})
    else:
        print(f"{args.year}年代表活动检查")
        for title, items in (("代表小组活动", result.groups), ("联系代表", result.contacts),
                             ("出席率", result.attendance)):
            print(f"{title}：" + ("未发现问题" if not items else f"{len(items)} 项"))
            for x in items:
                print(f"  · {x.message}")
        print(f"本届尚未述职的代表：{len(result.reports)} 名" if result.reports else "在任代表本届都已述职")
    return 1 if result.findings else 0


def cmd_members(args: argparse.Namespace) -> int:
    from liaison_desk.services.activities.members import MemberService

    rows = MemberService(open_db(args)).list()
    if args.json:
        print_json([{"id": r.id, "name": r.name, "post": r.post, "contact_point": r.contact_point,
                     "deputies": r.deputies, "active": r.active} for r in rows])
        return 0
    for r in rows:
        print(f"{r.name}\t{r.post}\t联系点：{r.contact_point or '（未填）'}\t{r.deputies}")
    print(f"共 {len(rows)} 人")
    return 0


def cmd_member(args: argparse.Namespace) -> int:
    from liaison_desk.services.activities.members import MemberRecord, MemberService
    from liaison_desk.services.activities.service import ActivityService

    db = open_db(args)
    svc = MemberService(db)
    existing = svc.find(args.name)
    rec = svc.get(existing) if existing else MemberRecord(args.name)
    if args.post is not None:
        rec.post = args.post
    if args.point is not None:
        rec.contact_point = args.point
    if args.deputies is not None:
        rec.deputy_ids = ActivityService(db).resolve_deputies(_names(args.deputies), "联系点的代表")
    svc.save(rec)
    print(("已修改" if existing else "已添加") + f"人大组成人员：{rec.name}")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from liaison_desk.services.activities.scores import ScoreService

    db = open_db(args)
    svc = ScoreService(db)
    if args.import_rules:
        from liaison_desk.ledger.score_rules import read_rules

        rules = read_rules(args.import_rules)
        svc.replace_rules(rules)
        print(f"已导入评分规则 {len(rules)} 条")
    if args.export_rules:
        from liaison_desk.ledger.score_rules import export_rules

        export_rules(svc.rules(), args.export_rules)
        print(f"已导出评分规则：{args.export_rules}")
    if args.year is None:
        if not (args.import_rules or args.export_rules):
            raise KnownError("请给出 --year（评分年度），或 --export-rules / --import-rules")
        return 0
    sheets = svc.score(args.year, args.by)
    if args.json:
        print_json([{"name": s.name, "total": s.total,
                     "items": [{"item": i.item, "basis": i.basis, "count": i.count, "points": i.points}
                               for i in s.items]} for s in sheets])
        return 0
    for s in sheets:
        print(f"{s.name}\t合计 {s.total:g} 分")
        for i in s.items:
            print(f"  {i.item}：{i.basis} {i.count}，得 {i.points:g} 分")
    return 0


def _township_paper(db: Any, station: str | None) -> tuple[str | None, str, dict[str, str] | None]:
    """(station id, heading, sections) of a paper: a station's own database gives its name and no sections;
    a township database one station under its name (`--station`), or every station in sections under the
    office's name."""
    from liaison_desk.cli.common import station_arg
    from liaison_desk.services.station import StationService

    station_id = station_arg(db, station)
    heading, several = StationService(db).heading(station_id)
    return station_id, heading, StationService(db).names() if several else None


def cmd_print_book(args: argparse.Namespace) -> int:
    from liaison_desk.printing.activities import print_activity_book
    from liaison_desk.services.activities.service import ActivityFilter, ActivityService

    if args.end < args.start:
        raise KnownError("结束日期不能早于开始日期")
    db = open_db(args)
    svc = ActivityService(db)
    from liaison_desk.cli.common import station_arg
    from liaison_desk.services.station import StationService

    station_id = station_arg(db, args.station)
    heading, several = StationService(db).heading(station_id)  # a township database: sections per station
    rows = svc.list(ActivityFilter(start=args.start, end=args.end, station_id=station_id), newest_first=False)
    out = print_activity_book(rows, heading, args.start, args.end, args.out, paper_mask(args, db),
                              sections=StationService(db).names() if several else None)
    svc.record_print("打印活动记录簿", len(rows))
    print(f"已生成：{out}（{len(rows)} 条）")
    return 0


def cmd_print_attendance(args: argparse.Namespace) -> int:
    from liaison_desk.printing.activities import print_attendance
    from liaison_desk.services.activities.checks import QUARTER_NAMES, ActivityChecks, quarter_bounds
    from liaison_desk.services.activities.service import ActivityService

    if args.quarter:
        year, q = args.quarter
        start, end = quarter_bounds(year, q)
        period = f"{year}年第{QUARTER_NAMES[q - 1]}季度"
    else:
        start, end, period = date(args.year, 1, 1), date(args.year, 12, 31), f"{args.year}年度"
    db = open_db(args)
    checks = ActivityChecks(db)
    station_id, heading, sections = _township_paper(db, args.station)
    lines = checks.attendance(start, end, station_id, by_station=sections is not None)
    out = print_attendance(lines, heading, period, args.out, checks.threshold(), paper_mask(args, db), sections)
    ActivityService(db).record_print("打印代表考勤通报", len(lines))
    print(f"已生成：{out}（{len(lines)} 名代表）")
    return 0


def cmd_print_score(args: argparse.Namespace) -> int:
    from liaison_desk.printing.activities import print_scores
    from liaison_desk.services.activities.scores import ScoreService
    from liaison_desk.services.activities.service import ActivityService

    db = open_db(args)
    station_id, heading, sections = _township_paper(db, args.station)
    sheets = ScoreService(db).score(args.year, args.by, station_id)
    out = print_scores(sheets, heading, args.year, args.out, paper_mask(args, db), sections)
    ActivityService(db).record_print("打印年度考核评分表", len(sheets))
    print(f"已生成：{out}")
    return 0
