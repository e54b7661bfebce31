"""`report month|year` on the demo station: JSON keys, numbers (not text) in Excel, charts present, and the
PDF, Excel and Word files opened by a second reader (LibreOffice headless converts them to PDF)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from helpers import DEMO_TODAY, run_cli

KEYS = {"receptions", "deputy_attendances", "citizens", "visits", "visits_by_channel", "visits_by_category",
        "redirected", "suggestions_registered", "assigned", "replied", "fed_back", "archived", "open_by_step",
        "overdue_at_end", "on_time_rate", "satisfaction_rate", "solved", "activities_by_kind"}


def soffice_pdf(src, outdir):
    """LibreOffice headless as the second reader: the file converted to PDF, or a failure naming why."""
    exe = shutil.which("soffice")
    assert exe, "LibreOffice (soffice) is installed by tools/bootstrap.sh test"
    p = subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{outdir}/lo-profile",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
                       capture_output=True, text=True, timeout=240)
    out = outdir / (src.stem + ".pdf")
    assert out.exists(), p.stdout + p.stderr
    return "".join(page.extract_text() for page in PdfReader(out).pages)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "demo.db"
    # as of DEMO_TODAY, like every other demo in the tests: the month's figures must not depend on the real date
    p = run_cli("demo", "--db", str(path), "--today", DEMO_TODAY.isoformat())
    assert p.returncode == 0, p.stderr
    return path


def test_month_json_pdf_and_excel(demo, tmp_path):
    p = run_cli("report", "month", "--db", str(demo), "--month", "2026-11", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    assert KEYS <= set(data["figures"]) and KEYS <= set(data["last_year"])
    assert all(isinstance(data["figures"][k], int) for k in ("visits", "receptions", "replied"))
    for rate in ("on_time_rate", "satisfaction_rate"):
        v = data["figures"][rate]
        assert v is None or 0 <= v <= 1

    pdf, xlsx = tmp_path / "月报.pdf", tmp_path / "月报.xlsx"
    assert run_cli("report", "month", "--db", str(demo), "--month", "2026-11", "--out", str(pdf)).returncode == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "2026年11月联络站月度统计报表" in text and "填报人" in text and len(PdfReader(pdf).pages) == 1
    assert run_cli("report", "month", "--db", str(demo), "--month", "2026-11", "--out", str(xlsx)).returncode == 0
    from openpyxl import load_workbook

    ws = load_workbook(xlsx)["统计报表"]
    cells = {(ws.cell(r, 1).value, ws.cell(r, 2).value): ws.cell(r, 3) for r in range(3, ws.max_row + 1)}
    visits = cells[("来访登记", "来访件数")]
    assert visits.data_type == "n" and visits.value == data["figures"]["visits"]
    rate = cells[("意见建议", "按期答复率")]
    assert rate.value == data["figures"]["on_time_rate"] and "%" in rate.number_format

    p = run_cli("report", "month", "--db", str(demo), "--month", "2026-11", "--out", str(tmp_path / "x.txt"))
    assert p.returncode == 1 and ".pdf" in p.stderr and not (tmp_path / "x.txt").exists()


@pytest.mark.slow
def test_year_files_open_in_a_second_reader(demo, tmp_path):
    outs = {}
    for ext in ("pdf", "xlsx", "docx"):
        outs[ext] = tmp_path / f"年报.{ext}"
        p = run_cli("report", "year", "--db", str(demo), "--year", "2026", "--out", str(outs[ext]))
        assert p.returncode == 0, p.stderr
    assert "每月来访和意见建议" in "".join(page.extract_text() for page in PdfReader(outs["pdf"]).pages)
    with zipfile.ZipFile(outs["xlsx"]) as z:  # native Excel charts, three of them
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 3
    converted = tmp_path / "lo"
    converted.mkdir()
    sheet = soffice_pdf(outs["xlsx"], converted)
    assert "来访件数" in sheet and "按期答复率" in sheet
    words = soffice_pdf(outs["docx"], converted)
    assert "工作总结" in words and "一、基本情况" in words and "四、下步打算" in words
