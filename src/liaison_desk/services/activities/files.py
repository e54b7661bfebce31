"""Attachments of activities (minutes, photos): the same store as the visits' attachments, owned by `activity`."""

from __future__ import annotations

from typing import Any

from liaison_desk.models import Activity
from liaison_desk.services.visits.files import VisitFiles


class ActivityFiles(VisitFiles):
    OWNER = "activity"
    MODEL: Any = Activity
    NOUN = "活动"
    MISSING = "找不到这条活动记录，可能已被删除"
