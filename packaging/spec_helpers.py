"""What the frozen build carries: data files, hidden imports, excluded modules and the Qt files to drop.

Plain Python (no PyInstaller import) so the unit tests can check the lists without building anything.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "liaison_desk"
MIGRATIONS = PACKAGE / "store" / "migrations"
RESOURCES = ROOT / "resources"
APP_ID = "LiaisonDesk"          # must equal liaison_desk.APP_ID (the platformdirs folder name)
GUI_NAME = "LiaisonDesk"        # the windowed program the shortcuts start
CLI_NAME = "liaison-desk"       # the console program (same code) for --version, check, print …

# Python modules the program never uses; keeps PyInstaller from following optional imports.
EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data", "lib2to3", "ensurepip", "venv", "readline",
    "IPython", "jupyter_client", "matplotlib", "numpy", "pandas", "scipy", "pytest", "_pytest",
    "pytestqt", "pypdf", "ruff", "mypy", "pyinstrument", "setuptools", "pkg_resources", "pip",
    "PyQt5", "PyQt6", "PySide2",
    "PIL._avif", "PIL.AvifImagePlugin", "PIL.ImageTk", "PIL.ImageQt",  # AVIF alone brings 5 MB of libraries
    # no network: without these OpenSSL (~5 MB) is not bundled; hashlib falls back to its built-in md5/sha*
    "ssl", "_ssl", "_hashlib", "http.server", "xmlrpc", "ftplib", "smtplib", "imaplib", "poplib",
    "psycopg2", "pymysql", "MySQLdb", "cx_Oracle", "oracledb", "pyodbc", "asyncpg", "aiosqlite",
    # Qt modules we do not use (only QtCore, QtGui, QtWidgets and QtPrintSupport are)
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuick3D", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic", "PySide6.Qt3DExtras",
    "PySide6.Qt3DAnimation", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtTextToSpeech", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtCharts",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtGraphsWidgets", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtSvg", "PySide6.QtSvgWidgets", "PySide6.QtDesigner",
    "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtTest", "PySide6.QtBluetooth", "PySide6.QtNfc",
    "PySide6.QtPositioning", "PySide6.QtLocation", "PySide6.QtSensors", "PySide6.QtSerialPort",
    "PySide6.QtSerialBus", "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtStateMachine",
    "PySide6.QtHttpServer", "PySide6.QtNetworkAuth", "PySide6.QtConcurrent", "PySide6.QtDBus",
    "PySide6.QtXml", "PySide6.QtAxContainer",
]

# Qt plugin folders we keep, and within some of them only these plugins (matched against the file name).
_QT_PLUGINS_KEEP = {
    "platforms": ("qwindows", "qxcb", "qoffscreen", "qminimal"),   # Windows, X11, headless (tests, --screenshot)
    "imageformats": ("qjpeg", "qico", "qgif", "qwebp"),            # photos and icons; PNG/BMP are built in
    # Windows' print backend (QPrinter/QPrintDialog). Not the Linux CUPS one: it drags in ~11 MB of system
    # libraries (gnutls, krb5, avahi …); the program prints through PDF files anyway.
    "printsupport": ("windowsprintersupport", "cocoaprintersupport"),
    "styles": (),                                                  # Qt 6.7+: the Windows 11 style is a plugin
    "platforminputcontexts": (),                                   # Chinese input methods on Linux (ibus/fcitx)
}
_TRANSLATIONS_KEEP = ("qtbase_zh_CN.qm", "qt_zh_CN.qm")
_QT_DIR = re.compile(r"(^|/)pyside6/(qt/)?(plugins|translations)/", re.IGNORECASE)


def qt_translation_datas() -> list[tuple[str, str]]:
    """Qt's own Chinese translations (standard buttons, file dialogs), where QLibraryInfo looks for them."""
    try:
        import PySide6
    except ImportError:
        return []
    base = Path(PySide6.__file__).parent
    sub = "translations" if sys.platform == "win32" else "Qt/translations"
    found = [base / sub / n for n in _TRANSLATIONS_KEEP]
    if not any(p.is_file() for p in found):  # older wheels kept Qt/ on Windows too
        found = [base / "Qt" / "translations" / n for n in _TRANSLATIONS_KEEP]
        sub = "Qt/translations"
    return [(str(p), f"PySide6/{sub}") for p in found if p.is_file()]


