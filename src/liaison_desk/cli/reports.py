"""Commands of the reports area: `report month|year` (JSON, PDF, Excel, Word) and the papers for the wall
and the deputy: `print results|performance|deputy-record`."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path
from typing import Any

from liaison_desk.cli.common import (
    PAPER_MASK_HELP,
    STATION_HELP,
    open_db,
    out_path,
    paper_mask,
    print_json,
    station_arg,
    year_arg,
)
from liaison_desk.errors import KnownError


def _month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"月份「{text}」格式不对，应为 YYYY-MM，如 2026-11")
    return int(m.group(1)), int(m.group(2))


def _quarter_arg(text: str) -> tuple[int, int]:
    from liaison_desk.cli.activities import _quarter

    return _quarter(text)


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="统计报表：月度统计报表、年度工作总结")
    s = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    m = s.add_parser("month", parents=[common], help="月度统计报表（PDF 或 Excel）")
    m.add_argument("--month", type=_month, required=True, help="月份 YYYY-MM")
    m.add_argument("--out", type=out_path, help="输出文件：.pdf 或 .xlsx")
    m.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    m.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：各站合计）")
    m.set_defaults(func=cmd_month)
    y = s.add_parser("year", parents=[common], help="年度统计和工作总结（PDF 带图表、Excel 带图表、Word 初稿）")
    y.add_argument("--year", type=year_arg, required=True)
    y.add_argument("--out", type=out_path, help="输出文件：.pdf、.xlsx 或 .docx")
    y.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    y.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：各站合计）")
    y.set_defaults(func=cmd_year)

    r = print_sub.add_parser("results", parents=[common], help="意见建议办理结果公示（一个季度）")
    r.add_argument("--quarter", required=True, type=_quarter_arg, help="季度 YYYYQn")
    r.add_argument("--out", required=True, type=out_path)
    r.add_argument("--mask", action="store_true", help=PAPER_MASK_HELP)
    r.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：各站分节打印）")
    r.set_defaults(func=cmd_results)
    pf = print_sub.add_parser("performance", parents=[common], help="代表履职情况公示（一年）")
    pf.add_argument("--year", type=year_arg, required=True)
    pf.add_argument("--out", required=True, type=out_path)
    pf.add_argument("--mask", action="store_true", help=PAPER_MASK_HELP)
    pf.add_argument("--station", metavar="ID_OR_NAME", help=STATION_HELP + "（不给：各站分节打印）")
    pf.set_defaults(func=cmd_performance)
    dr = print_sub.add_parser("deputy-record", parents=[common], help="一位代表的年度履职档案（PDF 或 Excel）")
    dr.add_argument("deputy", metavar="NAME_OR_ID", help="代表姓名或编号")
    dr.add_argument("--year", type=year_arg, required=True)
    dr.add_argument("--out", required=True, type=out_path, help=".pdf 或 .xlsx")
    dr.add_argument("--mask", action="store_true", help=PAPER_MASK_HELP)
    dr.set_defaults(func=cmd_deputy_record)


def _station(db: Any) -> str:
    from liaison_desk.services.station import StationService

    return StationService(db).station_name()


def _deputy_station(db: Any, station_id: str | None) -> str:
    """The station a deputy's record is headed with: this database's; in a township database the deputy's own."""
    from liaison_desk.services.station import StationService

    svc = StationService(db)
    return svc.info_of(station_id).name if svc.township_name() is not None else svc.station_name()


def _notes(report: Any, whole: str = "") -> list[str]:
    n = report.figures.late_records
    return ([f"注：本期数字含统计期结束后补录或修改的记录 {n} 条。"] if n else []) + ([whole] if whole else [])


def _whose(db: Any, station: str | None) -> tuple[str | None, str, str]:
    """(station id, heading, note) of a report: a station's own database its name; a township database one
    station (`--station`) under its name, or every station together under the office's name, the note
    naming the stations summed and where each one's figures are."""
    from liaison_desk.services.station import StationService

    svc = StationService(db)
    station_id = station_arg(db, station)
    heading, several = svc.heading(station_id)
    if not several:
        return station_id, heading, ""
    names = sorted(svc.names().values())
    return None, heading, (f"注：本表为{len(names)}个联络站（{'、'.join(names)}）的合计；各站分列见"
                           "各联络站工作统计汇总表（乡镇汇总 → 统计汇总）。")


def _sections(db: Any, station: str | None) -> tuple[str | None, str, dict[str, str] | None]:
    """(station id, heading, sections) of a wall paper: see cli.activities._township_paper."""
    from liaison_desk.cli.activities import _township_paper

    return _township_paper(db, station)


