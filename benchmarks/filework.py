"""P5–P7: handoff export and import, notice and register PDFs, each against the bare library doing the same.

Each baseline is given exactly what the program produced (cell values read back from its workbook, text
extracted from its PDF), so the ratio is the program's own overhead over the library's floor.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from datetime import date, timedelta
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
def _register_month(db: Any) -> tuple[date, date]:
    """The last full calendar month before the newest visit (a county month: ~5,000 visits)."""
    with db.engine.connect() as c:
        newest = date.fromisoformat(c.exec_driver_sql("SELECT MAX(visited_on) FROM visit").scalar_one())
    end = newest.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _print_register(db: Any, start: date, end: date, path: Path) -> int:
    """What the CLI does: rows from the service, the book drawn, the print recorded; returns the row count."""
    from liaison_desk.printing.register import print_register
    from liaison_desk.services.visits.register import RegisterService

    book = RegisterService(db)
    head = book.head(start, end)
    print_register(head, book.rows(head), path)
    book.record_print(head)
    return head.count


def p7_print(db_file: Path, runs: int, work: Path) -> list[Result]:
    """notice PDF, the register of a month, the register of a year"""
    notice = Result("P7a", "notice PDF of one reception", "s", goal=1.5)
    register = Result("P7b", "register PDF of one month", "s", goal=1.5)
    year = Result("P7c", "register PDF of one year (absolute; peak memory in the note)", "s", limit=60.0)
    try:
        from liaison_desk.printing.notice import print_notice
        from liaison_desk.printing.register import cells
        from liaison_desk.services.schedule.printing import notice_data
        from liaison_desk.services.visits.register import RegisterService
    except ImportError:
        notice.note = register.note = year.note = NOT_YET
        return [notice, register, year]
    db = _open(work_copy(db_file, "print.db"))
    with db.engine.connect() as c:
        session_id = c.exec_driver_sql(
            "SELECT s.id FROM receptionsession s WHERE EXISTS (SELECT 1 FROM sessiondeputy d "
            "WHERE d.session_id = s.id) ORDER BY s.day DESC LIMIT 1").scalar_one()
    start, end = _register_month(db)
    book = RegisterService(db)
    head = book.head(start, end)
    # The baseline draws exactly these cells: the program's own rows, turned into text before timing.
    month_cells = [cells(n, r) for n, r in enumerate(book.rows(head), 1)]
    register.measure = f"register PDF of one month ({head.count:,} visits, {start:%Y-%m}), paired runs"
    pages: list[str] | None = None
    for i in range(runs):  # pairs: program, then baseline, so both see the same machine load
        out = work / f"notice-{i}.pdf"
        notice.values.append(_timed(lambda out=out: print_notice(notice_data(db, session_id), out))[0])
        if pages is None:
            pages = _pdf_text(out)
        notice.baselines.append(_timed(lambda pages=pages: _notice_baseline(pages, work / "baseline.pdf"))[0])
        out = work / f"register-{i}.pdf"
        register.values.append(_timed(lambda out=out: _print_register(db, start, end, out))[0])
        register.baselines.append(_timed(lambda: _bare_register(month_cells, work / "baseline-register.pdf"))[0])
        out.unlink()
    db.close()
    _year(db_file, work, year)
    return [notice, register, year]


def _year(db_file: Path, work: Path, r: Result) -> None:
    """The register of the newest full year, in a child process: wall time and its peak memory."""
    import json
    import subprocess
    import sys

    code = (
        "import json, resource, sys, time\n"
        "from datetime import date\n"
        "sys.path.insert(0, sys.argv[3])\n"
        "from peak import own_peak_mib\n"
        "from filework import _open, _print_register\n"
        "db = _open(sys.argv[1])\n"
        "with db.engine.connect() as c:\n"
        "    newest = date.fromisoformat(c.exec_driver_sql('SELECT MAX(visited_on) FROM visit').scalar_one())\n"
        "y = newest.year - 1\n"
        "t = time.perf_counter()\n"
        "n = _print_register(db, date(y, 1, 1), date(y, 12, 31), sys.argv[2])\n"
        "took = time.perf_counter() - t\n"
        "ru = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(json.dumps({'s': took, 'n': n, 'year': y, 'cpu': ru.ru_utime + ru.ru_stime, "
        "'mib': own_peak_mib()}))\n")  # VmHWM: this process has run P5/P6 and grown (common.py)
    copy = work_copy(db_file, "year.db")
    proc = subprocess.run([sys.executable, "-c", code, str(copy), str(work / "year.pdf"),
                           str(Path(__file__).parent)], capture_output=True, text=True, timeout=1800)
    if proc.returncode:
        r.note = f"failed: {proc.stderr.strip().splitlines()[-1:]}"
        return
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    r.values.append(got["s"])
    r.measure = f"register PDF of {got['year']} ({got['n']:,} visits): ≤ 60 s, peak {got['mib']:.0f} MiB (≤ 500)"
    r.note = f"peak {got['mib']:.0f} MiB, {got['cpu']:.0f} s of CPU (the whole process; wall time grows with load)"
    (work / "year.pdf").unlink(missing_ok=True)


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


_FONTS: dict[str, str] = {}


def _bench_font(role: str = "table") -> str:
    """The program's face for `role` (table, body, title), registered again under a name of the baseline's own."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if role not in _FONTS:
        from liaison_desk.printing.fonts import candidates

        font_path, index = candidates()[role][0]
        name = f"Bench{role.title()}"
        pdfmetrics.registerFont(TTFont(name, str(font_path), subfontIndex=index))
        _FONTS[role] = name
    return _FONTS[role]


