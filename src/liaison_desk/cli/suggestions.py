"""Commands of the suggestions area: `suggestions overdue|stats`, `print card`, `print letter` and `print transfer`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from liaison_desk.cli.common import MASK_HELP, day, open_db, pdf_out, print_json, station_arg
from liaison_desk.text import fmt_date, fmt_period


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
    p = sub.add_parser("suggestions", parents=[common], help="建议办理：超期提醒、办理统计")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    o = s.add_parser("overdue", parents=[common], help="列出已超过办理期限的意见建议")
    o.add_argument("--on", type=day, default=None, help="以哪一天为准（YYYY-MM-DD，默认今天）")
    o.add_argument("--json", action="store_true", help="以 JSON 输出")
    o.set_defaults(func=cmd_overdue)
    t = s.add_parser("stats", parents=[common], help="某一时期的按期答复率和满意率")
    t.add_argument("--from", dest="start", type=day, required=True, help="开始日期 YYYY-MM-DD")
    t.add_argument("--to", dest="end", type=day, required=True, help="结束日期 YYYY-MM-DD")
    t.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    t.set_defaults(func=cmd_stats)

    c = print_sub.add_parser("card", parents=[common], help="意见建议办理情况登记卡（可多条，每条一页）")
    c.add_argument("ids", nargs="+", metavar="SUGGESTION_ID", help="意见建议的标识或编号（如 〔2026〕第12号 或 2026-12）")
    c.add_argument("--out", required=True, type=pdf_out, help="输出 PDF 文件")
    c.add_argument("--mask", action="store_true", help=MASK_HELP)
    c.set_defaults(func=cmd_card)
    lt = print_sub.add_parser("letter", parents=[common],
                              help="交办函：以交办机关名义，列出某承办单位正在办理的意见建议（供乡镇使用）")
    lt.add_argument("agency", metavar="AGENCY", help="承办单位名称或标识")
    lt.add_argument("--on", type=day, default=None, help="落款日期（默认今天）")
    lt.add_argument("--number", default="", help="文号（默认留空，由交办机关填写）")
    lt.add_argument("--out", required=True, type=pdf_out, help="输出 PDF 文件")
    lt.add_argument("--mask", action="store_true", help=MASK_HELP)
    lt.set_defaults(func=cmd_letter)
    tr = print_sub.add_parser("transfer", parents=[common],
                              help="转办函：联络站把处于“梳理”环节的意见建议报送交办机关")
    tr.add_argument("--county", action="store_true", help="报送县级交办机关（默认报送乡镇人大主席团）")
    tr.add_argument("--on", type=day, default=None, help="落款日期（默认今天）")
    tr.add_argument("--number", default="", help="文号（默认按年自动编号，如 青石人大联〔2026〕3号）")
    tr.add_argument("--out", required=True, type=pdf_out, help="输出 PDF 文件")
    tr.add_argument("--mask", action="store_true", help=MASK_HELP)
    tr.add_argument("--station", metavar="ID_OR_NAME", help="乡镇汇总库：哪个联络站的转办函（编号或名称，必填）")
    tr.set_defaults(func=cmd_transfer)


def cmd_overdue(args: argparse.Namespace) -> int:
    from liaison_desk.services.suggestions.deadlines import DeadlineService

    db = open_db(args)
    on = args.on or date.today()
    svc = DeadlineService(db)
    rows = svc.overdue(on)
    if args.json:
        print_json([{"id": r.id, "number": r.number, "agency": r.agency, "deadline": r.deadline.isoformat(),
                     "working_days_overdue": r.working_days_overdue} for r in rows])
        return 0
    for w in svc.calendar.warnings([on, *(r.deadline for r in rows)]):
        print(f"注意：{w}")
    if not rows:
        print(f"截至{fmt_date(on)}，没有超期的意见建议")
        return 0
    print(f"截至{fmt_date(on)}，已超期 {len(rows)} 条：")
    for r in rows:
        print(f"{r.number}\t{r.agency or '（未定主办单位）'}\t期限 {fmt_date(r.deadline)}\t"
              f"超期 {r.working_days_overdue} 个工作日\t{r.title}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from liaison_desk.services.suggestions.deadlines import DeadlineService, percent

    st = DeadlineService(open_db(args)).stats(args.start, args.end)
    if args.json:
        print_json({"start": st.start.isoformat(), "end": st.end.isoformat(), "replied": st.replied,
                    "on_time": st.on_time, "on_time_rate": st.on_time_rate, "feedback": st.feedback,
                    "satisfied": st.satisfied, "basic": st.basic, "unsatisfied": st.unsatisfied,
                    "satisfaction_rate": st.satisfaction_rate})
        return 0
    print(fmt_period(st.start, st.end))
    print(f"答复 {st.replied} 件，按期答复 {st.on_time} 件，按期答复率 {percent(st.on_time_rate)}")
    print(f"反馈 {st.feedback} 件：满意 {st.satisfied}，基本满意 {st.basic}，不满意 {st.unsatisfied}，"
          f"满意率 {percent(st.satisfaction_rate)}")
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import AuditAction
    from liaison_desk.printing.cards import print_cards
    from liaison_desk.services.suggestions.detail import SuggestionDetailService

    db = open_db(args)
    svc = SuggestionDetailService(db)
    details = [svc.detail(svc.resolve(k)) for k in args.ids]
    path = print_cards(details, args.out, mask=args.mask)
    with db.session() as s:
        for d in details:
            svc.audit(s, AuditAction.PRINT, "suggestion", d.id, f"打印登记卡 {d.number}")
    print(f"已生成登记卡 {len(details)} 张：{path}")
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from liaison_desk.printing.assignment_letter import print_letter
    from liaison_desk.services.suggestions.letters import LetterService

    db = open_db(args)
    letters = LetterService(db)
    lt = letters.assignment(letters.find_agency(args.agency).id)
    path = print_letter(lt.agency, lt.items, lt.body, args.on or date.today(), args.out, args.number or "",
                        lt.station.name, lt.station.liaison_officer, lt.station.phone, mask=args.mask,
                        several=lt.several)
    letters.record_assignment_print(lt.body, lt.agency.name, len(lt.items), args.number or "")
    print(f"已生成交办函（{lt.body}，{len(lt.items)} 件）：{path}")
    return 0


def cmd_transfer(args: argparse.Namespace) -> int:
    from liaison_desk.printing.assignment_letter import print_transfer
    from liaison_desk.services.suggestions.letters import LetterService

    db = open_db(args)
    letters = LetterService(db)
    lt = letters.transfer(county=args.county, station_id=station_arg(db, args.station))
    on = args.on or date.today()
    number = args.number or letters.next_number(on, lt.station.name)
    path = print_transfer(lt.items, lt.body, lt.station.name, on, number, args.out,
                          lt.station.liaison_officer, lt.station.phone, mask=args.mask)
    letters.record_print(number, lt.body, len(lt.items))
    print(f"已生成转办函 {number}（报送{lt.body}，{len(lt.items)} 件）：{path}")
    return 0
