"""Screenshots at 1366×697 of every tab and of every dialog on the demo station, and a contact sheet.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py [OUT]
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUT]

OUT (default docs/screenshots) receives 1-代表名册.png … 5-建议办理.png, one per tab (README shows one), dialogs/NN-名称.png
for every dialog of tests/gallery.py, and 总览.png, the contact sheet. 1366×697 is what a maximised window
gets on a 1366×768 screen with a 40 px taskbar; everything is drawn with a font as large as Windows' Chinese
UI font. A dialog larger than that is reported and the script exits 1. Settings and data go to a
temporary folder: the clerk's own settings are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN_W, SCREEN_H = 1366, 697
THUMB_W, CAPTION = 420, 26
THUMB_H = round((SCREEN_H + 40) * THUMB_W / SCREEN_W) + 4  # the screen and its taskbar, scaled


def _isolate() -> Path:
    """Private config/data folders before Qt is imported."""
    home = Path(tempfile.mkdtemp(prefix="liaison-shots-"))
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CACHE_HOME", "cache")):
        os.environ[var] = str(home / sub)
    os.environ.pop("LIAISON_DESK_DB", None)
    sys.path.insert(0, str(ROOT / "tests"))
    return home


def _settle(rounds: int = 8) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        QApplication.processEvents()


def shoot_tabs(workspace, out: Path) -> list[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from liaison_desk.app import open_window, take_screenshots

    window = open_window(workspace)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(SCREEN_W, SCREEN_H)
    window.show()
    _settle()
    paths = take_screenshots(window, out)
    window.close()
    return [(p.stem, p) for p in paths]


def shoot_dialogs(ctx, scratch: Path, out: Path) -> tuple[list[tuple[str, Path]], list[str]]:  # type: ignore[no-untyped-def]
    import gallery

    out.mkdir(parents=True, exist_ok=True)
    shots, too_big = [], []
    for i, entry in enumerate(gallery.entries(), 1):
        folder = scratch / f"{i:02d}"
        folder.mkdir()
        dialog = entry.build(ctx, folder)
        dialog.show()
        _settle()
        size = dialog.size().expandedTo(dialog.sizeHint())
        if size.width() > SCREEN_W or size.height() > SCREEN_H:
            too_big.append(f"{entry.name}: {size.width()}×{size.height()}")
        path = out / f"{i:02d}-{entry.name}.png"
        dialog.grab().save(str(path))
        shots.append((f"{entry.name}（{dialog.width()}×{dialog.height()}）", path))
        dialog.close()
        dialog.deleteLater()
        _settle(2)
    return shots, too_big


def contact_sheet(shots: list[tuple[str, Path]], path: Path, columns: int = 4) -> Path:
    """Thumbnails with captions in a grid, each drawn inside a 1366×697 outline to show how it sits."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    rows = (len(shots) + columns - 1) // columns
    sheet = QImage(columns * (THUMB_W + 12) + 12, rows * (THUMB_H + CAPTION + 12) + 12,
                   QImage.Format.Format_RGB32)
    sheet.fill(QColor("#ffffff"))
    p = QPainter(sheet)
    scale = THUMB_W / SCREEN_W
    for n, (caption, shot) in enumerate(shots):
        x = 12 + (n % columns) * (THUMB_W + 12)
        y = 12 + (n // columns) * (THUMB_H + CAPTION + 12)
        screen = QRect(x, y, THUMB_W, round(SCREEN_H * scale))
        p.fillRect(screen, QColor("#dfe6ee"))  # the screen above the taskbar
        p.fillRect(QRect(x, screen.bottom() + 1, THUMB_W, round(40 * scale)), QColor("#2b3a4a"))  # taskbar
        image = QImage(str(shot))
        w, h = round(image.width() * scale), round(image.height() * scale)
        if w > THUMB_W or h > THUMB_H - round(40 * scale):  # larger than the screen: shrink to the box
            image = image.scaled(THUMB_W, screen.height(), Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        else:
            image = image.scaled(w, h, Qt.AspectRatioMode.IgnoreAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        left = x + (THUMB_W - image.width()) // 2
        top = y + (screen.height() - image.height()) // 2
        p.drawImage(left, top, image)
        p.setPen(QPen(QColor("#888888")))
        p.drawRect(QRect(left, top, image.width() - 1, image.height() - 1))
        p.setPen(QPen(QColor("#222222")))
        p.drawText(QRect(x, y + THUMB_H, THUMB_W, CAPTION), Qt.AlignmentFlag.AlignCenter, caption)
    p.end()
    sheet.save(str(path))
    return path


def main(argv: list[str]) -> int:
    home = _isolate()
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshots"
    import gallery
    from helpers import DEMO_TODAY
    from liaison_desk.app import make_application
    from liaison_desk.demo import build
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.store import open_database
    from liaison_desk.ui.context import AppContext

    app = make_application()
    app.setFont(gallery.windows_like_font())
    db = open_database(home / "演示联络站.db")
    build(db, "station", 7, DEMO_TODAY)
    workspace = Workspace(db)
    tabs = shoot_tabs(workspace, out)
    scratch = home / "scratch"
    scratch.mkdir()
    ctx = AppContext(workspace)
    dialogs, too_big = shoot_dialogs(ctx, scratch, out / "dialogs")
    sheet = contact_sheet(tabs + dialogs, out / "总览.png")
    ctx.changes.detach()
    db.close()
    print(f"{len(tabs)} tabs and {len(dialogs)} dialogs in {out}; contact sheet {sheet}")
    for line in too_big:
        print(f"larger than {SCREEN_W}×{SCREEN_H}: {line}", file=sys.stderr)
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