def _notice_baseline(pages: list[str], path: Path) -> None:
    """The notice's text drawn the plain way: A4 portrait, the first line in the program's title face and
    the rest in its body face (both embedded, as the 公文 conventions make the notice do), pages compressed
    as the program's are, line by line without wrapping rules or table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    title, body = _bench_font("title"), _bench_font("body")
    c = Canvas(str(path), pagesize=A4, initialFontName=body, pageCompression=1)
    for text in pages:
        y = A4[1] - 72
        for i, line in enumerate(text.splitlines()):
            c.setFont(title if i == 0 else body, 22 if i == 0 else 16)
            c.drawString(79, y, line)
            y -= 28
            if y < 70:
                break
        c.showPage()
    c.save()


def _bare_register(rows: list[list[str]], path: Path) -> None:
    """The same cells drawn the plain way: greedy wrap by stringWidth, every line, the grid, the header on
    every page, landscape A4, 9 pt, compressed pages — what the register does, minus its line-breaking rules."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from liaison_desk.printing.register import COLUMNS

    font, size, lead, pad = _bench_font(), 9.0, 9 * 1.3, 2.5
    w, h = landscape(A4)
    xs = [28.0]
    for col in COLUMNS:
        xs.append(xs[-1] + col.width)

    widths: dict[str, float] = {}

    def wrap(text: str, width: float) -> list[str]:
        out: list[str] = []
        for para in text.split("\n"):
            line, used = "", 0.0
            for ch in para:
                cw = widths.get(ch)
                if cw is None:
                    cw = widths[ch] = stringWidth(ch, font, size)
                if line and used + cw > width:
                    out.append(line)
                    line, used = "", 0.0
                line, used = line + ch, used + cw
            out.append(line)
        return out

    c = Canvas(str(path), pagesize=(w, h), initialFontName=font, pageCompression=1)

    def header() -> float:
        y = h - 30
        for col, x in zip(COLUMNS, xs, strict=False):
            c.drawString(x + pad, y - lead, col.header)
        y -= lead + 2 * pad
        c.line(xs[0], y, xs[-1], y)
        return y

    c.setFont(font, size)
    y, top = header(), h - 30
    for row in rows:
        lines = [wrap(text, col.width - 2 * pad) for text, col in zip(row, COLUMNS, strict=True)]
        height = max(len(x) for x in lines) * lead + 2 * pad
        if y - height < 34:
            for x in xs:
                c.line(x, top, x, y)
            c.showPage()
            c.setFont(font, size)
            y = header()
        for cell, x in zip(lines, xs, strict=False):
            for k, line in enumerate(cell):
                c.drawString(x + pad, y - pad - (k + 1) * lead + 3, line)
        y -= height
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, top, x, y)
    c.save()