def _write(report: Any, title: str, out: Path, db: Any, kinds: tuple[str, ...], heading: str = "",
           whole: str = "") -> None:
    from liaison_desk.services.reports.form import form_rows

    heading = heading or _station(db)
    suffix = out.suffix.lower()
    if suffix not in kinds:
        raise KnownError(f"输出文件应以 {' 或 '.join(kinds)} 结尾", file=out)
    rows = form_rows(report)
    if suffix == ".pdf" and title.endswith("月度统计报表"):
        from liaison_desk.printing.report_month import print_form

        print_form(rows, heading, title, report.start, report.end, out, _notes(report, whole))
    elif suffix == ".pdf":
        from liaison_desk.printing.report_year import print_year
        from liaison_desk.services.reports.series import YearSeriesService

        series = YearSeriesService(db).series(report.start.year, figures=report.figures)
        print_year(rows, series, heading, title, report.start.year, out, _notes(report, whole))
    elif suffix == ".xlsx":
        from liaison_desk.ledger.report_month import write_form

        if title.endswith("月度统计报表"):
            write_form(rows, heading, title, report.start, report.end, out)
        else:
            from liaison_desk.ledger.report_year import write_year
            from liaison_desk.services.reports.series import YearSeriesService

            write_year(rows, YearSeriesService(db).series(report.start.year, figures=report.figures), heading, title,
                       report.start.year, out)
    else:
        from liaison_desk.ledger.summary_docx import write_summary

        write_summary(report, heading, out)
    print(f"已生成：{out}")


def _show(report: Any, title: str, heading: str = "", whole: str = "") -> None:
    """The form as the clerk reads it on screen: each item with this period, last year and the change."""
    from liaison_desk.services.reports.form import form_rows
    from liaison_desk.text import fmt_date

    print((f"{heading}　" if heading else "") + f"{title}（{fmt_date(report.start)}至{fmt_date(report.end)}）")
    previous = None
    for r in form_rows(report):
        if r.section != previous:
            print(r.section)
            previous = r.section
        print(f"  {r.item}：{r.shown(r.value)}（去年同期 {r.shown(r.last)}，{r.shown_change()}）")
    for note in _notes(report, whole):
        print(note)


def cmd_month(args: argparse.Namespace) -> int:
    from liaison_desk.services.reports.stats import StatsService, month_bounds

    db = open_db(args)
    year, month = args.month
    station_id, heading, whole = _whose(db, args.station)
    report = StatsService(db).report(*month_bounds(year, month), station_id=station_id)
    title = f"{year}年{month}月联络站月度统计报表"
    if args.json:
        print_json(report.as_json())
    elif not args.out:
        _show(report, title, heading if station_id or whole else "", whole)
    if args.out:
        _write(report, title, args.out, db, (".pdf", ".xlsx"), heading, whole)
    return 0


def cmd_year(args: argparse.Namespace) -> int:
    from liaison_desk.services.reports.stats import StatsService

    db = open_db(args)
    station_id, heading, whole = _whose(db, args.station)
    report = StatsService(db).report(date(args.year, 1, 1), date(args.year, 12, 31), station_id=station_id)
    title = f"{args.year}年联络站工作统计"
    if args.json:
        print_json(report.as_json())
    elif not args.out:
        _show(report, title, heading if station_id or whole else "", whole)
    if args.out:
        _write(report, title, args.out, db, (".pdf", ".xlsx", ".docx"), heading, whole)
    return 0


def cmd_results(args: argparse.Namespace) -> int:
    from liaison_desk.printing.report_papers import print_results
    from liaison_desk.services.activities.checks import QUARTER_NAMES, quarter_bounds
    from liaison_desk.services.reports.papers import PapersService

    year, q = args.quarter
    db = open_db(args)
    station_id, heading, sections = _sections(db, args.station)
    lines = PapersService(db).results(*quarter_bounds(year, q), station_id=station_id)
    print_results(lines, heading, f"{year}年第{QUARTER_NAMES[q - 1]}季度", args.out, paper_mask(args, db), sections)
    print(f"已生成：{args.out}（{len(lines)} 件）")
    return 0


def cmd_performance(args: argparse.Namespace) -> int:
    from liaison_desk.printing.report_papers import print_performance
    from liaison_desk.services.reports.papers import PapersService

    db = open_db(args)
    station_id, heading, sections = _sections(db, args.station)
    lines = PapersService(db).performance(args.year, station_id=station_id)
    print_performance(lines, heading, args.year, args.out, paper_mask(args, db), sections)
    print(f"已生成：{args.out}（{len(lines)} 名代表）")
    return 0


def cmd_deputy_record(args: argparse.Namespace) -> int:
    from liaison_desk.services.reports.papers import PapersService

    suffix = args.out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise KnownError("输出文件应以 .pdf 或 .xlsx 结尾", file=args.out)
    db = open_db(args)
    svc = PapersService(db)
    sheet = svc.deputy_record(svc.find_deputy(args.deputy), args.year)
    station = _deputy_station(db, sheet.line.station_id)
    if suffix == ".pdf":
        from liaison_desk.printing.report_papers import print_deputy_record

        print_deputy_record(sheet, station, args.year, args.out, paper_mask(args, db))
    else:
        from liaison_desk.ledger.deputy_record import write_deputy_record

        write_deputy_record(sheet, station, args.year, args.out, paper_mask(args, db))
    print(f"已生成：{args.out}（{len(sheet.entries)} 条记录）")
    return 0
