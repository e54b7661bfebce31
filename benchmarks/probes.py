"""Child processes of the benchmark: the program (or a bare PySide6 baseline) started, watched, and stopped.

Run as `python benchmarks/probes.py MODE [DB [TAB]]`. The parent starts the clock just before it spawns
this process; the child prints one JSON line `{"end": <time.time()>, ...}` when the watched thing happened
and leaves with os._exit (no teardown is measured). Peak memory is the child's own VmHWM (common.py says
why not the parent's wait4()).

Modes
  bare-window   P1/P4 baseline: QMainWindow with four tabs of QTableView, exits on first paint
  bare-rows     P2 baseline: PySide6 + SQLAlchemy engine + the program's first-page query of TAB (roster or
                visits; its 100 rows) in a QTableView, exits when they paint
  app-window    P1: `liaison-desk --db DB`, exits when the main window first paints
  app-first-day P1f: the same on a copy with no backup of today: reports the first paint, then runs on until
                the day's backup (and a due weekly check) has finished, so no partial file is left
  app-rows      P2: the program opening on TAB (roster or visits); exits when its table paints with rows
  app-tabs      P4: visits all tabs (each loaded and painted), then exits
  app-typing    P3: types a 3-character query into 来访登记, measures latency and the longest stall
  raw-fts       P3 baseline: the same FTS count + first page with sqlite3
"""

from __future__ import annotations

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peak import own_peak_mib  # noqa: E402

QUERY = os.environ.get("BENCH_QUERY", "自来水")
PROFILE = os.environ.get("BENCH_PROFILE")  # a file: write a pyinstrument profile of this run there
if PROFILE:
    from pyinstrument import Profiler

    _profiler = Profiler(interval=0.001)
    _profiler.start()


def _finish(end_override: float | None = None, **extra: object) -> None:
    if PROFILE:
        _profiler.stop()
        with open(PROFILE, "w", encoding="utf-8") as fh:
            fh.write(_profiler.output_text(unicode=True, show_all=False))
    end = end_override or time.time()
    # stack: whether the database stack was imported (the window reads plain SQL until the clerk edits)
    print(json.dumps({"end": end, "peak_mib": own_peak_mib(), "stack": "sqlalchemy" in sys.modules, **extra}),
          flush=True)
    sys.stdout.flush()
    lock = sys.modules.get("liaison_desk.store.lock")
    if lock is not None:  # after the report, so not measured: the next start is not one after a crash
        for held in list(lock._HELD.values()):
            held.release_all()
    os._exit(0)


