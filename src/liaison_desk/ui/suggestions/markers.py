"""The 建议办理 tab's deadline colours and markers, and the order of its workflow buttons."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from liaison_desk.models.enums import DeadlineState, Step

OVERDUE_COLOR, SOON_COLOR = "#c0392b", "#d35400"
DEADLINE_FILTERS = (("overdue", DeadlineState.OVERDUE.label), ("soon", DeadlineState.DUE_SOON.label))
DEADLINE_COLORS = {DeadlineState.OVERDUE: OVERDUE_COLOR, DeadlineState.DUE_SOON: SOON_COLOR}
# the workflow's main move from each step, shown first and in bold
NEXT_STEP = {Step.SORT.value: "assign", Step.ASSIGN.value: "reply", Step.SUPERVISE.value: "reply",
             Step.REPLY.value: "feedback", Step.FEEDBACK.value: "archive", Step.ARCHIVE.value: "unarchive"}
STEP_ORDER = ("assign", "urge", "reply", "feedback", "archive", "sort", "merge", "extend", "return", "reassign",
              "unarchive", "note")


@lru_cache(maxsize=4)
def disc(color: str | None) -> QPixmap:
    """A small filled circle: the deadline marker before a suggestion's number (transparent: none)."""
    pm = QPixmap(12, 12)
    pm.fill(Qt.GlobalColor.transparent)
    if color is None:
        return pm
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, 10, 10)
    p.end()
    return pm


