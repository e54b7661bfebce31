"""The visit register service: validation, 转为意见建议, rule 九 redirection, repeats, attachments, lookups."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from liaison_desk.errors import KnownError, ValidationError
from liaison_desk.models import AuditEntry, Suggestion, Visit
from liaison_desk.models.enums import EXCLUSION_GUIDANCE, Exclusion, Handling
from liaison_desk.services.visits.repeats import SAME_PERSON, SAME_PHONE, SIMILAR, RepeatProbe, similarity
from liaison_desk.services.visits.service import VisitFilter, VisitRecord, VisitService

DAY = date(2026, 11, 25)


def _visit(svc: VisitService, **kw) -> str:
    values = dict(visited_on=DAY, visitor_name="刘大爷", village="东村", category="交通出行",
                  content="村口道路坑洼，雨天积水严重，出行不便", request="尽快修路")
    values.update(kw)
    return svc.save(VisitRecord(**values))


def test_validation_names_the_field(db):
    svc = VisitService(db)
    with pytest.raises(ValidationError) as e:
        _visit(svc, content="  ")
    assert e.value.column == "反映问题"
    with pytest.raises(ValidationError) as e:
        _visit(svc, visitor_phone="12345")
    assert e.value.column == "联系电话"
    with pytest.raises(ValidationError) as e:
        _visit(svc, handling=Handling.LAWFUL_CHANNEL.value)
    assert e.value.column == "事项类型"
    with pytest.raises(ValidationError) as e:
        _visit(svc, exclusion=Exclusion.LITIGATION.value)
    assert e.value.column == "处理方式"
    vid = _visit(svc, visitor_phone=" 139 1234 5678 ")
    assert svc.get(vid).visitor_phone == "13912345678"


def test_convert_creates_a_prefilled_linked_suggestion(db):
    svc = VisitService(db)
    vid = _visit(svc, visitor_phone="13912345678", visitor_address="东村3组")
    sid = svc.convert_to_suggestion(vid)
    v = svc.get(vid)
    assert v.suggestion_id == sid and v.handling == Handling.TO_SUGGESTION.value
    with db.session() as s:
        g = s.get(Suggestion, sid)
        assert g.kind == "citizen" and g.number == "〔2026〕第1号"
        assert g.title.startswith("东村：村口道路坑洼")
        assert "诉求：尽快修路" in g.content and g.citizen_phone == "13912345678"
        assert g.citizen_address == "东村3组" and g.category == "交通出行" and g.registered_on == DAY
    assert svc.convert_to_suggestion(vid) == sid  # converting twice makes no second suggestion
    with db.session() as s:
        assert len(s.exec(select(Suggestion)).all()) == 1


def test_saving_with_handling_suggestion_converts(db):
    svc = VisitService(db)
    vid = _visit(svc, handling=Handling.TO_SUGGESTION.value)
    assert svc.get(vid).suggestion_id is not None


def test_save_and_convert_are_one_transaction(db, monkeypatch):
    """A failure while linking the new suggestion leaves neither the visit nor the suggestion behind."""
    from liaison_desk.services.visits import links

    def broken_link(self, s, visit_ids, suggestion_id, summary=""):
        raise RuntimeError("disk pulled mid-save")  # after the visit and the suggestion were added

    monkeypatch.setattr(links.VisitLinks, "link_in", broken_link)
    before = db.counts()
    with pytest.raises(RuntimeError):
        _visit(VisitService(db), handling=Handling.TO_SUGGESTION.value)
    after = db.counts()
    assert {t: after[t] - before[t] for t in after if after[t] != before[t]} == {}
    monkeypatch.undo()
    vid = _visit(VisitService(db), handling=Handling.TO_SUGGESTION.value)
    with db.session() as s:
        entries = s.exec(select(AuditEntry)).all()
    assert sorted((e.table_name, e.action, e.summary) for e in entries) == [
        ("suggestion", "create", "新增意见建议"), ("visit", "create", "新增来访登记"),
        ("visit", "update", "来访登记转为意见建议")]
    assert {e.record_id for e in entries if e.table_name == "visit"} == {vid}


def test_several_visits_link_to_one_suggestion(db):
    svc = VisitService(db)
    a, b, c = (_visit(svc, visitor_name=n) for n in ("甲", "乙", "丙"))
    sid = svc.convert_to_suggestion(a)
    svc.link_to_suggestion([b, c], sid)
    assert {svc.get(x).suggestion_id for x in (a, b, c)} == {sid}
    assert svc.count(VisitFilter(handling=Handling.TO_SUGGESTION.value)) == 3


def test_lawful_channel_visit_cannot_become_a_suggestion(db):
    svc = VisitService(db)
    guidance = EXCLUSION_GUIDANCE[Exclusion.LITIGATION]
    vid = _visit(svc, content="与邻居宅基地纠纷已起诉到法院", handling=Handling.LAWFUL_CHANNEL.value,
                 exclusion=Exclusion.LITIGATION.value, handling_note=guidance)
    with pytest.raises(ValidationError) as e:
        svc.convert_to_suggestion(vid)
    assert "诉讼" in e.value.message and "不能转为意见建议" in e.value.message
    sid = svc.convert_to_suggestion(_visit(svc))
    with pytest.raises(ValidationError):
        svc.link_to_suggestion([vid], sid)
    rec = svc.get(vid)
    rec.suggestion_id = sid
    with pytest.raises(ValidationError):
        svc.save(rec)
    assert svc.get(vid).suggestion_id is None and svc.get(vid).handling_note == guidance


def test_repeat_detection_finds_person_and_similar_matter(db):
    svc = VisitService(db)
    first = _visit(svc, visitor_phone="13912345678", visited_on=date(2026, 9, 1))
    _visit(svc, visitor_name="陈阿姨", content="东村村口道路坑洼积水，出行不便", visited_on=date(2026, 10, 1))
    _visit(svc, visitor_name="远方", content="东村村口道路坑洼积水", visited_on=date(2026, 1, 1))  # outside 90 days
    _visit(svc, visitor_name="别人", category="教育", content="村口道路坑洼积水")  # other category
    hits = svc.find_repeats(RepeatProbe(on=DAY, phone="139-1234-5678"))
    assert [(h.id, h.reason) for h in hits] == [(first, SAME_PHONE)]
    hits = svc.find_repeats(RepeatProbe(on=DAY, name="刘大爷", village="东村"))
    assert [h.reason for h in hits] == [SAME_PERSON]
    hits = svc.find_repeats(RepeatProbe(on=DAY, name="新人", village="东村", category="交通出行",
                                        content="村口的路坑坑洼洼，一下雨就积水"))
    assert {h.visitor for h in hits} == {"刘大爷", "陈阿姨"} and all(h.reason == SIMILAR for h in hits)
    assert similarity("村口道路坑洼", "村口道路坑洼") == 1.0 and similarity("修路", "看病难") == 0.0


def test_mark_repeat_points_at_the_first_visit_and_reuses_its_suggestion(db):
    svc = VisitService(db)
    first = _visit(svc)
    sid = svc.convert_to_suggestion(first)
    second = _visit(svc, visitor_name="陈阿姨")
    assert svc.mark_repeat(second, first) == first
    third = _visit(svc, visitor_name="张叔", repeat_of_id=second)
    assert svc.get(third).repeat_of_id == first  # chains collapse to the original matter
    assert svc.convert_to_suggestion(third) == sid  # one problem, one suggestion
    with db.session() as s:
        assert len(s.exec(select(Suggestion)).all()) == 1
        assert s.get(Visit, third).suggestion_id == sid
    with pytest.raises(ValidationError):
        svc.mark_repeat(first, third)
    assert svc.mark_repeat(second, None) is None and svc.get(second).repeat_of_id is None


def test_attachments_are_stored_in_the_data_folder(db, tmp_path):
    svc = VisitService(db)
    vid = _visit(svc)
    scan = tmp_path / "来信 扫描:1.jpg"
    scan.write_bytes(b"\xff\xd8fake jpeg")
    aid = svc.files.add(vid, scan)
    rows = svc.files.list(vid)
    assert [r.original_name for r in rows] == ["来信 扫描:1.jpg"]
    stored = rows[0].path
    assert stored.is_relative_to(db.paths.attachments) and stored.read_bytes() == b"\xff\xd8fake jpeg"
    svc.files.remove(aid)
    assert not stored.exists() and svc.files.list(vid) == []
    svc.files.add(vid, scan)
    stored = svc.files.list(vid)[0].path
    svc.delete(vid)
    assert not stored.exists()
    with pytest.raises(KnownError):
        svc.files.add(vid, scan)


def test_lookups_and_category_list(db):
    svc = VisitService(db)
    _visit(svc, visitor_name="刘大爷", village="东村", visitor_phone="13912345678")
    _visit(svc, visitor_name="刘大妈", village="西村")
    _visit(svc, visitor_name="王刘", village="东村")
    assert [v.name for v in svc.lookup.visitors("刘")] == ["刘大妈", "刘大爷"]
    assert svc.lookup.visitors("刘大爷")[0].phone == "13912345678"
    assert svc.lookup.villages() == ["东村", "西村"]
    assert svc.lookup.categories()[0] == "城乡建设"
    svc.lookup.save_categories(["交通出行", "教育", " ", "交通出行", "新类别"])
    assert svc.lookup.categories() == ["交通出行", "教育", "新类别"]
    svc.lookup.save_categories(["教育"])
    assert svc.lookup.categories() == ["教育"]
    with pytest.raises(ValidationError):
        svc.lookup.save_categories([])


def test_audit_log_keeps_no_personal_data(db):
    svc = VisitService(db)
    vid = _visit(svc, visitor_phone="13912345678")
    rec = svc.get(vid)
    rec.visitor_phone = "13800001111"
    svc.save(rec)
    svc.convert_to_suggestion(vid)
    with db.session() as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.table_name == "visit")).all()
    dump = json.dumps([(e.summary, e.changes) for e in entries], ensure_ascii=False)
    assert len(entries) == 3 and "1391234" not in dump and "1380000" not in dump and "刘大爷" not in dump
