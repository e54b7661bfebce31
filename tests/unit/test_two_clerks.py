"""Two clerks on one database: a save over someone else's newer save is refused and shows both versions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from liaison_desk.errors import STALE, KnownError, StaleEdit
from liaison_desk.models import Suggestion
from liaison_desk.services.suggestions.service import SuggestionRecord, SuggestionService
from liaison_desk.store import open_database

pytestmark = pytest.mark.both_backends


@pytest.fixture
def second(db):
    """The same database opened a second time, as another clerk's program opens it."""
    other = open_database(db.url or db.path)
    yield other
    other.close()


def _stored(db, sid: str) -> tuple[str, str, int]:
    with db.engine.connect() as c:
        row = c.execute(text("SELECT title, content, version FROM suggestion WHERE id = :i"), {"i": sid}).one()
    return row[0], row[1], int(row[2])


def test_second_save_sees_both_versions_and_nothing_is_lost(db, second):
    first_clerk, second_clerk = SuggestionService(db), SuggestionService(second)
    sid = first_clerk.save(SuggestionRecord(title="村口路灯不亮", registered_on=date(2026, 11, 2), content="三盏路灯坏了"))
    mine, theirs = first_clerk.get(sid), second_clerk.get(sid)  # both open the same record
    mine.title = "村口路灯不亮（已报修）"
    first_clerk.save(mine)
    theirs.content = "三盏路灯坏了，晚上看不见路"
    with pytest.raises(StaleEdit) as refused:
        second_clerk.save(theirs)
    assert str(refused.value).startswith(STALE)
    # nothing of the first clerk's save was overwritten
    assert _stored(db, sid) == ("村口路灯不亮（已报修）", "三盏路灯坏了", 2)
    shown = {label: (typed, stored) for label, typed, stored in refused.value.fields}
    assert shown["标题"] == ("村口路灯不亮", "村口路灯不亮（已报修）")
    assert shown["反映问题"] == ("三盏路灯坏了，晚上看不见路", "三盏路灯坏了")
    assert refused.value.version == 2
    # the second clerk chooses their own version: saved over the version they were shown
    theirs.version = refused.value.version
    second_clerk.save(theirs)
    assert _stored(db, sid) == ("村口路灯不亮", "三盏路灯坏了，晚上看不见路", 3)
    # a form read before that save is refused again
    mine.content = "又一次修改"
    with pytest.raises(StaleEdit):
        first_clerk.save(mine)


def test_a_save_racing_between_read_and_write_is_refused(db, second):
    """The row version is also checked inside the UPDATE itself (SQLAlchemy's version counter)."""
    svc = SuggestionService(db)
    sid = svc.save(SuggestionRecord(title="排水沟堵塞", registered_on=date(2026, 11, 3)))
    with pytest.raises(KnownError) as refused, db.session() as s:
        g = s.get(Suggestion, sid)
        assert g is not None
        other = SuggestionService(second).get(sid)
        other.title = "排水沟堵塞（另一位办事员）"
        SuggestionService(second).save(other)  # committed while this session holds the old row
        g.title = "排水沟堵塞（这一位）"
    if db.dialect == "postgresql":
        assert isinstance(refused.value, StaleEdit)  # UPDATE … WHERE version = 1 matched no row
    # SQLite refuses the write of a stale snapshot itself (the file is busy); either way nothing is lost
    assert _stored(second, sid)[0] == "排水沟堵塞（另一位办事员）"


def test_the_window_hears_of_other_clerks_changes(db, second):
    """Workspace.poll_changes (the window asks on focus and every minute) names what others changed."""
    from liaison_desk.services.workspace import Workspace

    mine = Workspace(db)
    heard: list[frozenset[str]] = []
    mine.subscribe(heard.append)
    assert mine.poll_changes() == frozenset()  # the first look only notes where things stand
    SuggestionService(second).save(SuggestionRecord(title="另一位办事员登记的建议", registered_on=date(2026, 11, 4)))
    changed = mine.poll_changes()
    if db.dialect == "postgresql":
        assert {"suggestion", "suggestionevent", "auditentry"} <= changed and heard == [changed]
    else:  # an SQLite file has one program at a time (the lock): nothing to poll
        assert changed == frozenset() and heard == []
    assert mine.poll_changes() == frozenset()
