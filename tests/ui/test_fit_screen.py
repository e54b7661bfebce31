"""Every dialog fits the 1366×697 a maximised window gets on a 1366×768 screen with a 40 px taskbar."""

from __future__ import annotations

import pytest

import gallery
from helpers import DEMO_TODAY

SCREEN_W, SCREEN_H = 1366, 697


@pytest.fixture(scope="module")
def station(qapp, tmp_path_factory):
    """The demo station, measured with a font as large as Windows' Chinese UI font."""
    from liaison_desk.demo import build
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.store import open_database
    from liaison_desk.ui.context import AppContext

    old_font = qapp.font()
    qapp.setFont(gallery.windows_like_font())
    folder = tmp_path_factory.mktemp("fit")
    db = open_database(folder / "demo.db")
    build(db, "station", 7, DEMO_TODAY)
    ctx = AppContext(Workspace(db))
    yield ctx, folder
    ctx.changes.detach()
    db.close()
    qapp.setFont(old_font)


def test_every_dialog_class_is_in_the_gallery():
    listed = {e.cls for e in gallery.entries()}
    missing = sorted(c.__qualname__ for c in gallery.dialog_classes() - listed)
    assert not missing, f"dialogs without an entry in tests/gallery.py: {missing}"
    assert len({e.name for e in gallery.entries()}) == len(gallery.entries())


@pytest.mark.parametrize("name", [e.name for e in gallery.entries()])
def test_dialog_fits_the_screen(qtbot, station, name):
    from liaison_desk.ui.common.pickers import DeputyPicker

    ctx, folder = station
    entry = next(e for e in gallery.entries() if e.name == name)
    scratch = folder / name
    scratch.mkdir()
    dialog = entry.build(ctx, scratch)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    hint, size = dialog.sizeHint(), dialog.size()
    assert hint.width() <= SCREEN_W and hint.height() <= SCREEN_H, f"{name}: size hint {hint}"
    assert size.width() <= SCREEN_W and size.height() <= SCREEN_H, f"{name}: opens at {size}"
    # and not squeezed below what its fields ask for (Qt's first size stops at 2/3 of the screen); a
    # QMessageBox lays itself out on show and is left to Qt
    from PySide6.QtWidgets import QMessageBox

    avail = dialog.screen().availableGeometry()
    if not isinstance(dialog, QMessageBox):
        assert size.width() >= min(hint.width(), avail.width()), f"{name}: opens {size.width()} wide, needs {hint}"
        assert size.height() >= min(hint.height(), avail.height()), f"{name}: {size.height()} tall, needs {hint}"
    for picker in dialog.findChildren(DeputyPicker):  # "已选 N 名" is never drawn over the list
        count = picker.count_label.geometry().translated(picker.mapTo(dialog, picker.rect().topLeft()))
        listed = picker.list.geometry().translated(picker.mapTo(dialog, picker.rect().topLeft()))
        assert not count.intersects(listed), f"{name}: {count} over {listed}"
    dialog.close()


def test_main_window_fits_with_every_tab_shown(qtbot, station):
    from PySide6.QtCore import Qt

    from liaison_desk.ui.main_window import MainWindow

    ctx, _folder = station
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(SCREEN_W, SCREEN_H)
    window.show()
    for i, tab in enumerate(window.tab_list):
        window.tabs.setCurrentIndex(i)
        tab.ensure_loaded()
        if tab.model.rowCount():
            tab.view.selectRow(0)  # a selected row shows the tab's action buttons (建议办理's steps)
        least = window.minimumSizeHint()
        assert least.width() <= SCREEN_W and least.height() <= SCREEN_H, f"{tab.title}: needs {least}"
        assert window.size().width() <= SCREEN_W and window.size().height() <= SCREEN_H
