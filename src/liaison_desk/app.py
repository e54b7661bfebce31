"""The one place that wires things together: Qt application, translations, logging, database, window."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from liaison_desk import APP_ID, APP_NAME
from liaison_desk import log as logsetup

log = logging.getLogger(__name__)


# Qt's notes that say nothing about the program (the offscreen and VNC platforms cannot resize a window
# to its contents); logging one would load the log scrubber's name list in front of the first rows.
QT_NOISE = ("This plugin does not support propagateSizeHints()",)


def _qt_message_handler(mode, context, message):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QtMsgType

    if message in QT_NOISE:
        return
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
             QtMsgType.QtFatalMsg: logging.CRITICAL}.get(mode, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)


def _uses_pyside(module) -> bool:  # type: ignore[no-untyped-def]
    """PySide6's test of a newly imported module (does its source name PySide6?), reading the source from the
    module's loader instead of `inspect.getsource`, which leaves every line in `linecache`."""
    try:
        source = module.__loader__.get_source(module.__name__)
    except (AttributeError, ImportError, OSError, SyntaxError, TypeError, UnicodeDecodeError):
        return False  # no source to read: what inspect.getsource's errors mean to PySide6
    return source is not None and "PySide6" in source


def keep_no_sources() -> None:
    """PySide6 replaces `__import__` and reads the source of every Python module imported after it to see
    whether the module names PySide6 (for its `__feature__` switches); the lines then stayed in `linecache`
    for the life of the process: about 4 MB, counted in the window's memory. Nothing to do if this PySide6
    has no such check."""
    import sys

    feature = sys.modules.get("shibokensupport.feature")
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside  # type: ignore[union-attr]


def make_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication with Chinese translations and locale; reused if one exists (tests)."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    keep_no_sources()

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


def open_window(workspace, demo: bool = False, window=None, menus_after_rows: bool = False):  # type: ignore[no-untyped-def]
    """The main window over an open workspace (services.workspace), filling an empty database with the
    demo station first if asked; `window` is the frame already on screen (run_gui), else a new one.
    `menus_after_rows`: the menus' entries come after the first rows (MainWindow.attach)."""
    from liaison_desk.ui.context import AppContext
    from liaison_desk.ui.main_window import MainWindow

    if demo and workspace.is_empty():
        from liaison_desk.demo import build

        build(workspace.db)
    if window is None:
        return MainWindow(AppContext(workspace))
    window.attach(AppContext(workspace), menus_after_rows=menus_after_rows)
    return window


def show_frame(screenshot: bool):  # type: ignore[no-untyped-def]
    """The main window's frame on screen and painted before the database stack is even imported."""
    from liaison_desk.ui.main_window import MainWindow

    window = MainWindow()
    if screenshot:  # the space a maximised window has on a 1366×768 screen with its taskbar
        from PySide6.QtCore import Qt

        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1366, 697)
    window.show()
    wait_until_painted(window)
    return window


def wait_until_painted(window, timeout_ms: int = 2000) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until `window` has painted once (the window system exposes a new window when it
    likes), so the frame is on screen before the GUI thread opens the database; never longer than
    `timeout_ms` (a minimised start paints nothing). Keys and clicks wait until the database is open."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, loop.quit)  # after this paint has reached the screen
            return False

    painted = Painted(window)
    window.installEventFilter(painted)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.update()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    window.removeEventFilter(painted)
    painted.deleteLater()


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


def daily_backup_in_background(window) -> None:  # type: ignore[no-untyped-def]
    """The first start of a day backs the database up, after the window is on screen (a county's
    database takes seconds to copy); the status bar says when it is done or why it failed."""
    from liaison_desk.ui.common.ops import run_in_background

    workspace = window.ctx.workspace
    if not workspace.daily_backup_due():
        return

    def failed(error: Exception, tb: str) -> None:
        log.warning("daily backup failed: %s", type(error).__name__)
        window.show_note(f"今天的自动备份没有完成：{error}", 30000)

    run_in_background(lambda _p: workspace.daily_backup(),
                      lambda made: window.show_note(f"已自动备份：{made.name}"), failed)


