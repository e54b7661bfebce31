"""Both registration cards and the 交办函 as real PDFs: extracted text (pypdf) and rendered pages (pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from liaison_desk.printing.assignment_letter import print_letter
from liaison_desk.printing.cards import CHECKED, UNCHECKED, print_cards
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.detail import SuggestionDetailService
from liaison_desk.services.suggestions.lifecycle import LifecycleService
from liaison_desk.services.suggestions.service import SuggestionRecord, SuggestionService


@pytest.fixture
def records(db):
    db.operator = "王丽娟"
    st = StationService(db)
    st.save_station(name="青石镇第一人大代表联络站", phone="0315-5551234", liaison_officer="王丽娟")
    a = st.save_agency("临河县交通运输局", "government", "张科长", "0315-5550001")
    b = st.save_agency("青石镇人民政府", "township")
    sv, lc = SuggestionService(db), LifecycleService(db)
    cit = sv.save(SuggestionRecord(title="东关村道路坑洼积水", registered_on=date(2026, 9, 21), kind="citizen",
                                   content="东关村通往镇区的道路坑洼不平，雨天积水严重。希望尽快修缮。",
                                   citizen_name="李桂兰", citizen_phone="13912345678", citizen_address="东关村"))
    lc.assign(cit, date(2026, 9, 28), a, [b])
    lc.urge(cit, date(2026, 10, 12), "电话督办，要求按期答复")
    lc.reply(cit, date(2026, 10, 20), "已解决", "已安排养护队修补路面并疏通边沟。")
    lc.feedback(cit, date(2026, 10, 21), "电话", "不满意", "边沟仍积水")
    lc.urge(cit, date(2026, 10, 26), "现场督办")
    lc.reply(cit, date(2026, 11, 3), "已解决", "边沟已重新开挖，积水排净。")
    lc.feedback(cit, date(2026, 11, 4), "当面", "满意")
    lc.archive(cit, date(2026, 11, 5))
    dep = sv.save(SuggestionRecord(title="建议增设镇区公交线路", registered_on=date(2026, 10, 9), kind="deputy",
                                   content="镇区到县城只有一班公交，建议增开线路。"))
    lc.assign(dep, date(2026, 10, 12), a)
    lc.urge(dep, date(2026, 11, 2), "书面督办")
    lc.extend(dep, date(2026, 11, 20), date(2027, 3, 1), "需县里统筹公交线网")
    ds = SuggestionDetailService(db)
    return db, ds.detail(cit), ds.detail(dep), st.agency(a)


def _text(path):
    return ["".join(p.extract_text().split()) for p in PdfReader(str(path)).pages]


def test_citizen_card_text(records, tmp_path):
    _db, cit, _dep, _a = records
    (page,) = _text(print_cards([cit], tmp_path / "c.pdf"))
    for s in ("选民意见转办情况登记卡", "〔2026〕第1号", "东关村道路坑洼积水", "李桂兰", "13912345678", "主办单位",
              "临河县交通运输局", "青石镇人民政府", "2026年9月28日", "2026年10月12日督办（本县人大常委会代表工作委员会）：电话督办", "重新办理",
              "边沟已重新开挖", f"{CHECKED}已解决{UNCHECKED}正在解决", f"{CHECKED}满意{UNCHECKED}基本满意",
              "2026年11月5日", "2026年10月21日反馈（不满意）", "选民满意度", "青石镇第一人大代表联络站"):
        assert s in page, s


def test_deputy_card_text_and_many_records(records, tmp_path):
    _db, cit, dep, _a = records
    pages = _text(print_cards([dep, cit], tmp_path / "two.pdf"))
    assert len(pages) == 2
    assert "人大代表建议办理情况登记卡" in pages[0] and "选民意见转办情况登记卡" in pages[1]
    for s in ("建议标题", "提出代表", "建议内容", "〔2026〕第2号", "2027年3月1日", "延期（本县人大常委会代表工作委员会，临河县交通运输局）：需县里统筹公交线网",
              "代表满意度", f"{UNCHECKED}已解决{UNCHECKED}正在解决", "第1页共2页"):
        assert s in pages[0], s


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_cards_render_as_ruled_a4_forms(records, tmp_path):
    from PIL import Image

    _db, cit, dep, _a = records
    print_cards([cit, dep], tmp_path / "cards.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(tmp_path / "cards.pdf"), str(tmp_path / "p")], check=True)
    for name in ("p-1.png", "p-2.png"):
        img = Image.open(tmp_path / name).convert("L")
        w, h = img.size
        assert abs(h / w - 297 / 210) < 0.01  # A4 portrait
        px = img.load()
        # ruled boxes: many horizontal lines running across most of the page width
        ruled = [y for y in range(h) if sum(1 for x in range(w) if px[x, y] < 128) > 0.8 * (w - 2 * 30)]
        lines = [y for i, y in enumerate(ruled) if i == 0 or y - ruled[i - 1] > 2]
        assert len(lines) >= 14, len(lines)
        # and something written in the boxes: the title area is not blank
        top = sum(1 for y in range(0, h // 8) for x in range(w) if px[x, y] < 128)
        assert top > 100


def test_assignment_letter(records, tmp_path):
    db, cit, dep, agency = records
    ds = SuggestionDetailService(db)
    items = [(ds.detail(sid), role) for sid, role in ds.for_agency(agency.id)]
    assert [d.number for d, _ in items] == [dep.number]  # the archived one is not asked for again
    (page,) = _text(print_letter(agency, items, "临河县人大常委会代表工作委员会", date(2026, 11, 28),
                                 tmp_path / "l.pdf", "", "青石镇第一人大代表联络站", "王丽娟", "0315-5551234"))
    for s in ("人大代表建议和选民意见交办函", "〔2026〕号", "临河县交通运输局：", "青石镇第一人大代表联络站转来的人大代表建议1件",
              "〔2026〕第2号", "建议增设镇区公交线路", "主办", "2026年10月12日", "2027年3月1日",
              "书面答复临河县人大常委会代表工作委员会", "退回临河县人大常委会代表工作委员会",
              "联络站联系人：王丽娟", "临河县人大常委会代表工作委员会2026年11月28日（盖章）"):
        assert s in page, s
    # issued in the assigning body's name: the station does not assign work (第五条)
    assert "交由你单位办理" in page and "青石镇第一人大代表联络站2026年11月28日" not in page


def test_transfer_letter_from_the_station_to_the_presidium(db, tmp_path):
    from liaison_desk.printing.assignment_letter import print_transfer
    from liaison_desk.services.suggestions.letters import LetterService

    st = StationService(db)
    st.save_station(name="青石镇人大代表联络站", township="青石镇", county="临河县", liaison_officer="王丽娟",
                    phone="0315-5123456")
    sv = SuggestionService(db)
    a = sv.save(SuggestionRecord(title="东关村路灯不亮", registered_on=date(2026, 11, 23), kind="citizen",
                                 citizen_name="赵桂兰"))
    sv.save(SuggestionRecord(title="建议增设公交线路", registered_on=date(2026, 11, 24), kind="deputy"))
    letters = LetterService(db)
    lt = letters.transfer()
    assert lt.body == "青石镇人大主席团" and [d.id for d in lt.items][0] == a and len(lt.items) == 2
    # the station's own 文号: numbered in print order, one sequence a year; a 交办函 printed for the presidium
    # does not take one (its number is the presidium's)
    first = letters.next_number(date(2026, 11, 30), lt.station.name)
    assert first == "青石人大联〔2026〕1号"
    letters.record_assignment_print(lt.body, "临河县交通运输局", 1)
    assert letters.next_number(date(2026, 11, 30), lt.station.name) == first
    letters.record_print(first, lt.body, 2)
    assert letters.next_number(date(2026, 12, 1), lt.station.name) == "青石人大联〔2026〕2号"
    (page,) = _text(print_transfer(lt.items, lt.body, lt.station.name, date(2026, 11, 30), "青石人大联〔2026〕3号",
                                   tmp_path / "t.pdf", lt.station.liaison_officer, lt.station.phone))
    for s in ("关于转送人大代表建议和选民意见的函", "青石人大联〔2026〕3号", "青石镇人大主席团：", "人大代表建议1件、选民意见1件",
              "请研究决定后交有关单位办理", "东关村路灯不亮", "赵桂兰", "青石镇人大代表联络站2026年11月30日（盖章）",
              "联系人：王丽娟"):
        assert s in page, s
    assert letters.transfer(county=True).body == "临河县人大常委会代表工作委员会"


def test_card_of_a_reply_straight_from_assignment_shows_no_urging(db, tmp_path):
    db.operator = "王丽娟"
    st = StationService(db)
    st.save_station(name="青石镇人大代表联络站", township="青石镇", county="临河县")
    a = st.save_agency("青石镇人民政府", "township")
    sv, lc = SuggestionService(db), LifecycleService(db)
    sid = sv.save(SuggestionRecord(title="南街路灯不亮", registered_on=date(2026, 9, 21), kind="citizen",
                                   citizen_name="赵桂兰"))
    lc.assign(sid, date(2026, 9, 28), a)
    lc.reply(sid, date(2026, 10, 9), "已解决", "已更换灯具。")
    (page,) = _text(print_cards([SuggestionDetailService(db).detail(sid)], tmp_path / "c.pdf"))
    assert "督办情况答复日期" in page  # the 督办 box is printed empty: nobody urged
    assert "督办（" not in page and "督办：" not in page
    assert "交办机关青石镇人大主席团" in page and "答复单位青石镇人民政府" in page
