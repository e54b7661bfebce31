"""Regenerate the roster test workbooks: written with openpyxl, then re-saved by LibreOffice.

Run from the repository root: `.venv/bin/python tests/data/roster/make_workbooks.py` (needs soffice).
The committed files are what LibreOffice wrote (.xlsx, .xls, .ods), i.e. "saved by another program".
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent

HEADER = ["序号", "代表姓名", "性别", "民族", "出生年月", "政治面貌", "文化程度", "单位及职务", "手机",
          "代表级别", "届次", "所属小组", "组内职务", "政协委员", "代表证号", "备注"]
# name, gender, ethnicity, birth (several notations), political, education, unit+post, phone (as number),
# levels, term, group, role, cppcc, card no, notes
PEOPLE = [
    ("单田芳", "男", "汉族", "1975.03", "中共党员", "大专", "青石镇单家庄村党支部书记", 13803151234,
     "县、镇", "", "第一代表小组", "组长", "", "D-001", ""),
    ("曾秀兰", "女", "汉族", "1980年7月", "群众", "高中", "青石镇中心小学教师", 13903152345,
     "镇", "第二十一届", "第一代表小组", "副组长", "", "D-002", ""),
    ("解文军", "男", "回族", "1968-11-08", "中共党员", "本科", "临河县农业农村局副局长", "0315-5123400",
     "县级、乡镇级", "", "第一代表小组", "", "是", "D-003", ""),
    ("张三", "男", "汉族", 27112, "民建会员", "研究生", "临河县第一人民医院院长", 13503156789,
     "市、县", "县：第十八届、市：第十六届", "第一代表小组", "", "", "D-004", "兼任市人大代表"),
    ("欧阳丽", "女", "满族", "1990/02/15", "共青团员", "本科", "青石镇卫生院护士", 15803157788,
     "镇", "", "第二代表小组", "组长", "否", "D-005", ""),
    ("翟志强", "男", "汉族", "1972年3月", "中共党员", "中专", "青石镇翟庄村村民委员会主任", 18603150011,
     "乡镇", "", "第二代表小组", "", "", "D-006", ""),
]


def township_workbook() -> Workbook:
    """A roster as a township sends it: title rows, merged cells, its own header wording, a footer."""
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws["A1"] = "青石镇人大代表联络站代表名册"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A2"] = "填报单位：青石镇人大主席团（盖章）"
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    ws["I2"] = "填报日期：2026年11月"
    ws.append(HEADER)
    for i, p in enumerate(PEOPLE, start=1):
        ws.append([i, *p])
    # the group cell merged down over its members, as townships do
    ws.merge_cells("L4:L7")
    ws.merge_cells("L8:L9")
    ws.append([])
    ws.append(["填表人：王丽娟"])
    return wb


def mistakes_workbook() -> Workbook:
    """A roster full of the mistakes a clerk makes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(["姓名", "性别", "出生日期", "工作单位", "职务", "联系电话", "身份证号码", "代表层级"])
    ws.append(["王大明", "男", "1970-01-01", "青石镇政府", "镇长", 1380315123, "", "镇"])  # 10-digit phone
    ws.append(["李小红", "女", "1985-05-05", "青石镇中学", "教师", 13803150001, "11010119850505123X", "镇"])  # check digit
    ws.append(["赵四", "男", "1979-02-30", "青石镇", "", 13803150002, "", "镇"])  # no such date
    ws.append(["钱五", "未知", "1979-02-03", "青石镇", "", 13803150003, "", "村"])  # gender, level
    ws.append([None, "男", "1979-02-03", "青石镇", "", 13803150004, "", "镇"])  # no name
    ws.append(["孙六", "男", "1980-01-01", "青石镇", "", 13803150005, "", ""])  # no level
    ws.append(["周七", "男", "1980-01-01", "青石镇", "", 13803150006, "", "县"])  # fine
    ws.append(["周七", "男", "1980-01-01", "青石镇", "", 13803150006, "", "县"])  # duplicate row
    return wb


def id_number(first17: str) -> str:
    """A valid 18-character ID number (GB 11643 check digit) for the 17 digits given."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


# 李建华's ID number, one that ends in X: typed lower-case and spaced in cells_libreoffice.xlsx
LI_ID = next(i for n in range(100) if (i := id_number(f"130223197005010{n:02d}")).endswith("X"))
CELL_HEADER = ["姓名", "性别", "出生日期", "工作单位", "联系电话", "身份证号码", "代表层级"]


def identity_workbook() -> Workbook:
    """The roster as first imported: 李建华 with his ID number."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(CELL_HEADER)
    ws.append(["李建华", "男", "1970-05-01", "青石镇农机站", "13803159001", LI_ID, "镇"])
    return wb


