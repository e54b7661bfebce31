"""The visitor register (来访登记): list, search, read, save and delete visits; links live in links.py."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import date, time
from functools import partial
from typing import Any

from sqlmodel import Session, select

from liaison_desk.errors import NotFound, ValidationError
from liaison_desk.models import Attachment, Visit, VisitDeputy
from liaison_desk.models.enums import AuditAction, Channel, Exclusion, Handling
from liaison_desk.services.base import (
    check_version,
    deputy_names,
    diff,
    names_text,
)
from liaison_desk.services.visits.links import VisitLinks
from liaison_desk.services.visits.listing import (
    VisitFilter as VisitFilter,  # re-exported: callers keep one place
)
from liaison_desk.services.visits.listing import VisitListing
from liaison_desk.services.visits.listing import VisitRow as VisitRow


@dataclass(slots=True)
class VisitRecord:
    """Every editable field of a visit; `id` is None for a new one."""

    visited_on: date
    id: str | None = None
    visited_time: time | None = None
    channel: str = Channel.RECEPTION_DAY.value
    session_id: str | None = None
    visitor_name: str = ""
    visitor_gender: str = ""
    visitor_phone: str = ""
    visitor_address: str = ""
    village: str = ""
    headcount: int = 1
    is_group: bool = False
    category: str = ""
    content: str = ""
    request: str = ""
    assisting_deputy_id: str | None = None
    handling: str = ""
    exclusion: str = ""
    handling_note: str = ""
    repeat_of_id: str | None = None
    suggestion_id: str | None = None
    recorded_by: str = ""
    station_id: str | None = None
    followup_to: str = ""  # handled 其他: who the matter was passed to (处理有反馈)
    followup_on: date | None = None  # the day they reported back; None while open
    followup_result: str = ""
    deputy_ids: list[str] = field(default_factory=list)
    version: int = 0  # the row version the form read (get()); save() refuses a record saved since


FIELDS = ("visited_on", "visited_time", "channel", "session_id", "visitor_name", "visitor_gender",
          "visitor_phone", "visitor_address", "village", "headcount", "is_group", "category", "content",
          "request", "assisting_deputy_id", "handling", "exclusion", "handling_note", "repeat_of_id",
          "suggestion_id", "recorded_by", "station_id", "followup_to", "followup_on", "followup_result")
PRIVATE_FIELDS = {"visitor_name", "visitor_phone", "visitor_address", "content", "request", "handling_note"}


class VisitService(VisitListing):
    """Visits, letters and calls."""

    TABLES = ("visit", "visitdeputy")

    def get(self, visit_id: str) -> VisitRecord:
        with self.db.session() as s:
            v = s.get(Visit, visit_id)
            if v is None:
                raise NotFound("找不到这条来访登记，可能已被删除")
            rec = VisitRecord(**{f: getattr(v, f) for f in FIELDS}, id=v.id, version=v.version)
            rec.deputy_ids = [x.deputy_id for x in s.exec(select(VisitDeputy).where(VisitDeputy.visit_id == v.id))]
            return rec

    def validate(self, rec: VisitRecord) -> None:
        """Check a record before saving; raises ValidationError naming the form field."""
        from liaison_desk.services.validate import check_phone

        if rec.visited_on is None:
            raise ValidationError("请填写来访日期", column="来访日期")
        if Channel.from_label(rec.channel) is None:
            raise ValidationError("请选择来访方式", column="来访方式")
        if rec.headcount < 1:
            raise ValidationError("人数至少为 1", column="人数")
        if not rec.content.strip():
            raise ValidationError("请填写反映的问题", column="反映问题")
        if rec.visitor_phone.strip():
            rec.visitor_phone = check_phone(rec.visitor_phone, "联系电话")
        if rec.handling and Handling.from_label(rec.handling) is None:
            raise ValidationError("请选择处理方式", column="处理方式")
        if rec.exclusion and Exclusion.from_label(rec.exclusion) is None:
            raise ValidationError("请选择事项类型", column="事项类型")
        lawful = rec.handling == Handling.LAWFUL_CHANNEL.value
        if lawful and not rec.exclusion:
            raise ValidationError("告知依法途径时请选择事项类型（诉讼、行政复议、仲裁等）", column="事项类型")
        if rec.exclusion and not lawful:
            raise ValidationError("选择了依法途径事项类型时，处理方式应为“告知依法途径”", column="处理方式")
        if lawful and rec.suggestion_id:
            raise ValidationError("告知依法途径的事项按规定不作为意见建议办理，不能关联意见建议", column="处理方式")
        if rec.id and rec.repeat_of_id == rec.id:
            raise ValidationError("不能标记为自己的重复", column="重复")
        self._validate_followup(rec)

    @staticmethod
    def _validate_followup(rec: VisitRecord) -> None:
        """处理有反馈: a matter handled 其他 names who it was passed to; their answer has a date and a result."""
        rec.followup_to, rec.followup_result = rec.followup_to.strip()[:100], rec.followup_result.strip()
        if rec.handling != Handling.OTHER.value:
            rec.followup_to, rec.followup_on, rec.followup_result = "", None, ""
            return
        if not rec.followup_to:
            raise ValidationError("处理方式为“其他”时请填写转交对象（交给谁跟进处理，如村委会、派出所）",
                                  column="转交对象")
        if rec.followup_on and rec.visited_on and rec.followup_on < rec.visited_on:
            raise ValidationError("反馈日期不能早于来访日期", column="反馈情况")
        if rec.followup_on and not rec.followup_result:
            raise ValidationError("已填反馈日期，请填写反馈结果", column="反馈结果")
        if rec.followup_result and not rec.followup_on:
            raise ValidationError("已填反馈结果，请填写反馈日期", column="反馈情况")

    def save(self, rec: VisitRecord) -> str:
        """Create or update a visit; with handling 转为意见建议 the linked suggestion is made too."""
        self.validate(rec)
        rec.visitor_name, rec.village = rec.visitor_name.strip(), rec.village.strip()
        rec.category = rec.category.strip()
        if rec.repeat_of_id:
            rec.repeat_of_id = self.links.root_of(rec.repeat_of_id)
            if rec.repeat_of_id == rec.id:
                rec.repeat_of_id = None
        values = {f: getattr(rec, f) for f in FIELDS}
        with self.db.session() as s:
            if rec.id:
                v = s.get(Visit, rec.id)
                if v is None:
                    raise NotFound("找不到这条来访登记，可能已被其他人删除")
                old = {f: getattr(v, f) for f in FIELDS}
                check_version("visit", v, rec.version, old, values, FIELDS,
                              partial(self._stale_deputies, s, v, rec))
                for k, val in values.items():
                    setattr(v, k, val)
                changes = diff(old, values, FIELDS)
                for f in PRIVATE_FIELDS & changes.keys():
                    changes[f] = ["…", "…"]
                action, summary = AuditAction.UPDATE, "修改来访登记"
            else:
                v = Visit(**values)
                s.add(v)
                s.flush()
                changes, action, summary = {}, AuditAction.CREATE, "新增来访登记"
            for x in s.exec(select(VisitDeputy).where(VisitDeputy.visit_id == v.id)).all():
                s.delete(x)
            for dep in dict.fromkeys(rec.deputy_ids):
                s.add(VisitDeputy(visit_id=v.id, deputy_id=dep))
            self.audit(s, action, "visit", v.id, summary, changes)
            converted = rec.handling == Handling.TO_SUGGESTION.value and not rec.suggestion_id
            if converted:  # 转为意见建议 in the same transaction: both are written or neither
                rec.suggestion_id = self.links.convert_in(s, v)
            vid = v.id
            s.flush()
            rec.version = v.version if rec.version else 0  # the next save from this record checks this version
        rec.id = vid
        self.db.notify(*(self.links.TABLES if converted else self.TABLES))
        return vid

    @staticmethod
    def _stale_deputies(s: Session, v: Visit, rec: VisitRecord) -> builtins.list[tuple[str, str, str]]:
        """The deputies who received the visitor and the assisting deputy, typed and stored, by name."""
        stored = [x.deputy_id for x in s.exec(select(VisitDeputy).where(VisitDeputy.visit_id == v.id))]
        names = deputy_names(s, [*rec.deputy_ids, *stored, rec.assisting_deputy_id, v.assisting_deputy_id])

        def listed(ids: builtins.list[str]) -> str:
            return names_text(names, sorted(ids, key=lambda i: names.get(i or "", "")))

        return [("接待代表", listed(rec.deputy_ids), listed(stored)),
                ("协助代表", names_text(names, [rec.assisting_deputy_id]),
                 names_text(names, [v.assisting_deputy_id]))]

    def delete(self, visit_id: str) -> None:
        """Delete a visit with its attachments (files too); visits marked as its repeats stay."""
        from liaison_desk.services.visits import files as visits_files

        with self.db.session() as s:
            v = s.get(Visit, visit_id)
            if v is None:
                return
            files = [a.path for a in s.exec(select(Attachment).where(Attachment.owner_table == "visit",
                                                                      Attachment.owner_id == visit_id))]
            for a in s.exec(select(Attachment).where(Attachment.owner_table == "visit",
                                                     Attachment.owner_id == visit_id)).all():
                s.delete(a)
            s.delete(v)
            self.audit(s, AuditAction.DELETE, "visit", visit_id, "删除来访登记")
        visits_files.remove_files(self.db, files)
        self.db.notify(*self.TABLES, "attachment")

    # links, repeats, files and lookups (kept in their own modules) ------------------------------------
    @property
    def files(self) -> Any:
        """Attachments of visits (services.visits_files.VisitFiles)."""
        from liaison_desk.services.visits.files import VisitFiles

        return VisitFiles(self.db)

    @property
    def lookup(self) -> Any:
        """Autocompletion values and the category list (services.visits_lookup.VisitLookup)."""
        from liaison_desk.services.visits.lookup import VisitLookup

        return VisitLookup(self.db)

    @property
    def links(self) -> VisitLinks:
        """转为意见建议, links and repeats (services/visits/links.py)."""
        return VisitLinks(self.db)

    def convert_to_suggestion(self, visit_id: str) -> str:
        """转为意见建议: create the pre-filled suggestion and link it, in one transaction."""
        return self.links.convert(visit_id)

    def link_to_suggestion(self, visit_ids: builtins.list[str], suggestion_id: str) -> None:
        """Link several visits to one existing suggestion."""
        self.links.link(visit_ids, suggestion_id)

    def suggestion_by_number(self, number: str, year: int) -> str | None:
        """Find a suggestion by its number (〔2026〕第12号, 2026-12, or 12 of `year`)."""
        return self.links.suggestion_by_number(number, year)

    def mark_repeat(self, visit_id: str, original_id: str | None) -> str | None:
        """Mark a visit as a repeat of an earlier matter (or clear it with None); returns the original."""
        return self.links.mark_repeat(visit_id, original_id)

    def find_repeats(self, probe: Any) -> Any:
        """Earlier visits by the same person and similar matters (services.repeats.find)."""
        from liaison_desk.services.visits import repeats

        return repeats.find(self.db, probe)

