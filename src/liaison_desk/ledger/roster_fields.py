"""The roster workbook's columns: header wordings townships use, and reading each cell into a field."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from liaison_desk.errors import ValidationError
from liaison_desk.ledger import cells
from liaison_desk.models.enums import DeputyStatus, Gender, GroupRole, Level
from liaison_desk.services import validate as v


@dataclass(frozen=True)
class RosterField:
    """A deputy field as a roster column: the header we write, and the wordings we recognise."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    width: int = 12
    hidden: bool = False  # kept in the file for the import, not shown or printed


FIELDS: tuple[RosterField, ...] = (
    RosterField("name", "姓名", ("代表姓名", "名字", "代表名字"), 10),
    RosterField("gender", "性别", (), 6),
    RosterField("ethnicity", "民族", (), 8),
    RosterField("birth_date", "出生年月", ("出生日期", "出生年月日", "生日", "出生时间"), 12),
    RosterField("political", "政治面貌", ("党派", "政治身份"), 12),
    RosterField("education", "学历", ("文化程度", "最高学历", "学历学位"), 10),
    RosterField("work_unit", "工作单位", ("单位", "单位及职务", "工作单位及职务", "工作单位和职务",
                                        "单位职务", "工作单位及职务职称"), 28),
    RosterField("post", "职务", ("现任职务", "职务职称", "单位职务名称"), 18),
    RosterField("phone", "联系电话", ("手机", "电话", "手机号", "手机号码", "联系方式", "移动电话", "电话号码"), 14),
    RosterField("id_number", "身份证号", ("身份证号码", "公民身份号码", "身份证"), 20),
    RosterField("address", "住址", ("家庭住址", "村(社区)", "村社区", "所在村", "居住地", "所在村(社区)"), 18),
    RosterField("constituency", "选区", ("所在选区", "选举单位", "原选区"), 12),
    RosterField("levels", "代表层级", ("级别", "层次", "代表级别", "层级", "代表类别", "代表层次"), 10),
    RosterField("term", "届次", ("届别", "当选届次"), 14),
    RosterField("group", "代表小组", ("所属小组", "小组", "所在小组", "代表小组名称"), 14),
    RosterField("role", "小组职务", ("组内职务", "小组内职务", "组长副组长"), 10),
    RosterField("status", "状态", ("代表状态", "在任情况", "任职状态"), 8),
    RosterField("status_date", "状态日期", ("离任日期", "变动日期"), 12),
    RosterField("is_cppcc", "政协委员", ("是否政协委员",), 9),
    RosterField("notes", "备注", ("说明",), 20),
    RosterField("ref", "系统编号", ("代表编号", "编号ID"), 38, hidden=True),
)
BY_KEY = {f.key: f for f in FIELDS}
LABEL_OF = {f.key: f.label for f in FIELDS}

_LEVEL_WORDS = {
    "全国": Level.NATIONAL, "国家": Level.NATIONAL,
    "省": Level.PROVINCE, "自治区": Level.PROVINCE,
    "市": Level.CITY, "州": Level.CITY, "地级市": Level.CITY,
    "县": Level.COUNTY, "区": Level.COUNTY, "县区": Level.COUNTY, "县(区)": Level.COUNTY, "旗": Level.COUNTY,
    "乡": Level.TOWNSHIP, "镇": Level.TOWNSHIP, "乡镇": Level.TOWNSHIP, "街道": Level.TOWNSHIP,
}
_YES = {"是", "√", "✓", "y", "yes", "1", "true", "政协委员"}
_NO = {"", "否", "无", "×", "n", "no", "0", "false", "-", "—", "/"}


def guess_mapping(headers: dict[int, str]) -> dict[str, int]:
    """{field key: column index} for the headers whose wording we know (first match wins)."""
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    for f in FIELDS:
        names = {cells.normalize_header(n) for n in (f.label, *f.aliases)}
        for idx, text in sorted(headers.items()):
            if idx not in taken and cells.normalize_header(text) in names:
                mapping[f.key] = idx
                taken.add(idx)
                break
    return mapping


def known_headers() -> list[str]:
    return [n for f in FIELDS for n in (f.label, *f.aliases)]


def parse_level(part: str) -> Level:
    t = unicodedata.normalize("NFKC", part).strip()
    t = re.sub(r"(人民代表大会|人大代表|人大|代表|级)$", "", t)
    t = re.sub(r"(人民代表大会|人大代表|人大|代表|级)$", "", t)
    lv = _LEVEL_WORDS.get(t) or Level.from_label(t)
    if lv is None:
        raise ValidationError(f"不认识的代表层级「{part}」，应为 全国、省、市、县、乡镇 之一")
    return lv


def parse_levels(value: Any) -> list[str]:
    """"县、镇" / "县级,乡镇级" / "县人大代表 镇人大代表" → ["county", "township"], most senior first."""
    codes: list[str] = []
    for part in cells.split_multi(value):
        code = parse_level(part).value
        if code not in codes:
            codes.append(code)
    order = {lv.value: i for i, lv in enumerate(Level)}
    return sorted(codes, key=order.__getitem__)


