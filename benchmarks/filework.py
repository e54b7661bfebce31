"""P5–P7: handoff export and import, notice and register PDFs, each against the bare library doing the same.

Each baseline is given exactly what the program produced (cell values read back from its workbook, text
extracted from its PDF), so the ratio is the program's own overhead over the library's floor.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from common import Result, work_copy

NOT_YET = "not available yet"


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _open(path: Path) -> Any:
    from liaison_desk.store import open_database

    return open_database(path)


def _newest_range(db: Any, table: str, column: str, n: int) -> tuple[date | None, date | None, int]:
    """The date range holding (about) the newest `n` rows of `table`; (None, None) when it has fewer."""
    with db.engine.connect() as c:
        total = c.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one()
        if total <= n:
            return None, None, total
        start = c.exec_driver_sql(f"SELECT {column} FROM {table} ORDER BY {column} DESC LIMIT 1 OFFSET {n - 1}"
                                  ).scalar_one()
        end = c.exec_driver_sql(f"SELECT MAX({column}) FROM {table}").scalar_one()
        count = c.exec_driver_sql(f"SELECT COUNT(*) FROM {table} WHERE {column} >= ?", (start,)).scalar_one()
    return date.fromisoformat(start), date.fromisoformat(end), count


def _cells(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


# P5 ------------------------------------------------------------------------------------------------
def p5_export(db_file: Path, runs: int, work: Path) -> list[Result]:
    """handoff export of 100,000 visit rows"""
    r = Result("P5", "handoff export of 100,000 visit rows", "s", goal=1.2)
    try:
        from liaison_desk.ledger.handoff_export import export_handoff
        from liaison_desk.services.handoff.service import HandoffService
    except ImportError:
        r.note = NOT_YET
        return [r]
    db = _open(work_copy(db_file, "export.db"))
    start, end, n = _newest_range(db, "visit", "visited_on", 100_000)
    r.measure = f"handoff export of {n:,} visit rows (with the other sheets of that period)"
    cells: dict[str, list[list[Any]]] | None = None
    for i in range(runs):
        out = work / f"handoff-{i}.xlsx"
        took, _ = _timed(lambda out=out: export_handoff(HandoffService(db), out, start, end))
        r.values.append(took)
        if cells is None:
            cells = _cells(out)
            shutil.copyfile(out, work / "handoff.xlsx")  # P6 imports this one
        r.baselines.append(_timed(lambda cells=cells: _openpyxl_write(cells, work / "baseline.xlsx"))[0])
        out.unlink()
    db.close()
    return [r]


def _openpyxl_write(cells: dict[str, list[list[Any]]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in cells.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


# P6 ------------------------------------------------------------------------------------------------
def p6_import(db_file: Path, runs: int, work: Path) -> list[Result]:
    """import of the P5 workbook into an empty database"""
    r = Result("P6", "import of the P5 workbook into an empty database", "s", goal=1.5)
    try:
        from liaison_desk.ledger.handoff_import import import_handoff
        from liaison_desk.services.handoff.service import HandoffService
    except ImportError:
        r.note = NOT_YET
        return [r]
    book = work / "handoff.xlsx"
    if not book.exists():
        p5_export(db_file, 1, work)
    if not book.exists():
        r.note = NOT_YET + " (no export)"
        return [r]
    empty = work / "empty.db"
    _open(empty).close()  # migrated once; each run starts from a copy
    visits = 0
    for i in range(runs):
        target = work / f"import-{i}.db"
        shutil.copyfile(empty, target)
        db = _open(target)
        took, (plan, result) = _timed(lambda db=db: import_handoff(HandoffService(db), book))
        if result is None:
            r.note = f"import refused: {plan.errors[:1]}"
            return [r]
        r.values.append(took)
        with db.engine.connect() as c:
            visits = c.exec_driver_sql("SELECT COUNT(*) FROM visit").scalar_one()
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.rmtree(Path(str(target) + ".files"), ignore_errors=True)
        r.baselines.append(_timed(lambda i=i: _calamine_insert(book, work / f"baseline-{i}.db"))[0])
    r.measure = f"import of {visits:,} visit rows (the P5 workbook) into an empty database"
    return [r]


def _calamine_insert(book: Path, path: Path) -> None:
    """python-calamine reads every sheet; SQLAlchemy Core inserts every row into a table per sheet."""
    from python_calamine import CalamineWorkbook
    from sqlalchemy import Column, MetaData, Table, Text, create_engine

    wb = CalamineWorkbook.from_path(str(book))
    engine = create_engine(f"sqlite:///{path}")
    meta = MetaData()
    with engine.begin() as conn:
        for i, name in enumerate(wb.sheet_names):
            rows = wb.get_sheet_by_name(name).to_python()
            width = max((len(x) for x in rows), default=0)
            if not rows or not width:
                continue
            table = Table(f"sheet{i}", meta, *(Column(f"c{j}", Text) for j in range(width)))
            table.create(conn)
            data = [{f"c{j}": (None if v == "" else str(v)) for j, v in enumerate(row)} for row in rows]
            for k in range(0, len(data), 5000):
                conn.execute(table.insert(), data[k:k + 5000])
    engine.dispose()
    path.unlink()


# P7 ------------------------------------------------------------------------------------------------
def p7_print(db_file: Path, runs: int, work: Path) -> list[Result]:
    """notice PDF and a 1,000-row register PDF"""
    notice = Result("P7a", "notice PDF of one reception", "s", goal=1.5)
    register = Result("P7b", "register PDF of 1,000 visits", "s", goal=1.5)
    try:
        from liaison_desk.printing.notice import print_notice
        from liaison_desk.printing.register import print_register
    except ImportError:
        notice.note = register.note = NOT_YET
        return [notice, register]
    db = _open(work_copy(db_file, "print.db"))
    with db.engine.connect() as c:
        session_id = c.exec_driver_sql(
            "SELECT s.id FROM receptionsession s WHERE EXISTS (SELECT 1 FROM sessiondeputy d "
            "WHERE d.session_id = s.id) ORDER BY s.day DESC LIMIT 1").scalar_one()
    start, end, n = _newest_range(db, "visit", "visited_on", 1000)
    start = start or date(2000, 1, 1)
    end = end or date(2100, 1, 1)
    register.measure = f"register PDF of {n:,} visits"
    jobs = ((notice, lambda p: print_notice(db, session_id, p)),
            (register, lambda p: print_register(db, start, end, p)))
    for result, job in jobs:
        pages: list[str] | None = None
        for i in range(runs):
            out = work / f"print-{i}.pdf"
            result.values.append(_timed(lambda out=out, job=job: job(out))[0])
            if pages is None:
                pages = _pdf_text(out)
            result.baselines.append(_timed(lambda pages=pages: _reportlab_draw(pages, work / "baseline.pdf"))[0])
    db.close()
    return [notice, register]


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


_FONT: list[str] = []


def _reportlab_draw(pages: list[str], path: Path) -> None:
    """Plain reportlab canvas: the same Chinese font, the same text, line by line, page by page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if not _FONT:
        from liaison_desk.printing.fonts import candidates

        font_path, index = candidates()[0][0]
        pdfmetrics.registerFont(TTFont("BenchCJK", str(font_path), subfontIndex=index))
        _FONT.append("BenchCJK")
    size = landscape(A4)
    c = Canvas(str(path), pagesize=size)
    for text in pages:
        c.setFont(_FONT[0], 9)
        y = size[1] - 40
        for line in text.splitlines():
            c.drawString(30, y, line)
            y -= 11
            if y < 30:
                break
        c.showPage()
    c.save()
