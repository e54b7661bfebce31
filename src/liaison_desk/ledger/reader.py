"""Open .xlsx/.xls/.ods files as Excel, WPS or LibreOffice saved them, and find their header rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liaison_desk.errors import KnownError
from liaison_desk.ledger.cells import normalize_header

SUPPORTED = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class Sheet:
    """One worksheet's cell values (row 0 = the sheet's first row, as Excel numbers it minus one)."""

    name: str
    rows: list[list[Any]]

    def cell(self, row: int, col: int) -> Any:
        r = self.rows[row] if 0 <= row < len(self.rows) else []
        return r[col] if 0 <= col < len(r) else None


@dataclass
class Header:
    """Where a sheet's header is: its row index and {normalized header text: column index}."""

    row: int
    columns: dict[str, int]
    labels: dict[int, str]  # column index → header as written

    def find(self, *names: str) -> int | None:
        """The column whose header is any of `names` (compared loosely)."""
        for n in names:
            idx = self.columns.get(normalize_header(n))
            if idx is not None:
                return idx
        return None


def column_letter(index: int) -> str:
    """0 → A, 27 → AB (for error messages that name a column as Excel shows it)."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def open_workbook(path: Path | str, copy_rows: bool = True, password: str | None = None) -> dict[str, Sheet]:
    """Every sheet of a workbook, read with python-calamine; bad files become a clear KnownError.

    `copy_rows=False` keeps the row lists python-calamine returned (no copy; for large read-only imports).
    An .xlsx with an opening password is decrypted in memory with `password` (ledger.crypto); without
    one that is crypto.PasswordNeeded, a wrong one a KnownError.
    """
    path = Path(path)
    if not path.exists():
        raise KnownError("文件不存在", file=path)
    if path.is_dir():
        raise KnownError("这是一个文件夹，不是表格文件", file=path, hint="请选择文件夹里的 .xlsx 文件")
    if path.suffix.lower() not in SUPPORTED:
        raise KnownError("不是 Excel/WPS 表格文件（支持 .xlsx、.xls、.ods）", file=path)
    from python_calamine import CalamineWorkbook

    from liaison_desk.ledger import crypto

    encrypted = crypto.is_encrypted(path)
    plain = crypto.decrypt_workbook(path, password) if encrypted else None
    # the formula check scans the file beside the reading (_check_formulas_beside); it has the first word
    formulas = _check_formulas_beside(path) if plain is None else None
    try:
        wb = CalamineWorkbook.from_filelike(plain) if plain is not None else CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in wb.sheet_names:
            data = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = Sheet(name, [list(r) for r in data] if copy_rows else data)
    except Exception as e:
        if formulas is not None:
            formulas()
        msg = str(e).lower()
        if "password" in msg or "encrypt" in msg:
            raise KnownError("文件设置了打开密码（已加密），程序无法读取", file=path,
                             hint="请在 Excel 或 WPS 中取消密码后另存，再导入") from e
        raise KnownError("文件无法读取，可能不是表格文件或已经损坏", file=path,
                         hint="请用 Excel 或 WPS 打开确认后另存为 .xlsx 再导入") from e
    if formulas is not None:
        formulas()
    return sheets


def _check_formulas_beside(path: Path) -> Callable[[], None]:
    """Start looking for formula cells without a computed value on a second thread; the function returned
    waits for it and raises what it found (a KnownError naming the first such cell, or the scan's own bug).

    The scan mostly inflates the file's zip parts, which frees the GIL, while python-calamine reads the
    same parts: a county workbook's 2–3 s of scanning then costs almost nothing in front of the import."""
    import threading

    from liaison_desk.ledger.formulas import uncached_formulas

    outcome: list[Any] = []

    def scan() -> None:
        try:
            outcome.append(uncached_formulas(path))
        except BaseException as e:  # raised again on the caller's thread
            outcome.append(e)

    worker = threading.Thread(target=scan, name="formula-check", daemon=True)
    worker.start()

    def finish() -> None:
        worker.join()
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        _refuse_uncached_formulas(path, outcome[0])
    return finish


def _refuse_uncached_formulas(path: Path, cells: dict[str, list[tuple[int, int]]]) -> None:
    """A formula cell without its computed value would read as blank: refuse, naming the first such cell."""
    for sheet, found in cells.items():
        row, col = found[0]
        more = f"（此表共 {len(found)}{'+' if len(found) >= 20 else ''} 处）" if len(found) > 1 else ""
        raise KnownError(f"{column_letter(col)}{row + 1} 单元格：公式没有计算结果，"
                         f"请在Excel/WPS中打开并保存后再导入{more}", file=path, sheet=sheet, row=row + 1,
                         column=column_letter(col))


def find_header(sheet: Sheet, known: Iterable[str], min_hits: int = 2, scan: int = 20) -> Header | None:
    """The first row among the first `scan` whose cells match at least `min_hits` known header names.

    Title rows and merged title cells above the header are skipped this way.
    """
    wanted = {normalize_header(k) for k in known}
    for i, row in enumerate(sheet.rows[:scan]):
        cols: dict[str, int] = {}
        labels: dict[int, str] = {}
        for j, value in enumerate(row):
            key = normalize_header(value)
            if key and key not in cols:
                cols[key] = j
                labels[j] = str(value).strip()
        if len(wanted & cols.keys()) >= min_hits:
            return Header(i, cols, labels)
    return None


def is_blank(row: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)
