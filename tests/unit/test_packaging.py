"""Packaging files are consistent: spec lists, Qt filter, icon sizes, Inno Setup script, CI workflow (no build)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from liaison_desk import APP_ID, __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import spec_helpers as H  # noqa: E402

ISS = PACKAGING / "liaison-desk.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-installer.yml"


def _iss_sections() -> dict[str, list[str]]:
    text = ISS.read_bytes().decode("utf-8-sig")
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        s = line.strip()
        if re.fullmatch(r"\[[A-Za-z]+\]", s):
            current = s[1:-1]
            sections[current] = []
        elif s and not s.startswith(";") and current:
            sections[current].append(s)
    return sections


def _setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _iss_sections()["Setup"])


def test_spec_is_python_and_uses_the_helpers():
    tree = ast.parse((PACKAGING / "liaison-desk.spec").read_text(encoding="utf-8"))
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= called
    text = (PACKAGING / "liaison-desk.spec").read_text(encoding="utf-8")
    for name in ("migration_datas", "migration_imports", "resource_datas", "qt_translation_datas",
                 "install_qt_plugin_filter", "keep_qt_file", "EXCLUDES"):
        assert f"H.{name}" in text, name


def test_every_migration_ships_as_a_source_file_where_alembic_looks():
    datas = H.migration_datas()
    shipped = {(Path(src).name, dest) for src, dest in datas}
    src_root = ROOT / "src"
    migrations = src_root / "liaison_desk" / "store" / "migrations"
    expected = {p for p in migrations.rglob("*.py") if "__pycache__" not in p.parts}
    expected.add(migrations / "script.py.mako")
    for p in expected:
        # bundle path == package-relative path, so migrate.MIGRATIONS (next to migrate.py) finds them
        assert (p.name, p.parent.relative_to(src_root).as_posix()) in shipped, p
    assert len(datas) == len(expected)


def test_migration_imports_are_modules_pyinstaller_must_add():
    names = H.migration_imports()
    assert {"alembic.op", "alembic.context", "liaison_desk.models", "sqlalchemy"} <= set(names)
    assert all(H._is_module(n) for n in names)


@pytest.mark.parametrize(("dest", "keep"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/plugins/platforms/qoffscreen.dll", True),
    ("PySide6/plugins/platforms/qdirect2d.dll", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqminimalegl.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/plugins/imageformats/qico.dll", True),
    ("PySide6/plugins/imageformats/qpdf.dll", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/plugins/printsupport/windowsprintersupport.dll", True),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6\\translations\\qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qt_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtwebengine_zh_CN.qm", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("liaison_desk/store/migrations/env.py", True),
    ("reportlab/fonts/Vera.ttf", True),
])
def test_qt_filter(dest, keep):
    assert H.keep_qt_file(dest) is keep


def test_qt_translations_found():
    names = {Path(src).name for src, _ in H.qt_translation_datas()}
    assert "qtbase_zh_CN.qm" in names


def test_excluded_modules_are_not_used_by_the_program():
    excluded = set(H.EXCLUDES)
    used: set[str] = set()
    for path in (ROOT / "src" / "liaison_desk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                used.add(node.module)
                used.update(f"{node.module}.{a.name}" for a in node.names)
    clash = {u for u in used for e in excluded if u == e or u.startswith(e + ".")}
    assert not clash, f"the program imports excluded modules: {sorted(clash)}"
    for big in ("PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.Qt3DCore",
                "PySide6.QtMultimedia", "PySide6.QtPdf", "PySide6.QtCharts", "tkinter"):
        assert big in excluded


def test_icon_has_every_size_and_the_generator_reproduces_it(tmp_path):
    import make_icon
    from PIL import Image, ImageChops, ImageStat

    with Image.open(ROOT / "resources" / "icon.ico") as ico:
        assert {16, 24, 32, 48, 64, 128, 256} <= {w for w, h in ico.info["sizes"]}
    with Image.open(ROOT / "resources" / "icon.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"
        committed = png.convert("RGBA")
    ico_path, png_path = make_icon.main(tmp_path)
    with Image.open(png_path) as again:  # (tolerance: another Pillow may resample a little differently)
        diff = ImageStat.Stat(ImageChops.difference(again.convert("RGBA"), committed)).mean
        assert max(diff) < 2, "resources/icon.png is stale: run packaging/make_icon.py"
    with Image.open(ico_path) as ico:
        ico.size = (16, 16)
        small = ico.convert("RGBA")
        assert small.size == (16, 16) and small.getpixel((8, 8))[3] == 255


def test_resources_dir_is_bundled_under_the_name_config_looks_for():
    from liaison_desk.config import resources_dir

    datas = H.resource_datas()
    assert ("icon.png", "resources") in {(Path(s).name, d) for s, d in datas}
    assert resources_dir() == ROOT / "resources"


def test_version_numbers():
    assert H.package_version() == __version__
    assert H.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert H.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert H.version_tuple("2026.11.28.7.1") == (2026, 11, 28, 7)


def test_inno_setup_script_per_user_chinese_and_keeps_data():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, or ISCC misreads the Chinese text"
    setup = _setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")
    assert setup["AppVersion"] == "{#AppVersion}"
    assert (PACKAGING / setup["SetupIconFile"].replace("\\", "/")).is_file()
    assert setup["UninstallDisplayIcon"] == "{app}\\{#GuiExe}"
    text = raw.decode("utf-8-sig")
    assert f'#define AppId "{APP_ID}"' in text
    assert '#define GuiExe "' + H.GUI_NAME + '.exe"' in text
    assert _iss_sections()["Languages"] == [
        'Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,{#ChineseIsl}"']
    assert '#define ChineseIsl "compiler:Languages\\ChineseSimplified.isl"' in text
    icons = _iss_sections()["Icons"]
    assert any(i.startswith('Name: "{autoprograms}') for i in icons)
    assert any(i.startswith('Name: "{autodesktop}') for i in icons)
    # the data folder is removed only in [Code], behind the unticked box, never by [UninstallDelete]
    uninstall_delete = " ".join(_iss_sections()["UninstallDelete"])
    assert "localappdata" not in uninstall_delete.lower()
    assert "Box.Checked := False" in text and "DeleteData := Result and Box.Checked" in text
    assert "if UninstallSilent then" in text


def test_inno_data_folder_is_the_programs_platformdirs_folder(monkeypatch):
    import platformdirs.windows
    from platformdirs.windows import Windows

    from liaison_desk import config

    folders = {"CSIDL_LOCAL_APPDATA": r"C:\Users\clerk\AppData\Local",
               "CSIDL_APPDATA": r"C:\Users\clerk\AppData\Roaming"}
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
    d = config._DIRS
    windows = Windows(appname=d.appname, appauthor=d.appauthor, roaming=d.roaming)
    assert windows.user_data_dir.replace("/", "\\") == r"C:\Users\clerk\AppData\Local" + "\\" + APP_ID
    assert "ExpandConstant('{localappdata}\\{#AppId}')" in ISS.read_bytes().decode("utf-8-sig")


def test_workflow_builds_on_version_tags_with_the_spec_and_the_iss():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert re.search(r"on:\s*\n\s+push:\s*\n\s+tags:\s*\[\"v\*\"\]", text)
    assert "runs-on: windows-" in text
    assert 'python-version: "3.11"' in text
    assert "PyInstaller --noconfirm --clean packaging/liaison-desk.spec" in text
    assert "packaging\\liaison-desk.iss" in text
    assert "/DAppVersion=" in text and "/DAppVersionNum=" in text and "/DChineseIsl=" in text
    assert "\t" not in text  # YAML forbids tabs


def test_build_script_is_valid_bash():
    script = PACKAGING / "build_linux.sh"
    assert script.stat().st_mode & 0o111
    subprocess.run(["bash", "-n", str(script)], check=True)
