"""Every masked output of the demo station — the handoff workbook and each printout that shows people —
holds no phone or ID number anywhere, free text included (scanned with this test's own expressions)."""

from __future__ import annotations

import re
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from helpers import DEMO_TODAY
from liaison_desk.ledger.handoff_export import export_handoff
from liaison_desk.models import Suggestion
from liaison_desk.printing.assignment_letter import print_letter, print_transfer
from liaison_desk.printing.board import BoardOptions, print_board
from liaison_desk.printing.cards import print_cards
from liaison_desk.printing.register import print_register
from liaison_desk.services.handoff.service import HandoffService
from liaison_desk.services.roster.board import BoardService
from liaison_desk.services.station import StationService
from liaison_desk.services.suggestions.detail import SuggestionDetailService
from liaison_desk.services.suggestions.letters import LetterService
from liaison_desk.services.visits.register import RegisterService
from liaison_desk.services.visits.service import VisitRecord, VisitService

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RUN = re.compile(r"[+＋]?[\d０-９](?:[ \u3000\-－.()（）]{0,2}[\d０-９XxＸ])+")
_FW = str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")


def personal_numbers(text: str) -> list[str]:
    """Phone numbers (mobile, landline with area code) and ID numbers in `text`, however spaced."""
    found = []
    for m in _RUN.finditer(_UUID.sub(" ", text)):
        d = re.sub(r"[^\dXx]", "", m.group(0).translate(_FW))
        d = d[2:] if d.startswith("86") and len(d) == 13 else d
        if (re.fullmatch(r"1[3-9]\d{9}", d) or re.fullmatch(r"0\d{9,11}", d)
                or re.fullmatch(r"\d{17}[\dXx]|\d{15}", d)):
            found.append(m.group(0))
    return found


def workbook_text(path) -> str:
    wb = load_workbook(path, read_only=True)
    return "\n".join(" | ".join("" if v is None else str(v) for v in row)
                     for ws in wb.worksheets for row in ws.iter_rows(values_only=True))


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def _register(db, start, end, path, **options):
    book = RegisterService(db)
    head = book.head(start, end, **options)
    return print_register(head, book.rows(head), path)


def _plant_free_text_numbers(db) -> None:
    """Numbers typed into free text as clerks do, in every spacing the masking must catch."""
    svc = VisitService(db)
    svc.save(VisitRecord(visited_on=date(2026, 11, 20), visitor_name="范建华", visitor_phone="139 0315 2468",
                         content="反映邻居电话138-0315-1357常打不通，身份证 110105 19491231 002X 丢失",
                         handling_note="已转村委会，村会计座机（0315）5123400，老证号110105491231002"))


def test_masked_demo_outputs_hold_no_phone_or_id_number(demo_db, tmp_path):
    _plant_free_text_numbers(demo_db)
    plain = export_handoff(HandoffService(demo_db), tmp_path / "plain.xlsx").path
    assert len(personal_numbers(workbook_text(plain))) > 20  # the oracle does find them when unmasked

    outputs = {"workbook": workbook_text(export_handoff(HandoffService(demo_db), tmp_path / "masked.xlsx", mask=True).path)}
    outputs["register"] = pdf_text(_register(demo_db, date(2020, 1, 1), DEMO_TODAY, tmp_path / "reg.pdf", mask=True))
    details = SuggestionDetailService(demo_db)
    with demo_db.session() as s:
        ids = list(s.exec(select(Suggestion.id)))
    cards = [details.detail(i) for i in ids]
    outputs["cards"] = pdf_text(print_cards(cards, tmp_path / "cards.pdf", mask=True))
    station = StationService(demo_db)
    service = LetterService(demo_db)
    letters = []
    for agency in station.agencies():
        lt = service.assignment(agency.id)
        if lt.items:
            letters.append(pdf_text(print_letter(lt.agency, lt.items, lt.body, DEMO_TODAY,
                                                 tmp_path / f"{agency.id}.pdf", station=lt.station.name,
                                                 station_contact=lt.station.liaison_officer,
                                                 station_phone=lt.station.phone, mask=True)))
    assert letters
    tr = service.transfer()
    assert tr.items  # the demo has matters still in 梳理
    letters.append(pdf_text(print_transfer(tr.items, tr.body, tr.station.name, DEMO_TODAY, "青石人大联〔2026〕9号",
                                           tmp_path / "transfer.pdf", tr.station.liaison_officer, tr.station.phone,
                                           mask=True)))
    outputs["letters"] = "\n".join(letters)
    print_board(BoardService(demo_db).board(mask=True), tmp_path / "board.pdf", BoardOptions())
    outputs["board"] = pdf_text(tmp_path / "board.pdf")
    assert "138****1357" in outputs["register"]  # the planted visit is in the book, its numbers masked
    for name, text in outputs.items():
        assert "*" in text, name
        assert personal_numbers(text) == [], name


def test_register_hides_names_only_when_asked(demo_db, tmp_path):
    _plant_free_text_numbers(demo_db)
    day = date(2026, 11, 20)
    shown = pdf_text(_register(demo_db, day, day, tmp_path / "a.pdf", mask=True))
    hidden = pdf_text(_register(demo_db, day, day, tmp_path / "b.pdf", mask=True, hide_names=True))
    assert "范建华" in shown and "范建华" not in hidden and "范*华" in hidden
