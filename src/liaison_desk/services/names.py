"""Name matching shared by every place a deputy is chosen: part of the name, pinyin or initials."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of a Chinese name: 张三 → ("zhangsan", "zs")."""
    from pypinyin import Style, lazy_pinyin  # lazy: pypinyin's dictionaries take ~0.2 s to load

    syllables = [s for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return full, initials


def name_where(alias: str, query: str) -> tuple[str, dict[str, str]]:
    """SQL WHERE fragment matching deputies of table alias `alias` against `query`.

    Matches any part of the name, the pinyin initials (zs → 张三) or full pinyin (zhangsan), and the
    phone or work unit; all in SQL so it stays fast at county scale.
    """
    from liaison_desk.services.base import like_pattern

    q = query.strip().lower().replace(" ", "")
    pat = like_pattern(q)
    clauses = [f"{alias}.name LIKE :nm_like ESCAPE '\\'", f"{alias}.phone LIKE :nm_like ESCAPE '\\'",
               f"{alias}.work_unit LIKE :nm_like ESCAPE '\\'"]
    params = {"nm_like": pat}
    if q.isascii() and q.isalpha():
        clauses += [f"{alias}.name_initials LIKE :nm_prefix ESCAPE '\\'",
                    f"{alias}.name_pinyin LIKE :nm_prefix ESCAPE '\\'"]
        params["nm_prefix"] = pat[1:]  # from the start: "zs" or "zhangs"
    return "(" + " OR ".join(clauses) + ")", params