def keep_qt_file(dest: str) -> bool:
    """False for Qt plugins and translations the program does not need (dest: path inside the bundle)."""
    d = dest.replace("\\", "/")
    m = _QT_DIR.search(d)
    if not m:
        return True
    rest = d[m.end():]
    name = rest.rsplit("/", 1)[-1].lower()
    if m.group(3).lower() == "translations":
        return name in {n.lower() for n in _TRANSLATIONS_KEEP}
    folder = rest.split("/", 1)[0]
    if folder not in _QT_PLUGINS_KEEP:
        return False
    wanted = _QT_PLUGINS_KEEP[folder]
    stem = name.removeprefix("lib").split(".", 1)[0]  # libqxcb.so → qxcb, qwindows.dll → qwindows
    return not wanted or stem in wanted


def install_qt_plugin_filter() -> None:
    """Make PyInstaller's Qt hooks skip unwanted plugins, so their own dependencies (GTK, EGL, Wayland …)
    are never analysed and collected either. Filtering a.binaries afterwards would leave those behind."""
    from PyInstaller.utils.hooks import qt

    original = qt.QtLibraryInfo.collect_plugins
    if getattr(original, "_liaison_filter", False):
        return

    def collect_plugins(self, plugin_type):  # type: ignore[no-untyped-def]
        kept = []
        for src, dest_dir in original(self, plugin_type):
            if keep_qt_file(f"{dest_dir}/{Path(src).name}"):
                kept.append((src, dest_dir))
        return kept

    collect_plugins._liaison_filter = True  # type: ignore[attr-defined]
    qt.QtLibraryInfo.collect_plugins = collect_plugins  # type: ignore[method-assign]


def migration_datas(package: Path = PACKAGE) -> list[tuple[str, str]]:
    """Alembic reads env.py and versions/*.py from disk (script_location), so they ship as source files."""
    out = []
    migrations = package / "store" / "migrations"
    for p in sorted(migrations.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".mako") and "__pycache__" not in p.parts:
            dest = Path("liaison_desk") / p.parent.relative_to(package)
            out.append((str(p), dest.as_posix()))
    return out


def migration_imports(package: Path = PACKAGE) -> list[str]:
    """Modules the migration scripts import: PyInstaller cannot see them, since they are data files."""
    names: set[str] = set()
    for src, _ in migration_datas(package):
        if not src.endswith(".py"):
            continue
        tree = ast.parse(Path(src).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names if a.name != "*")
    return sorted(n for n in names if not n.startswith("__future__") and _is_module(n))


def _is_module(name: str) -> bool:
    """True for an importable module (not `from x import SomeClass`)."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resource_datas(resources: Path = RESOURCES) -> list[tuple[str, str]]:
    """Everything in resources/ (icon, …) keeps its relative path under resources/ in the bundle."""
    return [(str(p), (Path("resources") / p.parent.relative_to(resources)).as_posix())
            for p in sorted(resources.rglob("*")) if p.is_file()]


def package_version(root: Path = ROOT) -> str:
    """The version in pyproject.toml (what `importlib.metadata` reports once installed)."""
    import tomllib

    return str(tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0) for the Windows version resource (pre-release suffixes dropped)."""
    nums = [int(re.match(r"\d+", part).group()) if re.match(r"\d+", part) else 0  # type: ignore[union-attr]
            for part in version.split(".")[:4]]
    return tuple((nums + [0, 0, 0, 0])[:4])  # type: ignore[return-value]