def cell_cases_workbook() -> Workbook:
    """A later roster with every cell case: the same person by ID number, phones and names as typed,
    an ID number stored as a number, a birth in the future, an over-long cell, an ID-number conflict."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(CELL_HEADER)
    spaced = f"{LI_ID[:6]} {LI_ID[6:14]} {LI_ID[14:].lower()}"
    ws.append(["李建华", "男", "1970-05-01", "青石镇政府", "139-0315-9002", spaced, "镇"])  # row 2: same person
    ws.append(["王\u200b小明", "男", "1982-03-04", "青石镇中学", "１３８０３１５９００３", "", "镇"])  # 3
    ws.append(["赵敏", "女", "1990-09-09", "青石镇卫生院", "+86 138 0315 9004", "", "镇"])  # 4
    ws.append(["钱进", "男", "1980-01-01", "青石镇", "13803159005", 130223198001010000, "镇"])  # 5: a number
    ws.append(["孙丽", "女", "2090-01-01", "青石镇", "13803159006", "", "镇"])  # 6: born in 2090
    ws.append(["周强", "男", "1980-01-01", "青石镇" + "农" * 300, "13803159007", "", "镇"])  # 7: 303 characters
    ws.append(["吴刚", "男", "1970-05-01", "青石镇", "13803159008", LI_ID, "镇"])  # 8: 李建华's ID number
    return wb


def headers_only_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(CELL_HEADER)
    ws.append([])
    ws.append(["填表人：王丽娟"])
    return wb


def formula_workbook() -> Workbook:
    """Written by a generator and never opened in Excel: formulas without computed values."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(CELL_HEADER)
    ws.append(["郑和", "男", "1970-01-01", '="青石镇"&"政府"', "=13803159009", "", "镇"])
    return wb


def convert(src: Path, fmt: str, dest: Path) -> None:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", out, str(src)],
                       check=True, capture_output=True, timeout=120)
        produced = Path(out) / (src.stem + "." + fmt)
        shutil.move(str(produced), dest)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        township = Path(tmp) / "township.xlsx"
        township_workbook().save(township)
        convert(township, "xlsx", HERE / "township_libreoffice.xlsx")
        convert(township, "xls", HERE / "township.xls")
        convert(township, "ods", HERE / "township.ods")
        mistakes = Path(tmp) / "mistakes.xlsx"
        mistakes_workbook().save(mistakes)
        convert(mistakes, "xlsx", HERE / "mistakes_libreoffice.xlsx")
        for make, name in ((identity_workbook, "identity"), (cell_cases_workbook, "cells"),
                           (headers_only_workbook, "headers_only")):
            generated = Path(tmp) / f"{name}.xlsx"
            make().save(generated)
            convert(generated, "xlsx", HERE / f"{name}_libreoffice.xlsx")
        formula_workbook().save(HERE / "formulas_no_values.xlsx")  # as the generator wrote it


if __name__ == "__main__":
    main()


def big_workbook(path: Path, n: int = 2000) -> Path:
    """A county-sized roster (n deputies, unique names and phones) for the import timing."""
    import random

    rng = random.Random(3)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解翟"
    given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅春文海燕云飞鹏辉波宁斌宇浩凯"
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws["A1"] = "临河县各级人大代表名册"
    ws.merge_cells("A1:J1")
    ws.append(["序号", "姓名", "性别", "出生年月", "工作单位", "职务", "联系电话", "代表层级", "所属小组", "组内职务"])
    names: set[str] = set()
    for i in range(n):
        name = ""
        while not name or name in names:
            name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
        names.add(name)
        ws.append([i + 1, name, rng.choice("男女"), f"{rng.randrange(1960, 1995)}.{rng.randrange(1, 13):02d}",
                   f"临河县第{i % 90 + 1}联络站辖区单位", rng.choice(("村主任", "教师", "医生", "经理", "")),
                   13800000000 + i, rng.choice(("县、镇", "镇", "县", "市、县", "乡镇")),
                   f"第{i // 12 + 1}代表小组", "组长" if i % 12 == 0 else ("副组长" if i % 12 == 1 else "")])
    wb.save(path)
    return path
