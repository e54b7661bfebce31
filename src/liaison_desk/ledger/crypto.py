"""Workbooks with an opening password, encrypted the way Excel does it (msoffcrypto-tool, ECMA-376 agile).

Excel, WPS and LibreOffice open such a workbook after asking for the password; without it the file is
useless to whoever finds the USB stick. The plain workbook is never written next to the encrypted one.
"""

from __future__ import annotations

import io
from pathlib import Path

from liaison_desk.errors import KnownError
from liaison_desk.files import atomic_write

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx is an OLE compound file
MIN_LENGTH = 6
WRONG_PASSWORD = "密码不对，没有导入任何数据"


class PasswordNeeded(KnownError):
    """The workbook has an opening password and none was given."""


def is_encrypted(path: Path | str) -> bool:
    """Whether `path` is an .xlsx/.xlsm with an opening password (an OLE container, not a zip)."""
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm") or not p.is_file():
        return False
    with open(p, "rb") as fh:
        return fh.read(8) == OLE_MAGIC


def check_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise KnownError(f"密码太短：至少 {MIN_LENGTH} 个字符（请用乡镇和联络站约定好的密码）")
    return password


def encrypt_workbook(plain: Path, dest: Path, password: str) -> Path:
    """Write `plain` (an .xlsx) encrypted with `password` atomically to `dest`."""
    from msoffcrypto.format.ooxml import OOXMLFile

    check_password(password)
    with open(plain, "rb") as src, atomic_write(dest) as tmp, open(tmp, "wb") as out:
        OOXMLFile(src).encrypt(password, out)
    return dest


def decrypt_workbook(path: Path, password: str | None) -> io.BytesIO:
    """The decrypted bytes of an encrypted workbook; a missing or wrong password is a KnownError."""
    import msoffcrypto
    from msoffcrypto.exceptions import InvalidKeyError

    if not password:
        raise PasswordNeeded("文件设置了打开密码（已加密），需要输入密码才能读取", file=path,
                             hint="导入月度台账时请输入密码；其他表格请在 Excel 或 WPS 中取消密码后另存，再导入")
    out = io.BytesIO()
    try:
        with open(path, "rb") as fh:
            office = msoffcrypto.OfficeFile(fh)
            office.load_key(password=password)
            office.decrypt(out)
    except InvalidKeyError:
        raise KnownError(WRONG_PASSWORD, file=path, hint="请向乡镇或联络站确认台账的打开密码") from None
    except Exception as e:  # noqa: BLE001 - not an Office file msoffcrypto understands
        raise KnownError("文件设置了打开密码，但无法解密（可能不是 Excel 加密的文件）", file=path,
                         hint="请在 Excel 或 WPS 中取消密码后另存，再导入") from e
    out.seek(0)
    return out
