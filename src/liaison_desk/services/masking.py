"""The text function of papers printed with 脱敏 (--mask): numbers and the names of the database's people."""

from __future__ import annotations

from collections.abc import Callable

from liaison_desk.privacy import people_masker
from liaison_desk.services.base import Service
from liaison_desk.store.db import PEOPLE_SQL

# Beyond the log scrubber's people: the township congress members and the activities' recorders.
_MORE_PEOPLE = " UNION SELECT name FROM congressmember UNION SELECT recorder FROM activity"


class MaskingService(Service):
    def masker(self) -> Callable[[str], str]:
        """privacy.mask_text plus every person's name known to the database (deputies, visitors, citizens,
        officials, members, recorders) masked as 张*华 wherever a paper writes it, free text included."""
        with self.db.reading() as c:
            names = [r[0] for r in c.execute(PEOPLE_SQL + _MORE_PEOPLE) if r[0]]
        return people_masker(names)
