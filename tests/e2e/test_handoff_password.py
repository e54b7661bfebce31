"""`handoff export --password`: a workbook LibreOffice opens with its password (converted to PDF) and not
without; `handoff import` with a wrong password is one Chinese line and writes nothing."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli

pytestmark = pytest.mark.slow
PASSWORD = "青石镇2026"
# A LibreOffice Basic macro that opens a document with a password and exports it as PDF
# (`soffice --convert-to` has no way to pass an opening password).
MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub ToPdf(src As String, dst As String, pw As String)
  Dim args(1) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  args(1).Name = &quot;Password&quot;
  args(1).Value = pw
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args)
  If IsNull(doc) Then Exit Sub
  Dim out(0) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;calc_pdf_Export&quot;
  doc.storeToURL(ConvertToURL(dst), out)
  doc.close(True)
End Sub
</script:module>
"""


def _soffice(profile: Path, *args: str) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", *args],
                   capture_output=True, timeout=180)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


@pytest.fixture
def exported(tmp_path):
    db = tmp_path / "d.db"
    assert run_cli("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "台账.xlsx"
    res = run_cli("handoff", "export", "--all", "--password", "--out", str(out), "--db", str(db),
                  env={"LIAISON_DESK_PASSWORD": PASSWORD})
    assert res.returncode == 0, res.stderr
    assert "已设置打开密码" in res.stdout and PASSWORD not in res.stdout
    return db, out


def test_encrypted_export_opens_in_libreoffice_with_its_password_only(exported, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (tools/bootstrap.sh test installs it)")
    db, out = exported
    assert out.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted container, not a zip
    assert list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*.part")) == []
    with sqlite3.connect(db) as c:
        name = c.execute("SELECT name FROM deputy ORDER BY sort_order LIMIT 1").fetchone()[0]
    profile = tmp_path / "lo-profile"
    _soffice(profile, "--terminate_after_init")
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(MACRO, encoding="utf-8")
    plain_try = tmp_path / "without"
    _soffice(profile, "--convert-to", "pdf", "--outdir", str(plain_try), str(out))
    assert not list(plain_try.glob("*.pdf"))  # without the password LibreOffice cannot open it
    right = tmp_path / "right.pdf"
    _soffice(profile, f'macro:///Standard.Module1.ToPdf("{out}","{right}","{PASSWORD}")')
    assert right.exists() and name in _pdf_text(right).replace("\n", "")


def test_import_with_a_wrong_password_is_one_line_and_writes_nothing(exported, tmp_path):
    db, out = exported
    before = sqlite3.connect(db).execute("SELECT (SELECT COUNT(*) FROM exchangelog), "
                                         "(SELECT COUNT(*) FROM auditentry)").fetchone()
    backups = db.with_name(db.name + ".files") / "backups"
    files_before = sorted(backups.glob("*")) if backups.exists() else []
    bad = run_cli("handoff", "import", str(out), "--db", str(db), env={"LIAISON_DESK_PASSWORD": "wrong-password"})
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and "密码不对" in lines[0]
    after = sqlite3.connect(db).execute("SELECT (SELECT COUNT(*) FROM exchangelog), "
                                        "(SELECT COUNT(*) FROM auditentry)").fetchone()
    assert after == before
    assert (sorted(backups.glob("*")) if backups.exists() else []) == files_before
    missing = run_cli("handoff", "import", str(out), "--db", str(db), env={"LIAISON_DESK_PASSWORD": ""})
    assert missing.returncode == 1 and "LIAISON_DESK_PASSWORD" in missing.stderr  # no terminal to ask on
    good = run_cli("handoff", "import", str(out), "--dry-run", "--json", "--db", str(db),
                   env={"LIAISON_DESK_PASSWORD": PASSWORD})
    assert good.returncode == 0, good.stderr