def housekeeping_in_background(window) -> None:  # type: ignore[no-untyped-def]
    """After the first rows: the weekly quick_check when it is due, then the day's first backup. Damage
    found stops further writes and asks the clerk about the newest good backup (no backup of a damaged
    file is made)."""
    from liaison_desk.ui.common.ops import run_in_background

    workspace = window.ctx.workspace
    if not workspace.integrity_check_due():
        daily_backup_in_background(window)
        return

    def checked(damage) -> None:  # type: ignore[no-untyped-def]
        if damage is not None:
            window.safety.damaged_while_open(damage)
            return
        daily_backup_in_background(window)

    def failed(error: Exception, tb: str) -> None:
        log.warning("background integrity check failed: %s", type(error).__name__)
        daily_backup_in_background(window)

    run_in_background(lambda _p: workspace.integrity_check(), checked, failed)


def ask_operator(window) -> None:  # type: ignore[no-untyped-def]
    """At start, unless LIAISON_DESK_OPERATOR names one: who is working at this shared PC."""
    if window.ctx.operator:
        return
    window.safety.choose_operator()


def display_problem() -> str | None:
    """Why no window can be shown here (Linux without X11 or Wayland), else None.

    Qt would abort the process (SIGABRT) without a word; the clerk gets one Chinese line instead.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs …: no display server needed
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    display = os.environ.get("DISPLAY", "")
    if wayland and not platform.startswith("xcb"):
        return None
    if display:
        local = display.split(".")[0]
        if local.startswith(":") and local[1:].isdigit() and not _x_server_answers(int(local[1:])):
            return f"找不到图形界面（DISPLAY={display} 不可用），无法打开窗口；命令行功能见 liaison-desk --help"
        return None
    return "没有图形界面（找不到显示器），无法打开窗口；请在桌面环境中运行，命令行功能见 liaison-desk --help"


def _x_server_answers(n: int) -> bool:
    """Whether a local X server listens on display :n (its abstract or file socket)."""
    import socket

    for address in (f"\0/tmp/.X11-unix/X{n}", f"/tmp/.X11-unix/X{n}"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            try:
                sock.connect(address)
            except OSError:
                continue
            return True
    return False


def run_gui(args: argparse.Namespace, precheck=None) -> int:  # type: ignore[no-untyped-def]
    """Open the program window; `--screenshot DIR` saves one PNG per tab and exits (never asks anything).

    `precheck` is the database's quick_check that cli.main started before loading the database stack.
    """
    import sys

    from liaison_desk import config

    problem = display_problem()
    if problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    logsetup.setup()
    from PySide6.QtCore import qInstallMessageHandler

    keep_no_sources()  # before the program's own modules are imported
    from PySide6.QtWidgets import QMessageBox

    from liaison_desk.errors import KnownError
    from liaison_desk.ui.common.crash import install_excepthook

    qInstallMessageHandler(_qt_message_handler)
    app = make_application()
    install_excepthook()
    interactive = not args.screenshot
    window = show_frame(bool(args.screenshot))
    try:
        from liaison_desk.services.workspace import open_for_window

        def damaged_choice(error, parent=None):  # type: ignore[no-untyped-def]
            from liaison_desk.ui.safety.backup_dialogs import damaged_choice

            return damaged_choice(error, parent)

        # Interactive starts paint the window first and make the daily backup in the background.
        workspace = open_for_window(args.db, choose_backup=damaged_choice if interactive else None,
                                    daily_backup=not interactive, precheck=precheck,
                                    operator=os.environ.get("LIAISON_DESK_OPERATOR", ""),
                                    make_folders=not config.db_named(args.db))
        if workspace is None:
            window.close()
            return 1
        open_window(workspace, demo=args.demo, window=window, menus_after_rows=interactive)
    except KnownError as e:
        print(f"错误：{e}", file=sys.stderr)
        if interactive:
            QMessageBox.critical(window, APP_NAME, str(e))
        window.close()
        return 1
    if workspace.startup_notes:
        window.show_note("；".join(workspace.startup_notes), 20000)
    if args.screenshot:
        paths = take_screenshots(window, Path(args.screenshot))
        print("\n".join(str(p) for p in paths))
        window.close()
        from liaison_desk.ui.common.ops import wait_all

        wait_all()  # the window's workers (counts, station name) finish before the database closes
        workspace.close()
        return 0
    window.after_first_rows(lambda: housekeeping_in_background(window))
    # The menus' entries (window.safety, window.station_actions) come after the first rows; these wait for them.
    window.after_menus(lambda: ask_operator(window))
    window.after_menus(lambda: window.station_actions.ask_on_first_start())
    code = int(app.exec())
    from liaison_desk.ui.common.ops import wait_all

    wait_all()
    workspace.close()
    return code
