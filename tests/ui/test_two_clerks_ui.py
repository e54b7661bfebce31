"""Two windows on one database edit the same suggestion: the second save shows both versions."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

pytestmark = pytest.mark.both_backends


@pytest.fixture
def second_ctx(qapp, demo_db):
    """A second program's context on the same database (another clerk's window)."""
    from liaison_desk.services.workspace import Workspace
    from liaison_desk.store import open_database
    from liaison_desk.ui.context import AppContext

    other = AppContext(Workspace(open_database(demo_db.url or demo_db.path)))
    yield other
    other.changes.detach()
    other.workspace.close()


def _answer_conflict(dialog, choice: str, shots: list):
    """When the conflict dialog opens: photograph it, then press `choice`."""
    def look() -> None:
        stale = getattr(dialog, "stale_dialog", None)
        if stale is None or not stale.isVisible():
            QTimer.singleShot(50, look)
            return
        QApplication.processEvents()
        shots.append(stale.grab())
        shots.append([b.text() for b in (stale.mine, stale.theirs)])
        (stale.mine if choice == "mine" else stale.theirs).click()
    QTimer.singleShot(50, look)


def _stored(db, sid):
    with db.engine.connect() as c:
        return tuple(c.execute(text("SELECT title, content FROM suggestion WHERE id = :i"), {"i": sid}).one())


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_second_save_shows_both_versions(qtbot, ctx, second_ctx, demo_db, choice, tmp_path):
    from liaison_desk.services.suggestions.service import SuggestionFilter
    from liaison_desk.ui.suggestions.suggestion_dialog import SuggestionDialog

    sid = ctx.suggestions.list(SuggestionFilter())[0].id
    title, content = _stored(demo_db, sid)
    first, second = SuggestionDialog(ctx, sid), SuggestionDialog(second_ctx, sid)  # both open it
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.title.setText(title + "（第一位办事员）")
    first._try_save()
    assert first.wait_saved()
    second.content.setPlainText(content + "（第二位办事员补充）")
    shots: list = []
    _answer_conflict(second, choice, shots)
    second._try_save()
    second.wait_saved()  # refused: the conflict dialog opens
    qtbot.waitUntil(lambda: len(shots) == 2, timeout=10000)
    assert shots[1] == ["保存我的修改", "采用对方的版本"]
    if choice == "mine":  # saved again, over the version it was shown
        qtbot.waitUntil(lambda: second.result() == QDialog.DialogCode.Accepted, timeout=10000)
    accepted = second.result() == QDialog.DialogCode.Accepted
    image = shots[0].toImage()
    assert image.width() <= 1366 and image.height() <= 697
    out = os.environ.get("LIAISON_DESK_SHOTS")
    shots[0].save(os.path.join(out, f"conflict-{choice}.png") if out else str(tmp_path / "conflict.png"))
    if choice == "mine":  # saved over the first clerk's version, knowingly
        assert accepted
        assert _stored(demo_db, sid) == (title, content + "（第二位办事员补充）")
    else:  # the first clerk's save stays, the second clerk's typing is dropped
        assert not accepted
        assert _stored(demo_db, sid) == (title + "（第一位办事员）", content)
