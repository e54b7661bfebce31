"""The one gateway from the screen (ui.common.ops): each tab loads off the GUI thread while the GUI thread
keeps handling events; writes share one writer thread; known errors and bugs are shown as they should be."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from liaison_desk.errors import KnownError

TICKS = 3  # timer events the GUI thread must handle while a list is loading


class Gate:
    """A real service whose `count` waits until the GUI thread has handled TICKS timer events. If the
    list were loaded on the GUI thread, no timer could fire while it waits, and the load fails."""

    def __init__(self, service: object) -> None:
        self._service = service
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.on_gui_thread: list[bool] = []

    def __getattr__(self, name: str):
        return getattr(self._service, name)

    def count(self, *args, **kwargs):
        self.on_gui_thread.append(threading.current_thread() is threading.main_thread())
        self.entered.set()
        if not self.opened.wait(10):
            raise AssertionError("the GUI thread handled no event while the list was loading")
        return self._service.count(*args, **kwargs)


# The service each tab lists through (the 代表名册 and 来访登记 read plain rows from their listings).
TABS = [("roster_list", "liaison_desk.ui.roster.tab", "RosterTab", "deputy"),
        ("schedule", "liaison_desk.ui.schedule.tab", "ScheduleTab", "receptionsession"),
        ("visit_list", "liaison_desk.ui.visits.tab", "VisitsTab", "visit"),
        ("suggestions", "liaison_desk.ui.suggestions.tab", "SuggestionsTab", "suggestion"),
        ("activities", "liaison_desk.ui.activities.tab", "ActivitiesTab", None)]  # opens on this year


@pytest.mark.parametrize(("service", "module", "cls", "table"), TABS, ids=[t[0] for t in TABS])
def test_each_tab_loads_while_the_gui_thread_keeps_handling_events(qtbot, ctx, demo_db, service, module, cls,
                                                                  table):
    import importlib

    gate = Gate(getattr(ctx, service))
    setattr(ctx, service, gate)
    ticks_during_load = []

    def tick() -> None:  # runs on the GUI thread
        if gate.entered.is_set() and not gate.opened.is_set():
            ticks_during_load.append(1)
            if len(ticks_during_load) >= TICKS:
                gate.opened.set()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    tab = getattr(importlib.import_module(module), cls)(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.load_finished, timeout=20000):
        tab.show()  # the first showing loads the list
    timer.stop()
    assert gate.on_gui_thread == [False]
    assert len(ticks_during_load) >= TICKS
    expected = demo_db.counts()[table] if table else gate._service.count(tab.current_filter())
    assert tab.model.total() == expected > 0 and tab.model.rowCount() == min(expected, 100)
    assert tab.last_task is not None and tab.last_task.thread_name != threading.main_thread().name


def test_known_error_is_a_message_box_and_a_bug_goes_to_the_crash_dialog(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from liaison_desk.ui.common import crash, ops

    boxes, crashes, done = [], [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: boxes.append((title, text)))
    monkeypatch.setattr(crash, "report_error", lambda _p, error, tb: crashes.append((error, tb)))

    def known(_p):
        raise KnownError("文件被占用", file="名册.xlsx")

    def bug(_p):
        return {}["missing"]

    ops.run(None, known, done.append, error_title="无法导入")
    ops.run(None, bug, done.append)
    qtbot.waitUntil(lambda: bool(boxes and crashes), timeout=5000)
    assert boxes == [("无法导入", "文件「名册.xlsx」：文件被占用")]
    assert isinstance(crashes[0][0], KeyError) and "KeyError" in crashes[0][1]
    assert done == []


def test_writes_run_one_at_a_time_on_the_writer_thread(qtbot):
    from liaison_desk.ui.common import ops

    threads, results = set(), []
    inside = threading.Semaphore(1)
    overlapped = []

    def write(i):
        def job(_p):
            if not inside.acquire(blocking=False):
                overlapped.append(i)
            threads.add(threading.current_thread().name)
            for _ in range(20000):  # some work, so overlapping writers would meet here
                pass
            inside.release()
            return i
        return job

    for i in range(6):
        ops.run(None, write(i), results.append, writes=True)
    qtbot.waitUntil(lambda: len(results) == 6, timeout=10000)
    assert results == list(range(6)) and not overlapped
    assert len(threads) == 1 and threading.main_thread().name not in threads


def test_cancel_stops_a_long_job_and_reports_nothing(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from liaison_desk.ui.common import crash, ops

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a))
    monkeypatch.setattr(crash, "report_error", lambda *a: shown.append(a))
    started, reached, done = threading.Event(), [], []

    def job(progress):
        started.set()
        for i in range(1000):
            progress(i, 1000, "正在处理…")
            reached.append(i)
            threading.Event().wait(0.01)
        return "finished"

    task = ops.run(None, job, done.append, progress="正在处理…")
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: not ops.busy(), timeout=10000)
    assert done == [] and shown == [] and len(reached) < 1000


def test_a_record_dialog_stores_on_the_writer_thread(qtbot, ctx):
    from PySide6.QtWidgets import QDialog

    from helpers import type_text
    from liaison_desk.ui.suggestions.agency_dialog import AgencyDialog

    threads = []

    class Recording:
        def __init__(self, service):
            self._service = service

        def __getattr__(self, name):
            return getattr(self._service, name)

        def save_agency(self, *args, **kwargs):
            threads.append(threading.current_thread() is threading.main_thread())
            return self._service.save_agency(*args, **kwargs)

    ctx.station = Recording(ctx.station)
    dlg = AgencyDialog(ctx)
    qtbot.addWidget(dlg)
    type_text(dlg.name, "临河县文化和旅游局")
    dlg.kind.set_code("government")
    type_text(dlg.contact, "钱主任")
    dlg.buttons.button(dlg.buttons.StandardButton.Save).click()
    assert dlg.saving and not dlg.buttons.isEnabled()  # the dialog stays open while the writer works
    assert dlg.wait_saved(), [e.text() for e in dlg._errors.values() if not e.isHidden()]
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert threads == [False]
    assert ctx.station.agency(dlg.saved_id).name == "临河县文化和旅游局"