def _watcher(done_when):  # type: ignore[no-untyped-def]
    """An application-wide event filter calling `done_when(obj)` after each Paint event."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        fired = False

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.fired and done_when(obj):
                self.fired = True
                QTimer.singleShot(0, _finish)  # after this paint has been drawn
            return False

    return Watch()


def _is_table_with_rows(obj) -> bool:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableView

    view = obj.parent()
    return isinstance(view, QTableView) and view.isVisible() and view.model() is not None \
        and view.model().rowCount() > 0 and obj is view.viewport()


# The programs's first page of each tab with its default filters (RosterService.list, VisitService.list).
FIRST_PAGE_SQL = {
    "roster": """
        SELECT d.id, d.name, d.gender, d.work_unit, d.post, d.phone, d.status, d.photo, d.station_id,
               (SELECT group_concat(level) FROM deputylevel l WHERE l.deputy_id = d.id) AS levels,
               (SELECT g.name FROM groupmember m JOIN deputygroup g ON g.id = m.group_id
                 WHERE m.deputy_id = d.id LIMIT 1) AS grp,
               (SELECT m.role FROM groupmember m WHERE m.deputy_id = d.id LIMIT 1) AS role
        FROM deputy d WHERE 1=1
        ORDER BY d.sort_order, d.name_pinyin, d.id LIMIT 100 OFFSET 0""",
    "visits": """
        SELECT visit.id, visit.visited_on, visit.channel, visit.visitor_name, visit.village,
               visit.headcount, visit.category, substr(visit.content, 1, 120) AS summary,
               visit.handling, visit.suggestion_id, visit.exclusion, visit.repeat_of_id, visit.station_id,
               (SELECT group_concat(d.name, '、') FROM visitdeputy vd JOIN deputy d
                 ON d.id = vd.deputy_id WHERE vd.visit_id = visit.id) AS names
        FROM visit WHERE 1=1
        ORDER BY visit.visited_on DESC, visit.visited_time DESC, visit.id LIMIT 100 OFFSET 0""",
}
TAB_INDEX = {"roster": 0, "visits": 3}  # where the main window has them


def bare(mode: str, db: str | None, tab: str = "roster") -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget

    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    tabs = QTabWidget()
    views = [QTableView() for _ in range(4)]
    for i, v in enumerate(views):
        tabs.addTab(v, f"标签{i + 1}")
    win.setCentralWidget(tabs)
    win.resize(1280, 780)
    if mode == "bare-rows":
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from sqlalchemy import create_engine, text

        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as c:
            rows = c.execute(text(FIRST_PAGE_SQL[tab])).all()
        model = QStandardItemModel(len(rows), len(rows[0]) if rows else 0)
        for r, row in enumerate(rows):
            for col, value in enumerate(row):
                model.setItem(r, col, QStandardItem(str(value)))
        views[0].setModel(model)
        watch = _watcher(_is_table_with_rows)
    else:
        watch = _watcher(lambda obj: obj is win or obj.window() is win)
    app.installEventFilter(watch)
    win.show()
    app.exec()


def app(mode: str, db: str, tab: str = "roster") -> None:
    import liaison_desk.app as appmod
    from liaison_desk import APP_ID

    if mode == "app-rows":  # open on this tab, as a clerk who left the program there does
        from PySide6.QtCore import QCoreApplication, QSettings

        QCoreApplication.setOrganizationName(APP_ID)
        QCoreApplication.setApplicationName(APP_ID)
        settings = QSettings()
        settings.setValue("main/tab", TAB_INDEX[tab])
        settings.sync()

    original = appmod.make_application
    state: dict[str, object] = {}

    def make_application(argv=None):  # type: ignore[no-untyped-def]
        qapp = original(argv)
        if mode == "app-window":
            from PySide6.QtWidgets import QMainWindow

            watch = _watcher(lambda obj: isinstance(obj.window(), QMainWindow) and obj.window().isVisible())
        elif mode == "app-first-day":
            watch = _first_day_watcher()
        elif mode == "app-rows":
            watch = _watcher(_is_table_with_rows)
        elif mode == "app-tabs":
            watch = _tabs_watcher()
        else:
            watch = _typing_watcher(state)
        qapp.installEventFilter(watch)
        state["watch"] = watch
        return qapp

    appmod.make_application = make_application
    from liaison_desk.cli import main

    main(["--db", db])


def _first_day_watcher():  # type: ignore[no-untyped-def]
    """Note the time of the main window's first paint; report it once the day's backup is done."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class Watch(QObject):
        painted = 0.0

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.painted and isinstance(obj.window(), QMainWindow) \
                    and obj.window().isVisible():
                self.painted = time.time()
                self.poll = QTimer(self, interval=50)
                self.poll.timeout.connect(self.check)
                self.poll.start()
            return False

        def check(self) -> None:
            win = _main_window()
            note = win.db_label.text() if win is not None and getattr(win, "attached", False) else ""
            if "自动备份" in note:  # 已自动备份 or 今天的自动备份没有完成
                from liaison_desk.ui.common.ops import wait_all

                self.poll.stop()
                wait_all()
                QTimer.singleShot(0, lambda: _finish(end_override=self.painted, note=note))

    return Watch()


def _main_window():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    for w in QApplication.topLevelWidgets():
        # On the class: hasattr(w, "tab_list") would run the property, which builds every tab.
        if hasattr(type(w), "tab_list") and getattr(w, "attached", True) and w.isVisible():
            return w
    return None


def _tab(win, index: int):  # type: ignore[no-untyped-def]
    """The window's tab at `index`, built only when it is reached (as the clerk's click builds it)."""
    return win.tab_at(index) if hasattr(win, "tab_at") else win.tab_list[index]


def _tab_count(win) -> int:  # type: ignore[no-untyped-def]
    return int(win.tabs.count())


def _loaded(tab) -> bool:  # type: ignore[no-untyped-def]
    """The tab shows the rows of its current query: loaded, and no worker (the base's or its own) busy."""
    busy = [getattr(tab, name, None) for name in ("is_loading", "is_searching")]
    return bool(tab.loaded) and not any(b() for b in busy if callable(b))