def parse_terms(value: Any, levels: list[str]) -> dict[str, str]:
    """"第十八届" (for every level) or "县：第十八届、镇：第二十一届" → {level code: term}."""
    text = cells.text(value)
    if not text:
        return {}
    if "：" not in text and ":" not in text:
        return dict.fromkeys(levels, text)
    out = {}
    for part in re.split(r"[、，,；;]+", text):
        if not part.strip():
            continue
        pieces = re.split(r"[:：]", part, maxsplit=1)
        if len(pieces) != 2:
            raise ValidationError(f"届次「{text}」应写成 第十八届，或 县：第十八届、镇：第二十一届")
        out[parse_level(pieces[0]).value] = pieces[1].strip()
    return out


def format_terms(entries: list[tuple[str, str]]) -> str:
    """The inverse of parse_terms for export: one term, or "县：…、镇：…" when they differ."""
    terms = {t for _, t in entries if t}
    if not terms:
        return ""
    if len(terms) == 1 and all(t for _, t in entries):
        return terms.pop()
    return "、".join(f"{Level(code).short}：{t}" for code, t in entries if t)


def parse_gender(value: Any) -> str:
    t = cells.text(value)
    if not t:
        return ""
    g = Gender.from_label(t[:1])
    if g is None:
        raise ValidationError(f"性别「{t}」应为 男 或 女")
    return g.value


def parse_status(value: Any) -> str:
    t = cells.text(value)
    if not t:
        return DeputyStatus.ACTIVE.value
    st = DeputyStatus.from_label(t) or {"现任": DeputyStatus.ACTIVE, "已离任": DeputyStatus.LEFT,
                                       "辞职": DeputyStatus.LEFT, "罢免": DeputyStatus.LEFT,
                                       "终止": DeputyStatus.LEFT, "暂停履职": DeputyStatus.SUSPENDED}.get(t)
    if st is None:
        raise ValidationError(f"状态「{t}」应为 在任、离任 或 暂停")
    return st.value


def parse_role(value: Any) -> str:
    t = cells.text(value)
    if not t:
        return GroupRole.MEMBER.value
    role = GroupRole.from_label(t) or {"组员": GroupRole.MEMBER, "副组": GroupRole.DEPUTY_LEADER}.get(t)
    if role is None:
        raise ValidationError(f"小组职务「{t}」应为 组长、副组长 或 成员")
    return role.value


def parse_bool(value: Any) -> bool:
    t = cells.text(value).lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    raise ValidationError(f"「{t}」应填 是 或 否")


def parse_date(value: Any) -> date | None:
    try:
        return cells.to_date(value, partial_ok=True)
    except cells.CellError as e:
        raise ValidationError(str(e)) from e


def parse_phone(value: Any) -> str:
    if value is None or cells.text(value) == "":
        return ""
    return v.check_phone(v.normalize_phone(value if isinstance(value, int | float) else cells.text(value)))


ID_AS_NUMBER = "身份证号被Excel存成了数字，后几位已丢失；请把该列设为文本后重新输入"


def parse_id(value: Any) -> str | None:
    """A checked ID number; None when the cell holds a masked one (110101********1234) to keep as is.

    A number (Excel keeps 15 significant digits, so the last ones are already zeros) is refused with
    its own message: the clerk must not retype it into a number cell again."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValidationError(ID_AS_NUMBER)
    t = v.normalize_id_number(cells.text(value))
    if not t:
        return ""
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", t):  # 1.10105E+17 pasted as text
        raise ValidationError(ID_AS_NUMBER)
    if "*" in t:
        return None
    return v.check_id_number(t)


def parse_birth_date(value: Any) -> date | None:
    """A birth date that can be one: not in the future, not before 1900."""
    d = parse_date(value)
    if d is not None and d > date.today():
        raise ValidationError(f"出生日期 {d:%Y-%m-%d} 晚于今天，请核对")
    if d is not None and d.year < 1900:
        raise ValidationError(f"出生日期 {d:%Y-%m-%d} 早于1900年，请核对")
    return d


def parse_status_date(value: Any) -> date | None:
    """A status date (离任 …) at most a year ahead."""
    d = parse_date(value)
    if d is not None and (d - date.today()).days > 366:
        raise ValidationError(f"状态日期 {d:%Y-%m-%d} 在一年以后，请核对")
    return d


def max_length(key: str) -> int | None:
    """The longest text the deputy table keeps in field `key` (None: no limit but Excel's own)."""
    from liaison_desk.models import Deputy

    col = Deputy.__table__.c.get(key)  # type: ignore[attr-defined]
    length = getattr(col.type, "length", None) if col is not None else None
    return int(length) if length else None


def check_length(key: str, text: str) -> str:
    """`text` when it fits field `key`; otherwise the refusal names its length and the limit."""
    limit = max_length(key) or cells.EXCEL_CELL_LIMIT
    if len(text) > limit:
        raise ValidationError(f"内容过长（{len(text)} 个字），此栏最多 {limit} 个字，请删减后再导入")
    return text
