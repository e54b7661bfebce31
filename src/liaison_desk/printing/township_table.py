"""The township's summed statistics table on landscape A4: a line per station, 履职中心 subtotals, the total,
and the stations not counted named under it."""

from __future__ import annotations

from pathlib import Path

from liaison_desk.printing.base import CENTER, paper
from liaison_desk.printing.grid import Column, GridDoc, Section, draw_grid
from liaison_desk.services.township.stats import COLUMNS, StationTable, shown
from liaison_desk.text import fmt_date

VALUE_WIDTH = 45  # 14 figures × 45 pt + the station's name: 786 pt, A4 landscape less 28 pt margins


def print_station_table(t: StationTable, path: Path | str) -> Path:
    cols = [Column("联络站", 786 - VALUE_WIDTH * len(COLUMNS))] + [Column(h, VALUE_WIDTH, CENTER) for _, h in COLUMNS]
    doc = GridDoc(
        title=t.title, columns=cols, pagesize=paper("A4", landscape=True), margins=(30, 28, 34, 28),
        cell_size=9, title_size=18,
        subtitle=[f"统计期间：{fmt_date(t.start)}至{fmt_date(t.end)}　　计入 {sum(1 for x in t.lines if x.kind == 'station')} "
                  f"个联络站（只计入已审核的月份）"],
        after=[t.missing_text(), "填报人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　填报日期：＿＿＿＿年＿＿月＿＿日"],
        empty="（没有已审核的联络站台账）", page_footer=t.office, meta_title=t.title)

    def rows():  # type: ignore[no-untyped-def]
        centre = None
        for x in t.lines:
            if x.kind == "station" and x.centre and x.centre != centre:
                centre = x.centre
                yield Section(x.centre)
            yield [x.label] + [shown(k, x.values.get(k)) for k, _ in COLUMNS]

    out, _pages = draw_grid(path, doc, rows(), len(t.lines))
    return out
