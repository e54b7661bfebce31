"""Commands of the safety area: `backup`, `restore`, `log` (and the lock/backup part of `check`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from liaison_desk.cli.common import day, db_path, open_db, print_json, xlsx_out
from liaison_desk.errors import KnownError
from liaison_desk.models.enums import TABLE_LABELS
from liaison_desk.text import fmt_datetime

COUNT_LABELS = (("deputy", "代表", "名"), ("receptionsession", "接待安排", "次"), ("visit", "来访登记", "条"),
                ("suggestion", "意见建议", "条"), ("activity", "代表活动", "次"), ("auditentry", "操作日志", "条"))


def register(sub: Any, print_sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this area's subcommands (and its `print` documents) to the parser."""
    p = sub.add_parser("backup", parents=[common], help="备份数据库（默认到数据文件夹的备份目录）")
    p.add_argument("--to", metavar="DIR", help="备份到这个文件夹（例如U盘）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[common], help="从备份文件恢复数据库（先自动备份当前数据）")
    p.add_argument("file", metavar="FILE", help="备份文件（.db）")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("log", parents=[common], help="查看操作日志")
    p.add_argument("--from", dest="start", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=day, metavar="YYYY-MM-DD")
    p.add_argument("--operator", help="只看这个操作员")
    p.add_argument("--action", help="只看这种操作（新增、修改、删除、导入、导出、备份、恢复…）")
    p.add_argument("--limit", type=int, default=0, help="最多显示多少条（默认全部）")
    p.add_argument("--export", type=xlsx_out, metavar="FILE.xlsx", help="导出为 Excel 工作簿")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(func=cmd_log)


def counts_text(counts: dict[str, int]) -> str:
    return "，".join(f"{label} {counts[t]} {unit}" for t, label, unit in COUNT_LABELS if t in counts)


def cmd_backup(args: argparse.Namespace) -> int:
    from liaison_desk.services.safety.service import SafetyService
    from liaison_desk.store.backup import inspect

    db = open_db(args)
    folder = Path(args.to) if args.to else None
    if folder is not None and folder.is_file():
        raise KnownError("这是一个文件，不是文件夹", file=folder, hint="--to 请给出要存放备份的文件夹（如U盘）")
    if folder is not None and not folder.is_dir():
        raise KnownError("备份目标文件夹不存在或U盘已被拔出", file=folder, hint="请检查U盘或文件夹后再试")
    made = SafetyService(db).backup(folder)
    info = inspect(made, full=False)
    if args.json:
        print_json({"file": str(made), "size": info.size, "taken_at": info.taken_at.isoformat(timespec="seconds"),
                    "schema": info.schema, "counts": info.counts, "ok": info.ok})
    else:
        print(f"已备份到：{made}（{info.size / 1e6:.1f} MB；{counts_text(info.counts)}）")
    db.close()
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from liaison_desk.config import DbPaths
    from liaison_desk.models.enums import AuditAction
    from liaison_desk.services.audit import AuditService
    from liaison_desk.store.backup import inspect
    from liaison_desk.store.lock import DbLock
    from liaison_desk.store.restore import restore_file

    path = db_path(args).expanduser().resolve()
    backup = Path(args.file)
    info = inspect(backup)
    if not info.ok:
        raise KnownError("不能从这个备份恢复：" + "；".join(info.problems), file=backup,
                         hint="当前数据没有改动。请选择另一个备份")
    print(f"备份文件：{backup}\n备份时间：{fmt_datetime(info.taken_at)}\n内容：{counts_text(info.counts)}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise KnownError("恢复会替换当前全部数据，请加 --yes 确认")
        answer = input(f"用这个备份替换数据库 {path} 的全部数据？当前数据会先自动备份。输入 y 确认：")
        if answer.strip().lower() not in ("y", "yes", "是"):
            print("已取消，数据没有改动")
            return 1
    held = DbLock.acquire(DbPaths(path).lock)  # no other program may have the database open
    try:
        result = restore_file(path, backup)
    finally:
        held.release()
    db = open_db(args)
    AuditService(db).record(AuditAction.RESTORE, f"从备份恢复：{backup.name}（备份时间 "
                            f"{fmt_datetime(info.taken_at)}）")
    saved = result.saved_current
    print(f"已恢复。恢复前的数据保存在：{saved}" if saved else "已恢复。")
    db.close()
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from liaison_desk.models.enums import AuditAction
    from liaison_desk.services.audit import AuditFilter, AuditService
    from liaison_desk.services.base import Page

    action = None
    if args.action:
        found = AuditAction.from_label(args.action)
        if found is None:
            raise KnownError(f"没有「{args.action}」这种操作，可选：{'、'.join(AuditAction.labels())}")
        action = found.value
    db = open_db(args)
    service = AuditService(db)
    f = AuditFilter(start=args.start, end=args.end, operator=args.operator, action=action)
    if args.export:
        from liaison_desk.ledger.audit_log import export_log

        n = export_log(service, Path(args.export), f)
        print(f"已导出 {n} 条操作日志到 {args.export}")
        return 0
    rows = service.entries(f, Page(0, args.limit)) if args.limit > 0 else service.all_entries(f)
    if args.json:
        print_json([{"at": r.at.isoformat(timespec="seconds"), "operator": r.operator, "action": r.action,
                     "action_label": r.action_label, "table": r.table_name, "record_id": r.record_id,
                     "summary": r.summary, "changes": r.changes_text} for r in rows])
        return 0
    for r in rows:
        kind = TABLE_LABELS.get(r.table_name, r.table_name)
        print(f"{fmt_datetime(r.at, seconds=True)}  {r.operator or '（未设置）'}  {r.action_label}  {kind}  {r.summary}"
              + (f"  [{r.changes_text}]" if r.changes_text else ""))
    print(f"共 {len(rows)} 条")
    return 0
