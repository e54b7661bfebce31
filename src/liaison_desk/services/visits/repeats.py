"""Repeat detection while a visit is typed: the same person again, or a similar matter nearby."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from liaison_desk.store.db import Database

SAME_PHONE = "同一联系电话"
SAME_PERSON = "同一来访人（姓名和村/社区相同）"
SIMILAR = "类似事项（同类别、同村/社区）"
DEFAULT_WINDOW_DAYS = 90
SIMILARITY_THRESHOLD = 0.25
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class RepeatProbe:
    """What the clerk has typed so far."""

    on: date
    phone: str = ""
    name: str = ""
    village: str = ""
    category: str = ""
    content: str = ""
    window_days: int = DEFAULT_WINDOW_DAYS
    exclude_id: str | None = None


@dataclass(frozen=True, slots=True)
class RepeatHit:
    """An earlier visit that may be the same person or the same matter."""

    id: str
    visited_on: date
    visitor: str
    village: str
    category: str
    summary: str
    reason: str
    score: float  # 1.0 for the same person; text similarity for similar matters
    handling: str
    suggestion_id: str | None
    repeat_of_id: str | None


def bigrams(text_: str) -> set[str]:
    """Character bigrams of a text without spaces and punctuation (Chinese has no word breaks)."""
    t = _NOISE.sub("", text_.lower())
    if len(t) < 2:
        return {t} if t else set()
    return {t[i:i + 2] for i in range(len(t) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two texts, 0 … 1."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


_COLUMNS = ("id, visited_on, visitor_name, village, category, substr(content, 1, 120) AS summary, content, "
            "handling, suggestion_id, repeat_of_id")


def _hit(r: Any, reason: str, score: float) -> RepeatHit:
    return RepeatHit(id=r.id, visited_on=date.fromisoformat(r.visited_on), visitor=r.visitor_name,
                     village=r.village, category=r.category, summary=r.summary or "", reason=reason,
                     score=score, handling=r.handling, suggestion_id=r.suggestion_id,
                     repeat_of_id=r.repeat_of_id)


def find(db: Database, p: RepeatProbe, limit: int = 20) -> list[RepeatHit]:
    """Earlier visits by the same person (any time) and similar matters within `window_days` of `p.on`.

    Every lookup uses an index (phone; name + village; village + category + day), so this stays fast
    on a county's years of visits and can run on each pause in typing.
    """
    from liaison_desk.services.validate import normalize_phone

    hits: dict[str, RepeatHit] = {}
    excl = p.exclude_id or ""
    phone = normalize_phone(p.phone) if p.phone.strip() else ""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):  # a mobile number typed with spaces or dashes
        phone = digits
    name, village, category = p.name.strip(), p.village.strip(), p.category.strip()
    with db.reading() as c:
        if len(phone) >= 7:
            for r in c.execute(f"SELECT {_COLUMNS} FROM visit WHERE visitor_phone = :ph AND id != :ex "
                               "ORDER BY visited_on DESC LIMIT :n", {"ph": phone, "ex": excl, "n": limit}):
                hits.setdefault(r.id, _hit(r, SAME_PHONE, 1.0))
        if name and village:
            for r in c.execute(f"SELECT {_COLUMNS} FROM visit WHERE visitor_name = :nm AND village = :vl "
                               "AND id != :ex ORDER BY visited_on DESC LIMIT :n",
                               {"nm": name, "vl": village, "ex": excl, "n": limit}):
                hits.setdefault(r.id, _hit(r, SAME_PERSON, 1.0))
        if village and category and len(_NOISE.sub("", p.content)) >= 4:
            since = p.on - timedelta(days=max(p.window_days, 0))
            rows = c.execute(f"SELECT {_COLUMNS} FROM visit WHERE village = :vl AND category = :cat "
                             "AND visited_on BETWEEN :since AND :until AND id != :ex "
                             "ORDER BY visited_on DESC LIMIT 500",
                             {"vl": village, "cat": category, "since": since.isoformat(),
                              "until": p.on.isoformat(), "ex": excl}).all()
            similar = sorted(((similarity(p.content, r.content), r) for r in rows), key=lambda x: -x[0])
            for score, r in similar[:limit]:
                if score >= SIMILARITY_THRESHOLD and r.id not in hits:
                    hits[r.id] = _hit(r, SIMILAR, round(score, 2))
    return sorted(hits.values(), key=lambda h: (h.score < 1.0, -h.score, -h.visited_on.toordinal()))[:limit]
