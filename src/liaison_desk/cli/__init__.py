"""`liaison-desk`: opens the window, or runs a headless command over the same services.

Exit codes: 0 success; 1 a known error, reported as one line of Chinese on stderr; 2 wrong usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from liaison_desk import __version__
from liaison_desk.errors import KnownError

log = logging.getLogger(__name__)
COMMANDS = {"print", "demo", "check", "roster", "schedule", "calendar", "visits", "suggestions", "handoff",
            "backup", "restore", "log", "activity", "score", "report", "station", "township", "migrate-to"}

# argparse's own words (it looks `_` up when it speaks), so usage errors and help read in Chinese too.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "命令和参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """Wrong usage is one Chinese line naming the command and where its help is, then exit 2 (argparse
    would print the whole usage block first; a clerk reads the first line only)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}：错误：{message}（用法见 {self.prog} -h）\n")


def build_parser() -> argparse.ArgumentParser:
    # The command modules import the database stack; they load here, after main() may have started
    # the start-up quick_check of the window's database on a thread.
    from liaison_desk.cli import (
        activities,
        core,
        handoff,
        reports,
        roster,
        safety,
        schedule,
        server,
        station,
        suggestions,
        township,
        visits,
    )

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="数据库文件（默认在用户数据文件夹；也可用环境变量 LIAISON_DESK_DB），"
                             "或县里的数据库服务器 postgresql://用户@服务器:端口/库名（密码用 PGPASSWORD 或 .pgpass）")
    parser = _Parser(prog="liaison-desk", parents=[common],
                                     description="联络站工作台：人大代表联络站台账管理")
    parser.add_argument("--version", action="version", version=f"liaison-desk {__version__}", help="显示版本号并退出")
    parser.add_argument("--demo", action="store_true", help="数据库为空时先写入演示联络站")
    parser.add_argument("--screenshot", metavar="DIR", help="打开窗口，每个标签页截图保存到 DIR 后退出")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    printing = sub.add_parser("print", parents=[common], help="生成 PDF（公示栏、公告、登记簿、登记卡…）")
    print_sub = printing.add_subparsers(dest="what", metavar="WHAT", required=True)
    for area in (core, station, roster, schedule, activities, visits, suggestions, reports, handoff, safety, township, server):
        area.register(sub, print_sub, common)
    return parser


def _opens_window(argv: Sequence[str]) -> bool:
    tokens = list(argv)
    return not (any(t in ("-h", "--help", "--version") for t in tokens) or COMMANDS & set(tokens))


class _NotForWindow(Exception):
    pass


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # the full parser says what is wrong, in its words
        raise _NotForWindow(message)


def _window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's few arguments, parsed without the command modules (they import the database stack,
    which the window loads only after its frame is on screen); None when these are not the window's."""
    if not _opens_window(argv):
        return None
    parser = _WindowParser(prog="liaison-desk", add_help=False)
    parser.add_argument("--db", default=None)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--screenshot")
    try:
        args, rest = parser.parse_known_args(list(argv))
    except _NotForWindow:
        return None
    if rest:
        return None
    args.command = None
    return args


def _window_precheck(argv: Sequence[str]) -> object | None:
    """When these arguments open the window and this start must check the database before opening it
    (startup_check.check_before_open: a left lock, a restore, a migration), start the quick_check now."""
    if not _opens_window(argv):
        return None
    tokens = list(argv)
    db = None
    for i, t in enumerate(tokens):
        if t == "--db" and i + 1 < len(tokens):
            db = tokens[i + 1]
        elif t.startswith("--db="):
            db = t[5:]
    from liaison_desk import config
    from liaison_desk.startup_check import Precheck, check_before_open

    if config.server_url(db):  # a PostgreSQL server checks its own files
        return None
    path = config.resolve_db_path(db)
    return Precheck(path) if check_before_open(path) else None


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    """An error Python cannot raise (a file object closed during garbage collection after the disk
    filled up) goes to the log file, never as a traceback onto the clerk's screen."""
    log.warning("ignored error in %r: %s", info.object, info.exc_value,
                exc_info=(info.exc_type, info.exc_value, info.exc_traceback) if info.exc_value else None)


def _said(e: KnownError) -> str:
    """The error as one line; a field typed on the command line is named as such, not as a workbook's 「…」列."""
    if e.column and not e.file and not e.sheet and e.row is None:
        return f"「{e.column}」：{e.message}" + (f"。{e.hint}" if e.hint else "")
    return str(e)


def main(argv: Sequence[str] | None = None) -> int:
    sys.unraisablehook = _unraisable
    argv = list(sys.argv[1:] if argv is None else argv)
    precheck = _window_precheck(argv)
    window_args = _window_args(argv)
    if window_args is not None:
        from liaison_desk.app import run_gui

        return run_gui(window_args, precheck)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except KnownError as e:  # an argument's type refused it in a way the clerk can fix (a folder as --out)
        print(f"错误：{e}", file=sys.stderr)
        return 1
    if not hasattr(args, "db"):
        args.db = None
    if args.command is None:
        from liaison_desk.app import run_gui

        return run_gui(args, precheck)
    from liaison_desk import log as logsetup

    log_file = logsetup.setup()
    try:
        return int(args.func(args) or 0)
    except KnownError as e:
        print(f"错误：{_said(e)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:  # the medium said no (read-only, full, removed, in use): its words in Chinese
        from liaison_desk.files import os_error_message

        log.warning("command %s: OS error %s", args.command, e.errno)
        where = f"「{e.filename}」" if getattr(e, "filename", None) else ""
        print(f"错误：{where}{os_error_message(e, writing=None)}", file=sys.stderr)
        return 1
    except Exception as e:  # a bug: the traceback goes to the log file, the clerk gets one plain line
        from liaison_desk.files import storage_error

        full = storage_error(e)
        if full:  # not a bug: the disk is full
            log.warning("command %s: disk full", args.command)
            print(f"错误：{full}", file=sys.stderr)
            return 1
        log.exception("command %s failed", args.command)
        print(f"错误：程序内部出错，命令没有完成，数据未受影响。详细信息已写入日志：{log_file}", file=sys.stderr)
        return 1
