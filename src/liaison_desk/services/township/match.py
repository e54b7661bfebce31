"""Matching a station workbook's shared records to the township database: agencies, deputies, lists."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from liaison_desk.services.handoff.rows import ParsedWorkbook
from liaison_desk.services.handoff.schema import SHEETS

# the deputy's own sub-records: one person has one set, so a matched deputy's copies are not added again
PERSON_CHILDREN = ("deputylevel", "statuschange")


def normal(text: Any) -> str:
    """Text compared across stations: full-width folded (NFKC), all spaces removed."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


@dataclass
class Candidate:
    """A deputy already in the township database, with the fields used to match."""

    id: str
    name: str
    phone: str
    id_number: str
    birth_date: Any


@dataclass
class Matching:
    """What matching one workbook found: id mappings to record, open review pairs, rows dropped."""

    maps: list[tuple[str, str, str]] = field(default_factory=list)  # (table, local id, township id)
    reviews: list[tuple[str, str, str]] = field(default_factory=list)  # (local id, candidate id, reason)
    agencies: int = 0  # agencies matched to one already in the township database
    deputies: int = 0


def match_agencies(parsed: ParsedWorkbook, known: dict[tuple[str, str], tuple[str, str]],
                   idmap: dict[tuple[str, str], str], out: Matching) -> None:
    """One agency per normalised name + kind: the workbook's copies are dropped and its names rewritten.

    known: (normalised name, kind) → (township id, township name); updated with the workbook's new agencies.
    """
    ws = parsed.sheets.get("agency")
    if ws is None:
        return
    names = {tid: name for tid, name in known.values()}
    rename: dict[str, str] = {}
    keep = []
    for r in ws.rows:
        key = (normal(r.values.get("name")), str(r.values.get("kind") or ""))
        if r.id is None or not key[0]:
            keep.append(r)
            continue
        target = idmap.get(("agency", r.id))
        if target is None and key in known:
            target = known[key][0]
        if target is not None and target != r.id:
            rename[str(r.values.get("name"))] = names.get(target, str(r.values.get("name")))
            out.maps.append(("agency", r.id, target))
            out.agencies += 1
            continue
        if target is None:
            known[key] = (r.id, str(r.values.get("name")))
            names[r.id] = str(r.values.get("name"))
            out.maps.append(("agency", r.id, r.id))
        keep.append(r)
    ws.rows = keep
    if not rename:
        return
    for sheet in parsed.sheets.values():
        fields = [c.key for c in sheet.present if c.kind == "agency"]
        for r in sheet.rows if fields else ():
            for f in fields:
                v = r.values.get(f)
                if v in rename:
                    r.values[f] = rename[v]


def _same_person(row: dict[str, Any], cands: list[Candidate], by_idn: dict[str, Candidate]) -> tuple[
        Candidate | None, list[Candidate]]:
    """(the certain match, or None; the uncertain same-name candidates)."""
    idn = normal(row.get("id_number")).upper()
    if idn and idn in by_idn:
        return by_idn[idn], []
    name, phone, birth = normal(row.get("name")), normal(row.get("phone")), row.get("birth_date")
    same_name = [c for c in cands if normal(c.name) == name and not (idn and c.id_number and
                                                                    normal(c.id_number).upper() != idn)]
    for c in same_name:
        if phone and normal(c.phone) == phone:
            return c, []
    for c in same_name:
        if birth and c.birth_date == birth:
            return c, []
    return None, same_name


def match_deputies(parsed: ParsedWorkbook, cands: list[Candidate], existing: set[str],
                   idmap: dict[tuple[str, str], str], decided: dict[str, tuple[str, str]], out: Matching) -> None:
    """Deputies by ID number, else name + phone, else name + birth date; same name only → the review list.

    decided: local id → (candidate id, "accept" | "reject" | "") from the review list.
    """
    ws = parsed.sheets.get("deputy")
    if ws is None:
        return
    by_idn = {normal(c.id_number).upper(): c for c in cands if normal(c.id_number)}
    remap: dict[str, str] = {}
    keep = []
    for r in ws.rows:
        if r.id is None:
            keep.append(r)
            continue
        target = idmap.get(("deputy", r.id))
        if target is None and r.id not in existing:
            cand, unsure = _same_person(r.values, cands, by_idn)
            if cand is not None:
                target = cand.id
            else:
                for c in unsure:
                    decision = decided.get(r.id)
                    if decision and decision[0] == c.id and decision[1] == "accept":
                        target = c.id
                        break
                    if not decision:
                        out.reviews.append((r.id, c.id, "同名，但身份证号、电话、出生日期都无法确认是同一人"))
        if target is not None and target != r.id:
            remap[r.id] = target
            out.maps.append(("deputy", r.id, target))
            out.deputies += 1
            continue
        out.maps.append(("deputy", r.id, r.id))
        keep.append(r)
    ws.rows = keep
    if remap:
        rewrite_refs(parsed, "deputy", remap, drop_children=PERSON_CHILDREN)


def rewrite_refs(parsed: ParsedWorkbook, table: str, remap: dict[str, str],
                 drop_children: tuple[str, ...] = ()) -> None:
    """Point every reference to `table` at the township's ids; drop the listed child sheets' copies."""
    for spec in SHEETS:
        sheet = parsed.sheets.get(spec.table)
        if sheet is None:
            continue
        fields = [c.key for c in sheet.present if c.kind == f"ref:{table}"]
        if not fields:
            continue
        parent = spec.parent[0] if spec.parent and spec.parent[1] == table else None
        if parent and spec.table in drop_children:
            sheet.rows = [r for r in sheet.rows if r.values.get(parent) not in remap]
            continue
        for r in sheet.rows:
            for f in fields:
                v = r.values.get(f)
                if v in remap:
                    r.values[f] = remap[v]


def drop_shared_lists(parsed: ParsedWorkbook, categories: set[str], holidays: set[Any], ids: dict[str, set[str]]) -> None:
    """The category list and the holiday table are one per database: a station's copies of known entries are dropped."""
    for table, key, known in (("category", "name", categories), ("holiday", "day", holidays)):
        ws = parsed.sheets.get(table)
        if ws is None:
            continue
        ws.rows = [r for r in ws.rows if r.id in ids.get(table, set()) or r.values.get(key) not in known]
