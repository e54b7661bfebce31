"""Adding stations' workbooks to the township database, file by file: read (an opening password tried from
the ones the office gave), then TownshipService.add; a refused file never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from liaison_desk.errors import KnownError
from liaison_desk.ledger.crypto import WRONG_PASSWORD, PasswordNeeded, is_encrypted
from liaison_desk.ledger.handoff_read import read_workbook
from liaison_desk.services.handoff.rows import Issue, ParsedWorkbook
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
    raise KnownError("密码不对，这个文件没有加入", file=path,
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
            res.errors = [Issue(e.sheet or "", e.row, e.column, str(e))]
        results.append(res)
    if progress is not None:
        progress(len(files), len(files))
    log.info("township: %d files, %d refused", len(results), sum(1 for r in results if r.errors))
    return results


def refusal_line(res: FileResult) -> str:
    """One Chinese line for a refused file: its first error (file, sheet, row, column) and how many."""
    first = res.errors[0]
    more = f"（共 {len(res.errors)} 处错误）" if len(res.errors) > 1 else ""
    return f"{res.file}：{first}{more}，整个文件没有加入"
