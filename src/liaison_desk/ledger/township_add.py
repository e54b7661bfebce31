"""Adding stations' workbooks to the township database, file by file: read (an opening password tried from
the ones the office gave), then TownshipService.add; a refused file never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from liaison_desk.errors import KnownError
from liaison_desk.ledger.crypto import WRONG_PASSWORD, PasswordNeeded, is_encrypted
from liaison_desk.ledger.handoff_read import read_workbook
from liaison_desk.ledger.reader import SUPPORTED
from liaison_desk.services.handoff.rows import Issue, ParsedWorkbook
from liaison_desk.services.handoff.schema import INFO_SHEET
from liaison_desk.services.township.service import FileResult, TownshipService

log = logging.getLogger(__name__)
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".ods")
Progress = Callable[[int, int], None]


def workbook_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files named, and the workbooks inside each folder named (sorted; Office lock files skipped)."""
    out: list[Path] = []
    for text in paths:
        p = Path(text)
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                          and not f.name.startswith("~$"))
        elif p.exists():
            out.append(p)
        else:
            raise KnownError(f"找不到文件或文件夹：{p}")
    return out


def any_encrypted(files: Sequence[Path]) -> bool:
    return any(is_encrypted(f) for f in files)


def read_station_workbook(path: Path, passwords: Sequence[str] = ()) -> ParsedWorkbook:
    """One station's workbook; with an opening password, each password given is tried in turn (a township
    usually agrees one password with all its stations). None given: PasswordNeeded; none right: 密码不对."""
    if not is_encrypted(path):
        return read_workbook(path)
    if not passwords:
        return read_workbook(path, password=None)  # raises PasswordNeeded, naming the file
    wrong: KnownError | None = None
    for password in passwords:
        try:
            return read_workbook(path, password=password)
        except PasswordNeeded:
            raise
        except KnownError as e:
            if e.message != WRONG_PASSWORD:
                raise
            wrong = e
    assert wrong is not None
    raise KnownError("密码不对，整个文件没有加入", file=path,
                     hint="这个联络站的台账用了另一个密码：请单独再加入一次并输入它的密码")


def add_files(service: TownshipService, files: Sequence[Path], passwords: Sequence[str] = (),
              dry_run: bool = False, progress: Progress | None = None) -> list[FileResult]:
    """Each file read and added in its own transaction; an unreadable one becomes a refused FileResult.

    `progress(done, total)` is called before each file and may raise to cancel: the files already added
    stay added (each whole), the rest are not touched.
    """
    service.require()
    results: list[FileResult] = []
    for i, path in enumerate(files):
        if progress is not None:
            progress(i, len(files))
        try:
            res = service.add(read_station_workbook(path, passwords), dry_run=dry_run)
        except KnownError as e:  # the whole file is unreadable: refused, the others still go in
            res = FileResult(path.name)
            res.errors = [file_issue(path, e)]
        results.append(res)
    if progress is not None:
        progress(len(files), len(files))
    log.info("township: %d files, %d refused", len(results), sum(1 for r in results if r.errors))
    return results


EXPORT_HINT = "请加入联络站用「导出月度台账」（handoff export）生成的 .xlsx 文件"


def file_issue(path: Path, e: KnownError) -> Issue:
    """The problem of a file that could not be read at all, said for the township office: what the file is
    (not a workbook, another program's workbook, locked by a password) and what to do; the file itself is
    named once, by refusal_line."""
    if isinstance(e, PasswordNeeded):
        return Issue("", None, None, "设置了打开密码，整个文件没有加入。请输入乡镇和联络站约定的密码后再加入"
                                     "（命令行可先设环境变量 LIAISON_DESK_PASSWORD）")
    if path.suffix.lower() not in SUPPORTED:
        return Issue("", None, None, f"不是 Excel 工作簿（应为 .xlsx、.xls 或 .ods），整个文件没有加入。{EXPORT_HINT}")
    if e.message.startswith("不是联络站月度台账"):  # a workbook, but of another program (or a roster, a form)
        return Issue("", None, None, f"是 Excel 工作簿，但不是联络站的月度台账（没有「{INFO_SHEET}」工作表），"
                                     f"整个文件没有加入。{EXPORT_HINT}")
    if e.sheet or e.row is not None or e.column:
        return Issue(e.sheet or "", e.row, e.column, e.message + (f"。{e.hint}" if e.hint else ""))
    said = e.message if "没有加入" in e.message else f"{e.message}，整个文件没有加入"
    return Issue("", None, None, said + (f"。{e.hint}" if e.hint else ""))


def refusal_line(res: FileResult) -> str:
    """One Chinese line for a refused file: its first error (file, sheet, row, column) and how many."""
    first = res.errors[0]
    if not first.sheet and first.row is None and not first.column and "整个文件没有加入" in first.message:
        return f"{res.file}：{first.message}"  # the file as a whole (file_issue): already says it
    more = f"（共 {len(res.errors)} 处错误）" if len(res.errors) > 1 else ""
    return f"{res.file}：{first}{more}，整个文件没有加入"


def no_workbooks(paths: Sequence[str | Path]) -> KnownError:
    """The error when the files and folders named hold no workbook at all: which, and what to do."""
    names = "、".join(f"「{Path(p).name or p}」" for p in paths)
    folders = all(Path(p).is_dir() for p in paths)
    where = f"文件夹{names}里" if folders else f"{names}中"
    return KnownError(f"{where}没有 Excel 工作簿（.xlsx、.xls、.ods），没有加入任何文件",
                      hint="请选择存放联络站月度台账的文件夹（如U盘），或直接给出台账文件")