def _tabs_watcher():  # type: ignore[no-untyped-def]
    """Show each tab in turn; move on once its table painted loaded; exit after the last."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        current = 0

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() != QEvent.Type.Paint:
                return False
            win = _main_window()
            if win is None or self.current < 0:
                return False
            if win.tabs.currentIndex() != self.current:
                QTimer.singleShot(0, lambda i=self.current: win.tabs.setCurrentIndex(i))
                return False
            tab = _tab(win, self.current)
            if _loaded(tab) and obj is tab.view.viewport():
                self.current += 1
                if self.current == _tab_count(win):
                    QTimer.singleShot(0, _finish)
                    self.current = -10_000  # never again
                else:
                    QTimer.singleShot(0, lambda i=self.current: win.tabs.setCurrentIndex(i))
            return False

    return Watch()


def _typing_watcher(state: dict[str, object]):  # type: ignore[no-untyped-def]
    """Open 来访登记; once it shows rows, type QUERY a key every 120 ms with a 5 ms heartbeat running."""
    from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer

    clock = QElapsedTimer()
    clock.start()

    class Watch(QObject):
        phase = "open"
        last_key = 0.0
        max_gap = 0.0
        last_beat = 0.0

        def beat(self) -> None:
            now = clock.nsecsElapsed() / 1e6
            if self.last_beat:
                self.max_gap = max(self.max_gap, now - self.last_beat)
            self.last_beat = now

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() != QEvent.Type.Paint:
                return False
            win = _main_window()
            if win is None:
                return False
            index = next(i for i in range(_tab_count(win)) if win.tabs.tabText(i) == "来访登记")
            if self.phase == "open":
                self.phase = "opening"
                QTimer.singleShot(0, lambda: win.tabs.setCurrentIndex(index))
                return False
            tab = _tab(win, index)
            if self.phase == "opening" and obj is tab.view.viewport() and _loaded(tab) \
                    and tab.model.rowCount() > 0:
                self.phase = "typing"
                self.tab = tab
                self.heart = QTimer(self, interval=5, timerType=Qt.TimerType.PreciseTimer)
                self.heart.timeout.connect(self.beat)
                self.heart.start()
                for i, ch in enumerate(QUERY):
                    QTimer.singleShot(200 + 120 * i, lambda ch=ch: self.key(ch))
            elif self.phase == "waiting" and obj is tab.view.viewport() and tab.query == QUERY \
                    and _loaded(tab):
                self.phase = "done"
                self.shown = clock.nsecsElapsed() / 1e6
                QTimer.singleShot(150, self.report)  # keep the heartbeat for a moment after
            return False

        def key(self, ch: str) -> None:
            self.tab.search_box.insert(ch)
            self.last_key = clock.nsecsElapsed() / 1e6
            if self.tab.search_box.text() == QUERY:
                self.phase = "waiting"

        def report(self) -> None:
            debounce = self.tab.search_box._timer.interval()
            _finish(latency_ms=self.shown - self.last_key - debounce, debounce_ms=debounce,
                    max_stall_ms=self.max_gap, rows=self.tab.model.total())

    return Watch()


def raw_fts(db: str) -> None:
    """The query 来访登记 runs for a search, straight through sqlite3 (count and the first page)."""
    import sqlite3

    con = sqlite3.connect(db)
    q = '"' + QUERY.replace('"', '""') + '"'
    match = "visit.rowid IN (SELECT rowid FROM visit_fts WHERE visit_fts MATCH ?)"
    t0 = time.perf_counter()
    total = con.execute(f"SELECT COUNT(*) FROM visit WHERE {match}", (q,)).fetchone()[0]
    rows = con.execute(f"SELECT id, visited_on, channel, visitor_name, village, headcount, category, "
                       f"substr(content, 1, 120) FROM visit WHERE {match} "
                       f"ORDER BY visited_on DESC, visited_time DESC, id LIMIT 200", (q,)).fetchall()
    took = (time.perf_counter() - t0) * 1000
    print(json.dumps({"end": time.time(), "latency_ms": took, "rows": total, "page": len(rows)}), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    db_arg = sys.argv[2] if len(sys.argv) > 2 else None
    tab_arg = sys.argv[3] if len(sys.argv) > 3 else "roster"
    if mode.startswith("bare"):
        bare(mode, db_arg, tab_arg)
    elif mode == "raw-fts":
        raw_fts(str(db_arg))
    else:
        app(mode, str(db_arg), tab_arg)
