"""Commands of the schedule area: `schedule check|plan|sessions`, `calendar import|show`, `print notice|schedule`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from liaison_desk.cli.common import (
    STATION_HELP,
    day,
    open_db,
    pdf_out,
    print_json,
    station_arg,
    station_names,
    year_arg,
)
from liaison_desk.errors import KnownError
from liaison_desk.text import fmt_date, fmt_weekday


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
    sched = sub.add_parser("schedule", parents=[common], help="接待安排：检查规则、生成轮值安排")
    ssub = sched.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ssub.add_parser("check", parents=[common], help="检查一年的接待安排是否符合联络站制度"
                        "（有未接待的周期或违反制度时退出码为 1）")
    p.add_argument("--year", type=year_arg, required=True)
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument("--today", type=day, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_check)
    p = ssub.add_parser("sessions", parents=[common], help="列出接待安排：编号、日期、地点、代表及出席情况、公告")
    p.add_argument("--from", dest="start", type=day, default=None)
    p.add_argument("--to", dest="end", type=day, default=None)
    p.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP)
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_sessions)
    p = ssub.add_parser("plan", parents=[common], help="按代表接待频次生成一年（或一个季度）的轮值安排")
    p.add_argument("--year", type=year_arg, required=True)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    p.add_argument("--weekday", type=int, choices=range(1, 8), metavar="1-7",
                   help="星期几接待（1=星期一；默认为联络站设定的接待日）")
    p.add_argument("--week", type=int, default=3, choices=(1, 2, 3, 4, 5), help="每月第几周（5=最后一周）")
    p.add_argument("--size", type=int, default=2, help="每次接待安排几名代表（默认 2，至少 2）")
    p.add_argument("--per-month", dest="per_month", type=int, default=1, choices=(1, 2, 3, 4),
                   help="每月定期接待几次（默认 1）")
    p.add_argument("--venue", default="", help="接待地点（默认联络站活动场所）")
    p.add_argument("--apply", action="store_true", help="把方案写入接待安排（不加此项只显示方案）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.add_argument("--today", type=day, default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_plan)

    cal = sub.add_parser("calendar", parents=[common], help="法定节假日安排（工作日日历）")
    csub = cal.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = csub.add_parser("import", parents=[common], help="导入节假日安排表（Excel/CSV：日期、休/班）")
    p.add_argument("file")
    p.set_defaults(func=cmd_calendar_import)
    p = csub.add_parser("show", parents=[common], help="显示某年的节假日安排")
    p.add_argument("--year", type=year_arg, required=True)
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_calendar_show)

    p = print_sub.add_parser("notice", parents=[common], help="人大代表接待选民公告（一次接待）")
    p.add_argument("session_id", metavar="SESSION_ID|YYYY-MM-DD",
                   help="接待安排编号（可只写前几位），或接待日期（这一天只有一次接待时）")
    p.add_argument("--out", type=pdf_out, required=True)
    p.add_argument("--photos", action="store_true", help="附代表照片")
    p.set_defaults(func=cmd_print_notice)
    p = print_sub.add_parser("schedule", parents=[common], help="接待安排表 / 年度活动计划（横向表格）")
    p.add_argument("--from", dest="start", type=day, required=True)
    p.add_argument("--to", dest="end", type=day, required=True)
    p.add_argument("--out", type=pdf_out, required=True)
    p.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：各站分节打印）")
    p.set_defaults(func=cmd_print_schedule)


def cmd_check(args: argparse.Namespace) -> int:
    from liaison_desk.services.schedule.frequency import level_word
    from liaison_desk.services.schedule.report import check_year
    from liaison_desk.text import fmt_date

    db = open_db(args)
    result = check_year(db, args.year, today=args.today)
    if args.json:
        print_json(result.as_json())
        return 0 if result.ok else 1
    f = result.frequency
    print(f"{args.year}年接待安排检查（截至{fmt_date(f.today)}）")
    for w in result.warnings:
        print(f"注意：{w}")
    print("规则检查：未发现问题" if not result.violations else f"违反联络站制度：{len(result.violations)} 处")
    for v in result.violations:
        print(f"  · {v.message}")
    print(f"接待频次：{len(f.behind)} 个周期没有接待" if f.behind else "接待频次：已过去的周期都已落实")
    for c in f.behind:
        print(f"  ⚠ {c.message}")
    if f.due:
        print(f"待接待（周期尚未结束）：{len(f.due)} 个")
        for c in f.due:
            print(f"  · {c.message}")
    if f.unconfirmed:
        print(f"待确认（日期已过，未标记“已完成”，不计为已接待）：{len(f.unconfirmed)} 次")
        for u in f.unconfirmed:
            print(f"  ? {fmt_date(u.day)}的接待")
    print("轮值情况（今年出席次数少的在前）：")
    for t in f.turns:
        last = f"最近一次{fmt_date(t.last)}" if t.last else "从未参加接待"
        print(f"  {t.name}（{'、'.join(level_word(x) for x in t.levels)}）：今年 {t.attended} 次，{last}")
    return 0 if result.ok else 1


def cmd_sessions(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import Attendance, SessionStatus
    from liaison_desk.services.schedule.notices import NoticeService
    from liaison_desk.text import fmt_date, fmt_time_range

    if args.start and args.end and args.end < args.start:
        raise KnownError("结束日期早于开始日期")
    db = open_db(args)
    rows = NoticeService(db).sessions(args.start, args.end, station_arg(db, args.station))
    names = station_names(db)  # a township database: each session names its station
    if args.json:
        print_json([{**({"station": names.get(r.station_id or "", "")} if names else {}), **r.as_json()}
                    for r in rows])
        return 0
    for r in rows:
        deps = "、".join(d.name + ("" if d.attendance == Attendance.PRESENT.value
                                   else f"（{Attendance.label_of(d.attendance)}）") for d in r.deputies)
        notice = (f"公告{fmt_date(r.posted)}已张贴" + (f"于{'、'.join(r.places)}" if r.places else "")
                  if r.posted else f"公告未张贴（最晚{fmt_date(r.latest_notice)}）")
        where = f"{names.get(r.station_id or '', '')}  " if names else ""
        print(f"{where}{r.id[:8]}  {fmt_date(r.day)} {fmt_time_range(r.start_time, r.end_time)}  {r.venue}  "
              f"{SessionStatus.label_of(r.status)}  {deps or '（未安排代表）'}  {notice}")
    print(f"共 {len(rows)} 次接待")
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from liaison_desk.services.schedule.rota import RotaOptions, RotaService
    from liaison_desk.text import fmt_date, fmt_weekday

    db = open_db(args)
    svc = RotaService(db)
    plan = svc.propose(RotaOptions(args.year, args.quarter, args.weekday, args.week, venue=args.venue,
                                   per_session=args.size, per_month=args.per_month), today=args.today)
    if args.apply:
        svc.apply(plan.sessions)
    if args.json:
        print_json(plan.as_json(applied=args.apply))
        return 0
    for w in plan.warnings:
        print(f"注意：{w}")
    for s in plan.sessions:
        print(f"{fmt_date(s.day)} {fmt_weekday(s.day)} {s.start_time:%H:%M}—{s.end_time:%H:%M} {s.venue}"
              f"（公告不晚于{fmt_date(s.notice_date)}）：{'、'.join(n for _, n in s.deputies)}")
    for u in plan.unmet:
        print(f"无法安排：{u.message}")
    print(f"共 {len(plan.sessions)} 次接待" + ("，已写入接待安排" if args.apply else "（未写入，加 --apply 写入）"))
    return 0


def cmd_calendar_import(args: argparse.Namespace) -> int:
    from liaison_desk.ledger.holidays import import_holidays
    from liaison_desk.services.calendar import HolidayService

    db = open_db(args)
    try:
        r = import_holidays(HolidayService(db), args.file)
    except KnownError as e:
        if len(e.details) <= 1:
            raise
        for d in e.details:  # every bad line, one per line, then the summary
            sheet = f"工作表「{d['sheet']}」" if d["sheet"] else ""
            print(f"  {sheet}第 {d['row']} 行「{d['column']}」列：{d['message']}", file=sys.stderr)
        print(f"错误：文件「{Path(args.file).name}」有 {len(e.details)} 处错误，没有导入任何日期。请改正后重新导入",
              file=sys.stderr)
        return 1
    print(f"已导入{'、'.join(str(y) for y in r.years)}年节假日安排：放假 {r.off} 天，调休上班 {r.work} 天")
    return 0


def cmd_calendar_show(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import DayKind
    from liaison_desk.services.calendar import HolidayService, WorkCalendar

    db = open_db(args)
    rows = HolidayService(db).list(args.year)
    warning = WorkCalendar(db).warning(args.year)
    if args.json:
        print_json({"year": args.year, "warning": warning,
                    "days": [{"date": r.day.isoformat(), "kind": DayKind.label_of(r.kind), "name": r.name}
                             for r in rows]})
        return 0
    if warning:
        print(f"注意：{warning}")
    elif not rows:
        print(f"{args.year}年使用内置的国务院节假日安排（未手工录入）")
    for r in rows:
        print(f"{fmt_date(r.day)} {fmt_weekday(r.day)} {DayKind.label_of(r.kind)} {r.name}")
    return 0


def cmd_print_notice(args: argparse.Namespace) -> int:
    from datetime import date

    from liaison_desk.printing.notice import print_notice
    from liaison_desk.services.schedule.notices import NoticeService
    from liaison_desk.services.schedule.printing import notice_data
    from liaison_desk.services.schedule.service import ScheduleService

    db = open_db(args)
    try:  # YYYY-MM-DD: the one session of that day
        session_id = NoticeService(db).session_on(date.fromisoformat(args.session_id.strip()))
    except ValueError:  # an id, or the first characters of one
        session_id = ScheduleService(db).id_by_prefix(args.session_id)
    path = print_notice(notice_data(db, session_id), args.out, photos=args.photos)
    print(f"已生成接待公告：{path}")
    return 0


def cmd_print_schedule(args: argparse.Namespace) -> int:
    from liaison_desk.printing.wall_schedule import print_schedule
    from liaison_desk.services.schedule.printing import wall_schedule

    if args.end < args.start:
        raise KnownError("结束日期早于开始日期")
    db = open_db(args)
    path = print_schedule(wall_schedule(db, args.start, args.end, station_arg(db, args.station)), args.out)
    print(f"已生成接待安排表：{path}")
    return 0

