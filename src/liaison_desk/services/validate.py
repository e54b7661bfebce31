"""Field checks shared by every form and import: phone numbers and ID numbers (GB 11643)."""

from __future__ import annotations

import re
import unicodedata

from liaison_desk.errors import ValidationError

# Characters that print as nothing but make "张三" and "张\u200b三" two different people.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,5})?$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def strip_invisible(value: str) -> str:
    """Text without zero-width and direction characters; no-break and full-width spaces become spaces."""
    return INVISIBLE.sub("", value).replace("\u00a0", " ").replace("\u3000", " ") if value else value


def normalize_phone(phone: str | int | float) -> str:
    """Phone text as typed or as Excel stored it: a mobile as 11 digits (dashes, spaces, full-width
    digits and +86 removed), a landline as 0315-1234567 (area code, dash, number, -extension)."""
    if isinstance(phone, float) and phone.is_integer():
        phone = int(phone)
    s = unicodedata.normalize("NFKC", str(phone)).strip()
    s = re.sub("[\u200b-\u200f\u2060\ufeff]", "", s)
    s = re.sub(r"[－—–‐]", "-", s)
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    compact = re.sub(r"[\s\-.()]", "", s)
    m = re.fullmatch(r"(?:\+86|0086|86)?(1[3-9]\d{9})", compact)
    if m:
        return m.group(1)
    m = re.fullmatch(r"(?:\+86|0086)?\s*(?:\((0\d{2,3})\)[\s\-.]*|(0\d{2,3})[\s\-.]+)(\d[\d\s]{5,8}\d)"
                     r"(?:(?:-|转|ext\.?)\s*(\d{1,5}))?", s)
    if m:
        local = re.sub(r"\s", "", m[3])
        return f"{m[1] or m[2]}-{local}" + (f"-{m[4]}" if m[4] else "")
    return re.sub(r"\s", "", s)


def check_phone(phone: str, label: str = "联系电话") -> str:
    s = normalize_phone(phone)
    if not (_MOBILE.match(s) or _LANDLINE.match(s)):
        raise ValidationError("不是有效的电话号码（手机号为 11 位数字，座机如 0315-1234567）", column=label)
    return s


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    """An ID number as stored and compared: full-width digits, spaces and a lower-case x normalised."""
    s = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-\u200b-\u200f\ufeff]", "", s).upper()


def check_id_number(value: str, label: str = "身份证号") -> str:
    """An 18-character resident ID number whose check digit is right (GB 11643-1999)."""
    s = normalize_id_number(value)
    if not re.match(r"^\d{17}[\dX]$", s):
        raise ValidationError("身份证号应为 18 位，最后一位可以是数字或 X", column=label)
    if id_check_digit(s[:17]) != s[17]:
        raise ValidationError("身份证号校验位不对，请核对是否抄错", column=label)
    return s


def mask_phone(phone: str) -> str:
    """138****5678."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else phone


def mask_id(value: str) -> str:
    """110101********1234."""
    return value[:6] + "********" + value[-4:] if len(value) == 18 else value


def mask_name(name: str) -> str:
    """张* / 欧阳** — the surname stays."""
    if len(name) <= 1:
        return name
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * (len(name) - keep)
