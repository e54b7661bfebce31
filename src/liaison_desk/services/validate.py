"""Field checks shared by every form and import: phone numbers and ID numbers (GB 11643)."""

from __future__ import annotations

import re

from liaison_desk.errors import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,5})?$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def normalize_phone(phone: str | int | float) -> str:
    """Phone text as typed or as Excel stored it (a number, maybe 1.38e10): digits and dashes only."""
    if isinstance(phone, float) and phone.is_integer():
        phone = int(phone)
    s = str(phone).strip().replace(" ", "").replace("－", "-").replace("—", "-")
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s


def check_phone(phone: str, label: str = "联系电话") -> str:
    s = normalize_phone(phone)
    if not (_MOBILE.match(s) or _LANDLINE.match(s)):
        raise ValidationError("不是有效的电话号码（手机号为 11 位数字，座机如 0315-1234567）", column=label)
    return s


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def check_id_number(value: str, label: str = "身份证号") -> str:
    """An 18-character resident ID number whose check digit is right (GB 11643-1999)."""
    s = value.strip().upper()
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
