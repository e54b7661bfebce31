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


# Every edit form, not only the suggestion's: (dialog, table, SQL picking the record, the first clerk's
# field and the second clerk's field as (widget attribute, column)).
FORMS = {
    "deputy": ("liaison_desk.ui.roster.deputy_dialog:DeputyDialog", "deputy",
               "SELECT id FROM deputy WHERE status = 'active' ORDER BY name, id", ("post", "post"),
               ("work_unit", "work_unit")),
    "visit": ("liaison_desk.ui.visits.visit_dialog:VisitDialog", "visit",
              "SELECT id FROM visit WHERE handling <> 'to_suggestion' ORDER BY visited_on DESC, id",
              ("request", "request"), ("content", "content")),
    "receptionsession": ("liaison_desk.ui.schedule.session_dialog:SessionDialog", "receptionsession",
                         "SELECT id FROM receptionsession ORDER BY day DESC, id", ("venue", "venue"),
                         ("theme", "theme")),
    "activity": ("liaison_desk.ui.activities.dialog:ActivityDialog", "activity",
                 "SELECT id FROM activity ORDER BY day DESC, id", ("place", "place"), ("title_edit", "title")),
}


def _dialog_class(spec: str):
    import importlib

    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


def _type_into(widget, value: str) -> None:
    (widget.setPlainText if hasattr(widget, "setPlainText") else widget.setText)(value)


def _text_of(widget) -> str:
    return widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()


def _save(dialog) -> None:
    """Press 保存 the way each form does (the activity form saves on the main thread, others maybe not)."""
    if hasattr(dialog, "_try_save"):
        dialog._try_save()
        dialog.wait_saved()
    else:
        dialog._save()


def _columns(db, table: str, rid: str, first: str, second: str) -> tuple[str, str]:
    with db.engine.connect() as c:
        row = c.execute(text(f"SELECT {first}, {second} FROM {table} WHERE id = :i"), {"i": rid}).one()
    return str(row[0] or ""), str(row[1] or "")


@pytest.mark.parametrize("choice", ["mine", "theirs"])
@pytest.mark.parametrize("form", list(FORMS))
def test_every_edit_form_shows_both_versions(qtbot, ctx, second_ctx, demo_db, form, choice):
    spec, table, pick, (first_widget, first_col), (second_widget, second_col) = FORMS[form]
    with demo_db.engine.connect() as c:
        rid = c.execute(text(pick + " LIMIT 1")).scalar_one()
    before = _columns(demo_db, table, rid, first_col, second_col)
    cls = _dialog_class(spec)
    first, second = cls(ctx, rid), cls(second_ctx, rid)  # both clerks open the same record
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first_typed = _text_of(getattr(first, first_widget)) + "（第一位办事员）"
    _type_into(getattr(first, first_widget), first_typed)
    _save(first)
    assert first.result() == QDialog.DialogCode.Accepted
    assert _columns(demo_db, table, rid, first_col, second_col) == (first_typed, before[1])
    second_typed = _text_of(getattr(second, second_widget)) + "（第二位办事员）"
    _type_into(getattr(second, second_widget), second_typed)
    shots: list = []
    _answer_conflict(second, choice, shots)
    _save(second)  # refused: the conflict dialog opens with both versions
    qtbot.waitUntil(lambda: len(shots) == 2, timeout=10000)
    assert shots[1] == ["保存我的修改", "采用对方的版本"]
    if choice == "mine":  # saved again, over the version it was shown
        qtbot.waitUntil(lambda: second.result() == QDialog.DialogCode.Accepted, timeout=10000)
        # the first clerk's field goes back to what the second clerk's form held: knowingly, both in the log
        assert _columns(demo_db, table, rid, first_col, second_col) == (before[0], second_typed)
        with demo_db.engine.connect() as c:
            updates = c.execute(text("SELECT COUNT(*) FROM auditentry WHERE table_name = :t AND record_id = :r "
                                     "AND action = 'update'"), {"t": table, "r": rid}).scalar_one()
        assert updates == 2
    else:  # the first clerk's save stays, the second clerk's typing is dropped
        qtbot.waitUntil(lambda: second.result() == QDialog.DialogCode.Rejected and not second.isVisible(),
                        timeout=10000)
        assert _columns(demo_db, table, rid, first_col, second_col) == (first_typed, before[1])
