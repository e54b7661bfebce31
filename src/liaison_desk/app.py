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


def start_database(path: Path, interactive: bool, daily_backup: bool = True,  # type: ignore[no-untyped-def]
                   precheck=None):
    """The start-up flow: lock, quick_check, daily backup, migrations; a damaged database is never opened.

    When the check fails and `interactive`, the clerk is offered the newest good backup (or any file);
    returns the open Database, or None when the clerk chose to quit. Known errors propagate.
    """
    from liaison_desk.store import open_database
    from liaison_desk.store.integrity import DatabaseDamaged

    restored_from: Path | None = None
    while True:
        try:
            db = open_database(path, lock=True, check=True, daily_backup=daily_backup, precheck=precheck)
        except DatabaseDamaged as e:
            if not interactive:
                raise
            from liaison_desk.ui.safety.backup_dialogs import damaged_choice

            choice = damaged_choice(e)
            if choice is None:
                return None
            _restore_closed(path, choice)
            restored_from = choice
            precheck = None  # the restored file is checked afresh
            continue
        if restored_from is not None:
            from liaison_desk.models.enums import AuditAction
            from liaison_desk.services.audit import AuditService

            AuditService(db).record(AuditAction.RESTORE, f"数据库损坏，已从备份恢复：{restored_from.name}")
            db.startup_notes.append("数据库已从备份恢复，损坏的文件保存在备份文件夹里")
        return db


def _restore_closed(path: Path, backup: Path) -> None:
    """Restore `backup` over the (closed, damaged) database at `path`, holding its lock."""
    from liaison_desk.config import DbPaths
    from liaison_desk.store.lock import DbLock
    from liaison_desk.store.restore import restore_file

    held = DbLock.acquire(DbPaths(path.expanduser().resolve()).lock)
    try:
        restore_file(path, backup)
    finally:
        held.release()


def daily_backup_in_background(window, db) -> None:  # type: ignore[no-untyped-def]
    """The first start of a day backs the database up, after the window is on screen (a county's
    database takes seconds to copy); the status bar says when it is done or why it failed."""
    from liaison_desk.store import backup as backups
    from liaison_desk.store import migrate
    from liaison_desk.ui.common.tasks import run_in_background

    if migrate.is_empty(db.engine) or not backups.daily_backup_due(db.path):
        return

    def failed(error: Exception, tb: str) -> None:
        log.warning("daily backup failed: %s", type(error).__name__)
        window.show_note(f"今天的自动备份没有完成：{error}", 30000)

    run_in_background(lambda _p: backups.make_backup(db.path, backups.DAILY),
                      lambda made: window.show_note(f"已自动备份：{made.name}"), failed)


def ask_operator(window) -> None:  # type: ignore[no-untyped-def]
    """At start, unless LIAISON_DESK_OPERATOR names one: who is working at this shared PC."""
    if window.ctx.db.operator:
        return
    window.safety.choose_operator()


def run_gui(args: argparse.Namespace, precheck=None) -> int:  # type: ignore[no-untyped-def]
    """Open the program window; `--screenshot DIR` saves one PNG per tab and exits (never asks anything).

    `precheck` is the database's quick_check that cli.main started before loading the database stack.
    """
    from liaison_desk.cli.common import db_path

    logsetup.setup()
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QMessageBox

    from liaison_desk.errors import KnownError
    from liaison_desk.ui.common.crash import install_excepthook

    qInstallMessageHandler(_qt_message_handler)
    app = make_application()
    install_excepthook()
    interactive = not args.screenshot
    try:
        # Interactive starts paint the window first and make the daily backup in the background.
        db = start_database(db_path(args), interactive, daily_backup=not interactive, precheck=precheck)
        if db is None:
            return 1
        window = open_window(db, demo=args.demo)
    except KnownError as e:
        if not interactive:
            print(f"错误：{e}")
            return 1
        QMessageBox.critical(None, APP_NAME, str(e))
        return 1
    if args.screenshot:  # the space a maximised window has on a 1366×768 screen with its taskbar
        from PySide6.QtCore import Qt

        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1366, 697)
    window.show()
    if db.startup_notes:
        window.show_note("；".join(db.startup_notes), 20000)
    if args.screenshot:
        paths = take_screenshots(window, Path(args.screenshot))
        print("\n".join(str(p) for p in paths))
        window.close()
        db.close()
        return 0
    daily_backup_in_background(window, db)
    ask_operator(window)
    code = int(app.exec())
    db.close()
    return code
