"""The one place that wires things together: Qt application, translations, logging, database, window."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from liaison_desk import APP_ID, APP_NAME
from liaison_desk import log as logsetup

log = logging.getLogger(__name__)


def _qt_message_handler(mode, context, message):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QtMsgType

    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
             QtMsgType.QtFatalMsg: logging.CRITICAL}.get(mode, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)


def make_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication with Chinese translations and locale; reused if one exists (tests)."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    app.setApplicationDisplayName(APP_NAME)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if not getattr(app, "_liaison_translators", None):
        translators = []
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase_zh_CN", "qt_zh_CN"):
            tr = QTranslator(app)
            if tr.load(name, path):
                app.installTranslator(tr)
                translators.append(tr)
        app._liaison_translators = translators  # keep them alive
    from liaison_desk.config import resources_dir

    icon = resources_dir() / "icon.png"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    return app


def open_window(db, demo: bool = False):  # type: ignore[no-untyped-def]
    """The main window over an open database (filling it with the demo station first if asked)."""
    from liaison_desk.ui.context import AppContext
    from liaison_desk.ui.main_window import MainWindow

    if demo and not any(n for t, n in db.counts().items() if t not in ("setting", "category")):
        from liaison_desk.demo import build

        build(db)
    ctx = AppContext(db)
    ctx.db.operator = os.environ.get("LIAISON_DESK_OPERATOR", "")
    return MainWindow(ctx)


def take_screenshots(window, directory: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """Show each tab, let it load, and save the whole window as DIR/N-标签名.png."""
    from PySide6.QtWidgets import QApplication

    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for i, tab in enumerate(window.tab_list):
        window.tabs.setCurrentIndex(i)
        tab.ensure_loaded()
        if tab.model.rowCount() and not tab.selected_id():
            tab.view.selectRow(0)
        for _ in range(5):
            QApplication.processEvents()
        path = directory / f"{i + 1}-{tab.title}.png"
        if not window.grab().save(str(path)):
            from liaison_desk.errors import KnownError

            raise KnownError("截图保存失败", file=path)
        out.append(path)
    return out


def run_gui(args: argparse.Namespace) -> int:
    """Open the program window; `--screenshot DIR` saves one PNG per tab and exits."""
    logsetup.setup()
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QMessageBox

    from liaison_desk.cli.common import db_path
    from liaison_desk.errors import KnownError
    from liaison_desk.store import open_database
    from liaison_desk.ui.crash import install_excepthook

    qInstallMessageHandler(_qt_message_handler)
    app = make_application()
    install_excepthook()
    try:
        db = open_database(db_path(args))
        window = open_window(db, demo=args.demo)
    except KnownError as e:
        if args.screenshot:
            print(f"错误：{e}")
            return 1
        QMessageBox.critical(None, APP_NAME, str(e))
        return 1
    window.show()
    if args.screenshot:
        window.resize(1280, 780)
        paths = take_screenshots(window, Path(args.screenshot))
        print("\n".join(str(p) for p in paths))
        window.close()
        return 0
    return int(app.exec())
