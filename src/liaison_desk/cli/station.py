"""`station show` and `station set`: 本站信息 (name, address, 站长, 联络员, region words …) from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from liaison_desk.cli.common import open_db, print_json


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    from liaison_desk.services.station import STATION_FIELDS

    station = sub.add_parser("station", parents=[common], help="本站信息：联络站名称、地址、站长、联络员、电话…")
    ssub = station.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ssub.add_parser("show", parents=[common], help="显示本站信息")
    p.add_argument("--json", action="store_true", help="输出 JSON（称谓给出代码和文字）")
    p.set_defaults(func=cmd_show)
    p = ssub.add_parser("set", parents=[common], help="修改本站信息（只改给出的项；数据库不存在时新建）")
    for f in STATION_FIELDS:
        p.add_argument(f.option, dest=f.key, metavar="TEXT", default=None, help=_help(f.key, f.label))
    p.add_argument("--json", action="store_true", help="保存后以 JSON 输出本站信息")
    p.set_defaults(func=cmd_set)


def _help(key: str, label: str) -> str:
    extra = {"province_word": "：省、自治区或直辖市（不填时按名称结尾推断）",
             "county_word": "：县、区、市或旗（不填时按名称结尾推断）",
             "reception_weekday": "：1—7（1 是星期一）或「星期三」",
             "phone": "：手机 11 位或座机如 0315-1234567"}
    return label + extra.get(key, "")


def _as_json(info: Any) -> dict[str, object]:
    d = info.as_dict()
    d["county_label"], d["province_label"] = info.county_label, info.province_label
    return d


def _print_text(info: Any) -> None:
    from liaison_desk.models import DEFAULT_STATION_NAME
    from liaison_desk.services.station import STATION_FIELDS

    if not info.saved:
        print(f"还没有填写本站信息（纸面上暂用「{DEFAULT_STATION_NAME}」）。填写：liaison-desk station set --name …")
    for f in STATION_FIELDS:
        print(f"{f.label}：{info.display(f.key) or '（未填写）'}")


def cmd_show(args: argparse.Namespace) -> int:
    from liaison_desk.services.station import StationService

    db = open_db(args)
    try:
        info = StationService(db).info()
    finally:
        db.close()
    if args.json:
        print_json(_as_json(info))
    else:
        _print_text(info)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from liaison_desk.errors import KnownError
    from liaison_desk.services.station import STATION_FIELDS, StationService, clean_station_values

    values = {f.key: getattr(args, f.key) for f in STATION_FIELDS if getattr(args, f.key) is not None}
    if not values:
        raise KnownError("没有给出要修改的项", hint="例如 liaison-desk station set --name 青石镇人大代表联络站 --phone 0315-5551234")
    try:
        clean_station_values(values)  # a typo is reported before a new database is created
    except KnownError as e:  # on the command line a field is an option, not a workbook column
        option = next((f.option for f in STATION_FIELDS if f.label == e.column), None)
        if option is None or e.file:
            raise
        raise KnownError(f"{option}（{e.column}）：{e.message}", hint=e.hint) from None
    db = open_db(args, create=True)
    try:
        svc = StationService(db)
        info = svc.update_info(**values)
    finally:
        db.close()
    if args.json:
        print_json(_as_json(info))
    else:
        print(f"已保存本站信息（{db.path}）")
        _print_text(info)
    return 0
